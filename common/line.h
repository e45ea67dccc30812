/*
 * Line reading for filters: lines of any length from a file descriptor,
 * with a callback when input goes idle (so the caller can flush).
 */
#ifndef COMMON_LINE_H
#define COMMON_LINE_H

#include <stddef.h>

struct lr {
	int	 fd;
	char	*buf;
	size_t	 cap, start, end, scan;
	int	 eof;
	unsigned long long lineno;	/* number of the line last returned */
	int	 cut;			/* it was not ended by a newline */
	size_t	 max;			/* longest line kept (0: no limit) */
	size_t	 toolong;		/* length of a line skipped, or 0 */
	int	 skipping;		/* in such a line */
	void	(*idle)(void *);	/* called before a read that would block */
	void	*idle_arg;
	void	(*tick)(void *);	/* then every tick_ms while input stays idle */
	int	 tick_ms;
};

void	lr_init(struct lr *, int fd);
void	lr_free(struct lr *);

/*
 * Next line, without its newline. A final line without one is returned
 * too, with lr->cut set: the input ended mid-line (a writer killed while
 * writing it), so callers report it and never act on it. A line longer
 * than lr->max is read and thrown away: it is returned empty, with its
 * length in lr->toolong. Returns 1 with *line and *len set, 0 at end of input or once
 * cmn_stop is set, -1 on a read error or when memory for the line ran out
 * (errno set; lr->end - lr->start bytes of it were read). The line stays
 * valid until the next call.
 */
int	lr_next(struct lr *, char **line, size_t *len);

#endif
