/* Growable byte buffers and allocation that dies on out-of-memory. */
#ifndef COMMON_BUF_H
#define COMMON_BUF_H

#include <stddef.h>
#include <string.h>

struct buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

/* Called (when set) before the tools die on out-of-memory. */
extern void (*cmn_oom_hook)(void);

void	*cmn_xmalloc(size_t);
void	*cmn_xrealloc(void *, size_t);
char	*cmn_xstrdup(const char *);

void	 buf_grow(struct buf *, size_t);	/* room for n more bytes */
void	 buf_free(struct buf *);

static inline void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (n == 0)		/* memcpy(NULL, p, 0) is undefined */
		return;
	if (b->cap - b->len < n)
		buf_grow(b, n);
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static inline void
buf_addc(struct buf *b, int c)
{
	if (b->cap == b->len)
		buf_grow(b, 1);
	b->p[b->len++] = (char)c;
}

static inline void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void	 buf_addu(struct buf *, unsigned long long);	/* decimal */
void	 buf_addi(struct buf *, long long);

#endif
