/*
 * Looking at Redis without writing, for backfills and reports
 * (canal2redis-backfill(1)): --scan lists the keys of a pattern as DEL ops,
 * --diff keeps the ops whose effect Redis does not show yet.
 */
#ifndef OPS2REDIS_INSPECT_H
#define OPS2REDIS_INSPECT_H

#include <stddef.h>

#include "conn.h"
#include "pipeline.h"

struct inspect {
	const struct conn_cfg *cfg;
	const struct seed *seeds;
	size_t		 nseeds;
	int		 cluster;
	const char	*ckey;		/* the checkpoint key: never compared */
	size_t		 batch;		/* ops in flight (-w) */
	int		 verbose;
};

/*
 * Write "DEL key" (canal-ops(5) quoting) for every key matching pattern,
 * on every master with -c. Returns an exit status: 0, 69 (Redis not
 * reached or an error reply), 74 (stdout), 75 (stopped by a signal).
 */
int	inspect_scan(const struct inspect *, const char *pattern);

/*
 * Read ops from the files (standard input for none or "-") and write those
 * whose effect Redis does not show: SET key value (the string is not that
 * value), HSET key field value ... (the hash is not exactly those fields,
 * a whole row as canal2ops writes it; a DEL key goes before it, and an
 * HDEL of the same key right after it is part of the row), HDEL (a field
 * is there), DEL (the key is there). Returns 0 when Redis shows every op,
 * 1 when some differ, 65 (a bad line), 69, 74, 75 (stopped by a signal).
 */
int	inspect_diff(const struct inspect *, int nfiles, char **files);

#endif
