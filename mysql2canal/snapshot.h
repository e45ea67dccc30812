/*
 * Reading a table and writing its rows as flat messages: chunk by chunk
 * in key order (or in one statement), messages of up to a number of rows
 * and bytes, progress on standard error.
 */
#ifndef MYSQL2CANAL_SNAPSHOT_H
#define MYSQL2CANAL_SNAPSHOT_H

#include <mysql.h>

#include "buf.h"
#include "message.h"
#include "table.h"

struct snapshot {
	MYSQL		*my;
	int		 fd;		/* output */
	const char	*where;		/* --where, or NULL */
	unsigned long long chunk;	/* rows a statement */
	size_t		 batch;		/* rows a message */
	size_t		 msgbytes;	/* bytes a message (a row is whole) */
	int		 progress;
	long long	 es;		/* ms; 0: each statement's start */
	unsigned long long id;		/* messages written */
	unsigned long long rows;	/* rows written, all tables */
	struct message	 msg;
	struct buf	 sql;
	struct buf	 last;		/* the last row's key values */
	char		**lastv;
	unsigned long	*lastlen;
	size_t		 lastcap;
	char		 why[512];
};

/*
 * Write every row of t (that --where selects) to s->fd. Returns 0, or
 * an exit status with the reason in s->why; the messages of the rows
 * read before a failure are written.
 */
int	snapshot_table(struct snapshot *, const struct table *t);

void	snapshot_free(struct snapshot *);

long long	now_ms(void);		/* wall clock, ms since the epoch */

#endif
