/* What a command is: allowed (safe to replay), a checkpoint op; how to show it. */
#ifndef OPS2REDIS_CMD_H
#define OPS2REDIS_CMD_H

#include <stddef.h>

#include "buf.h"
#include "ops.h"

/* The commands allowed without --allow-any, NULL-ended (for the man page). */
extern const char *const cmd_allowed[];

/* 1 when argv[0] names a command safe to replay. */
int	cmd_is_allowed(const struct ops_argv *);
int	cmd_is_stateful(const struct ops_argv *);	/* refused always */

/* 1 when the command is a checkpoint op: HSET key field value ... */
int	cmd_is_checkpoint(const struct ops_argv *, const char *key,
	    size_t keylen);

/* Append RESP for the command to b. */
void	cmd_resp(struct buf *, const struct ops_argv *);

/* The second word of the RESP command in p[0..n) (the key of most
 * commands), its length in *keylen; NULL when there is none. */
const char *cmd_resp_key(const char *p, size_t n, size_t *keylen);

/*
 * Append the RESP command in p[0..n) as an ops line (quoted with
 * ops_put_arg) to b, cut after about max bytes with "...".
 */
void	cmd_describe_resp(struct buf *, const char *p, size_t n, size_t max);

/* Append a raw input line, quoted and cut the same way. */
void	cmd_describe_line(struct buf *, const char *p, size_t n, size_t max);

#endif
