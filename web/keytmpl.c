/* The key template, parsed once and matched against each key of a page. */
#include <string.h>

#include "keytmpl.h"

static const char *
add(struct keytmpl *t, int kind, const char *s, size_t n, size_t *used)
{
	struct ktpart *p;

	if (kind == KT_LIT && t->n > 0 && t->part[t->n - 1].kind == KT_LIT) {
		p = &t->part[t->n - 1];	/* "a{{b": one literal */
	} else {
		if (kind != KT_LIT && t->n > 0 && t->part[t->n - 1].kind != KT_LIT)
			return "two placeholders need text between them";
		if (t->n == KEYTMPL_PARTS_MAX)
			return "too many parts";
		p = &t->part[t->n++];
		p->kind = kind;
		p->off = *used;
		p->n = 0;
	}
	if (kind == KT_LIT) {
		memcpy(t->text + *used, s, n);
		*used += n;
		p->n += n;
	}
	return NULL;
}

/* The first place m bytes of w occur in n bytes of s, or NULL. */
static const char *
find(const char *s, size_t n, const char *w, size_t m)
{
	size_t i;

	for (i = 0; m <= n && i <= n - m; i++)
		if (s[i] == w[0] && memcmp(s + i, w, m) == 0)
			return s + i;
	return NULL;
}

const char *
keytmpl_parse(struct keytmpl *t, const char *s, size_t n)
{
	size_t i = 0, j, used = 0;
	const char *e;
	int kind;

	memset(t, 0, sizeof(*t));
	if (n > KEYTMPL_MAX)
		return "longer than 256 bytes";
	if (n == 0)
		return "empty";
	while (i < n) {
		if ((s[i] == '{' || s[i] == '}') && i + 1 < n &&
		    s[i + 1] == s[i]) {
			e = add(t, KT_LIT, s + i, 1, &used);
			i += 2;
		} else if (s[i] == '}') {
			return "'}' without '{' (write '}}' for a brace)";
		} else if (s[i] != '{') {
			for (j = i; j < n && s[j] != '{' && s[j] != '}'; j++)
				;
			e = add(t, KT_LIT, s + i, j - i, &used);
			i = j;
		} else {
			for (j = i + 1; j < n && s[j] != '}' && s[j] != '{';
			    j++)
				;
			if (j == n || s[j] == '{')
				return "'{' without '}'";
			if (j == i + 1)
				return "empty placeholder";
			kind = KT_OTHER;
			if (j - i - 1 == 8 && memcmp(s + i + 1, "database", 8) == 0)
				kind = KT_DATABASE;
			else if (j - i - 1 == 5 && memcmp(s + i + 1, "table", 5) == 0)
				kind = KT_TABLE;
			e = add(t, kind, NULL, 0, &used);
			if (kind == KT_TABLE)
				t->table = 1;
			i = j + 1;
		}
		if (e != NULL)
			return e;
	}
	return NULL;
}

int
keytmpl_table(const struct keytmpl *t, const char *key, size_t n,
    struct buf *name, size_t *prefix)
{
	size_t pos = 0, len, start[KEYTMPL_PARTS_MAX], end[KEYTMPL_PARTS_MAX];
	const struct ktpart *p, *lit;
	const char *hit;
	int i, db = -1, tb = -1, other = -1;

	if (!t->table)
		return 0;
	for (i = 0; i < t->n; i++) {
		p = &t->part[i];
		start[i] = pos;
		if (p->kind == KT_LIT) {
			if (n - pos < p->n || memcmp(key + pos, t->text + p->off,
			    p->n) != 0)
				return 0;
			pos += p->n;
		} else {
			lit = i + 1 < t->n ? &t->part[i + 1] : NULL;
			if (lit == NULL)		/* the rest */
				len = n - pos;
			else if (i + 2 == t->n) {	/* up to the suffix */
				if (n - pos < lit->n + 1 || memcmp(key + n -
				    lit->n, t->text + lit->off, lit->n) != 0)
					return 0;
				len = n - lit->n - pos;
			} else {		/* up to the first literal */
				if (n - pos < lit->n + 1 || (hit = find(key +
				    pos + 1, n - pos - 1, t->text + lit->off,
				    lit->n)) == NULL)
					return 0;
				len = (size_t)(hit - (key + pos));
			}
			if (len == 0)
				return 0;
			pos += len;
			if (p->kind == KT_DATABASE && db < 0)
				db = i;
			else if (p->kind == KT_TABLE && tb < 0)
				tb = i;
			else if (p->kind == KT_OTHER && other < 0)
				other = i;
		}
		end[i] = pos;
	}
	if (pos != n)
		return 0;
	if (db >= 0) {
		buf_add(name, key + start[db], end[db] - start[db]);
		buf_addc(name, '.');
	}
	buf_add(name, key + start[tb], end[tb] - start[tb]);
	*prefix = 0;
	if (other >= 0 && tb < other && db < other)
		*prefix = start[other];
	return 1;
}
