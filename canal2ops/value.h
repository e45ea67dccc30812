/*
 * Canal 1.1.4's value quirks, undone from a column's mysqlType: an ENUM
 * written as its index, a SET as its bit mask, a DECIMAL without the zeros
 * that end its fraction, a BINARY(n) without its trailing zero bytes
 * (measured: test/canal2ops/stack/, canal2ops(1) VALUES).
 */
#ifndef CANAL2OPS_VALUE_H
#define CANAL2OPS_VALUE_H

#include <stddef.h>

#include "buf.h"

enum { VT_NONE, VT_ENUM, VT_SET, VT_DECIMAL, VT_BINARY };

/* A column type with a rule; one per column, reused from row to row. */
struct vtype {
	int		 kind;
	unsigned	 n;		/* DECIMAL's scale, BINARY's length,
					   the number of labels */
	struct buf	 labels;	/* ENUM and SET: each label NUL-ended */
	size_t		*off;		/* label i at labels.p + off[i] */
	size_t		*len;
	size_t		 cap;
};

/*
 * Read a column's mysqlType (decoded bytes): its kind, VT_NONE for a type
 * without a rule or one that does not read as its kind.
 */
int	vtype_parse(struct vtype *, const char *s, size_t n);

/*
 * MySQL's value for Canal's text v (decoded bytes) of a column of type t:
 * append it to out and return 1, or return 0 when v stays as it is (no
 * rule, or v is not what the rule undoes: a label, a value at its scale).
 */
int	value_fix(const struct vtype *t, const char *v, size_t n,
	    struct buf *out);

void	vtype_free(struct vtype *);

#endif
