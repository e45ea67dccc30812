/*
 * The sync status: canal2ops' checkpoint hash read back (canal-ops(5)):
 * field TOPIC:PARTITION holds the offset of the last Kafka record applied
 * in that partition, field TOPIC:PARTITION:es Canal's es of the newest
 * change applied there (the binlog time, ms since the epoch); fields
 * TOPIC:PARTITION:NAME with other names are left alone. And the words
 * that say how old a time is.
 */
#ifndef WEB_SYNC_H
#define WEB_SYNC_H

#include <stddef.h>

#include "buf.h"

#define SYNC_CHECKPOINT_DEFAULT	"canal2ops:checkpoint"
#define SYNC_PARTS_MAX		1024	/* partitions shown; others counted */
#define SYNC_ES_MAX		253402300800000LL  /* year 10000, in ms */

struct sync_part {
	char	*topic;
	size_t	 tlen;
	long long partition;
	char	*offset;	/* as Redis holds it; NULL when missing */
	size_t	 olen;
	long long es;		/* binlog time (ms), or -1 */
};

struct sync {
	int	 found;		/* the checkpoint key is in the database */
	char	 error[128];	/* not a hash, and the like; "" when fine */
	struct sync_part *part;
	int	 n;
	unsigned long more;	/* partitions past SYNC_PARTS_MAX */
	long long newest;	/* the newest es of all, or -1 */
};

void	 sync_init(struct sync *);

/* Take in one field of the checkpoint hash. */
void	 sync_field(struct sync *, const char *field, size_t,
	    const char *value, size_t);

/* Sort the partitions by topic, then partition; find the newest es. */
void	 sync_done(struct sync *);
void	 sync_free(struct sync *);

/*
 * A time (ms since the epoch, UTC) for people: "12:03:04 UTC" on the
 * same UTC day as now, else "2026-11-26 12:03:04 UTC"; milliseconds
 * only when there are some.
 */
void	 sync_put_time(struct buf *, long long ms, long long now);

/* The same time for a datetime attribute: "2026-11-26T12:03:04Z". */
void	 sync_put_iso(struct buf *, long long ms);

/*
 * An age in words, whole seconds since binlog times have no finer
 * grain: "less than 1 s", "42 s", "3 min 4 s", "5 h 6 min",
 * "7 days 8 h" (ms >= 0).
 */
void	 sync_put_age(struct buf *, long long ms);

#endif
