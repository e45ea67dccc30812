/*
 * The pipeline: commands routed to one window per Redis node (one node, or
 * every master of a Redis Cluster by the slot map), sent and answered in
 * order, sent again after a lost connection or a redirect, and with
 * --wait-replicas kept until WAIT confirmed them.
 */
#ifndef OPS2REDIS_PIPELINE_H
#define OPS2REDIS_PIPELINE_H

#include <poll.h>

#include "buf.h"
#include "conn.h"
#include "ops.h"
#include "progress.h"
#include "window.h"

struct seed {
	const char	*host;
	int		 port;
};

struct pl {
	/* settings */
	const struct conn_cfg *cfg;	/* credentials, db, socket, timeout */
	const struct seed *seeds;	/* where to connect (or to ask, -c) */
	size_t		 nseeds;
	int		 cluster;	/* -c */
	size_t		 window;	/* commands in flight at most, per node */
	int		 atomic;	/* MULTI/EXEC around each batch */
	int		 stop_on_error;
	int		 retry_ms;	/* how long to try reconnecting */
	int		 timeout_ms;	/* for a reply; 0: no limit */
	int		 wait_n;	/* --wait-replicas; 0: no WAIT */
	int		 wait_ms;	/* --wait-timeout */
	char		 wait_cmd[80];	/* WAIT wait_n wait_ms, as RESP */
	size_t		 wait_len;
	int		 verbose;
	/* nodes: one window each */
	struct win	**w;
	size_t		 nw;
	struct pollfd	*pfd;		/* one for each window */
	/* cluster mode */
	short		*map;		/* slot -> window, -1: none known */
	unsigned	*sl_n;		/* entries of a slot kept, all windows */
	short		*sl_win;	/* the window holding them (or SL_*) */
	double		 last_refresh;
	int		 refresh_due;
	/* outcome */
	int		 failed;	/* an error was seen: no more checkpoints */
	int		 stop;		/* --on-error stop and an error was seen */
	int		 gaveup;	/* Redis could not be reached in time */
	int		 unconfirmed;	/* gave up waiting for WAIT */
	struct stats	 st;
	struct progress	 pg;
	struct buf	 msg;
};

void	pl_init(struct pl *);
void	pl_free(struct pl *);

/* First connection (cluster: the slot map and every master), retried for
 * retry_ms. 0, or -1 (reported). */
int	pl_connect(struct pl *);

/*
 * Add a command (ENT_CMD or ENT_CHECKPOINT), sending and reading replies
 * as the windows need. 0, or -1 when Redis was lost for good.
 */
int	pl_add(struct pl *, const struct ops_argv *, const char *file,
	    unsigned long long line, int kind);

/* Send everything and wait until every command was answered (and
 * confirmed). 0, or -1 as above. */
int	pl_drain(struct pl *);

/* Forget commands not sent yet (--on-error stop). */
void	pl_discard_unsent(struct pl *);

/* Report what was never acknowledged (after pl.gaveup). */
void	pl_report_lost(struct pl *);

/* The progress line (once a second) and the summary at exit, with a part
 * for each node in cluster mode. */
void	pl_tick(struct pl *);
void	pl_summary(struct pl *);

/* The window of host:port, made when new. */
int	pl_node(struct pl *, const char *host, int port);

/* Between pipeline.c, connect.c and reply.c. */
int	pl_connect_win(struct pl *, int wi);
int	pl_reply(struct pl *, int wi, redisReply *);
void	pl_say(struct pl *, struct win *, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	pl_forget(struct pl *, struct win *, size_t k);
void	pl_lose(struct pl *, struct win *, const char *why, int delay_ms);
void	pl_push_wait(struct pl *, struct win *);
size_t	pl_kept(struct win *);

#endif
