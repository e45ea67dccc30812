/* Everything one response shows, for the HTML and the JSON writers. */
#ifndef WEB_VIEW_H
#define WEB_VIEW_H

#include <stddef.h>

#include "group.h"
#include "query.h"
#include "sync.h"
#include "table.h"

/* A master of a Redis Cluster, for the page. */
struct view_master {
	const char *host;
	int	 port;
	const char *id;			/* its node ID */
	const char *slots;		/* "0-5460 10923" */
	long long keys;			/* its DBSIZE, -1 unknown */
	int	 scanned;		/* scanned for this page */
};

struct view_cluster {
	const struct view_master *m;	/* in the order they are walked */
	int	 n;
	int	 restarted;	/* the cursor was stale: from the start */
	int	 slot;		/* the slot the cursor named, when restarted */
	int	 at;		/* the master scanned from its start then */
};

struct view {
	const struct query *q;
	const struct table *t;
	const struct grouping *groups;
	const struct sync *sync;	/* the checkpoint read back */
	const char *ckpt;		/* the checkpoint key */
	size_t	 ckptlen;
	const char *tmpl;		/* the key template in use */
	size_t	 tmpllen;
	const char *where;		/* "host:port db N" */
	const struct view_cluster *cluster;	/* NULL: one node */
	long long now;			/* ms since the epoch */
};

#endif
