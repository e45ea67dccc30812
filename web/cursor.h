/*
 * Page cursors. On one node a page starts at a SCAN cursor ("17"). In a
 * cluster it starts at a SCAN cursor of one master, named by the first
 * slot it serves and the first hex digits of its node ID
 * ("5461:9f1c2ab0:17"): the masters are walked in the order of their
 * first slots, each from SCAN cursor 0 to 0. "0" is the first page
 * (and, as a next cursor, the end) in both.
 */
#ifndef WEB_CURSOR_H
#define WEB_CURSOR_H

#include <stddef.h>

#include "buf.h"

#define CURSOR_ID_LEN	8	/* hex digits of the node ID kept */
#define CURSOR_MAX	36	/* longest cursor text: 16383:xxxxxxxx:2^64-1 */

/* All zero bytes: the first page. */
struct cursor {
	int	 named;			/* names a master (slot, node) */
	int	 slot;			/* the master's first slot */
	char	 node[CURSOR_ID_LEN + 1];
	unsigned long long scan;	/* the SCAN cursor on that node */
};

/* The first page: no master, SCAN cursor 0. */
void	 cursor_init(struct cursor *);

/* 1 for the first page (and the end): no master, SCAN cursor 0. */
int	 cursor_is_start(const struct cursor *);

/*
 * Parse n bytes: a decimal unsigned 64-bit number, or SLOT:NODE:SCAN with
 * SLOT in 0..16383, NODE CURSOR_ID_LEN lowercase hex digits and SCAN a
 * decimal unsigned 64-bit number. 0, or -1 when it is neither.
 */
int	 cursor_parse(struct cursor *, const char *, size_t);

/* Append the text that cursor_parse reads back. */
void	 cursor_put(struct buf *, const struct cursor *);

int	 cursor_equal(const struct cursor *, const struct cursor *);

#endif
