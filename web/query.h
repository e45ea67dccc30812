/*
 * The page's query string: parsing (hostile input: bounded, percent-
 * decoded, unknown parameters ignored) and building the links back.
 */
#ifndef WEB_QUERY_H
#define WEB_QUERY_H

#include <stddef.h>

#include "buf.h"
#include "cursor.h"

#define QUERY_MAX		4096	/* longest query string accepted */
#define QUERY_MATCH_MAX		256	/* longest key pattern */
#define QUERY_COUNT_DEFAULT	50	/* page size */
#define QUERY_COUNT_MAX		1000
#define QUERY_BACK_MAX		32	/* cursors of earlier pages kept */
#define QUERY_NAME_MAX		256	/* longest key template, checkpoint key */

struct query {
	char	 match[QUERY_MATCH_MAX + 1];	/* NUL-ended; may hold NULs */
	size_t	 matchlen;
	unsigned count;
	struct cursor cursor;
	struct cursor back[QUERY_BACK_MAX];	/* oldest first */
	int	 nback;
	int	 json;			/* format=json */
	char	 key[QUERY_NAME_MAX + 1];	/* key=: the key template */
	size_t	 keylen;			/* 0: not given */
	char	 ckpt[QUERY_NAME_MAX + 1];	/* checkpoint=: its key */
	size_t	 ckptlen;			/* 0: not given */
};

void	 query_init(struct query *);

/*
 * Parse a query string of len bytes into q (defaults for what is
 * missing). Returns NULL, or a message saying what was refused.
 */
const char *query_parse(struct query *, const char *, size_t);

/*
 * Percent-decode n bytes of src into dst (room for n bytes); '+' is a
 * space, a '%' not followed by two hex digits stays as it is. Returns
 * the decoded length.
 */
size_t	 query_decode(char *dst, const char *src, size_t n);

/* Append n bytes percent-encoded for a URL query value. */
void	 query_put_pct(struct buf *, const char *, size_t);

/*
 * Append a link "?match=..&count=..[&cursor=C][&back=..][&key=..]
 * [&checkpoint=..][&format=json]"
 * to the page that starts at cursor, with back[0..nback) as its stack of
 * earlier pages (the oldest dropped when it would exceed QUERY_BACK_MAX).
 */
void	 query_put_link(struct buf *, const struct query *,
	    const struct cursor *, const struct cursor *back, int nback,
	    int json);

/* 1 when the page's cursor or one of its back cursors names a master. */
int	 query_names_master(const struct query *);

#endif
