/*
 * Where Redis is, from the environment: REDIS_URL, or REDIS_HOST,
 * REDIS_PORT and REDIS_DB; the password from REDISCLI_AUTH. With
 * REDIS_CLUSTER set, these name startup nodes of a Redis Cluster, several
 * as ops2redis -c takes -h and -p. And connecting to one of them.
 */
#ifndef WEB_TARGET_H
#define WEB_TARGET_H

#include <hiredis/hiredis.h>

#include "buf.h"

#define TARGET_NODES_MAX	64

struct target {
	char	 host[256];	/* a name, an address, or a socket's path */
	int	 port;
	long long db;
	char	 user[256];
	char	 pass[512];
};

/*
 * REDIS_CLUSTER: 1 for 1, yes, true or on; 0 when unset, empty, 0, no,
 * false or off. -1 (message in err) for anything else.
 */
int	 target_cluster(struct buf *err);

/* The one server of the environment. 0, or -1 with a message in err. */
int	 target_from_env(struct target *, struct buf *err);

/*
 * The startup nodes of the environment, at most TARGET_NODES_MAX: REDIS_URL
 * as URLs separated by commas or blanks, else the hosts of REDIS_HOST
 * paired in order with the ports of REDIS_PORT (each a list separated by
 * commas or blanks; the shorter list's last entry serves the rest). A
 * database other than 0 is refused. Returns the number of nodes, or -1
 * with a message in err.
 */
int	 target_nodes(struct target *, int max, struct buf *err);

/*
 * Connect to t (a socket when its host starts with '/'), with the
 * timeouts of the page; authenticate and select its database. NULL with
 * a message in err (naming host:port when name is set) on failure.
 */
redisContext *target_connect(const struct target *, int name, struct buf *err);

/* Append "host:port" (or the socket's path). */
void	 target_put(struct buf *, const struct target *);

/* Send argv, read the reply; NULL (message in err) on failure. */
redisReply *target_command(redisContext *, int argc, const char **argv,
	    struct buf *err);

#endif
