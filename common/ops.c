/* The ops line protocol: quoting (writer) and splitting (reader). */
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "ops.h"

/* Bytes that may stand bare: printable ASCII but space and quotes. */
static int
is_bare(unsigned char c)
{
	return c > 0x20 && c < 0x7f && c != '"' && c != '\'';
}

/* Bytes that may stand inside single quotes: no control bytes. */
static int
is_sq(unsigned char c)
{
	return c >= 0x20 && c != 0x7f;
}

void
ops_put_arg(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s, *e = p + n;
	int bare = n > 0, sq = n > 0 && p[n - 1] != '\\';
	size_t i;

	for (i = 0; i < n && (bare || sq); i++) {
		bare = bare && is_bare(p[i]);
		sq = sq && is_sq(p[i]);
	}
	if (bare) {
		buf_add(b, s, n);
		return;
	}
	if (sq) {
		const unsigned char *q;

		buf_grow(b, n + 2);
		buf_addc(b, '\'');
		while ((q = memchr(p, '\'', (size_t)(e - p))) != NULL) {
			buf_add(b, p, (size_t)(q - p));
			buf_add(b, "\\'", 2);
			p = q + 1;
		}
		buf_add(b, p, (size_t)(e - p));
		buf_addc(b, '\'');
		return;
	}
	buf_addc(b, '"');
	for (; p < e; p++) {
		switch (*p) {
		case '\\': buf_add(b, "\\\\", 2); break;
		case '"':  buf_add(b, "\\\"", 2); break;
		case '\n': buf_add(b, "\\n", 2); break;
		case '\r': buf_add(b, "\\r", 2); break;
		case '\t': buf_add(b, "\\t", 2); break;
		case '\a': buf_add(b, "\\a", 2); break;
		case '\b': buf_add(b, "\\b", 2); break;
		default:
			if (*p >= 0x20 && *p < 0x7f)
				buf_addc(b, *p);
			else {
				char x[4] = { '\\', 'x', hex[*p >> 4], hex[*p & 15] };
				buf_add(b, x, 4);
			}
		}
	}
	buf_addc(b, '"');
}

static int
is_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static void
argv_push(struct ops_argv *av, size_t off)
{
	if (av->argc == av->cap) {
		av->cap = av->cap ? av->cap * 2 : 8;
		av->off = cmn_xrealloc(av->off, (size_t)av->cap * sizeof(*av->off));
		av->len = cmn_xrealloc(av->len, (size_t)av->cap * sizeof(*av->len));
	}
	av->off[av->argc] = off;
	av->len[av->argc] = av->data.len - off;
	av->argc++;
	buf_addc(&av->data, '\0');
}

int
ops_split(struct ops_argv *av, const char *line, size_t len)
{
	const char *p = line, *e, *nul;
	struct buf *d = &av->data;

	if ((nul = memchr(line, '\0', len)) != NULL)
		len = (size_t)(nul - line);
	e = line + len;
	av->argc = 0;
	d->len = 0;
	buf_grow(d, len + 1);
	for (;;) {
		size_t start;

		while (p < e && is_space((unsigned char)*p))
			p++;
		if (p == e)
			return av->argc;
		start = d->len;
		for (;;) {
			const char *q;

			/* bare run */
			q = p;
			while (q < e && *q != ' ' && *q != '\n' && *q != '\r' &&
			    *q != '\t' && *q != '"' && *q != '\'')
				q++;
			buf_add(d, p, (size_t)(q - p));
			p = q;
			if (p == e || (*p != '"' && *p != '\''))
				break;		/* end of token at a blank */
			if (*p++ == '\'') {
				for (;;) {
					if (p == e)
						return -1;
					if (*p == '\\' && p + 1 < e && p[1] == '\'') {
						buf_addc(d, '\'');
						p += 2;
					} else if (*p == '\'') {
						p++;
						break;
					} else
						buf_addc(d, *p++);
				}
			} else {
				for (;;) {
					if (p == e)
						return -1;
					if (*p == '\\' && p + 3 < e && p[1] == 'x' &&
					    cmn_hexval((unsigned char)p[2]) >= 0 &&
					    cmn_hexval((unsigned char)p[3]) >= 0) {
						buf_addc(d, cmn_hexval((unsigned char)p[2]) * 16 +
						    cmn_hexval((unsigned char)p[3]));
						p += 4;
					} else if (*p == '\\' && p + 1 < e) {
						int c;

						switch (p[1]) {
						case 'n': c = '\n'; break;
						case 'r': c = '\r'; break;
						case 't': c = '\t'; break;
						case 'b': c = '\b'; break;
						case 'a': c = '\a'; break;
						default: c = p[1]; break;
						}
						buf_addc(d, c);
						p += 2;
					} else if (*p == '"') {
						p++;
						break;
					} else
						buf_addc(d, *p++);
				}
			}
			/* a closing quote must be followed by a space or the end */
			if (p < e && !is_space((unsigned char)*p))
				return -1;
			break;
		}
		argv_push(av, start);
	}
}

void
ops_argv_free(struct ops_argv *av)
{
	free(av->off);
	free(av->len);
	buf_free(&av->data);
	memset(av, 0, sizeof(*av));
}
