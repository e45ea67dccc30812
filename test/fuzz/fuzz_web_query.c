/*
 * libFuzzer target for redis-view: any query string parses or is refused
 * without harm, the links it leads to parse back to the same query, any
 * key template parses or is refused, and any value, key, template and
 * checkpoint field rendered as HTML holds no markup and as JSON stays
 * valid, a cluster's masters included.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_tree.h>

#include "group.h"
#include "html.h"
#include "json.h"
#include "keytmpl.h"
#include "query.h"
#include "sync.h"
#include "table.h"
#include "view.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
links(const struct query *q)
{
	struct buf b = { 0 };
	struct query r;
	int i;

	query_put_link(&b, q, &q->cursor, q->back, q->nback, q->json);
	if (query_parse(&r, b.p + 1, b.len - 1) != NULL ||
	    r.matchlen != q->matchlen ||
	    memcmp(r.match, q->match, q->matchlen) != 0 ||
	    r.count != q->count || !cursor_equal(&r.cursor, &q->cursor) ||
	    r.nback != q->nback || r.json != q->json ||
	    r.keylen != q->keylen || memcmp(r.key, q->key, q->keylen) != 0 ||
	    r.ckptlen != q->ckptlen || memcmp(r.ckpt, q->ckpt, q->ckptlen) != 0)
		abort();
	for (i = 0; i < q->nback; i++)
		if (!cursor_equal(&r.back[i], &q->back[i]))
			abort();
	buf_free(&b);
}

/* The page as HTML holds no markup of the input; as JSON it parses. */
static void
page(struct buf *b, const struct view *w)
{
	yajl_val j;

	b->len = 0;
	html_page(b, w);
	buf_addc(b, '\0');
	if (strstr(b->p, "<script") != NULL)
		abort();
	b->len = 0;
	json_page(b, w);
	buf_addc(b, '\0');
	if ((j = yajl_tree_parse(b->p, NULL, 0)) == NULL)
		abort();
	yajl_tree_free(j);
}

static void
render(const struct query *q, const char *v, size_t n)
{
	struct table t = { 0 };
	struct buf b = { 0 };
	struct grouping gs;
	struct keytmpl kt;
	struct sync s;
	struct view w;
	struct view_master vm[2];
	struct view_cluster vc;
	char *hv;

	table_add_value(&t, table_add_row(&t, v, n, "string"), v, n);
	table_add_value(&t, table_add_row(&t, "t:1", 3, "string"), v, n);
	t.dbsize = -1;
	if (keytmpl_parse(&kt, v, n) != NULL &&
	    keytmpl_parse(&kt, "{table}:{pk}", 12) != NULL)
		abort();
	group_rows(&gs, &t, &kt);
	sync_init(&s);
	s.found = 1;
	sync_field(&s, v, n, v, n);
	sync_field(&s, "t:0:es", 6, v, n);
	sync_done(&s);
	memset(&w, 0, sizeof(w));
	w.q = q;
	w.t = &t;
	w.groups = &gs;
	w.sync = &s;
	w.ckpt = v;
	w.ckptlen = n;
	w.tmpl = v;
	w.tmpllen = n;
	w.where = "fuzz";
	w.now = 1795673480300LL;
	page(&b, &w);
	/* a cluster's masters, named by the input */
	hv = cmn_xmalloc(n + 1);
	memcpy(hv, v, n);
	hv[n] = '\0';
	vm[0].host = vm[0].id = vm[0].slots = hv;
	vm[0].port = 7000;
	vm[0].keys = -1;
	vm[0].scanned = 1;
	vm[1] = vm[0];
	vm[1].keys = 3;
	vm[1].scanned = 0;
	vc.m = vm;
	vc.n = 2;
	vc.restarted = 1;
	vc.slot = 5461;
	vc.at = 1;
	w.cluster = &vc;
	page(&b, &w);
	free(hv);
	buf_free(&b);
	grouping_free(&gs);
	sync_free(&s);
	table_free(&t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct query q;

	if (query_parse(&q, (const char *)data, size) == NULL)
		links(&q);
	else
		query_init(&q);
	render(&q, (const char *)data, size);
	return 0;
}
