/*
 * What one page shows: rows (one a key) and the union of their columns
 * in first-seen order. A JSON object value gives one column a member;
 * anything else is one "value" column; a hash gives one column a field.
 */
#ifndef WEB_TABLE_H
#define WEB_TABLE_H

#include <stddef.h>

#include "cursor.h"

#define TABLE_COLS_MAX	200	/* further columns are counted, not shown */

struct text {
	char	*p;		/* NUL-ended copy */
	size_t	 len;
};

struct cell {
	int	 col;
	int	 null;		/* JSON null */
	struct text v;
};

struct row {
	struct text key;
	char	 type[16];	/* Redis TYPE: string, hash, list, ... */
	struct cell *cells;
	int	 ncells, capcells;
};

struct table {
	struct text *cols;
	int	 ncols, capcols;
	struct row *rows;
	int	 nrows, caprows;
	struct cursor next;	/* of the next page; the start at the end */
	long long dbsize;		/* keys in the database, -1 unknown */
	unsigned long dropped;		/* fields past TABLE_COLS_MAX */
};

struct row *table_add_row(struct table *, const char *key, size_t,
	    const char *type);

/* Set column name to v (null: a JSON null). */
void	 table_set(struct table *, struct row *, const char *name, size_t,
	    const char *v, size_t, int null);

/*
 * A string value: a JSON object gives a column a member (nested values
 * shown as compact JSON, numbers as written); anything else goes whole
 * into the "value" column.
 */
void	 table_add_value(struct table *, struct row *, const char *, size_t);

/* The cell of row r in column col, or NULL. */
const struct cell *table_cell(const struct row *, int col);

void	 table_free(struct table *);

#endif
