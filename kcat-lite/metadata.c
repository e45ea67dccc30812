/*
 * -L: one metadata request, for every topic or for the one -t names,
 * printed in kcat -L's text or, with -J, its JSON (one line). A topic or
 * partition that comes back with an error is printed with it and makes
 * the exit status 69.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "client.h"
#include "config.h"
#include "envelope.h"
#include "metadata.h"

static void
put_str(struct buf *b, const char *s)
{
	env_put_string(b, s, strlen(s));
}

/* "1,2,3" (text) or [{"id":1},...] (JSON) */
static void
put_ids(struct buf *b, const int32_t *ids, int n, int json)
{
	int i;

	if (json)
		buf_addc(b, '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(b, ',');
		if (json)
			buf_adds(b, "{\"id\":");
		buf_addi(b, ids[i]);
		if (json)
			buf_addc(b, '}');
	}
	if (json)
		buf_addc(b, ']');
}

static void
text(struct buf *b, const struct rd_kafka_metadata *md, const char *topic,
    int32_t controller)
{
	char line[512];
	int i, j;

	snprintf(line, sizeof(line), "Metadata for %s (from broker %" PRId32
	    ": %s):\n %d brokers:\n", topic != NULL ? topic : "all topics",
	    md->orig_broker_id, md->orig_broker_name, md->broker_cnt);
	buf_adds(b, line);
	for (i = 0; i < md->broker_cnt; i++) {
		snprintf(line, sizeof(line), "  broker %" PRId32 " at %s:%d%s\n",
		    md->brokers[i].id, md->brokers[i].host, md->brokers[i].port,
		    md->brokers[i].id == controller ? " (controller)" : "");
		buf_adds(b, line);
	}
	snprintf(line, sizeof(line), " %d topics:\n", md->topic_cnt);
	buf_adds(b, line);
	for (i = 0; i < md->topic_cnt; i++) {
		const rd_kafka_metadata_topic_t *t = &md->topics[i];

		buf_adds(b, "  topic \"");
		buf_adds(b, t->topic);
		snprintf(line, sizeof(line), "\" with %d partitions:", t->partition_cnt);
		buf_adds(b, line);
		if (t->err != 0) {
			buf_addc(b, ' ');
			buf_adds(b, rd_kafka_err2str(t->err));
		}
		buf_addc(b, '\n');
		for (j = 0; j < t->partition_cnt; j++) {
			const rd_kafka_metadata_partition_t *p = &t->partitions[j];

			snprintf(line, sizeof(line), "    partition %" PRId32
			    ", leader %" PRId32 ", replicas: ", p->id, p->leader);
			buf_adds(b, line);
			put_ids(b, p->replicas, p->replica_cnt, 0);
			buf_adds(b, ", isrs: ");
			put_ids(b, p->isrs, p->isr_cnt, 0);
			if (p->err != 0) {
				buf_adds(b, ", ");
				buf_adds(b, rd_kafka_err2str(p->err));
			}
			buf_addc(b, '\n');
		}
	}
}

static void
json(struct buf *b, const struct rd_kafka_metadata *md, const char *topic,
    int32_t controller)
{
	int i, j;

	buf_adds(b, "{\"originating_broker\":{\"id\":");
	buf_addi(b, md->orig_broker_id);
	buf_adds(b, ",\"name\":");
	put_str(b, md->orig_broker_name);
	buf_adds(b, "},\"query\":{\"topic\":");
	put_str(b, topic != NULL ? topic : "*");
	buf_adds(b, "},\"controllerid\":");
	buf_addi(b, controller);
	buf_adds(b, ",\"brokers\":[");
	for (i = 0; i < md->broker_cnt; i++) {
		char name[300];

		snprintf(name, sizeof(name), "%s:%d", md->brokers[i].host,
		    md->brokers[i].port);
		buf_adds(b, i > 0 ? ",{\"id\":" : "{\"id\":");
		buf_addi(b, md->brokers[i].id);
		buf_adds(b, ",\"name\":");
		put_str(b, name);
		buf_addc(b, '}');
	}
	buf_adds(b, "],\"topics\":[");
	for (i = 0; i < md->topic_cnt; i++) {
		const rd_kafka_metadata_topic_t *t = &md->topics[i];

		buf_adds(b, i > 0 ? ",{\"topic\":" : "{\"topic\":");
		put_str(b, t->topic);
		if (t->err != 0) {
			buf_adds(b, ",\"error\":");
			put_str(b, rd_kafka_err2str(t->err));
		}
		buf_adds(b, ",\"partitions\":[");
		for (j = 0; j < t->partition_cnt; j++) {
			const rd_kafka_metadata_partition_t *p = &t->partitions[j];

			buf_adds(b, j > 0 ? ",{\"partition\":" : "{\"partition\":");
			buf_addi(b, p->id);
			if (p->err != 0) {
				buf_adds(b, ",\"error\":");
				put_str(b, rd_kafka_err2str(p->err));
			}
			buf_adds(b, ",\"leader\":");
			buf_addi(b, p->leader);
			buf_adds(b, ",\"replicas\":");
			put_ids(b, p->replicas, p->replica_cnt, 1);
			buf_adds(b, ",\"isrs\":");
			put_ids(b, p->isrs, p->isr_cnt, 1);
			buf_addc(b, '}');
		}
		buf_adds(b, "]}");
	}
	buf_adds(b, "]}\n");
}

int
metadata_out(const struct buf *b)
{
	if ((b->len > 0 && fwrite(b->p, 1, b->len, stdout) != b->len) ||
	    fclose(stdout) != 0) {
		fprintf(stderr, PROG ": stdout: %s\n", strerror(errno));
		return EX_IO;
	}
	return 0;
}

int
list_metadata(const struct opts *o)
{
	const struct rd_kafka_metadata *md;
	const char *topic = o->ntopics > 0 ? o->topics[0] : NULL;
	rd_kafka_conf_t *conf = config_build(o);
	rd_kafka_topic_t *rkt = NULL;
	rd_kafka_resp_err_t err;
	rd_kafka_t *rk;
	struct buf b = { 0 };
	int i, j, status = 0;

	rd_kafka_conf_set_opaque(conf, (void *)o);
	rd_kafka_conf_set_error_cb(conf, client_error_cb);
	if ((rk = client_new(RD_KAFKA_PRODUCER, conf)) == NULL)
		return EX_USAGE_;
	if (topic != NULL)
		rkt = rd_kafka_topic_new(rk, topic, NULL);
	if ((err = client_metadata(rk, rkt, &md)) != 0) {
		fprintf(stderr, PROG ": no metadata from %s: %s\n",
		    client_brokers(), rd_kafka_err2str(err));
		status = EX_UNAVAIL;
	} else {
		(o->json ? json : text)(&b, md, topic,
		    rd_kafka_controllerid(rk, 0));
		for (i = 0; i < md->topic_cnt; i++) {
			if (md->topics[i].err != 0)
				status = EX_UNAVAIL;
			for (j = 0; j < md->topics[i].partition_cnt; j++)
				if (md->topics[i].partitions[j].err != 0)
					status = EX_UNAVAIL;
		}
		rd_kafka_metadata_destroy(md);
		if ((i = metadata_out(&b)) != 0)
			status = i;
	}
	buf_free(&b);
	if (rkt != NULL)
		rd_kafka_topic_destroy(rkt);
	rd_kafka_destroy(rk);
	return status;
}
