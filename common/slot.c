/* Redis Cluster hash slots: CRC16 of the key (or of its {hash tag}). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "slot.h"

static uint16_t crc_table[256];

static void
crc_init(void)
{
	unsigned i, j;

	for (i = 0; i < 256; i++) {
		uint16_t c = (uint16_t)(i << 8);

		for (j = 0; j < 8; j++)
			c = (uint16_t)(c & 0x8000 ? (c << 1) ^ 0x1021 : c << 1);
		crc_table[i] = c;
	}
}

uint16_t
slot_crc16(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	uint16_t crc = 0;

	if (crc_table[1] == 0)
		crc_init();
	while (n-- > 0)
		crc = (uint16_t)((crc << 8) ^ crc_table[((crc >> 8) ^ *s++) & 0xff]);
	return crc;
}

int
slot_of_key(const char *k, size_t n)
{
	const char *open, *close;

	open = memchr(k, '{', n);
	if (open != NULL) {
		size_t rest = n - (size_t)(open + 1 - k);

		close = memchr(open + 1, '}', rest);
		if (close != NULL && close > open + 1)
			return slot_crc16(open + 1, (size_t)(close - open - 1)) &
			    (SLOT_COUNT - 1);
	}
	return slot_crc16(k, n) & (SLOT_COUNT - 1);
}

/* The slot of arguments first, first + step, ... */
static int
slot_of_args(const struct ops_argv *av, int first, int step)
{
	int i, s = SLOT_NONE;

	for (i = first; i < av->argc; i += step) {
		int t = slot_of_key(ops_arg(av, i), av->len[i]);

		if (s == SLOT_NONE)
			s = t;
		else if (s != t)
			return SLOT_CROSS;
	}
	return s;
}

int
slot_of_cmd(const struct ops_argv *av)
{
	const char *name = ops_arg(av, 0);

	if (av->argc < 2 || strcasecmp(name, "PING") == 0)
		return SLOT_NONE;
	if (strcasecmp(name, "DEL") == 0 || strcasecmp(name, "UNLINK") == 0)
		return slot_of_args(av, 1, 1);
	if (strcasecmp(name, "MSET") == 0)
		return slot_of_args(av, 1, 2);
	return slot_of_key(ops_arg(av, 1), av->len[1]);
}

int
slot_redirect(const char *s, int *slot, char *host, size_t hostlen, int *port)
{
	int kind;
	const char *p, *colon;
	char *end;
	long v;
	size_t n;

	if (strncmp(s, "MOVED ", 6) == 0) {
		kind = SLOT_REDIR_MOVED;
		p = s + 6;
	} else if (strncmp(s, "ASK ", 4) == 0) {
		kind = SLOT_REDIR_ASK;
		p = s + 4;
	} else
		return SLOT_REDIR_NONE;
	v = strtol(p, &end, 10);
	if (end == p || *end != ' ' || v < 0 || v >= SLOT_COUNT)
		return SLOT_REDIR_NONE;
	*slot = (int)v;
	p = end + 1;
	n = strcspn(p, " ");
	colon = NULL;
	for (end = (char *)p; end < p + n; end++)	/* the last colon */
		if (*end == ':')
			colon = end;
	if (colon == NULL)
		return SLOT_REDIR_NONE;
	v = strtol(colon + 1, &end, 10);
	if (end == colon + 1 || v < 1 || v > 65535)
		return SLOT_REDIR_NONE;
	if (*p == '[' && colon > p + 1 && colon[-1] == ']') {	/* [v6]:port */
		p++;
		colon--;
	}
	if ((size_t)(colon - p) >= hostlen)
		return SLOT_REDIR_NONE;
	memcpy(host, p, (size_t)(colon - p));
	host[colon - p] = '\0';
	*port = (int)v;
	return kind;
}
