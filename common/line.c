/* Line reading with an idle callback (flush when input goes quiet). */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "line.h"
#include "sig.h"

#define LR_MIN	(64 * 1024)

void
lr_init(struct lr *lr, int fd)
{
	memset(lr, 0, sizeof(*lr));
	lr->fd = fd;
	lr->cap = LR_MIN;
	lr->buf = cmn_xmalloc(lr->cap);
}

void
lr_free(struct lr *lr)
{
	free(lr->buf);
	lr->buf = NULL;
}

/*
 * Make room at the end: move the partial line to the front, grow if full.
 * 0, or -1 when memory ran out (errno ENOMEM).
 */
static int
lr_room(struct lr *lr)
{
	size_t n = lr->end - lr->start;
	char *p;

	if (lr->start > 0) {
		memmove(lr->buf, lr->buf + lr->start, n);
		lr->scan -= lr->start;
		lr->start = 0;
		lr->end = n;
	}
	if (lr->end == lr->cap) {
		if ((p = realloc(lr->buf, lr->cap * 2)) == NULL) {
			errno = ENOMEM;
			return -1;
		}
		lr->buf = p;
		lr->cap *= 2;
	} else if (lr->cap > 4 * LR_MIN && n < LR_MIN) {
		/* give back what one long line took */
		lr->cap = LR_MIN;
		lr->buf = cmn_xrealloc(lr->buf, lr->cap);
	}
	return 0;
}

/* Wait up to ms for input: 0 on a time-out, else poll's result. */
static int
lr_wait(int fd, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	return poll(&pfd, 1, ms);
}

/* Return the line [start, end) (end at its newline, or the end of input). */
static int
lr_give(struct lr *lr, size_t end, char **line, size_t *len)
{
	*line = lr->buf + lr->start;
	*len = end - lr->start;
	if (lr->toolong > 0 || (lr->max > 0 && *len > lr->max)) {
		lr->toolong += *len;	/* a line thrown away, or its tail */
		*len = 0;
	}
	lr->start = lr->scan = end < lr->end ? end + 1 : end;
	lr->cut = end == lr->end;
	lr->lineno++;
	return 1;
}

int
lr_next(struct lr *lr, char **line, size_t *len)
{
	if (lr->toolong > 0 && !lr->skipping)
		lr->toolong = 0;	/* the last call returned it */
	for (;;) {
		char *nl = NULL;
		ssize_t n;

		if (lr->scan < lr->end)
			nl = memchr(lr->buf + lr->scan, '\n', lr->end - lr->scan);
		if (nl != NULL) {
			lr->skipping = 0;
			return lr_give(lr, (size_t)(nl - lr->buf), line, len);
		}
		lr->scan = lr->end;
		if (lr->max > 0 && lr->end - lr->start > lr->max) {
			/* too long: count it, keep none of it */
			lr->toolong += lr->end - lr->start;
			lr->skipping = 1;
			lr->start = lr->scan = lr->end = 0;
		}
		if (lr->eof || cmn_stop) {
			if ((lr->start == lr->end && !lr->skipping) || cmn_stop)
				return 0;
			lr->skipping = 0;
			return lr_give(lr, lr->end, line, len);
		}
		if (lr_room(lr) < 0)
			return -1;
		if (lr->idle != NULL && lr_wait(lr->fd, 0) == 0) {
			lr->idle(lr->idle_arg);
			while (lr->tick != NULL && !cmn_stop &&
			    lr_wait(lr->fd, lr->tick_ms) == 0)
				lr->tick(lr->idle_arg);
			if (cmn_stop)
				continue;
		}
		n = read(lr->fd, lr->buf + lr->end, lr->cap - lr->end);
		if (n > 0)
			lr->end += (size_t)n;
		else if (n == 0)
			lr->eof = 1;
		else if (errno != EINTR)
			return -1;
	}
}
