/*
 * A Canal flat message of INSERT rows, built one row at a time: the
 * members in Canal's order (data, database, es, id, isDdl, mysqlType,
 * old, pkNames, sql, sqlType, table, ts, type), one line.
 */
#ifndef MYSQL2CANAL_MESSAGE_H
#define MYSQL2CANAL_MESSAGE_H

#include <stddef.h>

#include <mysql.h>

#include "buf.h"
#include "table.h"

struct message {
	struct buf	 b;		/* the line being built */
	size_t		 nrows;
	const struct table *t;
	int		*sqltype;	/* of the last row, by column */
	int		*rowtype;	/* of the row being added */
	size_t		 cap;
	size_t		 tail;		/* at most what message_end() adds */
	long long	 es;		/* ms: when the rows were read */
};

/* Start a message of t's rows read at es (ms since the epoch). */
void	message_start(struct message *, const struct table *, long long es);

/*
 * Add a row (values as the table's select items give them). Returns 0;
 * or 1, the message unchanged, when it holds rows and its line would be
 * longer than max bytes with this one (a row alone always goes in); or
 * -1, the message unchanged, when a value cannot be read: the column is
 * named in why.
 */
int	message_row(struct message *, MYSQL_ROW, const unsigned long *len,
	    size_t max, char *why, size_t whylen);

/* The most bytes the message's line can have, were it ended now. */
size_t	message_bytes(const struct message *);

/* End the message (numbered id, built at ts ms): m->b holds the line. */
void	message_end(struct message *, unsigned long long id, long long ts);

void	message_free(struct message *);

#endif
