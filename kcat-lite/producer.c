/*
 * The producer. Every message carries its input position (file, line) as
 * the opaque of its delivery report, so a failure names the line; the run
 * fails when any delivery failed. A first SIGINT or SIGTERM stops reading
 * and waits for the deliveries; a second gives up the records still
 * queued (purged: never delivered) or in flight (delivery unknown),
 * reports them and ends the run at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "config.h"
#include "envelope.h"
#include "line.h"
#include "producer.h"
#include "sig.h"

#define LINE_BITS	40	/* opaque = file index << 40 | line */
#define MAX_REPORTS	10	/* delivery failures printed, then a count */

struct producer {
	const struct opts *o;
	char	**names;	/* input names, by index */
	unsigned long long sent, reports, delivered;
	unsigned long long failed;	/* failed, or given up (purged) */
	unsigned long long purged;	/* of them: given up while queued */
	unsigned long long unknown;	/* of them: given up in flight */
};

static void
dr_cb(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
	struct producer *p = opaque;
	uintptr_t pos = (uintptr_t)m->_private;
	const char *what;

	(void)rk;
	p->reports++;
	if (m->err == 0) {
		p->delivered++;
		client_connected();
		return;
	}
	if (m->err == RD_KAFKA_RESP_ERR__PURGE_QUEUE) {
		p->purged++;
		what = "not delivered (given up at a second signal)";
	} else if (m->err == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT) {
		p->unknown++;
		what = "delivery unknown (in flight when given up)";
	} else
		what = rd_kafka_err2str(m->err);
	if (p->failed++ < MAX_REPORTS)
		fprintf(stderr, PROG ": %s:%llu: %s%s\n",
		    p->names[pos >> LINE_BITS],
		    (unsigned long long)(pos & (((uintptr_t)1 << LINE_BITS) - 1)),
		    m->err == RD_KAFKA_RESP_ERR__PURGE_QUEUE ||
		    m->err == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT ?
		    "" : "delivery failed: ", what);
}

static void
error_cb(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
	struct producer *p = opaque;
	char buf[512];

	if (err == RD_KAFKA_RESP_ERR__FATAL) {
		rd_kafka_fatal_error(rk, buf, sizeof(buf));
		fprintf(stderr, PROG ": fatal: %s\n", buf);
		cmn_stop = -1;
		return;
	}
	client_error(p->o, err, reason);
}

/* Queue one message, waiting while librdkafka's queue is full. */
static int
send1(rd_kafka_t *rk, rd_kafka_topic_t *rkt, int32_t part, const void *key,
    size_t klen, const void *val, size_t vlen, rd_kafka_headers_t *h,
    uintptr_t pos)
{
	rd_kafka_resp_err_t err;

	for (;;) {
		if (h != NULL)
			err = rd_kafka_producev(rk, RD_KAFKA_V_RKT(rkt),
			    RD_KAFKA_V_PARTITION(part),
			    RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
			    RD_KAFKA_V_KEY(key, klen), RD_KAFKA_V_VALUE((void *)val, vlen),
			    RD_KAFKA_V_HEADERS(h), RD_KAFKA_V_OPAQUE((void *)pos),
			    RD_KAFKA_V_END);
		else
			err = rd_kafka_producev(rk, RD_KAFKA_V_RKT(rkt),
			    RD_KAFKA_V_PARTITION(part),
			    RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
			    RD_KAFKA_V_KEY(key, klen), RD_KAFKA_V_VALUE((void *)val, vlen),
			    RD_KAFKA_V_OPAQUE((void *)pos), RD_KAFKA_V_END);
		if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL || cmn_stop)
			break;
		rd_kafka_poll(rk, 100);
	}
	if (err != 0) {
		if (h != NULL)
			rd_kafka_headers_destroy(h);
		return err;
	}
	return 0;
}

static int
produce_file(struct producer *p, rd_kafka_t *rk, rd_kafka_topic_t *rkt,
    int fd, uintptr_t idx)
{
	const struct opts *o = p->o;
	struct envelope env;
	struct lr lr;
	char *line, errbuf[256];
	size_t len;
	int r, status = 0;

	memset(&env, 0, sizeof(env));
	lr_init(&lr, fd);
	while ((r = lr_next(&lr, &line, &len)) == 1) {
		uintptr_t pos = idx << LINE_BITS | (uintptr_t)lr.lineno;
		rd_kafka_headers_t *h = NULL;
		int32_t part = o->partition >= 0 ? o->partition : RD_KAFKA_PARTITION_UA;
		rd_kafka_resp_err_t err;
		int i;

		if (lr.cut) {	/* a writer killed mid-line: never produced */
			fprintf(stderr, PROG ": %s:%llu: no newline at the end: "
			    "the input was cut short, not produced\n",
			    p->names[idx], lr.lineno);
			status = EX_DATA;
			break;
		}
		if (!o->json)
			err = send1(rk, rkt, part, NULL, 0, line, len, NULL, pos);
		else {
			if (len == 0 || strspn(line, " \t\r") == len)
				continue;
			if (env_parse(&env, line, len, errbuf, sizeof(errbuf)) < 0) {
				fprintf(stderr, PROG ": %s:%llu: bad envelope: %s\n",
				    p->names[idx], lr.lineno, errbuf);
				status = EX_DATA;
				continue;
			}
			if (o->keep_partition && o->partition < 0 && env.has_partition)
				part = env.partition;
			if (env.nheaders > 0) {
				h = rd_kafka_headers_new((size_t)env.nheaders);
				for (i = 0; i < env.nheaders; i++)
					rd_kafka_header_add(h,
					    env_bytes(&env, &env.hname[i]),
					    (ssize_t)env.hname[i].len,
					    env.hvalue[i].present ?
					    env_bytes(&env, &env.hvalue[i]) : NULL,
					    (ssize_t)env.hvalue[i].len);
			}
			err = send1(rk, rkt, part,
			    env.key.present ? env_bytes(&env, &env.key) : NULL,
			    env.key.len,
			    env.payload.present ? env_bytes(&env, &env.payload) : NULL,
			    env.payload.len, h, pos);
		}
		if (err != 0) {
			if (cmn_stop)
				break;
			fprintf(stderr, PROG ": %s:%llu: %s\n", p->names[idx],
			    lr.lineno, rd_kafka_err2str(err));
			p->failed++;
			continue;
		}
		p->sent++;
		if ((p->sent & 1023) == 0)
			rd_kafka_poll(rk, 0);
	}
	if (r < 0 && errno == ENOMEM) {	/* the lines before it still go */
		fprintf(stderr, PROG ": %s:%llu: out of memory after %zu bytes of "
		    "the line: not produced, nor the rest of the input\n",
		    p->names[idx], lr.lineno + 1, lr.end - lr.start);
		status = EX_OSERR_;
	} else if (r < 0) {
		fprintf(stderr, PROG ": %s: %s\n", p->names[idx], strerror(errno));
		status = EX_IO;
	} else if (r == 0 && !cmn_stop && o->verbose)
		fprintf(stderr, PROG ": %s: end of input, %llu lines\n",
		    p->names[idx], lr.lineno);
	lr_free(&lr);
	env_free(&env);
	return status;
}

/*
 * Wait until every queued record has its delivery report. A second signal
 * gives up what is left: purged, each one reported by dr_cb as not
 * delivered (queued) or of unknown delivery (in flight).
 */
static void
wait_deliveries(struct producer *p, rd_kafka_t *rk)
{
	int noted = 0, i;

	while (rd_kafka_outq_len(rk) > 0 && cmn_signals < 2) {
		if (cmn_signals == 1 && !noted && !p->o->quiet) {
			fprintf(stderr, PROG ": stopping: waiting for %llu "
			    "deliveries (a second signal gives them up)\n",
			    p->sent - p->reports);
			noted = 1;
		}
		rd_kafka_flush(rk, 100);
	}
	if (rd_kafka_outq_len(rk) == 0)
		return;
	rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
	/* the purged records' reports, already queued: a bounded wait */
	for (i = 0; i < 100 && rd_kafka_outq_len(rk) > 0; i++)
		rd_kafka_poll(rk, 10);
}

int
produce(const struct opts *o)
{
	static char dashname[] = "-", *dash[] = { dashname };
	struct producer p;
	rd_kafka_conf_t *conf;
	rd_kafka_topic_t *rkt;
	rd_kafka_t *rk;
	int i, st, status = 0;

	memset(&p, 0, sizeof(p));
	p.o = o;
	p.names = o->nfiles > 0 ? o->files : dash;
	conf = config_build(o);
	rd_kafka_conf_set_opaque(conf, &p);
	rd_kafka_conf_set_dr_msg_cb(conf, dr_cb);
	rd_kafka_conf_set_error_cb(conf, error_cb);
	if ((rk = client_new(RD_KAFKA_PRODUCER, conf)) == NULL)
		return EX_USAGE_;
	rkt = rd_kafka_topic_new(rk, o->topics[0], NULL);
	for (i = 0; i < (o->nfiles > 0 ? o->nfiles : 1) && !cmn_stop; i++) {
		int fd = STDIN_FILENO;

		if (strcmp(p.names[i], "-") != 0 &&
		    (fd = open(p.names[i], O_RDONLY)) < 0) {
			fprintf(stderr, PROG ": %s: %s\n", p.names[i], strerror(errno));
			status = EX_IO;
			continue;
		}
		st = produce_file(&p, rk, rkt, fd, (uintptr_t)i);
		if (st != 0 && status == 0)
			status = st;
		if (fd != STDIN_FILENO)
			close(fd);
	}
	wait_deliveries(&p, rk);
	rd_kafka_topic_destroy(rkt);
	rd_kafka_destroy(rk);
	if (p.purged > 0)
		fprintf(stderr, PROG ": stopped by a second signal: %llu records "
		    "not delivered\n", p.purged);
	if (p.unknown > 0)
		fprintf(stderr, PROG ": stopped by a second signal: %llu records "
		    "in flight: delivery unknown\n", p.unknown);
	if (p.failed > MAX_REPORTS && p.failed > p.purged + p.unknown)
		fprintf(stderr, PROG ": %llu deliveries failed\n",
		    p.failed - p.purged - p.unknown);
	if (o->verbose)
		fprintf(stderr, PROG ": %llu messages delivered\n", p.delivered);
	if (p.failed > 0)
		status = EX_UNAVAIL;
	return status;
}
