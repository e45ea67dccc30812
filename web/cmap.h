/*
 * A Redis Cluster's masters for the page: the map of CLUSTER SLOTS, the
 * order the masters are walked in (by the first slot each serves), where
 * a page cursor starts, and MOVED/ASK replies read.
 */
#ifndef WEB_CMAP_H
#define WEB_CMAP_H

#include <hiredis/hiredis.h>

#include "buf.h"
#include "cursor.h"
#include "slot.h"

#define CMAP_ID_MAX	40	/* a node ID: 40 hex digits */

struct master {
	char	 host[256];
	int	 port;
	char	 id[CMAP_ID_MAX + 1];	/* node ID (made up when not given) */
	int	 first;			/* the first slot it serves */
	int	 nslots;
	char	*slots;			/* "0-5460 10923", NUL-ended */
};

struct cmap {
	struct master *m;		/* in the order of first */
	int	 n;
	short	 owner[SLOT_COUNT];	/* index in m, or -1 */
};

/*
 * Take the map from a CLUSTER SLOTS reply given by host (an empty or
 * "?" address in it is that host). 0, or -1 with a message in err.
 */
int	 cmap_take(struct cmap *, const redisReply *, const char *host,
	    struct buf *err);
void	 cmap_free(struct cmap *);

/* The master at host:port, or -1. */
int	 cmap_find(const struct cmap *, const char *host, int port);

/*
 * Where page cursor c starts: master *mi from SCAN cursor *scan. The
 * first page starts at the first master. A cursor names a master by its
 * first slot and node ID; when the master now serving that slot is not
 * it, or does not have it as its first slot any more, the cluster changed
 * since the cursor was made: *restarted is set and that master is
 * scanned from its start (not set for a cursor at a master's start whose
 * first slot is still first: nothing was walked there). -1 (message in
 * err) when no master serves the slot.
 */
int	 cmap_start(const struct cmap *, const struct cursor *c, int *mi,
	    unsigned long long *scan, int *restarted, struct buf *err);

/*
 * The cursor after a SCAN of master mi returned scan: the same master on,
 * the next one from its start when scan is 0, the start (end of the
 * walk) after the last master.
 */
void	 cmap_next(const struct cmap *, int mi, unsigned long long scan,
	    struct cursor *);


#endif
