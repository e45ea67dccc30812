/* Which records and columns go through: globs on names, column lists. */
#ifndef CANAL2OPS_FILTER_H
#define CANAL2OPS_FILTER_H

#include <stddef.h>

struct namelist {
	char	**name;
	size_t	 *len;
	size_t	  n;
};

/* Add one name, or each of a comma-separated list. */
void	namelist_add(struct namelist *, const char *);
void	namelist_split(struct namelist *, const char *);
int	namelist_has(const struct namelist *, const char *, size_t);
void	namelist_free(struct namelist *);

struct filter {
	struct namelist	 db, xdb;	/* --database, --exclude-database */
	struct namelist	 tab, xtab;	/* --table, --exclude-table */
};

/*
 * Does a record of database.table pass? A table glob with a '.' is
 * matched against "database.table", others against the table name.
 */
int	filter_pass(const struct filter *, const char *db, const char *table);
int	filter_active(const struct filter *);
void	filter_free(struct filter *);

#endif
