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

/* Make room at the end: move the partial line to the front, grow if full. */
static void
lr_room(struct lr *lr)
{
	size_t n = lr->end - lr->start;

	if (lr->start > 0) {
		memmove(lr->buf, lr->buf + lr->start, n);
		lr->scan -= lr->start;
		lr->start = 0;
		lr->end = n;
	}
	if (lr->end == lr->cap) {
		lr->cap *= 2;
		lr->buf = cmn_xrealloc(lr->buf, lr->cap);
	} else if (lr->cap > 4 * LR_MIN && n < LR_MIN) {
		/* give back what one long line took */
		lr->cap = LR_MIN;
		lr->buf = cmn_xrealloc(lr->buf, lr->cap);
	}
}

/* Wait up to ms for input: 0 on a time-out, else poll's result. */
static int
lr_wait(int fd, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	return poll(&pfd, 1, ms);
}

int
lr_next(struct lr *lr, char **line, size_t *len)
{
	for (;;) {
		char *nl = NULL;
		ssize_t n;

		if (lr->scan < lr->end)
			nl = memchr(lr->buf + lr->scan, '\n', lr->end - lr->scan);
		if (nl != NULL) {
			*line = lr->buf + lr->start;
			*len = (size_t)(nl - *line);
			lr->start = lr->scan = (size_t)(nl - lr->buf) + 1;
			lr->lineno++;
			return 1;
		}
		lr->scan = lr->end;
		if (lr->eof || cmn_stop) {
			if (lr->start == lr->end || cmn_stop)
				return 0;
			*line = lr->buf + lr->start;
			*len = lr->end - lr->start;
			lr->start = lr->scan = lr->end;
			lr->lineno++;
			lr->cut = 1;
			return 1;
		}
		lr_room(lr);
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
