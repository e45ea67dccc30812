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
		} else if ((k = cmn_utf8_len(p + i, n - i)) == 0)
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
		if ((k = cmn_utf8_len(p + i, n - i)) == 0)
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
cursor(struct buf *b, const char *name, const struct cursor *c)
{
	buf_adds(b, name);
	buf_addc(b, '"');
	cursor_put(b, c);
	buf_addc(b, '"');
}

/* A cluster's masters: "cluster":{...} */
static void
cluster(struct buf *b, const struct view_cluster *c)
{
	const struct view_master *m;
	struct buf a = { 0 };
	int i;

	buf_adds(b, ",\n\"cluster\":{\"restarted\":");
	buf_adds(b, c->restarted ? "true" : "false");
	buf_adds(b, ",\"masters\":[");
	for (i = 0; i < c->n; i++) {
		m = &c->m[i];
		a.len = 0;
		buf_adds(&a, m->host);
		buf_addc(&a, ':');
		buf_addi(&a, m->port);
		buf_adds(b, i > 0 ? ",\n {\"node\":" : "\n {\"node\":");
		json_str(b, a.p, a.len);
		buf_adds(b, ",\"id\":");
		json_str(b, m->id, strlen(m->id));
		buf_adds(b, ",\"slots\":");
		json_str(b, m->slots, strlen(m->slots));
		buf_adds(b, ",\"keys\":");
		buf_addi(b, m->keys);
		buf_adds(b, m->scanned ? ",\"scanned\":true}" :
		    ",\"scanned\":false}");
	}
	buf_adds(b, "]}");
	buf_free(&a);
}

/* The checkpoint: "sync":{...} */
static void
sync(struct buf *b, const struct view *v)
{
	const struct sync *s = v->sync;
	const struct sync_part *p;
	int i;

	buf_adds(b, ",\n\"sync\":{\"key\":");
	json_str(b, v->ckpt, v->ckptlen);
	buf_adds(b, s->found ? ",\"found\":true" : ",\"found\":false");
	if (s->error[0] != '\0') {
		buf_adds(b, ",\"error\":");
		json_str(b, s->error, strlen(s->error));
	}
	buf_adds(b, ",\"now\":");
	buf_addi(b, v->now);
	buf_adds(b, ",\"newest_es\":");
	if (s->newest >= 0) {
		buf_addi(b, s->newest);
		buf_adds(b, ",\"age_ms\":");
		buf_addi(b, v->now - s->newest);
	} else
		buf_adds(b, "null,\"age_ms\":null");
	buf_adds(b, ",\"partitions\":[");
	for (i = 0; i < s->n; i++) {
		p = &s->part[i];
		buf_adds(b, i > 0 ? ",\n {\"topic\":" : "\n {\"topic\":");
		json_str(b, p->topic, p->tlen);
		buf_adds(b, ",\"partition\":");
		buf_addi(b, p->partition);
		buf_adds(b, ",\"offset\":");
		if (p->offset != NULL)
			json_str(b, p->offset, p->olen);
		else
			buf_adds(b, "null");
		buf_adds(b, ",\"es\":");
		if (p->es >= 0)
			buf_addi(b, p->es);
		else
			buf_adds(b, "null");
		buf_addc(b, '}');
	}
	buf_adds(b, "]}");
}

static void
columns(struct buf *b, const struct table *t, const int *cols, int n)
{
	int j;

	buf_addc(b, '[');
	for (j = 0; j < n; j++) {
		if (j > 0)
			buf_addc(b, ',');
		json_str(b, t->cols[cols ? cols[j] : j].p,
		    t->cols[cols ? cols[j] : j].len);
	}
	buf_addc(b, ']');
}

static void
row(struct buf *b, const struct table *t, const struct group *g,
    const struct row *r, int first)
{
	const struct cell *c;
	int j;

	buf_adds(b, first ? "\n{\"key\":" : ",\n{\"key\":");
	if (is_utf8(r->key.p, r->key.len))
		json_str(b, r->key.p, r->key.len);
	else {		/* as kcat-lite's envelopes do */
		base64(b, r->key.p, r->key.len);
		buf_adds(b, ",\"key_encoding\":\"base64\"");
	}
	buf_adds(b, ",\"table\":");
	if (g->name != NULL)
		json_str(b, g->name, g->namelen);
	else
		buf_adds(b, "null");
	buf_adds(b, ",\"type\":");
	json_str(b, r->type, strlen(r->type));
	buf_adds(b, ",\"fields\":{");
	for (j = 0; j < r->ncells; j++) {
		c = &r->cells[j];
		if (j > 0)
			buf_addc(b, ',');
		json_str(b, t->cols[c->col].p, t->cols[c->col].len);
		buf_addc(b, ':');
		if (c->null)
			buf_adds(b, "null");
		else
			json_str(b, c->v.p, c->v.len);
	}
	buf_adds(b, "}}");
}

void
json_page(struct buf *b, const struct view *v)
{
	const struct query *q = v->q;
	const struct table *t = v->t;
	const struct group *g;
	int i, k, first = 1;

	buf_adds(b, "{\"match\":");
	json_str(b, q->match, q->matchlen);
	buf_adds(b, ",\"count\":");
	buf_addu(b, q->count);
	cursor(b, ",\"cursor\":", &q->cursor);
	cursor(b, ",\"next_cursor\":", &t->next);
	buf_adds(b, ",\"dbsize\":");
	buf_addi(b, t->dbsize);
	buf_adds(b, ",\"dropped_fields\":");
	buf_addu(b, t->dropped);
	buf_adds(b, ",\"key_template\":");
	json_str(b, v->tmpl, v->tmpllen);
	if (v->cluster != NULL)
		cluster(b, v->cluster);
	sync(b, v);
	buf_adds(b, ",\n\"columns\":");
	columns(b, t, NULL, t->ncols);
	buf_adds(b, ",\n\"tables\":[");
	for (k = 0; k < v->groups->n; k++) {
		g = &v->groups->g[k];
		buf_adds(b, k > 0 ? ",\n {\"name\":" : "\n {\"name\":");
		if (g->name != NULL)
			json_str(b, g->name, g->namelen);
		else
			buf_adds(b, "null");
		buf_adds(b, ",\"keys\":");
		buf_addi(b, g->nrows);
		buf_adds(b, ",\"columns\":");
		columns(b, t, g->cols, g->ncols);
		buf_addc(b, '}');
	}
	buf_adds(b, "],\n\"rows\":[");
	for (k = 0; k < v->groups->n; k++) {
		g = &v->groups->g[k];
		for (i = 0; i < g->nrows; i++, first = 0)
			row(b, t, g, g->rows[i], first);
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
