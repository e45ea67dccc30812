/*
 * A window: the commands in flight on one connection to one Redis node,
 * each kept (as RESP, with its input line) until it was answered (and, with
 * --wait-replicas, confirmed by WAIT), so that after a lost connection they
 * are sent again in order. Only the mechanics are here; what a reply means
 * is decided by the pipeline (pipeline.c).
 */
#ifndef OPS2REDIS_WINDOW_H
#define OPS2REDIS_WINDOW_H

#include <hiredis/hiredis.h>

#include "buf.h"
#include "conn.h"
#include "ops.h"

enum ent_kind { ENT_CMD, ENT_CHECKPOINT, ENT_MULTI, ENT_EXEC, ENT_WAIT };
enum { ANS_NONE, ANS_OK, ANS_ERR };

struct ent {
	unsigned long long off;		/* of its RESP in the window's stream */
	size_t		 len;
	const char	*file;
	unsigned long long line;
	int		 slot;		/* its hash slot, or SLOT_NONE */
	unsigned char	 kind;
	unsigned char	 batched;	/* between MULTI and EXEC */
	unsigned char	 qerr;		/* refused when queued */
	unsigned char	 asking;	/* ASKING comes first: two replies */
	unsigned char	 asked;		/* the reply to that ASKING came */
	unsigned char	 gone;		/* moved to another window */
	unsigned char	 answered;	/* ANS_*: its first reply was counted */
};

/* Counters of one node. */
struct nstats {
	unsigned long long applied, errors, moved, asked, reconnects;
	unsigned long long waits_short;	/* WAIT replies below --wait-replicas */
	unsigned long long last_applied; /* at the last progress line */
};

struct win {
	struct conn_cfg	 cfg;		/* the shared settings, this node's address */
	char		*name;		/* host:port, for messages */
	redisContext	*ctx;
	int		 fd;
	redisReader	*rd;
	/* data holds bytes [base, end) of the stream */
	struct buf	 data;
	unsigned long long base, end;
	struct ent	*ring;
	size_t		 cap, first, n;
	size_t		 nrep;		/* entries [0, nrep) answered or gone */
	size_t		 nsent;		/* entries [0, nsent) wholly sent */
	size_t		 sendoff;	/* bytes of entry nsent already sent */
	size_t		 ngone;
	size_t		 since_wait;	/* commands pushed since the last WAIT */
	int		 in_batch;
	/* connection state, kept by the pipeline */
	int		 connected_once;
	int		 backoff_ms;	/* between connect attempts */
	int		 busy_ms;	/* after a LOADING, CLUSTERDOWN... reply */
	double		 retry_at;	/* no connect attempt before this */
	double		 down_since;	/* first failed attempt, 0 when up */
	double		 waited_since;	/* replies awaited without progress */
	double		 short_since;	/* first WAIT below the goal, 0 if none */
	double		 short_said;	/* when that was last said */
	int		 role;		/* cluster: serves slots (1) or not (0) */
	struct nstats	 st;
};

void	win_init(struct win *, const struct conn_cfg *, const char *host,
	    int port, size_t window);
void	win_free(struct win *);
/* Point the window at another address (before connecting). */
void	win_addr(struct win *, const char *host, int port);

struct ent *win_ent(struct win *, size_t i);
/* The command's RESP without an ASKING in front; its length in *len. */
const char *win_cmd(struct win *, const struct ent *, size_t *len);

/* Append a command (its RESP built here), or raw RESP bytes. */
struct ent *win_push_cmd(struct win *, const struct ops_argv *,
	    const char *file, unsigned long long line, int kind, int slot);
struct ent *win_push_raw(struct win *, const char *resp, size_t len,
	    const char *file, unsigned long long line, int kind, int slot);
/* Append a copy of entry e of window from (with ASKING first if asking). */
struct ent *win_push_copy(struct win *, struct win *from,
	    const struct ent *e, int asking);

/* Forget the first k entries. */
void	win_release(struct win *, size_t k);
/* Entry i was moved away: it is neither sent nor answered here again. */
void	win_gone(struct win *, size_t i);

/* Index of the entry the next reply is for, or w->n when none is due. */
size_t	win_next_reply(struct win *);

/* Bytes not yet sent; 0 when all was sent. */
size_t	win_unsent(struct win *);
/* Bytes of entries not answered yet (the memory kept). */
size_t	win_live(struct win *);

/* Send what is pending without blocking: 1 when bytes went, 0 when the
 * socket is full, -1 on an error (errno set). */
int	win_send(struct win *);

/* The connection is gone: close it; everything kept goes again. */
void	win_close(struct win *);

/* Forget the entries not sent yet (--on-error stop). */
void	win_discard_unsent(struct win *);

#endif
