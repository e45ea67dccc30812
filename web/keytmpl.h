/*
 * The key template, written as for canal2ops -k ('{table}:{pk}',
 * '{database}:{table}:{pk}'), read backwards: which part of a key names
 * the table its row came from.
 */
#ifndef WEB_KEYTMPL_H
#define WEB_KEYTMPL_H

#include <stddef.h>

#include "buf.h"

#define KEYTMPL_DEFAULT		"{table}:{pk}"
#define KEYTMPL_MAX		256	/* longest template */
#define KEYTMPL_PARTS_MAX	16

enum { KT_LIT, KT_DATABASE, KT_TABLE, KT_OTHER };

struct ktpart {
	int	 kind;
	size_t	 off, n;	/* a literal: its bytes in text */
};

struct keytmpl {
	char	 text[KEYTMPL_MAX + 1];	/* literals, braces unescaped */
	struct ktpart part[KEYTMPL_PARTS_MAX];
	int	 n;
	int	 table;		/* has a {table} part */
};

/*
 * Parse n bytes of template: literal text, {database}, {table} and other
 * placeholders ({pk}, {COLUMN}); "{{" and "}}" are literal braces. Two
 * placeholders need text between them. Returns NULL, or what is wrong.
 */
const char *keytmpl_parse(struct keytmpl *, const char *, size_t);

/*
 * The table of a key: when the template has a {table} part and the key
 * fits the template, append the table's name ("database.table" when the
 * template also has {database}) to name, set *prefix to the bytes of the
 * key that only name the table (the text before the first other
 * placeholder, when the table's parts all come before it; else 0) and
 * return 1. Otherwise return 0.
 *
 * Matching goes left to right: literals match exactly; a placeholder
 * takes at least one byte, up to the first place the literal after it
 * follows (the end of the key for the last part, the suffix when that
 * literal ends the template).
 */
int	 keytmpl_table(const struct keytmpl *, const char *key, size_t n,
	    struct buf *name, size_t *prefix);

#endif
