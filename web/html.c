/* HTML rendering; every byte that came from a request or Redis is escaped. */
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "style.h"
#include "utf8.h"

/* Escape; with wbr, let a long value break after its commas too. */
static void
esc(struct buf *b, const char *s, size_t n, int wbr)
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
		/* After , / in a long value: a place to wrap a long run. */
		if (wbr && (p[i] == ',' || p[i] == '/') && i + 1 < n &&
		    p[i + 1] != ' ' && p[i + 1] != '/') {
			buf_addc(b, p[i++]);
			buf_adds(b, "<wbr>");
			continue;
		}
		if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' &&
		    p[i] != '\r') || p[i] == 0x7f ||
		    (k = cmn_utf8_len(p + i, n - i)) == 0) {
			buf_adds(b, "\xef\xbf\xbd");	/* U+FFFD */
			i++;
			continue;
		}
		buf_add(b, p + i, k);
		i += k;
	}
}

void
html_esc(struct buf *b, const char *s, size_t n)
{
	esc(b, s, n, 0);
}

static void
esc0(struct buf *b, const char *s)
{
	esc(b, s, strlen(s), 0);
}

static int
is_long(const char *s, size_t n)
{
	return n > HTML_SHORT || memchr(s, '\n', n) != NULL;
}

static void
head(struct buf *b, const char *title)
{
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\"><title>");
	esc0(b, title);
	buf_adds(b, "</title><style>");
	buf_adds(b, html_style);
	buf_adds(b, "</style></head>\n<body>\n");
}

/* <a id=ID href="LINK">text</a>, or a greyed span when there is none. */
static void
link(struct buf *b, int have, const struct query *q, const struct cursor *cur,
    const struct cursor *back, int nback, const char *text,
    const char *id)
{
	struct buf url = { 0 };

	if (!have) {
		buf_adds(b, "<span class=\"off\">");
		buf_adds(b, text);
		buf_adds(b, "</span>");
		return;
	}
	query_put_link(&url, q, cur, back, nback, 0);
	buf_adds(b, "<a ");
	if (id != NULL) {
		buf_adds(b, "id=\"");
		buf_adds(b, id);
		buf_adds(b, "\" ");
	}
	buf_adds(b, "href=\"");
	html_esc(b, url.p, url.len);
	buf_adds(b, "\">");
	buf_adds(b, text);
	buf_adds(b, "</a>");
	buf_free(&url);
}

static void
count(struct buf *b, long long n, const char *one, const char *many)
{
	buf_addi(b, n);
	buf_addc(b, ' ');
	buf_adds(b, n == 1 ? one : many);
}

/* host:port of a master */
static void
addr(struct buf *b, const struct view_master *m)
{
	esc0(b, m->host);
	buf_addc(b, ':');
	buf_addi(b, m->port);
}

/* ", from A and B": the masters scanned for the page. */
static void
scanned(struct buf *b, const struct view_cluster *c)
{
	int i, k = 0, n = 0;

	for (i = 0; i < c->n; i++)
		n += c->m[i].scanned;
	for (i = 0; i < c->n; i++) {
		if (!c->m[i].scanned)
			continue;
		buf_adds(b, k == 0 ? ", from " : k + 1 == n ? " and " : ", ");
		addr(b, &c->m[i]);
		k++;
	}
}

/* The masters of a cluster, those scanned for the page in bold. */
static void
masters(struct buf *b, const struct view_cluster *c)
{
	int i;

	buf_adds(b, "<p class=\"where\" id=\"masters\">Masters: ");
	for (i = 0; i < c->n; i++) {
		if (i > 0)
			buf_adds(b, ", ");
		buf_adds(b, c->m[i].scanned ? "<span class=\"node scanned\" "
		    "title=\"" : "<span class=\"node\" title=\"");
		esc0(b, c->m[i].id);
		buf_adds(b, "\">");
		addr(b, &c->m[i]);
		buf_adds(b, "</span> (slots ");
		esc0(b, c->m[i].slots);
		if (c->m[i].keys >= 0) {
			buf_adds(b, ", ");
			count(b, c->m[i].keys, "key", "keys");
		}
		buf_adds(b, ")");
	}
	buf_adds(b, "</p>\n");
	if (c->restarted) {
		buf_adds(b, "<p class=\"note\" id=\"restarted\">The cluster "
		    "changed since this page&#39;s link was made: slot ");
		buf_addi(b, c->slot);
		buf_adds(b, " is now served by ");
		addr(b, &c->m[c->at]);
		buf_adds(b, ", whose keys are listed from their start. Keys "
		    "that moved between masters meanwhile may be missed or "
		    "shown twice.</p>\n");
	}
}

/* Links to other pages; ids on the top one for scripts and tests. */
static void
nav(struct buf *b, const struct view *v, int top)
{
	struct cursor stack[QUERY_BACK_MAX + 1], start;
	const struct query *q = v->q;
	struct buf url = { 0 };
	int n = q->nback;

	buf_adds(b, "<nav>");
	cursor_init(&start);
	link(b, !cursor_is_start(&q->cursor), q, &start, NULL, 0,
	    "&laquo;&nbsp;first", top ? "first" : NULL);
	link(b, n > 0, q, n > 0 ? &q->back[n - 1] : &start, q->back, n - 1,
	    "&lsaquo;&nbsp;previous", top ? "prev" : NULL);
	memcpy(stack, q->back, n * sizeof(stack[0]));
	stack[n] = q->cursor;
	link(b, !cursor_is_start(&v->t->next), q, &v->t->next, stack, n + 1,
	    "next&nbsp;&rsaquo;", top ? "next" : NULL);
	query_put_link(&url, q, &q->cursor, q->back, q->nback, 1);
	buf_adds(b, top ? "<a id=\"json\" href=\"" : "<a href=\"");
	html_esc(b, url.p, url.len);
	buf_adds(b, "\">JSON</a>");
	if (top) {
		buf_adds(b, "<span class=\"here\">this page: ");
		count(b, v->t->nrows, "key", "keys");
		if (v->groups->n > 1) {
			buf_adds(b, " in ");
			count(b, v->groups->n, "table", "tables");
		}
		if (v->cluster != NULL)
			scanned(b, v->cluster);
		buf_adds(b, "</span>");
	}
	buf_adds(b, "</nav>\n");
	buf_free(&url);
}

static void
form(struct buf *b, const struct view *v)
{
	const struct query *q = v->q;

	buf_adds(b, "<form method=\"get\"><label>Keys matching "
	    "<input name=\"match\" maxlength=\"256\" value=\"");
	html_esc(b, q->match, q->matchlen);
	buf_adds(b, "\"></label><label>per page <input name=\"count\" "
	    "type=\"number\" min=\"1\" max=\"1000\" value=\"");
	buf_addu(b, q->count);
	buf_adds(b, "\"></label><label>keys look like <input name=\"key\" "
	    "maxlength=\"256\" value=\"");
	html_esc(b, v->tmpl, v->tmpllen);
	buf_adds(b, "\"></label>");
	if (q->ckptlen > 0) {
		buf_adds(b, "<input type=\"hidden\" name=\"checkpoint\" "
		    "value=\"");
		html_esc(b, q->ckpt, q->ckptlen);
		buf_adds(b, "\">");
	}
	buf_adds(b, "<button>Show</button></form>\n");
}

/* "<time datetime=..>12:03:04 UTC</time>, 2 s ago" */
static void
when(struct buf *b, long long es, long long now)
{
	buf_adds(b, "<time datetime=\"");
	sync_put_iso(b, es);
	buf_adds(b, "\">");
	sync_put_time(b, es, now);
	buf_adds(b, "</time>, <span class=\"age\">");
	if (es <= now) {
		sync_put_age(b, now - es);
		buf_adds(b, " ago");
	} else {
		sync_put_age(b, es - now);
		buf_adds(b, " ahead of this server&#39;s clock");
	}
	buf_adds(b, "</span>");
}

/* The checkpoint as a status line (see redis-view(1), SYNC STATUS). */
static void
sync_status(struct buf *b, const struct view *v)
{
	const struct sync *s = v->sync;
	const struct sync_part *p;
	int i;

	buf_adds(b, "<section id=\"sync\"");
	if (!s->found || s->error[0] != '\0' || s->n == 0) {
		buf_adds(b, " class=\"none\"><p>No sync status: ");
		if (!s->found)
			buf_adds(b, "no checkpoint <code>");
		else
			buf_adds(b, "the checkpoint <code>");
		html_esc(b, v->ckpt, v->ckptlen);
		buf_adds(b, "</code>");
		if (!s->found)
			buf_adds(b, " in this database.");
		else if (s->error[0] != '\0') {
			buf_adds(b, " cannot be read: ");
			esc0(b, s->error);
		} else
			buf_adds(b, " holds no Kafka positions.");
		buf_adds(b, "</p></section>\n");
		return;
	}
	buf_adds(b, "><p class=\"kv\"><span class=\"label\">Newest change "
	    "applied</span> "
	    "<span>");
	if (s->newest >= 0)
		when(b, s->newest, v->now);
	else
		buf_adds(b, "<span class=\"age\">unknown</span>");
	buf_adds(b, "</span></p>\n<p class=\"kv\"><span class=\"label\">Kafka offsets "
	    "applied</span> <span>");
	for (i = 0; i < s->n; i++) {
		p = &s->part[i];
		buf_adds(b, "<span class=\"part\">");
		html_esc(b, p->topic, p->tlen);
		buf_adds(b, "&nbsp;[");
		buf_addi(b, p->partition);
		buf_adds(b, "] at offset ");
		if (p->offset != NULL)
			html_esc(b, p->offset, p->olen);
		else
			buf_adds(b, "?");
		if (s->n > 1 && p->es >= 0) {
			buf_adds(b, " <span class=\"es\">(");
			sync_put_time(b, p->es, v->now);
			buf_adds(b, ")</span>");
		}
		buf_adds(b, i + 1 < s->n || s->more > 0 ? ",</span> " :
		    "</span>");
	}
	if (s->more > 0) {
		buf_adds(b, "<span class=\"part\">and ");
		buf_addu(b, s->more);
		buf_adds(b, " more</span>");
	}
	if (s->newest >= 0) {
		buf_adds(b, "</span></p>\n<p class=\"note\">The binlog time of "
		    "the newest change Redis holds, from <code>");
		html_esc(b, v->ckpt, v->ckptlen);
		buf_adds(b, "</code>, aged by this server&#39;s clock: an old "
		    "time means Redis is behind, or MySQL has had no changes "
		    "since.");
	} else {
		buf_adds(b, "</span></p>\n<p class=\"note\">The checkpoint <code>");
		html_esc(b, v->ckpt, v->ckptlen);
		buf_adds(b, "</code> holds Kafka offsets but no binlog times "
		    "(Canal&#39;s <code>es</code>).");
	}
	buf_adds(b, "</p></section>\n");
}

/* A group's heading: its table, or the columns its rows share. */
static void
heading(struct buf *b, const struct view *v, const struct group *g)
{
	int j;

	buf_adds(b, "<h2>");
	if (g->name != NULL) {
		buf_adds(b, "<span class=\"name\">");
		html_esc(b, g->name, g->namelen);
		buf_adds(b, "</span>");
	} else if (g->ncols == 0 || (g->ncols == 1 && strcmp(v->t->cols[
	    g->cols[0]].p, "value") == 0))
		buf_adds(b, "Other keys");
	else {
		buf_adds(b, "Rows with ");
		for (j = 0; j < g->ncols && j < 4; j++) {
			if (j > 0)
				buf_adds(b, ", ");
			html_esc(b, v->t->cols[g->cols[j]].p,
			    v->t->cols[g->cols[j]].len);
		}
		if (g->ncols > 4)
			buf_adds(b, ", &hellip;");
	}
	buf_adds(b, " <span class=\"n\">");
	count(b, g->nrows, "key", "keys");
	if (g->type != NULL && strcmp(g->type, "string") != 0) {
		buf_adds(b, ", ");
		esc0(b, g->type);
	}
	buf_adds(b, "</span></h2>\n");
}

/* One cell (NULL: the row has no such column); num: a numbers column. */
static void
cell(struct buf *b, const struct cell *c, int num)
{
	const char *cls = num ? " class=\"num\"" : "";

	if (c == NULL) {
		buf_adds(b, "<td></td>");
	} else if (c->null) {
		buf_adds(b, num ? "<td class=\"null num\">null</td>" :
		    "<td class=\"null\">null</td>");
	} else if (is_long(c->v.p, c->v.len)) {
		buf_adds(b, "<td class=\"long\"><div>");
		esc(b, c->v.p, c->v.len, 1);
		buf_adds(b, "</div></td>");
	} else {
		buf_adds(b, "<td");
		buf_adds(b, cls);
		buf_addc(b, '>');
		esc(b, c->v.p, c->v.len, 0);
		buf_adds(b, "</td>");
	}
}

static void
group_table(struct buf *b, const struct view *v, const struct group *g,
    int id, int *at)
{
	const struct table *t = v->t;
	const struct row *r;
	int i, j;

	buf_adds(b, "<section class=\"rows\" id=\"t");
	buf_addi(b, id);
	buf_adds(b, "\">");
	heading(b, v, g);
	buf_adds(b, "<div class=\"scroll\"><table>\n<thead><tr><th>key</th>");
	if (g->type == NULL)
		buf_adds(b, "<th>type</th>");
	for (j = 0; j < g->ncols; j++) {
		buf_adds(b, g->num[j] ? "<th class=\"num\">" : "<th>");
		html_esc(b, t->cols[g->cols[j]].p, t->cols[g->cols[j]].len);
		buf_adds(b, "</th>");
	}
	buf_adds(b, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < g->nrows; i++) {
		r = g->rows[i];
		for (j = 0; j < r->ncells; j++)
			at[r->cells[j].col] = j;
		buf_adds(b, is_long(r->key.p, r->key.len) ?
		    "<tr><th class=\"long\"><div>" : "<tr><th>");
		if (g->prefix[i] > 0) {
			buf_adds(b, "<span class=\"kp\">");
			html_esc(b, r->key.p, g->prefix[i]);
			buf_adds(b, "</span>");
		}
		html_esc(b, r->key.p + g->prefix[i], r->key.len - g->prefix[i]);
		buf_adds(b, is_long(r->key.p, r->key.len) ? "</div></th>" :
		    "</th>");
		if (g->type == NULL) {
			buf_adds(b, "<td class=\"type\">");
			esc0(b, r->type);
			buf_adds(b, "</td>");
		}
		for (j = 0; j < g->ncols; j++)
			cell(b, at[g->cols[j]] >= 0 ?
			    &r->cells[at[g->cols[j]]] : NULL, g->num[j]);
		buf_adds(b, "</tr>\n");
		for (j = 0; j < r->ncells; j++)
			at[r->cells[j].col] = -1;
	}
	buf_adds(b, "</tbody></table></div></section>\n");
}

void
html_page(struct buf *b, const struct view *v)
{
	const struct table *t = v->t;
	int i, *at;

	head(b, "Redis keys");
	buf_adds(b, "<header><h1>Redis keys</h1><p class=\"where\">");
	esc0(b, v->where);
	if (t->dbsize >= 0) {
		buf_adds(b, " &middot; ");
		count(b, t->dbsize, "key", "keys");
		buf_adds(b, " in all");
	}
	buf_adds(b, "</p></header>\n");
	if (v->cluster != NULL)
		masters(b, v->cluster);
	sync_status(b, v);
	form(b, v);
	nav(b, v, 1);
	if (t->dropped > 0) {
		buf_adds(b, "<p class=\"note\">");
		buf_addu(b, t->dropped);
		buf_adds(b, " fields past the column limit are not shown.</p>\n");
	}
	at = cmn_xmalloc((t->ncols + 1) * sizeof(*at));
	for (i = 0; i < t->ncols; i++)
		at[i] = -1;
	for (i = 0; i < v->groups->n; i++)
		group_table(b, v, &v->groups->g[i], i + 1, at);
	free(at);
	if (t->nrows == 0)
		buf_adds(b, "<p class=\"empty\">No keys on this page.</p>\n");
	nav(b, v, 0);
	buf_adds(b, "</body></html>\n");
}

void
html_error(struct buf *b, const char *title, const char *msg)
{
	head(b, title);
	buf_adds(b, "<header><h1>");
	esc0(b, title);
	buf_adds(b, "</h1></header>\n<p id=\"error\">");
	esc0(b, msg);
	buf_adds(b, "</p>\n<nav><a href=\"?\">&laquo;&nbsp;the first page"
	    "</a></nav>\n</body></html>\n");
}
