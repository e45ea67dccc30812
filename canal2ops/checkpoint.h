/*
 * Checkpoint ops (canal-ops(5)): HSET KEY topic:partition offset
 * [topic:partition:es ms] ..., recording the last Kafka record whose ops
 * were written before it and the binlog time of the newest change so far.
 */
#ifndef CANAL2OPS_CHECKPOINT_H
#define CANAL2OPS_CHECKPOINT_H

#include <stddef.h>

#include "buf.h"

struct ckpt_part {
	char		*topic;
	size_t		 tlen;
	long long	 partition;
	long long	 offset;
	long long	 es;		/* Canal's es (ms) of the newest, or 0 */
	int		 dirty;		/* moved since the last checkpoint op */
};

struct ckpt {
	const char	*key;
	long long	 every;		/* a checkpoint op every N records */
	long long	 since;		/* records noted since the last one */
	struct ckpt_part *part;
	size_t		 n;
	unsigned long long written;	/* checkpoint ops written */
};

void	ckpt_init(struct ckpt *, const char *key, long long every);
void	ckpt_free(struct ckpt *);

/*
 * The ops of this record are written: remember its position, and its
 * Canal es when it has one (> 0).
 */
void	ckpt_note(struct ckpt *, const char *topic, size_t tlen,
	    long long partition, long long offset, long long es);

/* Are checkpoint ops due (every N records)? */
#define ckpt_due(c)	((c)->since >= (c)->every)

/* Append a checkpoint op for the partitions that moved, if any. */
void	ckpt_write(struct ckpt *, struct buf *);

#endif
