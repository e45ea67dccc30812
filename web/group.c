/* Rows grouped by table, columns in row order, keys in a person's order. */
#include <stdlib.h>
#include <string.h>

#include "group.h"

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

int
group_keycmp(const char *a, size_t an, const char *b, size_t bn)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;
	size_t i = 0, j = 0, i0, j0, ni, nj;
	int c;

	while (i < an && j < bn) {
		if (isdig(p[i]) && isdig(q[j])) {
			while (i < an && p[i] == '0')
				i++;
			while (j < bn && q[j] == '0')
				j++;
			for (i0 = i; i < an && isdig(p[i]); i++)
				;
			for (j0 = j; j < bn && isdig(q[j]); j++)
				;
			ni = i - i0;
			nj = j - j0;
			if (ni != nj)
				return ni < nj ? -1 : 1;
			if ((c = memcmp(p + i0, q + j0, ni)) != 0)
				return c;
			continue;
		}
		if (p[i] != q[j])
			return p[i] < q[j] ? -1 : 1;
		i++;
		j++;
	}
	if (i < an || j < bn)
		return i < an ? 1 : -1;
	/* Equal as numbers ("07" and "7"): bytewise, for a total order. */
	c = memcmp(a, b, an < bn ? an : bn);
	return c != 0 ? c : an < bn ? -1 : an > bn;
}

int
group_is_number(const char *s, size_t n)
{
	size_t i = 0, d;

	if (n > 0 && s[0] == '-')
		i++;
	for (d = i; i < n && isdig((unsigned char)s[i]); i++)
		;
	if (i == d)
		return 0;
	if (i < n && s[i] == '.') {
		for (d = ++i; i < n && isdig((unsigned char)s[i]); i++)
			;
		if (i == d)
			return 0;
	}
	return i == n;
}

static int
rowcmp(const void *x, const void *y)
{
	const struct row *a = *(const struct row *const *)x;
	const struct row *b = *(const struct row *const *)y;

	return group_keycmp(a->key.p, a->key.len, b->key.p, b->key.len);
}

static int
groupcmp(const void *x, const void *y)
{
	const struct group *a = x, *b = y;

	if ((a->name == NULL) != (b->name == NULL))
		return a->name == NULL ? 1 : -1;
	if (a->name != NULL)
		return group_keycmp(a->name, a->namelen, b->name, b->namelen);
	return rowcmp(&a->rows[0], &b->rows[0]);
}

static int
intcmp(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;

	return (a > b) - (a < b);
}

/* The sorted columns of a row. */
static int
signature(const struct row *r, int *sig)
{
	int i;

	for (i = 0; i < r->ncells; i++)
		sig[i] = r->cells[i].col;
	qsort(sig, r->ncells, sizeof(*sig), intcmp);
	return r->ncells;
}

static struct group *
find(struct grouping *gs, const char *name, size_t n, const int *sig,
    int nsig)
{
	struct group *g;
	int i;

	for (i = 0; i < gs->n; i++) {
		g = &gs->g[i];
		if (name != NULL ? g->name != NULL && g->namelen == n &&
		    memcmp(g->name, name, n) == 0 : g->name == NULL &&
		    g->nsig == nsig && (nsig == 0 ||
		    memcmp(g->sig, sig, nsig * sizeof(*sig)) == 0))
			return g;
	}
	gs->g = cmn_xrealloc(gs->g, (gs->n + 1) * sizeof(*gs->g));
	g = &gs->g[gs->n++];
	memset(g, 0, sizeof(*g));
	if (name != NULL) {
		g->name = cmn_xmalloc(n + 1);
		memcpy(g->name, name, n);
		g->name[n] = '\0';
		g->namelen = n;
	} else {
		g->sig = cmn_xmalloc((nsig + 1) * sizeof(*sig));
		memcpy(g->sig, sig, nsig * sizeof(*sig));
		g->nsig = nsig;
	}
	return g;
}

/*
 * The group's columns: each row's columns in its order, a column not seen
 * before going right after the one before it in that row; then which
 * columns hold only numbers.
 */
static void
columns(struct group *g, const struct table *t, int *at)
{
	const struct row *r;
	const struct cell *c;
	unsigned char *any;
	int i, j, k, prev;

	g->cols = cmn_xmalloc((t->ncols + 1) * sizeof(*g->cols));
	for (i = 0; i < t->ncols; i++)
		at[i] = -1;
	for (i = 0; i < g->nrows; i++) {
		r = g->rows[i];
		prev = -1;
		for (j = 0; j < r->ncells; j++) {
			c = &r->cells[j];
			if (at[c->col] < 0) {
				memmove(g->cols + prev + 2, g->cols + prev + 1,
				    (g->ncols - prev - 1) * sizeof(*g->cols));
				g->cols[prev + 1] = c->col;
				g->ncols++;
				for (k = prev + 1; k < g->ncols; k++)
					at[g->cols[k]] = k;
			}
			prev = at[c->col];
		}
	}
	g->num = cmn_xmalloc(g->ncols + 1);
	any = cmn_xmalloc(g->ncols + 1);
	memset(g->num, 1, g->ncols);
	memset(any, 0, g->ncols);
	for (i = 0; i < g->nrows; i++)
		for (j = 0; j < g->rows[i]->ncells; j++) {
			c = &g->rows[i]->cells[j];
			k = at[c->col];
			if (c->null || !g->num[k])
				continue;
			any[k] = 1;
			g->num[k] = group_is_number(c->v.p, c->v.len);
		}
	for (k = 0; k < g->ncols; k++)
		g->num[k] &= any[k];
	free(any);
}

void
group_rows(struct grouping *gs, const struct table *t,
    const struct keytmpl *kt)
{
	struct buf name = { 0 };
	struct group *g;
	size_t *prefix;
	int i, j, *sig, nsig;

	memset(gs, 0, sizeof(*gs));
	prefix = cmn_xmalloc((t->nrows + 1) * sizeof(*prefix));
	sig = cmn_xmalloc((t->ncols + 1) * sizeof(*sig));
	for (i = 0; i < t->nrows; i++) {
		const struct row *r = &t->rows[i];

		name.len = 0;
		prefix[i] = 0;
		if (keytmpl_table(kt, r->key.p, r->key.len, &name, &prefix[i]))
			g = find(gs, name.p, name.len, NULL, 0);
		else {
			nsig = signature(r, sig);
			g = find(gs, NULL, 0, sig, nsig);
		}
		if (g->nrows == g->caprows) {
			g->caprows = g->caprows ? g->caprows * 2 : 16;
			g->rows = cmn_xrealloc(g->rows, g->caprows *
			    sizeof(*g->rows));
		}
		g->rows[g->nrows++] = r;
	}
	for (j = 0; j < gs->n; j++) {
		g = &gs->g[j];
		qsort(g->rows, g->nrows, sizeof(*g->rows), rowcmp);
		g->prefix = cmn_xmalloc(g->nrows * sizeof(*g->prefix));
		g->type = g->rows[0]->type;
		for (i = 0; i < g->nrows; i++) {
			g->prefix[i] = prefix[g->rows[i] - t->rows];
			if (g->type != NULL && strcmp(g->type,
			    g->rows[i]->type) != 0)
				g->type = NULL;
		}
		columns(g, t, sig);
	}
	if (gs->n > 1)
		qsort(gs->g, gs->n, sizeof(*gs->g), groupcmp);
	free(sig);
	free(prefix);
	buf_free(&name);
}

void
grouping_free(struct grouping *gs)
{
	int i;

	for (i = 0; i < gs->n; i++) {
		free(gs->g[i].name);
		free(gs->g[i].cols);
		free(gs->g[i].num);
		free(gs->g[i].rows);
		free(gs->g[i].prefix);
		free(gs->g[i].sig);
	}
	free(gs->g);
	memset(gs, 0, sizeof(*gs));
}
