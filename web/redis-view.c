/*
 * redis-view: a CGI program that shows what Redis holds as an HTML table
 * (or JSON), a page of SCAN at a time.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cluster.h"
#include "group.h"
#include "html.h"
#include "json.h"
#include "keytmpl.h"
#include "query.h"
#include "store.h"
#include "sync.h"
#include "table.h"
#include "view.h"

#define PROG	"redis-view"

static void
usage(FILE *f, int status)
{
	fputs("usage: redis-view [-hV] [query]\n"
	    "See redis-view(1).\n", f);
	if (status == 0 && fclose(stdout) == EOF) {
		fprintf(stderr, PROG ": stdout: write error\n");
		exit(74);
	}
	exit(status);
}

/* Headers then body on stdout; 74 when stdout failed. */
static int
respond(const char *status, int json, const struct buf *body, int head,
    int rc)
{
	printf("Status: %s\r\n"
	    "Content-Type: %s\r\n"
	    "Content-Length: %zu\r\n"
	    "Cache-Control: no-store\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "Referrer-Policy: no-referrer\r\n"
	    "Content-Security-Policy: default-src 'none'; "
	    "style-src 'unsafe-inline'; form-action 'self'; "
	    "frame-ancestors 'none'; base-uri 'none'\r\n\r\n",
	    status, json ? "application/json" : "text/html; charset=utf-8",
	    body->len);
	if (!head && body->len > 0)
		fwrite(body->p, 1, body->len, stdout);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, PROG ": stdout: write error\n");
		return 74;
	}
	return rc;
}

static int
fail(const char *status, const char *title, const char *msg, int json,
    int head, int rc)
{
	struct buf b = { 0 };

	fprintf(stderr, PROG ": %s\n", msg);
	if (json)
		json_error(&b, msg);
	else
		html_error(&b, title, msg);
	rc = respond(status, json, &b, head, rc);
	buf_free(&b);
	return rc;
}

/* The query's setting, else the environment's (when not empty), else dflt. */
static const char *
setting(const char *q, size_t qlen, const char *env, const char *dflt,
    size_t *len, int *from_env)
{
	const char *e = getenv(env);

	*from_env = 0;
	if (qlen > 0) {
		*len = qlen;
		return q;
	}
	if (e != NULL && *e != '\0') {
		*from_env = 1;
		*len = strlen(e);
		return e;
	}
	*len = strlen(dflt);
	return dflt;
}

/* 1 when a cursor of q other than "0" names no master (one node's). */
static int
plain_cursors(const struct query *q)
{
	int i;

	for (i = 0; i < q->nback; i++)
		if (!q->back[i].named && q->back[i].scan != 0)
			return 1;
	return !q->cursor.named && q->cursor.scan != 0;
}

static long long
now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return 0;
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL, 'h' },
		{ "version",	no_argument,	NULL, 'V' },
		{ NULL,		0,		NULL, 0 }
	};
	struct buf body = { 0 }, err = { 0 }, where = { 0 };
	struct grouping groups;
	struct keytmpl kt;
	struct table t;
	struct query q;
	struct sync sync;
	struct view v;
	struct cluster cl;
	const char *qs, *method, *e;
	redisContext *c = NULL;
	int ch, head = 0, rc, env, clustered;

	qs = getenv("QUERY_STRING");
	/*
	 * Under a web server the arguments may come from the request (an
	 * ISINDEX-style query without '='): never read them as options.
	 */
	if (getenv("GATEWAY_INTERFACE") == NULL) {
		opterr = 0;
		while ((ch = getopt_long(argc, argv, "hV", longopts,
		    NULL)) != -1)
			switch (ch) {
			case 'h':
				usage(stdout, 0);
				break;
			case 'V':
				puts(PROG " " VERSION);
				return fclose(stdout) == EOF ? 74 : 0;
			default:	/* getopt's own would name argv[0] */
				if (optopt == 'h' || optopt == 'V')
					fprintf(stderr, PROG ": option --%s "
					    "takes no argument\n", optopt == 'h' ?
					    "help" : "version");
				else if (optopt > ' ' && optopt < 127)
					fprintf(stderr, PROG ": unknown option "
					    "-%c\n", optopt);
				else
					fprintf(stderr, PROG ": unknown option "
					    "%s\n", argv[optind - 1]);
				usage(stderr, 2);
			}
		if (argc - optind > 1) {
			fprintf(stderr, PROG ": one query at most\n");
			usage(stderr, 2);
		}
		if (argc - optind == 1)
			qs = argv[optind];
	}
	if (qs == NULL)
		qs = "";
	method = getenv("REQUEST_METHOD");
	if (method != NULL && strcmp(method, "HEAD") == 0)
		head = 1;
	else if (method != NULL && strcmp(method, "GET") != 0)
		return fail("405 Method Not Allowed", "Method not allowed",
		    "only GET and HEAD are served", 0, 0, 65);

	if ((e = query_parse(&q, qs, strlen(qs))) != NULL)
		return fail("400 Bad Request", "Bad request", e,
		    strstr(qs, "format=json") != NULL, head, 65);
	memset(&v, 0, sizeof(v));
	v.tmpl = setting(q.key, q.keylen, "REDIS_VIEW_KEY", KEYTMPL_DEFAULT,
	    &v.tmpllen, &env);
	if ((e = keytmpl_parse(&kt, v.tmpl, v.tmpllen)) != NULL) {
		buf_adds(&err, env ? "REDIS_VIEW_KEY: " : "key: ");
		buf_adds(&err, e);
		buf_addc(&err, '\0');
		rc = env ? fail("500 Internal Server Error", "Bad setting",
		    err.p, q.json, head, 78) : fail("400 Bad Request",
		    "Bad request", err.p, q.json, head, 65);
		goto out;
	}
	v.ckpt = setting(q.ckpt, q.ckptlen, "REDIS_VIEW_CHECKPOINT",
	    SYNC_CHECKPOINT_DEFAULT, &v.ckptlen, &env);
	if ((clustered = target_cluster(&err)) < 0) {
		rc = fail("503 Service Unavailable", "Redis unavailable",
		    err.p, q.json, head, 69);
		goto out;
	}
	if (clustered ? plain_cursors(&q) : query_names_master(&q)) {
		rc = fail("400 Bad Request", "Bad request", clustered ?
		    "cursor: names no master of the Redis Cluster" :
		    "cursor: names a Redis Cluster master, and REDIS_CLUSTER "
		    "is not set", q.json, head, 65);
		goto out;
	}
	if (clustered ? cluster_open(&cl, &where, &err) != 0 :
	    (c = store_connect(&where, &err)) == NULL) {
		rc = fail("503 Service Unavailable", "Redis unavailable",
		    err.p, q.json, head, 69);
		goto out;
	}
	memset(&t, 0, sizeof(t));
	t.dbsize = -1;
	sync_init(&sync);
	if ((clustered ? cluster_page(&cl, &q, v.ckpt, v.ckptlen, &t, &sync,
	    &err) : store_page(c, &q, v.ckpt, v.ckptlen, &t, &sync,
	    &err)) != 0)
		rc = fail("503 Service Unavailable", "Redis unavailable",
		    err.p, q.json, head, 69);
	else {
		group_rows(&groups, &t, &kt);
		v.q = &q;
		v.t = &t;
		v.groups = &groups;
		v.sync = &sync;
		v.where = where.p;
		v.cluster = clustered ? &cl.view : NULL;
		v.now = now_ms();
		if (q.json)
			json_page(&body, &v);
		else
			html_page(&body, &v);
		rc = respond("200 OK", q.json, &body, head, 0);
		grouping_free(&groups);
	}
	sync_free(&sync);
	table_free(&t);
	if (clustered)
		cluster_close(&cl);
	else
		redisFree(c);
out:
	buf_free(&body);
	buf_free(&err);
	buf_free(&where);
	if (fclose(stdout) == EOF && rc == 0)
		rc = 74;
	return rc;
}
