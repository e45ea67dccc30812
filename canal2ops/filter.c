/* Record filters (fnmatch globs) and column lists. */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "filter.h"

void
namelist_add(struct namelist *l, const char *s)
{
	l->name = cmn_xrealloc(l->name, (l->n + 1) * sizeof(*l->name));
	l->len = cmn_xrealloc(l->len, (l->n + 1) * sizeof(*l->len));
	l->name[l->n] = cmn_xstrdup(s);
	l->len[l->n] = strlen(s);
	l->n++;
}

void
namelist_split(struct namelist *l, const char *s)
{
	char *copy = cmn_xstrdup(s), *p = copy, *tok;

	while ((tok = strsep(&p, ",")) != NULL)
		if (*tok != '\0')
			namelist_add(l, tok);
	free(copy);
}

int
namelist_has(const struct namelist *l, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->len[i] == n && memcmp(l->name[i], s, n) == 0)
			return 1;
	return 0;
}

void
namelist_free(struct namelist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->name[i]);
	free(l->name);
	free(l->len);
	memset(l, 0, sizeof(*l));
}

static int
glob_any(const struct namelist *l, const char *db, const char *table)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (strchr(l->name[i], '.') != NULL) {
			size_t dn = strlen(db), tn = strlen(table);
			char *full = cmn_xmalloc(dn + tn + 2);
			int m;

			memcpy(full, db, dn);
			full[dn] = '.';
			memcpy(full + dn + 1, table, tn + 1);
			m = fnmatch(l->name[i], full, 0) == 0;
			free(full);
			if (m)
				return 1;
		} else if (fnmatch(l->name[i], table, 0) == 0)
			return 1;
	}
	return 0;
}

int
filter_pass(const struct filter *f, const char *db, const char *table)
{
	size_t i;

	for (i = 0; i < f->xdb.n; i++)
		if (fnmatch(f->xdb.name[i], db, 0) == 0)
			return 0;
	if (f->db.n > 0) {
		for (i = 0; i < f->db.n; i++)
			if (fnmatch(f->db.name[i], db, 0) == 0)
				break;
		if (i == f->db.n)
			return 0;
	}
	if (glob_any(&f->xtab, db, table))
		return 0;
	if (f->tab.n > 0 && !glob_any(&f->tab, db, table))
		return 0;
	return 1;
}

int
filter_active(const struct filter *f)
{
	return f->db.n + f->xdb.n + f->tab.n + f->xtab.n > 0;
}

void
filter_free(struct filter *f)
{
	namelist_free(&f->db);
	namelist_free(&f->xdb);
	namelist_free(&f->tab);
	namelist_free(&f->xtab);
}
