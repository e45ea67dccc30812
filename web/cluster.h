/*
 * Redis Cluster access for the page: the masters found from the startup
 * nodes of the environment (target_nodes), a connection to each, and
 * one page of keys walked across them.
 */
#ifndef WEB_CLUSTER_H
#define WEB_CLUSTER_H

#include <hiredis/hiredis.h>

#include "buf.h"
#include "cmap.h"
#include "query.h"
#include "sync.h"
#include "table.h"
#include "target.h"
#include "view.h"

struct cnode {
	struct target t;	/* its address; the credentials of the node
				   that gave the map */
	redisContext *c;
};

struct cluster {
	struct cmap map;
	struct cnode *node;	/* the masters (as in map), then redirects */
	int	 nnode;
	struct target auth;	/* the startup node that gave the map */
	struct view_master *vm;	/* the masters for the page */
	struct view_cluster view;
};

/*
 * Ask the startup nodes, in order, for the map (CLUSTER SLOTS) and connect to
 * every master. Sets where to "Redis Cluster, N masters". 0, or -1 with
 * a message in err (no node answered, a node not in cluster mode, a
 * master that cannot be reached).
 */
int	 cluster_open(struct cluster *, struct buf *where, struct buf *err);

/*
 * Fill t with the page q asks for: SCAN from q->cursor (see cmap_start)
 * across the masters in their order until q->count keys, the end, or
 * STORE_SCAN_CALLS_MAX calls (the COUNT hint as for one node); then the
 * TYPE and value of each key from the master serving its slot, a MOVED
 * or ASK reply followed once; DBSIZE of every master; the checkpoint
 * (ckpt) from the master serving its slot into s. cl->view says which
 * masters were scanned, and whether the cursor was stale. 0, or -1 with
 * a message in err when a node failed.
 */
int	 cluster_page(struct cluster *, const struct query *, const char *ckpt,
	    size_t ckptlen, struct table *, struct sync *s, struct buf *err);

void	 cluster_close(struct cluster *);

#endif
