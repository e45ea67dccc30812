/*
 * A page's rows grouped by the table they came from: by the table part
 * of their keys (the key template), or, for keys without one, by their
 * set of columns. Each group has its own columns in row order and its
 * rows sorted by key.
 */
#ifndef WEB_GROUP_H
#define WEB_GROUP_H

#include <stddef.h>

#include "keytmpl.h"
#include "table.h"

struct group {
	char	*name;		/* the table, or NULL: grouped by columns */
	size_t	 namelen;
	int	*cols;		/* columns of the table, in row order */
	unsigned char *num;	/* per column: every value is a number */
	int	 ncols;
	const struct row **rows;	/* sorted by key */
	size_t	*prefix;	/* per row: key bytes that name the table */
	int	 nrows;
	const char *type;	/* the rows' Redis type, NULL when mixed */
	int	*sig;		/* grouped by columns: the sorted columns */
	int	 nsig;
	int	 caprows;
};

struct grouping {
	struct group *g;
	int	 n;
};

/* Group the rows of t (named groups by name first, then the others). */
void	 group_rows(struct grouping *, const struct table *,
	    const struct keytmpl *);
void	 grouping_free(struct grouping *);

/*
 * Compare keys as a person orders them: runs of digits by their value
 * ("user:9" before "user:10"), other bytes as unsigned bytes; ties
 * broken bytewise, so only equal keys compare equal.
 */
int	 group_keycmp(const char *, size_t, const char *, size_t);

/* Is this text a plain decimal number (-12, 4.75)? */
int	 group_is_number(const char *, size_t);

#endif
