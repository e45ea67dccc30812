/* The key template: -k '{database}:{table}:{pk}' and the like. */
#ifndef CANAL2OPS_KEY_H
#define CANAL2OPS_KEY_H

#include <stddef.h>

#include "buf.h"

enum { KP_LIT, KP_DATABASE, KP_TABLE, KP_PK, KP_COLUMN };

struct kpart {
	int	 kind;
	char	*s;		/* literal text or column name */
	size_t	 n;
};

struct keytmpl {
	struct kpart	*part;
	size_t		 n;
};

/*
 * Parse a template: text with {database}, {table}, {pk} and {COLUMN}
 * placeholders; "{{" and "}}" stand for literal braces. Returns 0, or -1
 * with *why set.
 */
int	key_parse(struct keytmpl *, const char *, const char **why);
void	key_free(struct keytmpl *);

/*
 * The SCAN/KEYS pattern of the keys the template gives the rows of
 * database.table: those names (glob-escaped), '*' for the row's parts.
 */
void	key_pattern(const struct keytmpl *, const char *db, const char *table,
	    struct buf *);

/* Does the template use the row (a {pk} or {COLUMN} part)? */
int	key_uses_row(const struct keytmpl *);

#endif
