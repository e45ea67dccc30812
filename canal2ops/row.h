/*
 * A row image as ops: its key from the key template, its value as
 * compact JSON (SET) or as hash fields (HSET/HDEL), with Canal's value
 * quirks undone from mysqlType (value.c). Used by the Canal rules
 * (canal.c).
 */
#ifndef CANAL2OPS_ROW_H
#define CANAL2OPS_ROW_H

#include "canal.h"

/* The key columns: pkNames, or --key-columns when it is null or empty. */
struct keycols {
	const char	**name;
	size_t		 *len;
	size_t		  n;
};

/* A row: its columns, and the old image's columns (UPDATE) laid over it. */
struct image {
	const struct col *col, *old;
	size_t		  ncol, nold;
	const struct record *r;
};

/* Read the value rules of the record's columns from its mysqlType. */
void	types_prepare(struct canal *, const struct record *);

/* The key of the image. 0, or -1 with c->why set. */
int	build_key(struct canal *, const struct keycols *, const struct buf *db,
	    const struct buf *table, const struct image *, struct buf *);

/* "CMD key" (no newline). */
void	put_cmd(struct buf *, const char *cmd, const struct buf *key);

/* SET key row-as-JSON [EX ttl] */
void	put_set(struct canal *, const struct image *, struct buf *);

/*
 * --hash: HSET key f v ... for the non-NULL columns, then HDEL key f ...
 * for the NULL ones; DEL key when no column is non-NULL, unless the image
 * is partial. Returns the number of ops, or -1 with c->why set.
 */
int	put_hash(struct canal *, const struct image *, int partial, struct buf *);

#endif
