/*
 * One column value as Canal writes it, from the text of its select item
 * (table.c), and the sqlType Canal gives it.
 */
#ifndef MYSQL2CANAL_VALUE_H
#define MYSQL2CANAL_VALUE_H

#include "buf.h"
#include "table.h"

/*
 * Append the value (v, n bytes; v NULL for NULL) as a JSON string or
 * null. Returns the value's sqlType, or VALUE_BAD when the server's text
 * cannot be read as the column's type.
 */
#define VALUE_BAD	(-99999)
int	value_put(struct buf *, const struct column *, const char *v,
	    unsigned long n);

#endif
