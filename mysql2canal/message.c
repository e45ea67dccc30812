/* Flat messages: Canal's member order, its JSON, one line each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "message.h"
#include "value.h"

/* "],", the members after data, each number at its longest, "}\n". */
static size_t
tail_max(const struct table *t)
{
	size_t i, n = sizeof("],,\"es\":,\"id\":,\"isDdl\":false,,\"old\":null,,"
	    "\"sql\":\"\",\"sqlType\":{},,\"ts\":,\"type\":\"INSERT\"}\n") - 1;

	n += t->jhead.len + t->jtypes.len + t->jpk.len + t->jtable.len;
	n += 3 * 20;				/* es, id, ts */
	for (i = 0; i < t->ncol; i++)		/* "name":-99999, */
		n += t->col[i].jname.len + 7;
	return n;
}

void
message_start(struct message *m, const struct table *t, long long es)
{
	m->b.len = 0;
	m->nrows = 0;
	m->tail = tail_max(t);
	m->t = t;
	m->es = es;
	if (m->cap < t->ncol) {
		m->cap = t->ncol;
		m->sqltype = cmn_xrealloc(m->sqltype, m->cap * sizeof(*m->sqltype));
		m->rowtype = cmn_xrealloc(m->rowtype, m->cap * sizeof(*m->rowtype));
	}
	buf_adds(&m->b, "{\"data\":[");
}

size_t
message_bytes(const struct message *m)
{
	return m->b.len + m->tail;
}

int
message_row(struct message *m, MYSQL_ROW row, const unsigned long *len,
    size_t max, char *why, size_t whylen)
{
	const struct table *t = m->t;
	size_t mark = m->b.len, i;
	int st, *swap;

	if (m->nrows > 0)
		buf_addc(&m->b, ',');
	buf_addc(&m->b, '{');
	for (i = 0; i < t->ncol; i++) {
		if (i > 0)
			buf_addc(&m->b, ',');
		buf_add(&m->b, t->col[i].jname.p, t->col[i].jname.len);
		st = value_put(&m->b, &t->col[i], row[i], len[i]);
		if (st == VALUE_BAD) {
			m->b.len = mark;
			snprintf(why, whylen, "column \"%s\" (%s): the server's "
			    "text \"%.*s\" is not such a value", t->col[i].name,
			    t->col[i].mysqltype, len[i] > 40 ? 40 : (int)len[i],
			    row[i]);
			return -1;
		}
		m->rowtype[i] = st;
	}
	buf_addc(&m->b, '}');
	if (m->nrows > 0 && message_bytes(m) > max) {
		m->b.len = mark;	/* it starts the next message */
		return 1;
	}
	m->nrows++;
	/* Canal keeps the sqlType of a message's last row */
	swap = m->sqltype;
	m->sqltype = m->rowtype;
	m->rowtype = swap;
	return 0;
}

void
message_end(struct message *m, unsigned long long id, long long ts)
{
	const struct table *t = m->t;
	size_t i;

	buf_add(&m->b, "],", 2);
	buf_add(&m->b, t->jhead.p, t->jhead.len);
	buf_adds(&m->b, ",\"es\":");
	buf_addi(&m->b, m->es);
	buf_adds(&m->b, ",\"id\":");
	buf_addu(&m->b, id);
	buf_adds(&m->b, ",\"isDdl\":false,");
	buf_add(&m->b, t->jtypes.p, t->jtypes.len);
	buf_adds(&m->b, ",\"old\":null,");
	buf_add(&m->b, t->jpk.p, t->jpk.len);
	buf_adds(&m->b, ",\"sql\":\"\",\"sqlType\":{");
	for (i = 0; i < t->ncol; i++) {
		if (i > 0)
			buf_addc(&m->b, ',');
		buf_add(&m->b, t->col[i].jname.p, t->col[i].jname.len);
		buf_addi(&m->b, m->sqltype[i]);
	}
	buf_adds(&m->b, "},");
	buf_add(&m->b, t->jtable.p, t->jtable.len);
	buf_adds(&m->b, ",\"ts\":");
	buf_addi(&m->b, ts);
	buf_adds(&m->b, ",\"type\":\"INSERT\"}\n");
}

void
message_free(struct message *m)
{
	buf_free(&m->b);
	free(m->sqltype);
	free(m->rowtype);
	memset(m, 0, sizeof(*m));
}
