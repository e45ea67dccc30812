/* Redis access for the page: connecting from the environment, one page. */
#ifndef WEB_STORE_H
#define WEB_STORE_H

#include <hiredis/hiredis.h>

#include "buf.h"
#include "query.h"
#include "sync.h"
#include "table.h"

#define STORE_SCAN_CALLS_MAX	64	/* SCAN calls for one page at most */
#define STORE_HINT_MAX		16	/* SCAN COUNT up to 16 page sizes */

/*
 * Connect as the environment says (REDIS_URL, or REDIS_HOST, REDIS_PORT,
 * REDIS_DB; the password from REDISCLI_AUTH), authenticate and select
 * the database. Sets where to "host:port db N" for the page. Returns
 * NULL with a message in err when Redis cannot be used.
 */
redisContext *store_connect(struct buf *where, struct buf *err);

/*
 * Fill t with the page q asks for: SCAN from q->cursor with q->match
 * until q->count keys or the end (or STORE_SCAN_CALLS_MAX calls; the
 * COUNT hint doubles, up to STORE_HINT_MAX page sizes, while calls bring
 * less than half of what the page still needs), then
 * each key's TYPE and value, pipelined; the checkpoint key (ckpt) is no
 * row: its hash goes to s. Returns 0, or -1 with a message in err when
 * Redis failed.
 */
int	store_page(redisContext *, const struct query *, const char *ckpt,
	    size_t ckptlen, struct table *, struct sync *s, struct buf *err);

/* The command that fetches a key of this type: 1 and *cmd, or 0. */
int	store_value_cmd(const char *type, const char **cmd);

/* A row's value from the reply to its store_value_cmd command. */
void	store_fill(struct table *, struct row *, const redisReply *);

/*
 * The checkpoint hash from HGETALL's reply into s; an error reply is
 * kept in s->error (a MOVED one says that this is a cluster node).
 */
void	store_checkpoint(struct sync *s, const redisReply *);

#endif
