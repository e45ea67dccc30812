/*
 * One input line as a record: the members of a Canal flat message, or of
 * a kcat -J envelope, found by the JSON scanner (no copies).
 */
#ifndef CANAL2OPS_RECORD_H
#define CANAL2OPS_RECORD_H

#include <stddef.h>

#include "json.h"

struct col {
	struct jval	 name;
	struct jval	 val;
};

/* The rows of "data" or "old": row i is col[first[i] .. first[i+1]). */
struct rows {
	struct col	*col;
	size_t		 ncol, capcol;
	size_t		*first;
	size_t		 nrow, caprow;
	int		 type;		/* J_NONE (absent or other), J_NULL, J_ARR
					   (data, old) or J_OBJ (mysqlType) */
};

struct record {
	/* Canal flat message */
	struct jval	 type, database, table, isddl, es;
	struct rows	 data, old;
	struct rows	 types;		/* mysqlType: one row, column -> type */
	struct jval	 types_text;	/* mysqlType's text, when an object */
	struct jval	*pk;		/* pkNames */
	size_t		 npk, cappk;
	int		 pktype;	/* J_NONE, J_NULL or J_ARR */
	/* kcat -J envelope */
	struct jval	 payload, payload_enc, topic, partition, offset;
};

/*
 * Parse one line (a JSON object, nothing else on the line). Returns NULL,
 * or the reason the line is a bad record, found at json_err_at.
 */
const char	*record_parse(struct record *, const char *, size_t);

/* Is this record a kcat -J envelope (it has a "payload" member)? */
#define record_is_envelope(r)	((r)->payload.type != J_NONE)

/* Canal's es (binlog time, ms) when the record has a sane one, else 0. */
long long	record_es(const struct record *);

void	record_free(struct record *);

#endif
