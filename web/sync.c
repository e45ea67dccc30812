/* The checkpoint hash as a sync status, and times and ages in words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sync.h"

void
sync_init(struct sync *s)
{
	memset(s, 0, sizeof(*s));
	s->newest = -1;
}

/* A decimal number of at most 18 digits (no overflow), maybe negative. */
static int
number(const char *p, size_t n, int neg, long long *v)
{
	long long x = 0;
	size_t i = 0;
	int minus = 0;

	if (neg && n > 0 && p[0] == '-') {
		minus = 1;
		i++;
	}
	if (i == n || n - i > 18)
		return -1;
	for (; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		x = x * 10 + (p[i] - '0');
	}
	*v = minus ? -x : x;
	return 0;
}

/* The last ':' in n bytes of p, or NULL. */
static const char *
lastcolon(const char *p, size_t n)
{
	while (n > 0)
		if (p[--n] == ':')
			return p + n;
	return NULL;
}

static struct sync_part *
part(struct sync *s, const char *topic, size_t tlen, long long partition)
{
	struct sync_part *p;
	int i;

	for (i = 0; i < s->n; i++) {
		p = &s->part[i];
		if (p->partition == partition && p->tlen == tlen &&
		    memcmp(p->topic, topic, tlen) == 0)
			return p;
	}
	if (s->n == SYNC_PARTS_MAX) {
		s->more++;
		return NULL;
	}
	s->part = cmn_xrealloc(s->part, (s->n + 1) * sizeof(*s->part));
	p = &s->part[s->n++];
	memset(p, 0, sizeof(*p));
	p->topic = cmn_xmalloc(tlen + 1);
	memcpy(p->topic, topic, tlen);
	p->topic[tlen] = '\0';
	p->tlen = tlen;
	p->partition = partition;
	p->es = -1;
	return p;
}

void
sync_field(struct sync *s, const char *f, size_t n, const char *v,
    size_t vn)
{
	const char *c, *c2, *name = NULL;
	struct sync_part *p;
	long long partition, es;
	size_t nlen = 0;

	/* TOPIC:PARTITION, or TOPIC:PARTITION:NAME (topics may hold ':'). */
	if ((c = lastcolon(f, n)) == NULL)
		return;
	if (number(c + 1, f + n - c - 1, 0, &partition) != 0) {
		name = c + 1;
		nlen = f + n - name;
		if ((c2 = lastcolon(f, c - f)) == NULL ||
		    number(c2 + 1, c - c2 - 1, 0, &partition) != 0)
			return;
		c = c2;
	}
	if (c == f)			/* no topic */
		return;
	if (name != NULL && !(nlen == 2 && memcmp(name, "es", 2) == 0))
		return;			/* a field for someone else */
	if ((p = part(s, f, c - f, partition)) == NULL)
		return;
	if (name == NULL) {
		free(p->offset);
		p->offset = cmn_xmalloc(vn + 1);
		memcpy(p->offset, v, vn);
		p->offset[vn] = '\0';
		p->olen = vn;
	} else if (number(v, vn, 0, &es) == 0 && es > 0 && es < SYNC_ES_MAX)
		p->es = es;
}

static int
partcmp(const void *x, const void *y)
{
	const struct sync_part *a = x, *b = y;
	int c = memcmp(a->topic, b->topic, a->tlen < b->tlen ? a->tlen :
	    b->tlen);

	if (c != 0)
		return c;
	if (a->tlen != b->tlen)
		return a->tlen < b->tlen ? -1 : 1;
	return (a->partition > b->partition) - (a->partition < b->partition);
}

void
sync_done(struct sync *s)
{
	int i;

	if (s->n > 1)
		qsort(s->part, s->n, sizeof(*s->part), partcmp);
	for (i = 0; i < s->n; i++)
		if (s->part[i].es > s->newest)
			s->newest = s->part[i].es;
}

void
sync_free(struct sync *s)
{
	int i;

	for (i = 0; i < s->n; i++) {
		free(s->part[i].topic);
		free(s->part[i].offset);
	}
	free(s->part);
	sync_init(s);
}

static void
utc(struct tm *tm, long long ms)
{
	time_t t = (time_t)(ms / 1000);

	memset(tm, 0, sizeof(*tm));
	gmtime_r(&t, tm);
}

void
sync_put_time(struct buf *b, long long ms, long long now)
{
	struct tm tm, today;
	char s[48];

	utc(&tm, ms);
	utc(&today, now);
	if (tm.tm_year != today.tm_year || tm.tm_yday != today.tm_yday) {
		snprintf(s, sizeof(s), "%04d-%02d-%02d ", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday);
		buf_adds(b, s);
	}
	snprintf(s, sizeof(s), "%02d:%02d:%02d", tm.tm_hour, tm.tm_min,
	    tm.tm_sec);
	buf_adds(b, s);
	if (ms % 1000 != 0) {
		snprintf(s, sizeof(s), ".%03d", (int)(ms % 1000));
		buf_adds(b, s);
	}
	buf_adds(b, " UTC");
}

void
sync_put_iso(struct buf *b, long long ms)
{
	struct tm tm;
	char s[48];

	utc(&tm, ms);
	snprintf(s, sizeof(s), "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year +
	    1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	buf_adds(b, s);
	if (ms % 1000 != 0) {
		snprintf(s, sizeof(s), ".%03d", (int)(ms % 1000));
		buf_adds(b, s);
	}
	buf_addc(b, 'Z');
}

/* "N unit" and, when not 0, " M unit2". */
static void
two(struct buf *b, long long n, const char *unit, long long m,
    const char *unit2)
{
	buf_addi(b, n);
	buf_adds(b, unit);
	if (m > 0) {
		buf_addc(b, ' ');
		buf_addi(b, m);
		buf_adds(b, unit2);
	}
}

void
sync_put_age(struct buf *b, long long ms)
{
	long long s = ms / 1000;

	if (s < 1)
		buf_adds(b, "less than 1 s");
	else if (s < 60)
		two(b, s, " s", 0, "");
	else if (s < 3600)
		two(b, s / 60, " min", s % 60, " s");
	else if (s < 86400)
		two(b, s / 3600, " h", s % 3600 / 60, " min");
	else
		two(b, s / 86400, s < 2 * 86400 ? " day" : " days",
		    s % 86400 / 3600, " h");
}
