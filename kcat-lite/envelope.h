/*
 * The envelope: one Kafka record as one line of JSON, kcat -J compatible
 * (topic, partition, offset, tstype, ts, broker, headers, key, payload).
 * Bytes that are not valid UTF-8 travel base64-encoded, flagged by
 * "key_encoding", "payload_encoding" or "headers_encoding": "base64".
 */
#ifndef KCAT_ENVELOPE_H
#define KCAT_ENVELOPE_H

#include <stddef.h>
#include <stdint.h>

#include <librdkafka/rdkafka.h>

#include "buf.h"

int	env_utf8_valid(const unsigned char *, size_t);
void	env_put_string(struct buf *, const void *, size_t);	/* JSON string */
void	env_put_base64(struct buf *, const void *, size_t);	/* "..." */
/* Decode base64 into out; returns 0, or -1 on a malformed input. */
int	env_base64_decode(struct buf *out, const char *, size_t);

/* Append the envelope of a consumed message and a newline. */
void	env_write(struct buf *, const rd_kafka_message_t *);

/* A parsed envelope (producer side). Pointers stay valid until the next parse. */
struct env_field {
	int	 present;	/* 0: absent or null */
	size_t	 off, len;	/* bytes in env.data */
};

struct envelope {
	struct env_field key, payload;
	int	 has_partition;
	int32_t	 partition;
	int	 nheaders;	/* name/value pairs */
	int	 hcap;
	struct env_field *hname, *hvalue;
	struct buf data;	/* decoded bytes */
	void	*parser;	/* private */
};

/*
 * Parse one envelope line. Returns 0, or -1 with a message in errbuf
 * (invalid JSON, wrong field types, bad base64).
 */
int	env_parse(struct envelope *, const char *, size_t, char *errbuf, size_t);
void	env_free(struct envelope *);

static inline const char *
env_bytes(const struct envelope *e, const struct env_field *f)
{
	return e->data.p != NULL ? e->data.p + f->off : "";
}

#endif
