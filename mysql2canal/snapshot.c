/*
 * The read loop: SELECT a chunk with mysql_use_result (rows stream in, one
 * at a time), turn each row into its place in a message, write a message
 * when it holds s->batch rows or s->msgbytes bytes (a row that would take
 * it past them starts the next one), then continue after the chunk's last
 * key. Memory: one row, one message, one statement.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conn.h"
#include "sig.h"
#include "snapshot.h"

long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int __attribute__((format(printf, 3, 4)))
fail(struct snapshot *s, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->why, sizeof(s->why), fmt, ap);
	va_end(ap);
	return status;
}

/*
 * Write the message being built, if it has rows: whole, even when a signal
 * interrupts the write (the flag is looked at after it).
 */
static int
flush_msg(struct snapshot *s)
{
	struct message *m = &s->msg;
	size_t off = 0;
	ssize_t n;

	if (m->nrows == 0)
		return 0;
	message_end(m, ++s->id, now_ms());
	while (off < m->b.len) {
		if ((n = write(s->fd, m->b.p + off, m->b.len - off)) < 0) {
			if (errno == EINTR)
				continue;
			return fail(s, EX_IO, "stdout: %s", strerror(errno));
		}
		off += (size_t)n;
	}
	s->rows += m->nrows;
	m->nrows = 0;
	return 0;
}

/* Write the message being built; start the next one, of the same rows. */
static int
next_message(struct snapshot *s, const struct table *t)
{
	int rc;

	if ((rc = flush_msg(s)) != 0)
		return rc;
	message_start(&s->msg, t, s->msg.es);
	return 0;
}

/* Keep the key values of the row just read (the next chunk's start). */
static void
keep_key(struct snapshot *s, const struct table *t, MYSQL_ROW row,
    const unsigned long *len)
{
	size_t i, off;

	if (s->lastcap < t->nkey) {
		s->lastcap = t->nkey;
		s->lastv = cmn_xrealloc(s->lastv, s->lastcap * sizeof(*s->lastv));
		s->lastlen = cmn_xrealloc(s->lastlen, s->lastcap *
		    sizeof(*s->lastlen));
	}
	s->last.len = 0;
	for (i = 0; i < t->nkey; i++) {
		buf_add(&s->last, row[t->key[i]], len[t->key[i]]);
		buf_addc(&s->last, '\0');
		s->lastlen[i] = len[t->key[i]];
	}
	for (i = off = 0; i < t->nkey; i++) {
		s->lastv[i] = s->last.p + off;
		off += s->lastlen[i] + 1;
	}
}

struct pace {
	double		 start, last;
	unsigned long long last_rows;
};

static void
tick(struct snapshot *s, const struct table *t, struct pace *p,
    unsigned long long rows, int end)
{
	double now = mono(), dt = now - p->last;

	if (!s->progress || (!end && dt < 1.0))
		return;
	if (end) {
		dt = now - p->start;
		fprintf(stderr, "mysql2canal: %s.%s: %llu rows in %.1f s, "
		    "%.0f rows/s\n", t->db, t->name, rows, dt,
		    dt > 0 ? (double)rows / dt : 0.0);
		return;
	}
	fprintf(stderr, "mysql2canal: %s.%s: %llu rows, %.0f rows/s\n", t->db,
	    t->name, rows, (double)(rows - p->last_rows) / dt);
	p->last = now;
	p->last_rows = rows;
}

/* Abandon a result being read: its other rows are not fetched. */
static void
abandon(struct snapshot *s, MYSQL_RES *res)
{
	mariadb_cancel(s->my);
	mysql_free_result(res);
}

/*
 * Stop reading t after rows rows: the message being built is written,
 * and the reason names the table incomplete when rows of it went out.
 * After SIGINT or SIGTERM the reason is that, whatever why says.
 */
static int
incomplete(struct snapshot *s, const struct table *t, unsigned long long rows,
    int status, const char *why)
{
	int rc;

	if ((rc = flush_msg(s)) != 0)
		return rc;
	if (cmn_stop)
		return fail(s, EX_TEMP, "%s.%s: interrupted after %llu rows; "
		    "the table is incomplete", t->db, t->name, rows);
	return fail(s, status, "%s.%s: %.400s%s%s", t->db, t->name, why,
	    rows > 0 ? "; the table is incomplete: rows read before are "
	    "written" : "", status == EX_TEMP ? "; run it again" : "");
}

/* A failed fetch or statement: its status, the rows before it written. */
static int
read_error(struct snapshot *s, const struct table *t, unsigned long long rows)
{
	char why[sizeof(s->why)];

	snprintf(why, sizeof(why), "%s (%u)", mysql_error(s->my),
	    mysql_errno(s->my));
	return incomplete(s, t, rows, conn_status(mysql_errno(s->my)), why);
}

int
snapshot_table(struct snapshot *s, const struct table *t)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	unsigned long *len;
	unsigned long long n, rows = 0;
	char why[sizeof(s->why)];
	int rc, first = 1;
	struct pace p;

	p.start = p.last = mono();
	p.last_rows = 0;
	s->msg.nrows = 0;
	for (;;) {
		if (cmn_stop)	/* between statements */
			return incomplete(s, t, rows, EX_TEMP, "");
		table_select(t, s->my, &s->sql, s->where, first ? NULL : s->lastv,
		    s->lastlen, t->chunked ? s->chunk : 0);
		/* es: when the statement started (its read view is taken) */
		message_start(&s->msg, t, s->es != 0 ? s->es : now_ms());
		if (mysql_real_query(s->my, s->sql.p, s->sql.len) != 0 ||
		    (res = mysql_use_result(s->my)) == NULL)
			return read_error(s, t, rows);
		n = 0;
		while ((row = mysql_fetch_row(res)) != NULL) {
			len = mysql_fetch_lengths(res);
			rc = message_row(&s->msg, row, len, s->msgbytes, why,
			    sizeof(why));
			if (rc > 0) {	/* no room: it starts the next message */
				if ((rc = next_message(s, t)) != 0) {
					abandon(s, res);
					return rc;
				}
				rc = message_row(&s->msg, row, len, s->msgbytes, why,
				    sizeof(why));	/* alone, it goes in */
			}
			if (rc < 0) {
				abandon(s, res);
				return incomplete(s, t, rows, EX_DATA, why);
			}
			n++;
			rows++;
			/* a full chunk's last key: where the next one starts */
			if (t->chunked && n == s->chunk)
				keep_key(s, t, row, len);
			if ((s->msg.nrows >= s->batch ||
			    message_bytes(&s->msg) >= s->msgbytes) &&
			    (rc = next_message(s, t)) != 0) {
				abandon(s, res);
				return rc;
			}
			if (cmn_stop) {
				abandon(s, res);
				return incomplete(s, t, rows, EX_TEMP, "");
			}
			if ((rows & 1023) == 0)
				tick(s, t, &p, rows, 0);
		}
		if (mysql_errno(s->my) != 0) {
			rc = read_error(s, t, rows);
			mysql_free_result(res);
			return rc;
		}
		mysql_free_result(res);
		if ((rc = flush_msg(s)) != 0)
			return rc;
		if (!t->chunked || n < s->chunk)
			break;
		first = 0;
	}
	tick(s, t, &p, rows, 1);
	return 0;
}

void
snapshot_free(struct snapshot *s)
{
	message_free(&s->msg);
	buf_free(&s->sql);
	buf_free(&s->last);
	free(s->lastv);
	free(s->lastlen);
}
