/* HTML rendering; every byte that came from a request or Redis is escaped. */
#include <string.h>

#include "html.h"
#include "utf8.h"

void
html_esc(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		switch (p[i]) {
		case '&':  buf_adds(b, "&amp;");  i++; continue;
		case '<':  buf_adds(b, "&lt;");   i++; continue;
		case '>':  buf_adds(b, "&gt;");   i++; continue;
		case '"':  buf_adds(b, "&quot;"); i++; continue;
		case '\'': buf_adds(b, "&#39;");  i++; continue;
		default:   break;
		}
		if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' &&
		    p[i] != '\r') || p[i] == 0x7f ||
		    (k = utf8_seq(p + i, n - i)) == 0) {
			buf_adds(b, "\xef\xbf\xbd");	/* U+FFFD */
			i++;
			continue;
		}
		buf_add(b, p + i, k);
		i += k;
	}
}

static void
esc0(struct buf *b, const char *s)
{
	html_esc(b, s, strlen(s));
}

static const char style[] =
"body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
"h1{font-size:1.3em;margin:0 0 .6em}"
"form{margin:0 0 1em}input{font:inherit;margin-right:.5em}"
"table{border-collapse:collapse}"
"th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;"
"vertical-align:top;white-space:pre-wrap;max-width:40em;"
"overflow-wrap:anywhere}"
"th{background:#eee}tbody tr:nth-child(even){background:#f8f8f8}"
".null{color:#999;font-style:italic}.type{color:#666}"
"nav{margin:1em 0}nav a,nav span{margin-right:1em}nav span{color:#999}"
".meta{color:#666}";

static void
head(struct buf *b, const char *title)
{
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\"><title>");
	esc0(b, title);
	buf_adds(b, "</title><style>");
	buf_adds(b, style);
	buf_adds(b, "</style></head>\n<body>\n<h1>");
	esc0(b, title);
	buf_adds(b, "</h1>\n");
}

/* <a href="LINK">text</a>, or a greyed span when there is no such page. */
static void
link(struct buf *b, int have, const struct query *q, unsigned long long cur,
    const unsigned long long *back, int nback, const char *text, int id)
{
	struct buf url = { 0 };

	if (!have) {
		buf_adds(b, "<span>");
		buf_adds(b, text);
		buf_adds(b, "</span>");
		return;
	}
	query_put_link(&url, q, cur, back, nback, 0);
	buf_adds(b, "<a ");
	if (id >= 0) {
		buf_adds(b, "id=\"");
		buf_adds(b, id == 0 ? "first" : id == 1 ? "prev" : "next");
		buf_adds(b, "\" ");
	}
	buf_adds(b, "href=\"");
	html_esc(b, url.p, url.len);
	buf_adds(b, "\">");
	buf_adds(b, text);
	buf_adds(b, "</a>");
	buf_free(&url);
}

/* Links to other pages; ids on the top one for scripts and tests. */
static void
nav(struct buf *b, const struct query *q, const struct table *t, int top)
{
	unsigned long long stack[QUERY_BACK_MAX + 1];
	struct buf url = { 0 };
	int n = q->nback;

	buf_adds(b, "<nav>");
	link(b, q->cursor != 0, q, 0, NULL, 0, "&laquo; first", top ? 0 : -1);
	link(b, n > 0, q, n > 0 ? q->back[n - 1] : 0, q->back, n - 1,
	    "&lsaquo; previous", top ? 1 : -1);
	memcpy(stack, q->back, n * sizeof(stack[0]));
	stack[n] = q->cursor;
	link(b, t->next != 0, q, t->next, stack, n + 1, "next &rsaquo;", top ? 2 : -1);
	query_put_link(&url, q, q->cursor, q->back, q->nback, 1);
	buf_adds(b, top ? "<a id=\"json\" href=\"" : "<a href=\"");
	html_esc(b, url.p, url.len);
	buf_adds(b, "\">JSON</a></nav>\n");
	buf_free(&url);
}

void
html_page(struct buf *b, const struct query *q, const struct table *t,
    const char *where)
{
	const struct cell *c;
	int i, j;

	head(b, "Redis keys");
	buf_adds(b, "<form method=\"get\">"
	    "<label>Keys matching <input name=\"match\" size=\"30\" "
	    "maxlength=\"256\" value=\"");
	html_esc(b, q->match, q->matchlen);
	buf_adds(b, "\"></label><label>per page <input name=\"count\" "
	    "type=\"number\" min=\"1\" max=\"1000\" value=\"");
	buf_addu(b, q->count);
	buf_adds(b, "\"></label><input type=\"submit\" value=\"Show\">"
	    "</form>\n<p class=\"meta\">");
	esc0(b, where);
	if (t->dbsize >= 0) {
		buf_adds(b, ", ");
		buf_addi(b, t->dbsize);
		buf_adds(b, " keys in all");
	}
	buf_adds(b, "; this page: ");
	buf_addi(b, t->nrows);
	buf_adds(b, t->nrows == 1 ? " key" : " keys");
	if (t->dropped > 0) {
		buf_adds(b, "; ");
		buf_addu(b, t->dropped);
		buf_adds(b, " fields past the column limit not shown");
	}
	buf_adds(b, "</p>\n");
	nav(b, q, t, 1);
	buf_adds(b, "<table id=\"rows\">\n<thead><tr><th>key</th>"
	    "<th>type</th>");
	for (j = 0; j < t->ncols; j++) {
		buf_adds(b, "<th>");
		html_esc(b, t->cols[j].p, t->cols[j].len);
		buf_adds(b, "</th>");
	}
	buf_adds(b, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < t->nrows; i++) {
		const struct row *r = &t->rows[i];

		buf_adds(b, "<tr><td>");
		html_esc(b, r->key.p, r->key.len);
		buf_adds(b, "</td><td class=\"type\">");
		esc0(b, r->type);
		buf_adds(b, "</td>");
		for (j = 0; j < t->ncols; j++) {
			if ((c = table_cell(r, j)) == NULL)
				buf_adds(b, "<td></td>");
			else if (c->null)
				buf_adds(b, "<td class=\"null\">null</td>");
			else {
				buf_adds(b, "<td>");
				html_esc(b, c->v.p, c->v.len);
				buf_adds(b, "</td>");
			}
		}
		buf_adds(b, "</tr>\n");
	}
	buf_adds(b, "</tbody></table>\n");
	if (t->nrows == 0)
		buf_adds(b, "<p>No keys on this page.</p>\n");
	nav(b, q, t, 0);
	buf_adds(b, "</body></html>\n");
}

void
html_error(struct buf *b, const char *title, const char *msg)
{
	head(b, title);
	buf_adds(b, "<p id=\"error\">");
	esc0(b, msg);
	buf_adds(b, "</p>\n</body></html>\n");
}
