/* JSON output: the page's rows for scripts. */
#include <string.h>

#include "json.h"
#include "utf8.h"

void
json_str(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	buf_addc(b, '"');
	while (i < n) {
		unsigned char c = p[i];

		if (c == '"' || c == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, c);
		} else if (c == '\n')
			buf_adds(b, "\\n");
		else if (c == '\t')
			buf_adds(b, "\\t");
		else if (c == '\r')
			buf_adds(b, "\\r");
		else if (c < 0x20 || c == '<' || c == '>' || c == '&' ||
		    c == 0x7f) {
			buf_adds(b, "\\u00");
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		} else if ((k = utf8_seq(p + i, n - i)) == 0)
			buf_adds(b, "\\ufffd");
		else {
			buf_add(b, p + i, k);
			i += k;
			continue;
		}
		i++;
	}
	buf_addc(b, '"');
}

/* 1 when all n bytes are UTF-8 (then json_str loses nothing). */
static int
is_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if ((k = utf8_seq(p + i, n - i)) == 0)
			return 0;
		i += k;
	}
	return 1;
}

/* n bytes as a quoted base64 (RFC 4648) string. */
static void
base64(struct buf *b, const char *s, size_t n)
{
	static const char a[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	buf_addc(b, '"');
	for (i = 0; i + 2 < n; i += 3) {
		buf_addc(b, a[p[i] >> 2]);
		buf_addc(b, a[(p[i] & 3) << 4 | p[i + 1] >> 4]);
		buf_addc(b, a[(p[i + 1] & 15) << 2 | p[i + 2] >> 6]);
		buf_addc(b, a[p[i + 2] & 63]);
	}
	if (n - i == 1) {
		buf_addc(b, a[p[i] >> 2]);
		buf_addc(b, a[(p[i] & 3) << 4]);
		buf_adds(b, "==");
	} else if (n - i == 2) {
		buf_addc(b, a[p[i] >> 2]);
		buf_addc(b, a[(p[i] & 3) << 4 | p[i + 1] >> 4]);
		buf_addc(b, a[(p[i + 1] & 15) << 2]);
		buf_addc(b, '=');
	}
	buf_addc(b, '"');
}

static void
cursor(struct buf *b, const char *name, unsigned long long c)
{
	buf_adds(b, name);
	buf_addc(b, '"');
	buf_addu(b, c);
	buf_addc(b, '"');
}

void
json_page(struct buf *b, const struct query *q, const struct table *t)
{
	const struct cell *c;
	int i, j;

	buf_adds(b, "{\"match\":");
	json_str(b, q->match, q->matchlen);
	buf_adds(b, ",\"count\":");
	buf_addu(b, q->count);
	cursor(b, ",\"cursor\":", q->cursor);
	cursor(b, ",\"next_cursor\":", t->next);
	buf_adds(b, ",\"dbsize\":");
	buf_addi(b, t->dbsize);
	buf_adds(b, ",\"dropped_fields\":");
	buf_addu(b, t->dropped);
	buf_adds(b, ",\n\"columns\":[");
	for (j = 0; j < t->ncols; j++) {
		if (j > 0)
			buf_addc(b, ',');
		json_str(b, t->cols[j].p, t->cols[j].len);
	}
	buf_adds(b, "],\n\"rows\":[");
	for (i = 0; i < t->nrows; i++) {
		const struct row *r = &t->rows[i];
		int first = 1;

		buf_adds(b, i > 0 ? ",\n{\"key\":" : "\n{\"key\":");
		if (is_utf8(r->key.p, r->key.len))
			json_str(b, r->key.p, r->key.len);
		else {		/* as kcat-lite's envelopes do */
			base64(b, r->key.p, r->key.len);
			buf_adds(b, ",\"key_encoding\":\"base64\"");
		}
		buf_adds(b, ",\"type\":");
		json_str(b, r->type, strlen(r->type));
		buf_adds(b, ",\"fields\":{");
		for (j = 0; j < t->ncols; j++) {
			if ((c = table_cell(r, j)) == NULL)
				continue;
			if (!first)
				buf_addc(b, ',');
			first = 0;
			json_str(b, t->cols[j].p, t->cols[j].len);
			buf_addc(b, ':');
			if (c->null)
				buf_adds(b, "null");
			else
				json_str(b, c->v.p, c->v.len);
		}
		buf_adds(b, "}}");
	}
	buf_adds(b, "\n]}\n");
}

void
json_error(struct buf *b, const char *msg)
{
	buf_adds(b, "{\"error\":");
	json_str(b, msg, strlen(msg));
	buf_adds(b, "}\n");
}
