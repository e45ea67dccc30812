/*
 * -Q: for each -t topic:partition:timestamp (milliseconds; -1 the end, -2
 * the beginning, as kcat), the offset of the first record whose timestamp
 * is at or after it, or -1 when there is none. Printed as kcat -Q does:
 * "topic [partition] offset N" lines or, with -J, one JSON object keyed by
 * topic, then partition. A partition that comes back with an error is
 * printed with it and makes the exit status 69.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "client.h"
#include "config.h"
#include "envelope.h"
#include "metadata.h"
#include "num.h"
#include "query.h"

#define TIMEOUT_MS	10000

/*
 * Split "topic:partition:timestamp". Topic names cannot hold ':', so the
 * first colon ends the topic. Returns 0, or -1 with *why set.
 */
static int
split(const char *s, char *topic, size_t tlen, int32_t *part, int64_t *ts,
    const char **why)
{
	const char *c1 = strchr(s, ':'), *c2, *err;
	char num[32];
	size_t n;

	*why = "-t: expected topic:partition:timestamp";
	if (c1 == NULL || c1 == s || (c2 = strchr(c1 + 1, ':')) == NULL)
		return -1;
	if ((n = (size_t)(c1 - s)) >= tlen)
		return -1;
	memcpy(topic, s, n);
	topic[n] = '\0';
	if ((n = (size_t)(c2 - c1 - 1)) >= sizeof(num))
		n = sizeof(num) - 1;	/* too long: invalid below anyway */
	memcpy(num, c1 + 1, n);
	num[n] = '\0';
	*part = (int32_t)cmn_strtonum(num, 0, INT32_MAX, &err);
	if (err != NULL) {
		*why = "-t: bad partition in topic:partition:timestamp";
		return -1;
	}
	*ts = cmn_strtonum(c2 + 1, -2, INT64_MAX, &err);
	if (err != NULL) {
		*why = "-t: bad timestamp in topic:partition:timestamp "
		    "(milliseconds, -1 end, -2 beginning)";
		return -1;
	}
	return 0;
}

/* The list to ask for, sorted by topic then partition; NULL on misuse. */
static rd_kafka_topic_partition_list_t *
build(const struct opts *o, const char **why)
{
	rd_kafka_topic_partition_list_t *l =
	    rd_kafka_topic_partition_list_new(o->ntopics);
	char topic[256];
	int32_t part;
	int64_t ts;
	int i;

	for (i = 0; i < o->ntopics; i++) {
		if (split(o->topics[i], topic, sizeof(topic), &part, &ts, why) < 0)
			break;
		if (rd_kafka_topic_partition_list_find(l, topic, part) != NULL) {
			*why = "-t: a partition given twice";
			break;
		}
		rd_kafka_topic_partition_list_add(l, topic, part)->offset = ts;
	}
	if (i < o->ntopics) {
		rd_kafka_topic_partition_list_destroy(l);
		return NULL;
	}
	rd_kafka_topic_partition_list_sort(l, NULL, NULL);
	return l;
}

const char *
query_check(const struct opts *o)
{
	rd_kafka_topic_partition_list_t *l;
	const char *why = NULL;

	if ((l = build(o, &why)) != NULL)
		rd_kafka_topic_partition_list_destroy(l);
	return l != NULL ? NULL : why;
}

static void
text(struct buf *b, const rd_kafka_topic_partition_list_t *l)
{
	char line[512];
	int i;

	for (i = 0; i < l->cnt; i++) {
		const rd_kafka_topic_partition_t *p = &l->elems[i];

		if (p->err != 0)
			snprintf(line, sizeof(line), "%s [%" PRId32 "]: %s\n",
			    p->topic, p->partition, rd_kafka_err2str(p->err));
		else
			snprintf(line, sizeof(line), "%s [%" PRId32 "] offset %"
			    PRId64 "\n", p->topic, p->partition, p->offset);
		buf_adds(b, line);
	}
}

/* {"t":{"topic":"t","0":{"partition":0,"offset":5},...},...} */
static void
json(struct buf *b, const rd_kafka_topic_partition_list_t *l)
{
	char num[16];
	int i;

	buf_addc(b, '{');
	for (i = 0; i < l->cnt; i++) {
		const rd_kafka_topic_partition_t *p = &l->elems[i];

		if (i == 0 || strcmp(p->topic, l->elems[i - 1].topic) != 0) {
			if (i > 0)
				buf_adds(b, "},");
			env_put_string(b, p->topic, strlen(p->topic));
			buf_adds(b, ":{\"topic\":");
			env_put_string(b, p->topic, strlen(p->topic));
		}
		snprintf(num, sizeof(num), "%" PRId32, p->partition);
		buf_adds(b, ",\"");
		buf_adds(b, num);
		buf_adds(b, "\":{\"partition\":");
		buf_addi(b, p->partition);
		if (p->err != 0) {
			buf_adds(b, ",\"error\":");
			env_put_string(b, rd_kafka_err2str(p->err),
			    strlen(rd_kafka_err2str(p->err)));
		} else {
			buf_adds(b, ",\"offset\":");
			buf_addi(b, p->offset);
		}
		buf_addc(b, '}');
	}
	buf_adds(b, l->cnt > 0 ? "}}\n" : "}\n");
}

int
query_offsets(const struct opts *o)
{
	rd_kafka_topic_partition_list_t *l;
	const struct rd_kafka_metadata *md;
	rd_kafka_conf_t *conf;
	rd_kafka_resp_err_t err;
	rd_kafka_t *rk;
	struct buf b = { 0 };
	const char *why;
	int i, status = 0, perr = 0;

	if ((l = build(o, &why)) == NULL)
		return EX_USAGE_;	/* query_check said so */
	conf = config_build(o);
	rd_kafka_conf_set_opaque(conf, (void *)o);
	rd_kafka_conf_set_error_cb(conf, client_error_cb);
	if ((rk = client_new(RD_KAFKA_PRODUCER, conf)) == NULL) {
		rd_kafka_topic_partition_list_destroy(l);
		return EX_USAGE_;
	}
	/* a broker answers first: a refused connection fails at once */
	if ((err = client_metadata(rk, NULL, &md)) == 0) {
		rd_kafka_metadata_destroy(md);
		err = rd_kafka_offsets_for_times(rk, l, TIMEOUT_MS);
	}
	for (i = 0; i < l->cnt; i++)
		if (l->elems[i].err != 0 &&
		    l->elems[i].err != RD_KAFKA_RESP_ERR__IN_PROGRESS)
			perr = 1;	/* an answer about this partition */
	if (err != 0 && !perr) {	/* no answer at all */
		fprintf(stderr, PROG ": no offsets from %s: %s\n",
		    client_brokers(), rd_kafka_err2str(err));
		status = EX_UNAVAIL;
	} else {
		(o->json ? json : text)(&b, l);
		status = perr ? EX_UNAVAIL : 0;
		if ((i = metadata_out(&b)) != 0)
			status = i;
	}
	buf_free(&b);
	rd_kafka_topic_partition_list_destroy(l);
	rd_kafka_destroy(rk);
	return status;
}
