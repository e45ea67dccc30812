/* Connecting to Redis: TCP or unix socket, AUTH, SELECT, wait out LOADING. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>

#include "buf.h"
#include "conn.h"
#include "hex.h"
#include "num.h"

/* The error code (first word) is one of these; not BUSYKEY, BUSYGROUP. */
int
conn_is_transient(const char *s)
{
	static const char *const codes[] = {
		"BUSY", "CLUSTERDOWN", "LOADING", "MASTERDOWN", "TRYAGAIN",
		NULL
	};
	size_t n = strcspn(s, " ");
	int i;

	for (i = 0; codes[i] != NULL; i++)
		if (strlen(codes[i]) == n && strncmp(s, codes[i], n) == 0)
			return 1;
	return 0;
}

/* Run one setup command; 0 when it did not fail, else CONN_RETRY/FATAL. */
static int
setup_cmd(redisContext *c, int argc, const char **argv, char *err,
    size_t errlen)
{
	redisReply *r;
	int rc = CONN_OK;

	r = redisCommandArgv(c, argc, argv, NULL);
	if (r == NULL) {
		/* hiredis reports a read timeout as EAGAIN */
		snprintf(err, errlen, "%s: %s", argv[0],
		    c->err == REDIS_ERR_IO &&
		    strcmp(c->errstr, strerror(EAGAIN)) == 0 ?
		    "no reply within the connect timeout (-t)" :
		    c->errstr[0] ? c->errstr : "connection lost");
		return CONN_RETRY;
	}
	if (r->type == REDIS_REPLY_ERROR) {
		snprintf(err, errlen, "%s: %s", argv[0], r->str);
		rc = conn_is_transient(r->str) ? CONN_RETRY : CONN_FATAL;
	}
	freeReplyObject(r);
	return rc;
}

/* 1 when ROLE says the node is not a master (an error says nothing). */
static int
is_replica(redisContext *c)
{
	redisReply *r = redisCommand(c, "ROLE");
	int rc = 0;

	if (r != NULL && r->type == REDIS_REPLY_ARRAY && r->elements > 0 &&
	    r->element[0]->type == REDIS_REPLY_STRING)
		rc = strcmp(r->element[0]->str, "master") != 0;
	if (r != NULL)
		freeReplyObject(r);
	return rc;
}

int
conn_open(const struct conn_cfg *cfg, redisContext **out, char *err,
    size_t errlen)
{
	struct timeval tv = { cfg->connect_ms / 1000,
	    (cfg->connect_ms % 1000) * 1000 };
	redisContext *c;
	int rc;

	*out = NULL;
	if (cfg->sock != NULL)
		c = redisConnectUnixWithTimeout(cfg->sock, tv);
	else
		c = redisConnectWithTimeout(cfg->host, cfg->port, tv);
	if (c == NULL) {
		snprintf(err, errlen, "cannot allocate a connection");
		return CONN_RETRY;
	}
	if (c->err) {
		if (cfg->sock != NULL)
			snprintf(err, errlen, "%s: %s", cfg->sock, c->errstr);
		else
			snprintf(err, errlen, "%s:%d: %s", cfg->host,
			    cfg->port, c->errstr);
		redisFree(c);
		return CONN_RETRY;
	}
	/* setup commands are bounded by the connect timeout too */
	if (cfg->connect_ms > 0)
		redisSetTimeout(c, tv);
	if (cfg->sock == NULL)
		redisEnableKeepAlive(c);
	rc = CONN_OK;
	if (cfg->pass != NULL) {
		const char *a[3] = { "AUTH", cfg->user, cfg->pass };

		if (cfg->user != NULL)
			rc = setup_cmd(c, 3, a, err, errlen);
		else {
			a[1] = cfg->pass;
			rc = setup_cmd(c, 2, a, err, errlen);
		}
	}
	if (rc == CONN_OK && cfg->db != 0) {
		char db[24];
		const char *a[2] = { "SELECT", db };

		snprintf(db, sizeof(db), "%d", cfg->db);
		rc = setup_cmd(c, 2, a, err, errlen);
	}
	if (rc == CONN_OK) {
		const char *a[1] = { "PING" };

		rc = setup_cmd(c, 1, a, err, errlen);
	}
	if (rc == CONN_OK && cfg->master_only && is_replica(c)) {
		snprintf(err, errlen, "%s:%d: a replica, not a master",
		    cfg->host, cfg->port);
		rc = CONN_RETRY;
	}
	if (rc != CONN_OK) {
		redisFree(c);
		return rc;
	}
	*out = c;
	return CONN_OK;
}

/* Decode %XX escapes in place (user names and passwords in URIs). */
static int
pct_decode(char *s)
{
	char *d = s;

	for (; *s; s++) {
		if (*s == '%') {
			int hi = cmn_hexval((unsigned char)s[1]), lo;

			/* s[2] is not read past the end: s[1] is not NUL */
			if (hi < 0 || (lo = cmn_hexval((unsigned char)s[2])) < 0)
				return -1;
			*d++ = (char)(hi * 16 + lo);
			s += 2;
		} else
			*d++ = *s;
	}
	*d = '\0';
	return 0;
}

/*
 * Every copy is kept: a cfg filled from one URI and then from another (-u
 * twice) can still point into the first.
 */
struct uri_copy {
	struct uri_copy	*next;
	char		 s[];
};
static struct uri_copy *uri_copies;

int
conn_parse_uri(struct conn_cfg *cfg, const char *uri, const char **errstr)
{
	struct uri_copy *copy;
	char *p, *at, *slash, *colon, *host;
	const char *e;
	size_t n;

	*errstr = NULL;
	if (strncasecmp(uri, "redis://", 8) != 0) {
		*errstr = strncasecmp(uri, "rediss://", 9) == 0 ?
		    "TLS (rediss://) is not supported" :
		    "not a redis:// URI";
		return -1;
	}
	n = strlen(uri + 8) + 1;
	copy = cmn_xmalloc(sizeof(*copy) + n);
	memcpy(copy->s, uri + 8, n);
	copy->next = uri_copies;
	uri_copies = copy;
	p = copy->s;
	if ((slash = strchr(p, '/')) != NULL) {
		*slash++ = '\0';
		if (*slash != '\0') {
			cfg->db = (int)cmn_strtonum(slash, 0, 2147483647, &e);
			if (e != NULL) {
				*errstr = "bad database number";
				return -1;
			}
		}
	}
	if ((at = strrchr(p, '@')) != NULL) {
		*at = '\0';
		host = at + 1;
		if ((colon = strchr(p, ':')) != NULL) {
			*colon++ = '\0';
			if (pct_decode(colon) < 0) {
				*errstr = "bad %-escape in password";
				return -1;
			}
			cfg->pass = colon;
		}
		if (*p != '\0') {
			if (pct_decode(p) < 0) {
				*errstr = "bad %-escape in user name";
				return -1;
			}
			/* redis://pass@host is a password only, as redis-cli */
			if (colon == NULL)
				cfg->pass = p;
			else
				cfg->user = p;
		}
	} else
		host = p;
	if (*host == '[') {	/* [v6 address] */
		char *rb = strchr(host, ']');

		if (rb == NULL) {
			*errstr = "bad IPv6 address";
			return -1;
		}
		*rb = '\0';
		colon = rb[1] == ':' ? rb + 1 : NULL;
		host++;
	} else
		colon = strrchr(host, ':');
	if (colon != NULL) {
		*colon++ = '\0';
		cfg->port = (int)cmn_strtonum(colon, 1, 65535, &e);
		if (e != NULL) {
			*errstr = "bad port";
			return -1;
		}
	}
	if (*host != '\0')
		cfg->host = host;
	return 0;
}
