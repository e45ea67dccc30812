/* Growable byte buffers and allocation that dies on out-of-memory. */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void (*cmn_oom_hook)(void);

void *
cmn_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL) {
		if (cmn_oom_hook != NULL)
			cmn_oom_hook();
		err(1, "malloc");
	}
	return p;
}

void *
cmn_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL) {
		if (cmn_oom_hook != NULL)
			cmn_oom_hook();
		err(1, "realloc");
	}
	return q;
}

char *
cmn_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(cmn_xmalloc(n), s, n);
}

void
buf_grow(struct buf *b, size_t n)
{
	size_t cap = b->cap ? b->cap : 256;

	while (cap - b->len < n) {
		if (cap > (size_t)-1 / 2)
			errx(1, "buffer too large");
		cap *= 2;
	}
	if (cap != b->cap) {
		b->p = cmn_xrealloc(b->p, cap);
		b->cap = cap;
	}
}

void
buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void
buf_addu(struct buf *b, unsigned long long v)
{
	char tmp[24], *e = tmp + sizeof(tmp), *s = e;

	do
		*--s = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	buf_add(b, s, (size_t)(e - s));
}

void
buf_addi(struct buf *b, long long v)
{
	if (v < 0) {
		buf_addc(b, '-');
		buf_addu(b, (unsigned long long)-(v + 1) + 1);
	} else
		buf_addu(b, (unsigned long long)v);
}
