/*
 * The consumer. Messages are formatted into one buffer that is written to
 * stdout when it is large or when no message arrived for a moment (idle).
 * In group mode an offset is stored for commit only once the message's
 * envelope was written, and never after stdout failed.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "checkpoint.h"
#include "client.h"
#include "config.h"
#include "consumer.h"
#include "envelope.h"
#include "num.h"
#include "sig.h"

#define OUT_HIGH	(256 * 1024)	/* write when the buffer holds this */
#define BATCH		1024		/* messages per queue read */
#define WAIT_MS		200		/* longest block (signal latency) */

struct part {
	char	*topic;
	int32_t	 partition;
	int	 assigned;
	int	 eof;		/* at the end (or past e@ts): counts for -e */
	int	 past_end_ts;	/* a record at or after e@ts was seen */
	int64_t	 written;	/* next offset, of records in out; -1 none */
	int64_t	 stored;	/* next offset, of records flushed */
};

struct consumer {
	const struct opts *o;
	rd_kafka_t *rk;
	struct buf out;
	struct part *parts;
	int	 nparts;
	int	 nassigned, neof;
	int	 dead;		/* stdout failed: write and store nothing */
	int	 down;		/* a broker was reported down since the last record */
	char	*poke_topic;	/* the partition of the last full batch */
	int32_t	 poke_partition;
	int	 status;
	long long nmsgs;
	int64_t	 end_ts;	/* e@ts, else -1 */
	struct ckpt_set resume;
};

static struct part *
part_get(struct consumer *c, const char *topic, int32_t partition)
{
	static struct part *last;
	struct part *p;
	int i;

	if (last != NULL && last->partition == partition &&
	    strcmp(last->topic, topic) == 0)
		return last;
	for (i = 0; i < c->nparts; i++) {
		p = &c->parts[i];
		if (p->partition == partition && strcmp(p->topic, topic) == 0)
			return last = p;
	}
	c->parts = cmn_xrealloc(c->parts, (size_t)(c->nparts + 1) * sizeof(*p));
	p = &c->parts[c->nparts++];
	memset(p, 0, sizeof(*p));
	p->topic = cmn_xstrdup(topic);
	p->partition = partition;
	p->written = p->stored = -1;
	last = NULL;		/* the array moved */
	return p;
}

/* Tell librdkafka which offsets may be committed (flushed records only). */
static void
store_offsets(struct consumer *c)
{
	rd_kafka_topic_partition_list_t *l;
	rd_kafka_resp_err_t err;
	int i;

	if (c->o->group == NULL || c->dead)
		return;
	l = rd_kafka_topic_partition_list_new(4);
	for (i = 0; i < c->nparts; i++) {
		struct part *p = &c->parts[i];

		if (p->assigned && p->written > p->stored) {
			rd_kafka_topic_partition_list_add(l, p->topic,
			    p->partition)->offset = p->written;
			p->stored = p->written;
		}
	}
	if (l->cnt > 0 && (err = rd_kafka_offsets_store(c->rk, l)) != 0 &&
	    !c->o->quiet)
		fprintf(stderr, PROG ": storing offsets: %s\n",
		    rd_kafka_err2str(err));
	rd_kafka_topic_partition_list_destroy(l);
}

/* Write out the buffer; then its records' offsets may be committed. */
static int
flush_out(struct consumer *c)
{
	size_t off = 0;

	if (c->dead)
		return -1;
	while (off < c->out.len) {
		ssize_t n = write(STDOUT_FILENO, c->out.p + off, c->out.len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			if (errno != EPIPE || !c->o->quiet)
				fprintf(stderr, PROG ": stdout: %s\n", strerror(errno));
			c->dead = 1;
			c->status = EX_IO;
			c->out.len = 0;
			return -1;
		}
		off += (size_t)n;
	}
	c->out.len = 0;
	store_offsets(c);
	return 0;
}

static void
mark_eof(struct consumer *c, struct part *p)
{
	if (!p->eof && p->assigned) {
		p->eof = 1;
		c->neof++;
	}
}

/* Set the start offsets of a new assignment: --resume, else as given. */
static void
apply_resume(struct consumer *c, rd_kafka_topic_partition_list_t *l)
{
	int i;

	for (i = 0; i < l->cnt; i++) {
		rd_kafka_topic_partition_t *tp = &l->elems[i];
		int64_t at = ckpt_find(&c->resume, tp->topic, tp->partition);

		if (at != INT64_MIN) {
			tp->offset = at + 1;
			if (c->o->verbose)
				fprintf(stderr, PROG ": %s [%" PRId32 "]: resuming "
				    "at offset %" PRId64 "\n", tp->topic,
				    tp->partition, tp->offset);
		}
	}
}

static void
set_assigned(struct consumer *c, rd_kafka_topic_partition_list_t *l, int on)
{
	int i;

	for (i = 0; i < l->cnt; i++) {
		struct part *p = part_get(c, l->elems[i].topic, l->elems[i].partition);

		if (p->assigned == on)
			continue;
		p->assigned = on;
		c->nassigned += on ? 1 : -1;
		if (p->eof)
			c->neof--;
		p->eof = 0;
		p->written = p->stored = -1;
		if (c->o->verbose)
			fprintf(stderr, PROG ": %s %s [%" PRId32 "]\n",
			    on ? "assigned" : "revoked", p->topic, p->partition);
	}
}

static void
rebalance_cb(rd_kafka_t *rk, rd_kafka_resp_err_t err,
    rd_kafka_topic_partition_list_t *l, void *opaque)
{
	struct consumer *c = opaque;
	int coop = strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
	rd_kafka_error_t *e = NULL;
	rd_kafka_resp_err_t cerr;

	if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
		apply_resume(c, l);
		set_assigned(c, l, 1);
		if (coop)
			e = rd_kafka_incremental_assign(rk, l);
		else
			rd_kafka_assign(rk, l);
	} else {
		/* Hand over only what is written, with its offsets committed. */
		if (flush_out(c) == 0 && (cerr = rd_kafka_commit(rk, NULL, 0)) != 0 &&
		    cerr != RD_KAFKA_RESP_ERR__NO_OFFSET && !c->o->quiet)
			fprintf(stderr, PROG ": commit: %s\n", rd_kafka_err2str(cerr));
		set_assigned(c, l, 0);
		if (coop)
			e = rd_kafka_incremental_unassign(rk, l);
		else
			rd_kafka_assign(rk, NULL);
	}
	if (e != NULL) {
		fprintf(stderr, PROG ": rebalance: %s\n", rd_kafka_error_string(e));
		rd_kafka_error_destroy(e);
	}
}

static void
error_cb(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
	struct consumer *c = opaque;
	char buf[512];

	if (err == RD_KAFKA_RESP_ERR__FATAL) {
		rd_kafka_fatal_error(rk, buf, sizeof(buf));
		fprintf(stderr, PROG ": fatal: %s\n", buf);
		c->status = EX_UNAVAIL;
		cmn_stop = -1;
		return;
	}
	if (err == RD_KAFKA_RESP_ERR__TRANSPORT ||
	    err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
		c->down = 1;
	client_error(c->o, err, reason);
}

int
consumer_check_offset(const struct opts *o)
{
	const char *s = o->offset, *err;
	long long min = -INT64_MAX;

	if (s != NULL && strcmp(s, "stored") == 0)
		return o->group != NULL ? 0 : -1;
	if (s == NULL || strcmp(s, "beginning") == 0 ||
	    strcmp(s, "end") == 0)
		return 0;
	if (o->group != NULL)
		return -1;	/* a group starts at committed offsets */
	if (strncmp(s, "s@", 2) == 0 || strncmp(s, "e@", 2) == 0) {
		s += 2;
		min = 0;	/* a timestamp: librdkafka reads -1, -2 as end, start */
	}
	cmn_strtonum(s, min, INT64_MAX, &err);
	return err == NULL ? 0 : -1;
}

/* The start offset for -o (without a group), or INT64_MIN for s@ts. */
static int64_t
start_offset(const char *s)
{
	const char *err;
	long long v;

	if (s == NULL || strcmp(s, "beginning") == 0)	/* as kcat */
		return RD_KAFKA_OFFSET_BEGINNING;
	if (strcmp(s, "end") == 0)
		return RD_KAFKA_OFFSET_END;
	if (strcmp(s, "stored") == 0)
		return RD_KAFKA_OFFSET_STORED;
	if (strncmp(s, "s@", 2) == 0)
		return INT64_MIN;
	if (strncmp(s, "e@", 2) == 0)
		return RD_KAFKA_OFFSET_BEGINNING;
	v = cmn_strtonum(s, -INT64_MAX, INT64_MAX, &err);
	return v < 0 ? RD_KAFKA_OFFSET_TAIL(-v) : v;
}

/* Without a group: every partition of every topic (or -p), by metadata. */
static int
assign_all(struct consumer *c)
{
	const struct opts *o = c->o;
	rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(8);
	int64_t start = start_offset(o->offset);
	rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR__TIMED_OUT;
	int i, j, tries;

	for (i = 0; i < o->ntopics; i++) {
		rd_kafka_topic_t *rkt = rd_kafka_topic_new(c->rk, o->topics[i], NULL);
		const struct rd_kafka_metadata *md = NULL;

		for (tries = 0; tries < 50 && !cmn_stop; tries++) {
			err = rd_kafka_metadata(c->rk, 0, rkt, &md, 5000);
			if (err == 0 && (err = md->topics[0].err) == 0 &&
			    md->topics[0].partition_cnt > 0)
				break;
			if (md != NULL)
				rd_kafka_metadata_destroy(md);
			md = NULL;
			if (err == RD_KAFKA_RESP_ERR__TRANSPORT ||
			    err == RD_KAFKA_RESP_ERR__TIMED_OUT || tries > 20)
				break;
			usleep(200 * 1000);	/* a topic being created */
		}
		rd_kafka_topic_destroy(rkt);
		if (md == NULL) {
			fprintf(stderr, PROG ": %s: no metadata from %s: %s\n",
			    o->topics[i], client_brokers(), rd_kafka_err2str(err));
			rd_kafka_topic_partition_list_destroy(l);
			return EX_UNAVAIL;
		}
		for (j = 0; j < md->topics[0].partition_cnt; j++) {
			int32_t id = md->topics[0].partitions[j].id;

			if (o->partition < 0 || o->partition == id)
				rd_kafka_topic_partition_list_add(l,
				    o->topics[i], id)->offset = start;
		}
		rd_kafka_metadata_destroy(md);
	}
	if (l->cnt == 0) {
		fprintf(stderr, PROG ": partition %" PRId32 " not found\n",
		    o->partition);
		rd_kafka_topic_partition_list_destroy(l);
		return EX_UNAVAIL;
	}
	if (start == INT64_MIN) {	/* s@ts: the first offset at or after ts */
		int64_t ts = strtoll(o->offset + 2, NULL, 10);

		for (i = 0; i < l->cnt; i++)
			l->elems[i].offset = ts;
		err = rd_kafka_offsets_for_times(c->rk, l, 10000);
		if (err != 0) {
			fprintf(stderr, PROG ": offsets for times: %s\n",
			    rd_kafka_err2str(err));
			rd_kafka_topic_partition_list_destroy(l);
			return EX_UNAVAIL;
		}
		for (i = 0; i < l->cnt; i++)
			if (l->elems[i].offset < 0)
				l->elems[i].offset = RD_KAFKA_OFFSET_END;
	}
	apply_resume(c, l);
	set_assigned(c, l, 1);
	err = rd_kafka_assign(c->rk, l);
	rd_kafka_topic_partition_list_destroy(l);
	if (err != 0) {
		fprintf(stderr, PROG ": assign: %s\n", rd_kafka_err2str(err));
		return EX_UNAVAIL;
	}
	return 0;
}

/* One message or event. Returns 1 when the run is complete. */
static int
handle(struct consumer *c, rd_kafka_message_t *m)
{
	const char *topic = m->rkt ? rd_kafka_topic_name(m->rkt) : "";
	struct part *p;

	if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
		p = part_get(c, topic, m->partition);
		if (c->o->verbose)
			fprintf(stderr, PROG ": %s [%" PRId32 "]: end at offset "
			    "%" PRId64 "\n", topic, m->partition, m->offset);
		mark_eof(c, p);
		return c->neof == c->nassigned && c->nassigned > 0;
	}
	if (m->err != 0) {
		int fatal = m->err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC ||
		    m->err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART ||
		    m->err == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION ||
		    m->err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED ||
		    m->err == RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED;

		if (fatal || !c->o->quiet)	/* else librdkafka retries */
			fprintf(stderr, PROG ": %s [%" PRId32 "]: %s\n", topic,
			    m->partition, rd_kafka_message_errstr(m));
		if (fatal)
			c->status = EX_UNAVAIL;
		return fatal;
	}
	c->down = 0;			/* a broker answers again */
	client_connected();
	p = part_get(c, topic, m->partition);
	if (c->end_ts >= 0) {
		rd_kafka_timestamp_type_t tt;

		if (p->past_end_ts)
			return 0;	/* past e@ts already */
		if (rd_kafka_message_timestamp(m, &tt) >= c->end_ts) {
			p->past_end_ts = 1;
			mark_eof(c, p);
			return c->neof == c->nassigned;
		}
	}
	if (p->eof) {			/* new data after the end */
		p->eof = 0;
		c->neof--;
	}
	env_write(&c->out, m);
	p->written = m->offset + 1;
	if (c->o->count > 0 && ++c->nmsgs >= c->o->count)
		return 1;
	return 0;
}

/*
 * librdkafka 2.0 stops fetching while the consumer queue is full and looks
 * again only when its broker thread wakes up, up to a second later, even
 * though the queue was drained long before. A request to the broker wakes
 * it: after a full batch was followed by an empty queue, ask for the
 * watermarks of the partition the batch came from (a local round trip).
 */
static void
poke_fetcher(struct consumer *c)
{
	int64_t lo, hi;

	if (c->poke_topic == NULL)
		return;
	/* librdkafka 2.0 can wait forever for a broker that went away */
	if (!c->down)
		rd_kafka_query_watermark_offsets(c->rk, c->poke_topic,
		    c->poke_partition, &lo, &hi, 1000);
	free(c->poke_topic);
	c->poke_topic = NULL;
}

int
consume(const struct opts *o)
{
	struct consumer c;
	rd_kafka_conf_t *conf;
	rd_kafka_queue_t *q;
	rd_kafka_message_t *msgs[BATCH];
	int i, done = 0;

	memset(&c, 0, sizeof(c));
	c.o = o;
	c.end_ts = -1;
	if (o->offset != NULL && strncmp(o->offset, "e@", 2) == 0)
		c.end_ts = strtoll(o->offset + 2, NULL, 10);
	if (o->resume != NULL && (i = ckpt_read(&c.resume, o->resume)) < 0)
		return i == -2 ? EX_IO : EX_DATA;
	conf = config_build(o);
	rd_kafka_conf_set_opaque(conf, &c);
	rd_kafka_conf_set_error_cb(conf, error_cb);
	if (o->group != NULL) {
		rd_kafka_conf_set_rebalance_cb(conf, rebalance_cb);
		if (o->offset != NULL && strcmp(o->offset, "stored") != 0)
			config_set(conf, "auto.offset.reset",
			    strcmp(o->offset, "end") == 0 ? "latest" : "earliest");
	}
	if (o->group == NULL) {
		/*
		 * librdkafka's consumer API needs a group id even to assign
		 * partitions by hand; this one never joins and never commits.
		 */
		config_set(conf, "group.id", PROG "-nogroup");
		config_set(conf, "enable.auto.commit", "false");
	}
	if ((c.rk = client_new(RD_KAFKA_CONSUMER, conf)) == NULL) {
		ckpt_free(&c.resume);
		return EX_USAGE_;
	}
	rd_kafka_poll_set_consumer(c.rk);
	if (o->group != NULL) {
		rd_kafka_topic_partition_list_t *l =
		    rd_kafka_topic_partition_list_new(o->ntopics);
		rd_kafka_resp_err_t e;

		for (i = 0; i < o->ntopics; i++)
			rd_kafka_topic_partition_list_add(l, o->topics[i],
			    RD_KAFKA_PARTITION_UA);
		e = rd_kafka_subscribe(c.rk, l);
		rd_kafka_topic_partition_list_destroy(l);
		if (e != 0) {
			fprintf(stderr, PROG ": subscribe: %s\n", rd_kafka_err2str(e));
			c.status = EX_UNAVAIL;
			done = 1;
		}
	} else if ((c.status = assign_all(&c)) != 0)
		done = 1;

	q = rd_kafka_queue_get_consumer(c.rk);
	/*
	 * Take what is queued without waiting; when nothing is, flush and
	 * wait for the next record alone. A lone record goes out at once, a
	 * busy stream in full batches and large writes.
	 */
	while (q != NULL && !done && !cmn_stop && !c.dead) {
		ssize_t n = rd_kafka_consume_batch_queue(q, 0, msgs, BATCH);

		if (n == 0) {
			flush_out(&c);
			poke_fetcher(&c);
			if ((msgs[0] = rd_kafka_consume_queue(q, WAIT_MS)) == NULL)
				continue;
			n = 1;
		}
		if (n < 0) {
			fprintf(stderr, PROG ": consume: %s\n",
			    rd_kafka_err2str(rd_kafka_last_error()));
			c.status = EX_UNAVAIL;
			break;
		}
		if (n == BATCH && msgs[n - 1]->rkt != NULL) {
			free(c.poke_topic);
			c.poke_topic = cmn_xstrdup(rd_kafka_topic_name(msgs[n - 1]->rkt));
			c.poke_partition = msgs[n - 1]->partition;
		}
		for (i = 0; i < n; i++) {
			if (!done && !c.dead)
				done = handle(&c, msgs[i]);
			rd_kafka_message_destroy(msgs[i]);
			if (c.out.len >= OUT_HIGH)	/* bounded, even for big records */
				flush_out(&c);
		}
	}
	flush_out(&c);
	if (q != NULL)
		rd_kafka_queue_destroy(q);
	if (cmn_stop > 0) {	/* a second signal ends a close that hangs */
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
	}
	if (o->verbose)
		fprintf(stderr, PROG ": closing the consumer\n");
	rd_kafka_consumer_close(c.rk);
	rd_kafka_destroy(c.rk);
	for (i = 0; i < c.nparts; i++)
		free(c.parts[i].topic);
	free(c.parts);
	buf_free(&c.out);
	free(c.poke_topic);
	ckpt_free(&c.resume);
	return c.status;
}
