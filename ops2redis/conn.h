/* Connecting to Redis: TCP or unix socket, AUTH, SELECT, wait out LOADING. */
#ifndef OPS2REDIS_CONN_H
#define OPS2REDIS_CONN_H

#include <hiredis/hiredis.h>

struct conn_cfg {
	const char	*host;
	int		 port;
	const char	*sock;		/* unix socket path, preferred when set */
	const char	*user;		/* ACL user, or NULL */
	const char	*pass;		/* password, or NULL */
	int		 db;
	int		 connect_ms;	/* connect timeout */
	int		 master_only;	/* a replica is CONN_RETRY (ROLE) */
};

enum { CONN_OK = 0, CONN_RETRY = -1, CONN_FATAL = -2 };

/*
 * Connect, authenticate, select the database and check that Redis answers
 * (not LOADING). Returns CONN_OK with *out set, CONN_RETRY when trying again
 * later may help, CONN_FATAL when it cannot (bad password, bad db); err
 * holds the reason.
 */
int	conn_open(const struct conn_cfg *, redisContext **out, char *err,
	    size_t errlen);

/*
 * Fill cfg from redis://[[user][:pass]@]host[:port][/db] (a "rediss"
 * scheme is refused: no TLS). Returns 0, or -1 with *errstr set.
 * The strings point into a copy of uri, kept until exit.
 */
int	conn_parse_uri(struct conn_cfg *, const char *uri, const char **errstr);

/* 1 for an error reply that goes away by itself (LOADING, BUSY,
 * CLUSTERDOWN...). */
int	conn_is_transient(const char *);

#endif
