/*
 * A table as mysql2canal reads it: its columns and their types from
 * information_schema, its primary key, and the SELECT of one chunk.
 */
#ifndef MYSQL2CANAL_TABLE_H
#define MYSQL2CANAL_TABLE_H

#include <stddef.h>

#include <mysql.h>

#include "buf.h"

/* How a column's value is read and written. */
enum kind {
	K_TINYINT, K_SMALLINT, K_MEDIUMINT, K_INT, K_BIGINT, K_DECIMAL,
	K_FLOAT, K_DOUBLE, K_DATE, K_DATETIME, K_TIMESTAMP, K_TIME, K_YEAR,
	K_CHAR, K_VARCHAR, K_TEXT, K_BINARY, K_VARBINARY, K_BLOB, K_BIT,
	K_ENUM, K_SET, K_JSON, K_GEOMETRY, K_OTHER
};

struct column {
	char		*name;
	char		*mysqltype;	/* as Canal writes it */
	enum kind	 kind;
	int		 is_unsigned;
	int		 tiny;		/* TINYTEXT, TINYBLOB */
	int		 pk;		/* in the primary key */
	int		 numeric;	/* ENUM/SET written as index/mask */
	int		 bytes;		/* binary: one code point a byte */
	struct buf	 jname;		/* "name": as JSON */
};

struct table {
	char		*db, *name;
	struct column	*col;
	size_t		 ncol;
	size_t		*key;		/* primary key columns, key order */
	size_t		 nkey;
	int		 chunked;	/* read in key order, chunk by chunk */
	struct buf	 jhead;		/* "database":..,"es": ready parts */
	struct buf	 jtypes;	/* "mysqlType":{...} */
	struct buf	 jpk;		/* "pkNames":[...] or null */
	struct buf	 jtable;	/* "table":"..." */
};

/*
 * Load db.name's columns (only those in cols when cols is not NULL: the
 * key columns are always read; with ncols 0, only they, or every column of
 * a table without a key). Returns 0, or an exit status with the reason in
 * why.
 */
int	table_load(struct table *, MYSQL *, const char *db, const char *name,
	    char *const *cols, size_t ncols, char *why, size_t whylen);

void	table_free(struct table *);

/*
 * The SELECT of the next chunk: where is the user's condition (or NULL),
 * last the key of the last row read (NULL for the first chunk), limit
 * the chunk size (0: the whole table in one statement).
 */
void	table_select(const struct table *, MYSQL *, struct buf *sql,
	    const char *where, char *const *last, const unsigned long *lastlen,
	    unsigned long long limit);

/*
 * The base tables of a database, sorted, in *names. Returns 0, or an exit
 * status (no such database) with the reason in why.
 */
int	table_list(MYSQL *, const char *db, char ***names, size_t *n,
	    char *why, size_t whylen);

#endif
