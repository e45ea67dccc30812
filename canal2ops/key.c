/* Parsing the key template. */
#include <stdlib.h>
#include <string.h>

#include "key.h"

static void
add_part(struct keytmpl *t, int kind, const char *s, size_t n)
{
	struct kpart *k;

	if (kind == KP_LIT && t->n > 0 && t->part[t->n - 1].kind == KP_LIT) {
		k = &t->part[t->n - 1];
		k->s = cmn_xrealloc(k->s, k->n + n + 1);
		memcpy(k->s + k->n, s, n);
		k->n += n;
		k->s[k->n] = '\0';
		return;
	}
	t->part = cmn_xrealloc(t->part, (t->n + 1) * sizeof(*t->part));
	k = &t->part[t->n++];
	k->kind = kind;
	k->s = cmn_xmalloc(n + 1);
	memcpy(k->s, s, n);
	k->s[n] = '\0';
	k->n = n;
}

int
key_parse(struct keytmpl *t, const char *s, const char **why)
{
	memset(t, 0, sizeof(*t));
	while (*s != '\0') {
		const char *q;
		size_t n;

		if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
			add_part(t, KP_LIT, s, 1);
			s += 2;
			continue;
		}
		if (*s == '}') {
			*why = "'}' without '{' (write '}}' for a brace)";
			return -1;
		}
		if (*s != '{') {
			n = strcspn(s, "{}");
			add_part(t, KP_LIT, s, n);
			s += n;
			continue;
		}
		if ((q = strchr(s + 1, '}')) == NULL) {
			*why = "'{' without '}'";
			return -1;
		}
		n = (size_t)(q - s - 1);
		if (n == 0 || memchr(s + 1, '{', n) != NULL) {
			*why = "empty or nested placeholder";
			return -1;
		}
		if (n == 8 && memcmp(s + 1, "database", 8) == 0)
			add_part(t, KP_DATABASE, "", 0);
		else if (n == 5 && memcmp(s + 1, "table", 5) == 0)
			add_part(t, KP_TABLE, "", 0);
		else if (n == 2 && memcmp(s + 1, "pk", 2) == 0)
			add_part(t, KP_PK, "", 0);
		else
			add_part(t, KP_COLUMN, s + 1, n);
		s = q + 1;
	}
	if (t->n == 0) {
		*why = "empty template";
		return -1;
	}
	return 0;
}

/* Append s, with Redis glob's special characters escaped. */
static void
glob_escaped(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strchr("*?[]\\^", s[i]) != NULL && s[i] != '\0')
			buf_addc(b, '\\');
		buf_addc(b, s[i]);
	}
}

void
key_pattern(const struct keytmpl *t, const char *db, const char *table,
    struct buf *b)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct kpart *p = &t->part[i];

		switch (p->kind) {
		case KP_LIT:
			glob_escaped(b, p->s, p->n);
			break;
		case KP_DATABASE:
			glob_escaped(b, db, strlen(db));
			break;
		case KP_TABLE:
			glob_escaped(b, table, strlen(table));
			break;
		default:	/* a run of '*' is one '*' */
			if (b->len == 0 || b->p[b->len - 1] != '*' ||
			    (b->len > 1 && b->p[b->len - 2] == '\\'))
				buf_addc(b, '*');
		}
	}
}

int
key_uses_row(const struct keytmpl *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->part[i].kind == KP_PK || t->part[i].kind == KP_COLUMN)
			return 1;
	return 0;
}

void
key_free(struct keytmpl *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->part[i].s);
	free(t->part);
	memset(t, 0, sizeof(*t));
}
