/*
 * The columns of each table, as its messages showed them. A row that
 * lacks one of them is a partial row image (binlog_row_image MINIMAL or
 * NOBLOB); a row that names a column twice is malformed.
 */
#ifndef CANAL2OPS_COLUMNS_H
#define CANAL2OPS_COLUMNS_H

#include <stddef.h>

#include "buf.h"
#include "record.h"

struct tcols {
	char		*id;		/* "database\0table", NULL: empty slot */
	size_t		 idlen, dblen;
	struct buf	 names;		/* decoded names, each ended by NUL */
	size_t		*off, *len;	/* of name i in names */
	size_t		 n, cap;
};

struct colmem {
	struct tcols	*slot;		/* open addressing, cap a power of 2 */
	size_t		 cap, used;
	size_t		 last;		/* the slot of the last lookup */
	/* scratch for one row: its decoded names */
	struct buf	 rn;
	size_t		*roff, *rlen, rcap;
};

void	colmem_free(struct colmem *);

/* The entry of database.table, made empty when new. */
struct tcols *colmem_table(struct colmem *, const char *db, size_t dblen,
	    const char *table, size_t tlen);

/* Forget what is known of the table's columns (after its DDL). */
void	colmem_forget(struct colmem *, const char *db, size_t dblen,
	    const char *table, size_t tlen);

/*
 * Check the columns of one row (or of mysqlType) against the table's and
 * learn those it did not know. Returns 0 and the number of the table's
 * columns the row lacks, their names appended to missing ("a, b"), or -1
 * when the row names a column twice (its name appended to missing).
 */
long	tcols_check(struct colmem *, struct tcols *, const struct col *,
	    size_t ncol, struct buf *missing);

#endif
