/* Page cursors: a SCAN cursor, and in a cluster the master it is of. */
#include <string.h>

#include "cursor.h"

void
cursor_init(struct cursor *c)
{
	memset(c, 0, sizeof(*c));
}

int
cursor_is_start(const struct cursor *c)
{
	return !c->named && c->scan == 0;
}

/* A decimal unsigned 64-bit number: all digits, no overflow. */
static int
parse_u64(const char *s, size_t n, unsigned long long *v)
{
	unsigned long long x = 0;
	size_t i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (d > 9 || x > (~0ULL - d) / 10)
			return -1;
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

int
cursor_parse(struct cursor *c, const char *s, size_t n)
{
	const char *a, *b;
	unsigned long long slot;
	size_t i;

	cursor_init(c);
	if ((a = memchr(s, ':', n)) == NULL)
		return parse_u64(s, n, &c->scan);
	b = memchr(a + 1, ':', n - (size_t)(a + 1 - s));
	if (b == NULL || a - s > 5 || parse_u64(s, (size_t)(a - s),
	    &slot) != 0 || slot > 16383 || b - a - 1 != CURSOR_ID_LEN ||
	    parse_u64(b + 1, n - (size_t)(b + 1 - s), &c->scan) != 0)
		goto bad;
	for (i = 0; i < CURSOR_ID_LEN; i++) {
		char h = a[1 + i];

		if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f')))
			goto bad;
		c->node[i] = h;
	}
	c->node[CURSOR_ID_LEN] = '\0';
	c->slot = (int)slot;
	c->named = 1;
	return 0;
bad:
	cursor_init(c);
	return -1;
}

void
cursor_put(struct buf *b, const struct cursor *c)
{
	if (c->named) {
		buf_addu(b, (unsigned)c->slot);
		buf_addc(b, ':');
		buf_adds(b, c->node);
		buf_addc(b, ':');
	}
	buf_addu(b, c->scan);
}

int
cursor_equal(const struct cursor *a, const struct cursor *b)
{
	return a->named == b->named && a->scan == b->scan && (!a->named ||
	    (a->slot == b->slot && strcmp(a->node, b->node) == 0));
}
