/*
 * Resume points: the checkpoint hash that ops2redis keeps (canal-ops(5)),
 * as `redis-cli --raw HGETALL canal2ops:checkpoint` prints it: lines
 * alternating "topic:partition" and the last applied offset. Fields
 * "topic:partition:name" hold other facts about a partition (e.g. the
 * binlog time of its last record): they are skipped with their values.
 */
#ifndef KCAT_CHECKPOINT_H
#define KCAT_CHECKPOINT_H

#include <stdint.h>

struct ckpt {
	char	*topic;
	int32_t	 partition;
	int64_t	 offset;	/* last applied: resume at offset + 1 */
};

struct ckpt_set {
	struct ckpt *v;
	int	 n;
};

/*
 * Read FILE ("-" for stdin). Returns 0, -1 for a malformed file or -2 when
 * it cannot be read, with a message printed.
 */
int	ckpt_read(struct ckpt_set *, const char *path);
/* The checkpointed offset for topic/partition, or INT64_MIN when none. */
int64_t	ckpt_find(const struct ckpt_set *, const char *topic, int32_t);
void	ckpt_free(struct ckpt_set *);

#endif
