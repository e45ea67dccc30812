/*
 * libFuzzer target for redis-view: any query string parses or is refused
 * without harm, the links it leads to parse back to the same query, and
 * any value rendered as HTML holds no markup and as JSON stays valid.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_tree.h>

#include "html.h"
#include "json.h"
#include "query.h"
#include "table.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
links(const struct query *q)
{
	struct buf b = { 0 };
	struct query r;

	query_put_link(&b, q, q->cursor, q->back, q->nback, q->json);
	if (query_parse(&r, b.p + 1, b.len - 1) != NULL ||
	    r.matchlen != q->matchlen ||
	    memcmp(r.match, q->match, q->matchlen) != 0 ||
	    r.count != q->count || r.cursor != q->cursor ||
	    r.nback != q->nback || r.json != q->json ||
	    memcmp(r.back, q->back, q->nback * sizeof(q->back[0])) != 0)
		abort();
	buf_free(&b);
}

static void
render(const struct query *q, const char *v, size_t n)
{
	struct table t = { 0 };
	struct buf b = { 0 };
	yajl_val j;

	table_add_value(&t, table_add_row(&t, v, n, "string"), v, n);
	t.dbsize = -1;
	html_page(&b, q, &t, "fuzz");
	buf_addc(&b, '\0');
	if (strstr(b.p, "<script") != NULL)
		abort();
	b.len = 0;
	json_page(&b, q, &t);
	buf_addc(&b, '\0');
	if ((j = yajl_tree_parse(b.p, NULL, 0)) == NULL)
		abort();
	yajl_tree_free(j);
	buf_free(&b);
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
