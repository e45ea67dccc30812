/*
 * libFuzzer target for canal2ops' record parsing: a line goes through the
 * scanner, the envelope reader and the Canal rules, as in canal2ops.
 * Checks: the scanner accepts what yajl accepts, less what it rejects on
 * purpose (strict UTF-8, depth, white space), and never more; every op line splits
 * (ops_split) into a command and its arguments; every SET value is valid
 * JSON that decodes to the same strings as the input row.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "canal.h"
#include "envelope.h"
#include "json.h"
#include "ops.h"
#include "record.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct canal_conf conf[2];
static int ready;

static int
yajl_accepts(const char *p, size_t n)
{
	yajl_handle h = yajl_alloc(NULL, NULL, NULL);
	int ok;

	ok = yajl_parse(h, (const unsigned char *)p, n) == yajl_status_ok &&
	    yajl_complete_parse(h) == yajl_status_ok;
	yajl_free(h);
	return ok;
}

static void
setup(void)
{
	const char *why;

	if (key_parse(&conf[0].key, "{pk}", &why) < 0 ||
	    key_parse(&conf[1].key, "{{{database}}}.{table}:{pk}:{name}", &why) < 0)
		abort();
	namelist_add(&conf[0].keycols, "id");
	namelist_split(&conf[1].keycols, "id,k");
	conf[1].hash = 1;
	namelist_add(&conf[1].xcols, "password");
	namelist_add(&conf[1].filter.xtab, "skip*");
	ready = 1;
}

/*
 * The scanner and yajl agree on any JSON text, but where the scanner is
 * stricter on purpose: UTF-8 (overlong forms, surrogates, past U+10FFFF),
 * nesting depth, white space (only RFC 8259's four), and text after the
 * value (yajl misses an unterminated string there).
 */
static void
scanner_vs_yajl(const char *line, size_t size)
{
	const char *e = line + size, *p = json_ws(line, e), *q, *why = NULL;
	struct jval v;
	int ours, theirs;

	if (p == e)
		return;
	q = json_value(p, e, &v, 0, &why);
	ours = q != NULL && json_ws(q, e) == e;
	theirs = yajl_accepts(line, size);
	if (ours && !theirs)
		abort();
	if (!ours && theirs && q != NULL)
		return;		/* yajl misses text after a value that ends
				   in an unterminated string: """ */
	if (!ours && theirs && (memchr(line, '\v', size) != NULL ||
	    memchr(line, '\f', size) != NULL))
		return;		/* yajl takes them for white space, RFC 8259 not */
	if (!ours && theirs && (q == NULL && why != NULL &&
	    (strcmp(why, "invalid UTF-8 in string") == 0 ||
	    strcmp(why, "JSON nested too deeply") == 0)))
		return;
	if (!ours && theirs)
		abort();
}

static void
check_ops(const struct buf *out)
{
	static struct ops_argv av;
	const char *p = out->p, *e = out->p + out->len, *nl;

	while (p < e) {
		struct jval v;
		const char *why;

		nl = memchr(p, '\n', (size_t)(e - p));
		if (nl == NULL)
			abort();		/* every op ends in a newline */
		if (ops_split(&av, p, (size_t)(nl - p)) < 2)
			abort();
		if (strcmp(ops_arg(&av, 0), "SET") == 0) {
			const char *s = ops_arg(&av, 2), *se = s + av.len[2];

			if (json_value(s, se, &v, 0, &why) != se || v.type != J_OBJ)
				abort();
			if (!yajl_accepts(s, av.len[2]))
				abort();
		}
		p = nl + 1;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct record rec, inner;
	static struct envelope env;
	static struct canal c;
	static struct buf out;
	const char *line = (const char *)data, *why;
	const struct record *r = &rec;
	int i;

	if (!ready)
		setup();
	if (memchr(data, '\n', size) != NULL)
		return 0;		/* one line at a time, as canal2ops reads */
	scanner_vs_yajl(line, size);
	if (record_parse(&rec, line, size) != NULL)
		return 0;
	if (!yajl_accepts(line, size))
		abort();
	if (record_is_envelope(&rec)) {
		if (envelope_read(&env, &rec) != NULL || env.tombstone)
			return 0;
		if (record_parse(&inner, env.payload.p, env.payload.len) != NULL)
			return 0;
		if (!yajl_accepts(env.payload.p, env.payload.len))
			abort();
		r = &inner;
	}
	for (i = 0; i < 2; i++) {
		canal_init(&c, &conf[i]);
		out.len = 0;
		switch (canal_record(&c, r, &out)) {
		case CANAL_OK:
			check_ops(&out);
			break;
		case CANAL_BAD:
			if (out.len != 0)
				abort();	/* nothing of a bad record */
			break;
		}
		canal_free(&c);
	}
	(void)why;
	return 0;
}
