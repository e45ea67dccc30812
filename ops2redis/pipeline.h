/*
 * The window: commands in flight to Redis, each kept (as RESP, with its
 * input line) until its reply came, so that after a lost connection they
 * are sent again in order.
 */
#ifndef OPS2REDIS_PIPELINE_H
#define OPS2REDIS_PIPELINE_H

#include <hiredis/hiredis.h>

#include "buf.h"
#include "conn.h"
#include "ops.h"
#include "progress.h"

enum ent_kind { ENT_CMD, ENT_CHECKPOINT, ENT_MULTI, ENT_EXEC };

struct ent {
	unsigned long long off;		/* of its RESP in the stream of bytes */
	size_t		 len;
	const char	*file;
	unsigned long long line;
	unsigned char	 kind;
	unsigned char	 batched;	/* between MULTI and EXEC */
	unsigned char	 qerr;		/* refused when queued */
};

struct pl {
	/* settings */
	const struct conn_cfg *cfg;
	size_t		 window;	/* commands in flight at most */
	int		 atomic;	/* MULTI/EXEC around each batch */
	int		 stop_on_error;
	int		 retry_ms;	/* how long to try reconnecting */
	int		 timeout_ms;	/* for a reply; 0: no limit */
	int		 verbose;
	/* connection */
	redisContext	*ctx;
	int		 fd;
	redisReader	*rd;
	/* window: data holds bytes [base, end) of the stream */
	struct buf	 data;
	unsigned long long base, sent, end;
	struct ent	*ring;
	size_t		 cap, first, n, nreplied;
	int		 in_batch;
	/* outcome */
	int		 failed;	/* an error was seen: no more checkpoints */
	int		 stop;		/* --on-error stop and an error was seen */
	int		 gaveup;	/* Redis could not be reached in time */
	struct stats	 st;
	struct progress	 pg;
	struct buf	 msg;
};

void	pl_init(struct pl *);
void	pl_free(struct pl *);

/* First connection, retried for retry_ms. 0, or -1 (reported). */
int	pl_connect(struct pl *);

/*
 * Add a command (ENT_CMD or ENT_CHECKPOINT), sending and reading replies
 * as the window needs. 0, or -1 when Redis was lost for good.
 */
int	pl_add(struct pl *, const struct ops_argv *, const char *file,
	    unsigned long long line, int kind);

/* Send everything and wait for every reply. 0, or -1 as above. */
int	pl_drain(struct pl *);

/* Forget commands not sent yet (--on-error stop). */
void	pl_discard_unsent(struct pl *);

/* Report what was never acknowledged (after pl.gaveup). */
void	pl_report_lost(struct pl *);

#endif
