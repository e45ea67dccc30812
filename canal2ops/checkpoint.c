/* Coalesced checkpoint ops for envelope input. */
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "ops.h"

void
ckpt_init(struct ckpt *c, const char *key, long long every)
{
	memset(c, 0, sizeof(*c));
	c->key = key;
	c->every = every;
}

void
ckpt_free(struct ckpt *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->part[i].topic);
	free(c->part);
	memset(c, 0, sizeof(*c));
}

void
ckpt_note(struct ckpt *c, const char *topic, size_t tlen, long long partition,
    long long offset, long long es)
{
	struct ckpt_part *p;
	size_t i;

	c->since++;
	for (i = 0; i < c->n; i++) {
		p = &c->part[i];
		if (p->partition == partition && p->tlen == tlen &&
		    memcmp(p->topic, topic, tlen) == 0)
			break;
	}
	if (i == c->n) {
		c->part = cmn_xrealloc(c->part, (c->n + 1) * sizeof(*c->part));
		p = &c->part[c->n++];
		p->topic = cmn_xmalloc(tlen + 1);
		memcpy(p->topic, topic, tlen);
		p->topic[tlen] = '\0';
		p->tlen = tlen;
		p->partition = partition;
		p->es = 0;
	}
	p = &c->part[i];
	p->offset = offset;
	if (es > p->es)		/* binlog times go by seconds: keep the newest */
		p->es = es;
	p->dirty = 1;
}

void
ckpt_write(struct ckpt *c, struct buf *out)
{
	struct buf field = { 0 };
	size_t i;
	int any = 0;

	for (i = 0; i < c->n; i++) {
		struct ckpt_part *p = &c->part[i];

		if (!p->dirty)
			continue;
		if (!any) {
			buf_adds(out, "HSET ");
			ops_put_arg(out, c->key, strlen(c->key));
			any = 1;
		}
		field.len = 0;
		buf_add(&field, p->topic, p->tlen);
		buf_addc(&field, ':');
		buf_addi(&field, p->partition);
		buf_addc(out, ' ');
		ops_put_arg(out, field.p, field.len);
		buf_addc(out, ' ');
		buf_addi(out, p->offset);
		if (p->es > 0) {
			buf_adds(&field, ":es");
			buf_addc(out, ' ');
			ops_put_arg(out, field.p, field.len);
			buf_addc(out, ' ');
			buf_addi(out, p->es);
		}
		p->dirty = 0;
	}
	if (any) {
		buf_addc(out, '\n');
		c->written++;
	}
	c->since = 0;
	buf_free(&field);
}
