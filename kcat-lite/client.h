/*
 * A librdkafka handle for any mode, and its errors: each reported once
 * (librdkafka repeats a failing connection every few seconds), naming the
 * brokers that were tried.
 */
#ifndef KCAT_CLIENT_H
#define KCAT_CLIENT_H

#include <librdkafka/rdkafka.h>

#include "kcat.h"

/* rd_kafka_new() or a message and NULL; conf is consumed either way. */
rd_kafka_t	*client_new(rd_kafka_type_t, rd_kafka_conf_t *);

/* The bootstrap brokers the handle was given (bootstrap.servers). */
const char	*client_brokers(void);

/*
 * Report an error of librdkafka's error callback, unless it repeats one of
 * the last errors reported since a broker last answered (only the text
 * before " (after ..." counts), or -q.
 * "All brokers down" names the bootstrap brokers.
 */
void	client_error(const struct opts *, int err, const char *reason);

/* client_error() as librdkafka's error callback, the opts its opaque. */
void	client_error_cb(rd_kafka_t *, int err, const char *reason, void *opaque);

/* A broker answered: the next failure is reported again. */
void	client_connected(void);

/*
 * Metadata of one topic, or of all when rkt is NULL: requests of a second
 * for up to ten seconds, until one is answered or librdkafka says every
 * broker is down (a refused connection ends it at once).
 */
rd_kafka_resp_err_t client_metadata(rd_kafka_t *, rd_kafka_topic_t *,
	    const struct rd_kafka_metadata **);

#endif
