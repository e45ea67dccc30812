/*
 * Redis Cluster: the slot map (CLUSTER SLOTS), MOVED and ASK replies, and
 * which window a command may go to without overtaking an earlier command
 * of its slot.
 */
#ifndef OPS2REDIS_CLUSTER_H
#define OPS2REDIS_CLUSTER_H

#include <stddef.h>

struct conn_cfg;
struct pl;

#define SL_NONE		(-1)	/* sl_win: no entry of the slot is kept */
#define SL_SPLIT	(-2)	/* kept in more than one window */


/*
 * Ask host:port (with cfg's credentials) for the slot map, CLUSTER SLOTS:
 * map[slot] is node(arg, host, port) of its master, or -1. CONN_OK, or
 * CONN_RETRY or CONN_FATAL (asking again cannot help: a node not in
 * cluster mode, a user without the right) with err set.
 */
int	cl_ask_slots(const struct conn_cfg *cfg, const char *host, int port,
	    short *map, int (*node)(void *arg, const char *host, int port),
	    void *arg, char *err, size_t errlen);

/*
 * Ask a node (a known master that is not down, else a seed) for the slot
 * map and take it: windows for new masters, a serving flag for each window
 * (win.role), the entries of a down window that serves no slot now moved to
 * the new owners. 0, or -1 when no node answered (err says why; fatal set
 * when asking again cannot help, such as a node not in cluster mode).
 */
int	cl_refresh(struct pl *, char *err, size_t errlen, int *fatal);

/* The window serving slot (any serving window for SLOT_NONE), or -1. */
int	cl_route(struct pl *, int slot);

/*
 * 1 when a new command of slot may go to window wi: no earlier command of
 * the slot is kept in another window (it might be redirected behind it).
 */
int	cl_may_send(struct pl *, int slot, int wi);

/* An entry of slot is now kept in window wi / is no longer kept. */
void	cl_count(struct pl *, int slot, int wi);
void	cl_uncount(struct pl *, int slot);

/*
 * Entry i of window wi was redirected to window ti (ASK: ask set): a copy
 * goes there, after those kept in wi before it for its slot (ASK: its
 * key), applied but not confirmed; they are gone from wi.
 */
void	cl_move(struct pl *, int wi, size_t i, int ti, int ask);

/* Move the entries of window wi, in order, to the windows now serving
 * their slots. 0, or -1 when some slot has no other owner yet. */
int	cl_reroute(struct pl *, int wi);

#endif
