/* Connection settings from the environment, and connecting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>

#include "errmsg.h"
#include "num.h"
#include "target.h"

static const struct timeval connect_timeout = { 2, 0 };
static const struct timeval command_timeout = { 10, 0 };

static int
copy(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		return -1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

static void
defaults(struct target *t)
{
	memset(t, 0, sizeof(*t));
	strcpy(t->host, "127.0.0.1");
	t->port = 6379;
}

/* n bytes: redis://[[user]:password@]host[:port][/db]; host may be [v6]. */
static int
parse_url(struct target *t, const char *u, size_t n, struct buf *err)
{
	const char *p, *at, *e, *colon, *slash, *end = u + n;
	const char *es;
	char num[32];

	if (n < 8 || strncmp(u, "redis://", 8) != 0)
		goto notredis;
	p = u + 8;
	slash = memchr(p, '/', end - p);
	e = slash ? slash : end;
	at = memchr(p, '@', e - p);
	if (at != NULL) {
		colon = memchr(p, ':', at - p);
		if (colon == NULL) {	/* redis://password@host */
			if (copy(t->pass, sizeof(t->pass), p, at - p) != 0)
				goto bad;
		} else if (copy(t->user, sizeof(t->user), p, colon - p) != 0 ||
		    copy(t->pass, sizeof(t->pass), colon + 1,
		    at - colon - 1) != 0)
			goto bad;
		p = at + 1;
	}
	if (*p == '[') {
		const char *rb = memchr(p, ']', e - p);

		if (rb == NULL || copy(t->host, sizeof(t->host), p + 1,
		    rb - p - 1) != 0)
			goto bad;
		colon = rb + 1 < e && rb[1] == ':' ? rb + 1 : NULL;
	} else {
		colon = memchr(p, ':', e - p);
		if (copy(t->host, sizeof(t->host), p,
		    (colon ? colon : e) - p) != 0)
			goto bad;
	}
	if (colon != NULL) {
		if (copy(num, sizeof(num), colon + 1, e - colon - 1) != 0)
			goto bad;
		t->port = (int)cmn_strtonum(num, 1, 65535, &es);
		if (es != NULL)
			goto bad;
	}
	if (slash != NULL && slash + 1 < end) {
		if (copy(num, sizeof(num), slash + 1, end - slash - 1) != 0)
			goto bad;
		t->db = cmn_strtonum(num, 0, 1000000, &es);
		if (es != NULL)
			goto bad;
	}
	return 0;
notredis:
	err->len = 0;
	buf_adds(err, "REDIS_URL: not redis://...: ");
	buf_add(err, u, n);
	buf_addc(err, '\0');
	return -1;
bad:
	err->len = 0;
	buf_adds(err, "REDIS_URL: cannot parse: ");
	buf_add(err, u, n);
	buf_addc(err, '\0');
	return -1;
}

/* The password of REDISCLI_AUTH into t. */
static int
auth_from_env(struct target *t, struct buf *err)
{
	const char *s = getenv("REDISCLI_AUTH");

	if (s != NULL && *s != '\0' &&
	    copy(t->pass, sizeof(t->pass), s, strlen(s)) != 0) {
		errmsg(err, "REDISCLI_AUTH: too long", "");
		return -1;
	}
	return 0;
}

static int
port_of(int *port, const char *s, struct buf *err)
{
	const char *es;

	*port = (int)cmn_strtonum(s, 1, 65535, &es);
	if (es != NULL) {
		errmsg(err, "REDIS_PORT: not a port: ", s);
		return -1;
	}
	return 0;
}

static int
db_of(long long *db, const char *s, struct buf *err)
{
	const char *es;

	*db = cmn_strtonum(s, 0, 1000000, &es);
	if (es != NULL) {
		errmsg(err, "REDIS_DB: not a database number: ", s);
		return -1;
	}
	return 0;
}

int
target_cluster(struct buf *err)
{
	static const char *const yes[] = { "1", "yes", "true", "on" };
	static const char *const no[] = { "0", "no", "false", "off" };
	const char *s = getenv("REDIS_CLUSTER");
	size_t i;

	if (s == NULL || *s == '\0')
		return 0;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	}
	errmsg(err, "REDIS_CLUSTER: not 1 or 0: ", s);
	return -1;
}

int
target_from_env(struct target *t, struct buf *err)
{
	const char *s;

	defaults(t);
	if (auth_from_env(t, err) != 0)
		return -1;
	if ((s = getenv("REDIS_URL")) != NULL && *s != '\0')
		return parse_url(t, s, strlen(s), err);
	if ((s = getenv("REDIS_HOST")) != NULL && *s != '\0' &&
	    copy(t->host, sizeof(t->host), s, strlen(s)) != 0) {
		errmsg(err, "REDIS_HOST: too long", "");
		return -1;
	}
	if ((s = getenv("REDIS_PORT")) != NULL && *s != '\0' &&
	    port_of(&t->port, s, err) != 0)
		return -1;
	if ((s = getenv("REDIS_DB")) != NULL && *s != '\0' &&
	    db_of(&t->db, s, err) != 0)
		return -1;
	return 0;
}

/* The next word of a list separated by commas or blanks; 0 at the end. */
static size_t
word(const char **s)
{
	const char *p = *s;
	size_t n;

	p += strspn(p, ", \t\n");
	n = strcspn(p, ", \t\n");
	*s = p;
	return n;
}

int
target_nodes(struct target *t, int max, struct buf *err)
{
	const char *s, *hosts, *ports;
	char one[32];
	size_t hn, pn;
	int n = 0, i;

	if ((s = getenv("REDIS_URL")) != NULL && *s != '\0') {
		while ((hn = word(&s)) > 0) {
			if (n == max) {
				errmsg(err, "REDIS_URL: too many nodes", "");
				return -1;
			}
			defaults(&t[n]);
			if (auth_from_env(&t[n], err) != 0 ||
			    parse_url(&t[n], s, hn, err) != 0)
				return -1;
			if (t[n].db != 0) {
				errmsg(err, "REDIS_URL: a Redis Cluster has "
				    "database 0 only", "");
				return -1;
			}
			n++;
			s += hn;
		}
	} else {
		if ((s = getenv("REDIS_DB")) != NULL && *s != '\0') {
			long long db;

			if (db_of(&db, s, err) != 0)
				return -1;
			if (db != 0) {
				errmsg(err, "REDIS_DB: a Redis Cluster has "
				    "database 0 only", "");
				return -1;
			}
		}
		hosts = getenv("REDIS_HOST");
		ports = getenv("REDIS_PORT");
		if (hosts == NULL)
			hosts = "";
		if (ports == NULL)
			ports = "";
		/* pairs while either list has words; the last one repeats */
		for (;;) {
			const char *h = hosts, *p = ports;

			hn = word(&h);
			pn = word(&p);
			if (n > 0 && hn == 0 && pn == 0)
				break;
			if (n == max) {
				errmsg(err, "REDIS_HOST, REDIS_PORT: too many "
				    "nodes", "");
				return -1;
			}
			if (n == 0)
				defaults(&t[n]);
			else
				t[n] = t[n - 1];
			if (n == 0 && auth_from_env(&t[n], err) != 0)
				return -1;
			if (hn > 0 && copy(t[n].host, sizeof(t[n].host), h,
			    hn) != 0) {
				errmsg(err, "REDIS_HOST: too long", "");
				return -1;
			}
			if (pn > 0) {
				if (copy(one, sizeof(one), p, pn) != 0) {
					errmsg(err, "REDIS_PORT: not a port: ",
					    p);
					return -1;
				}
				if (port_of(&t[n].port, one, err) != 0)
					return -1;
			}
			hosts = h + hn;
			ports = p + pn;
			n++;
		}
	}
	if (n == 0) {
		errmsg(err, "REDIS_URL: no node", "");
		return -1;
	}
	for (i = 0; i < n; i++)
		if (t[i].host[0] == '\0') {
			errmsg(err, "REDIS_URL: a node without a host", "");
			return -1;
		}
	return n;
}

redisReply *
target_command(redisContext *c, int argc, const char **argv, struct buf *err)
{
	redisReply *r = redisCommandArgv(c, argc, argv, NULL);

	if (r == NULL)
		errmsg(err, "Redis: ", c->errstr[0] ? c->errstr :
		    "connection lost");
	else if (r->type == REDIS_REPLY_ERROR) {
		errmsg(err, "Redis refused: ", r->str);
		freeReplyObject(r);
		r = NULL;
	}
	return r;
}

void
target_put(struct buf *b, const struct target *t)
{
	buf_adds(b, t->host);
	if (t->host[0] != '/') {
		buf_addc(b, ':');
		buf_addi(b, t->port);
	}
}

redisContext *
target_connect(const struct target *t, int name, struct buf *err)
{
	redisContext *c;
	redisReply *r;
	char db[24];

	if (t->host[0] == '/')
		c = redisConnectUnixWithTimeout(t->host, connect_timeout);
	else
		c = redisConnectWithTimeout(t->host, t->port, connect_timeout);
	if (c == NULL || c->err) {
		err->len = 0;
		buf_adds(err, "cannot connect to Redis");
		if (name) {
			buf_addc(err, ' ');
			target_put(err, t);
		}
		buf_adds(err, ": ");
		buf_adds(err, c ? c->errstr : "out of memory");
		buf_addc(err, '\0');
		redisFree(c);
		return NULL;
	}
	redisSetTimeout(c, command_timeout);
	if (t->pass[0] != '\0') {
		const char *a[] = { "AUTH", t->user, t->pass };

		r = t->user[0] ? target_command(c, 3, a, err) :
		    target_command(c, 2, (const char *[]){ "AUTH", t->pass },
		    err);
		if (r == NULL)
			goto fail;
		freeReplyObject(r);
	}
	snprintf(db, sizeof(db), "%lld", t->db);
	if (t->db != 0) {
		if ((r = target_command(c, 2, (const char *[]){ "SELECT", db },
		    err)) == NULL)
			goto fail;
		freeReplyObject(r);
	}
	return c;
fail:
	if (name) {	/* "Redis refused: x" -> "Redis host:port refused: x" */
		struct buf m = { 0 };

		buf_adds(&m, "Redis ");
		target_put(&m, t);
		buf_adds(&m, err->p + (strncmp(err->p, "Redis", 5) == 0 ?
		    5 : 0));
		buf_addc(&m, '\0');
		buf_free(err);
		*err = m;
	}
	redisFree(c);
	return NULL;
}
