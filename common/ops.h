/*
 * The ops line protocol (canal-ops(5)): one Redis command a line, arguments
 * split and unquoted as redis' sdssplitargs() does.
 */
#ifndef COMMON_OPS_H
#define COMMON_OPS_H

#include <stddef.h>

#include "buf.h"

/*
 * Append one argument, quoted so that sdssplitargs() gives back exactly
 * these n bytes: bare when it is plain printable ASCII without quotes,
 * in single quotes when it is text (JSON) that does not end in a
 * backslash, else double-quoted in sdscatrepr() style.
 */
void	ops_put_arg(struct buf *, const char *, size_t);

/* An argument vector; reuse one across lines (no allocation once warm). */
struct ops_argv {
	int	 argc;
	int	 cap;
	size_t	*off;		/* offsets into data.p */
	size_t	*len;
	struct buf data;	/* the unquoted bytes, each argument NUL-ended */
};

/*
 * Split one line (without its newline) as sdssplitargs() would split the
 * string up to the first NUL byte or len. Returns argc (0 for a blank line)
 * or -1 for unbalanced quotes or a closing quote followed by a non-space.
 */
int	ops_split(struct ops_argv *, const char *line, size_t len);

static inline const char *
ops_arg(const struct ops_argv *av, int i)
{
	return av->data.p + av->off[i];
}

void	ops_argv_free(struct ops_argv *);

#endif
