/* kcat -J envelopes: the Kafka position and the payload they carry. */
#ifndef CANAL2OPS_ENVELOPE_H
#define CANAL2OPS_ENVELOPE_H

#include "buf.h"
#include "record.h"

struct envelope {
	struct buf	 topic;		/* decoded, not NUL-ended */
	long long	 partition;
	long long	 offset;
	int		 has_pos;	/* topic, partition and offset all there */
	int		 tombstone;	/* "payload": null */
	struct buf	 payload;	/* the decoded message value */
};

/*
 * Read the envelope members of r (record_is_envelope(r)): the position,
 * and the payload, JSON-unescaped and, with "payload_encoding":"base64",
 * base64-decoded. Returns NULL or the reason it is a bad record; the
 * position is filled in as far as it could be read either way.
 */
const char	*envelope_read(struct envelope *, const struct record *r);
void		 envelope_free(struct envelope *);

/* Decode base64 (padding optional). Returns 0, or -1 on a bad character. */
int	base64_decode(struct buf *, const char *, size_t);

#endif
