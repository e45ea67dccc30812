/* The librdkafka handle and its error reports. */
#include <stdio.h>
#include <string.h>

#include "client.h"

#define NSEEN	8		/* errors remembered, as compared */

static char brokers[1024];
static char seen[NSEEN][512];
static int nseen;
static int all_down;		/* "all brokers down" since one last answered */

rd_kafka_t *
client_new(rd_kafka_type_t type, rd_kafka_conf_t *conf)
{
	rd_kafka_t *rk;
	char err[512];
	size_t n = sizeof(brokers);

	if (rd_kafka_conf_get(conf, "bootstrap.servers", brokers, &n) !=
	    RD_KAFKA_CONF_OK)
		brokers[0] = '\0';
	if ((rk = rd_kafka_new(type, conf, err, sizeof(err))) == NULL) {
		fprintf(stderr, PROG ": %s\n", err);
		rd_kafka_conf_destroy(conf);
	}
	return rk;
}

const char *
client_brokers(void)
{
	return brokers;
}

void
client_error(const struct opts *o, int err, const char *reason)
{
	/* "... failed: Connection refused (after 0ms in state CONNECT)" */
	const char *after = strstr(reason, " (after ");
	size_t n = after != NULL ? (size_t)(after - reason) : strlen(reason);
	int i;

	if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
		all_down = 1;
	if (o->quiet)
		return;
	for (i = 0; i < NSEEN && i < nseen; i++)
		if (strlen(seen[i]) == n && strncmp(seen[i], reason, n) == 0)
			return;
	snprintf(seen[nseen++ % NSEEN], sizeof(seen[0]), "%.*s", (int)n, reason);
	if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
		fprintf(stderr, PROG ": %s (bootstrap.servers %s)\n", reason,
		    brokers);
	else
		fprintf(stderr, PROG ": %s\n", reason);
}

void
client_error_cb(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
	(void)rk;
	client_error(opaque, err, reason);
}

void
client_connected(void)
{
	nseen = 0;
	all_down = 0;
}

rd_kafka_resp_err_t
client_metadata(rd_kafka_t *rk, rd_kafka_topic_t *rkt,
    const struct rd_kafka_metadata **md)
{
	rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR__TIMED_OUT;
	int tries;

	for (tries = 0; tries < 10; tries++) {
		err = rd_kafka_metadata(rk, rkt == NULL, rkt, md, 1000);
		rd_kafka_poll(rk, 0);	/* the error callback */
		if (err == 0 || all_down)
			break;
	}
	return err;
}
