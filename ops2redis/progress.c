/* Counters, the once-a-second progress line and the summary at exit. */
#include <stdio.h>
#include <time.h>

#include "progress.h"

double
progress_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Wall clock, ms since the epoch. */
static long long
wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
progress_lag(struct stats *st, long long es_ms)
{
	st->lag_ms = wall_ms() - es_ms;
	if (st->lag_ms < 0)	/* clocks of two machines */
		st->lag_ms = 0;
	if (st->lag_ms > st->lag_max_ms)
		st->lag_max_ms = st->lag_ms;
}

/* ", lag 1.2 s" when a lag is known. */
static void
put_lag(FILE *f, const struct stats *st)
{
	if (st->lag_ms >= 0)
		fprintf(f, ", lag %.1f s", (double)st->lag_ms / 1000);
}

void
progress_start(struct progress *pg, int on)
{
	pg->on = on;
	pg->start = pg->last = progress_now();
	pg->last_applied = 0;
}

int
progress_due(const struct progress *pg)
{
	return pg->on && progress_now() - pg->last >= 1.0;
}

void
progress_tick(struct progress *pg, const struct stats *st, const char *extra)
{
	double now, dt;

	if (!pg->on)
		return;
	now = progress_now();
	dt = now - pg->last;
	if (dt < 1.0)
		return;
	fprintf(stderr, "ops2redis: %llu applied, %.0f/s, %llu errors, "
	    "%llu reconnects", st->applied,
	    (double)(st->applied - pg->last_applied) / dt,
	    st->errors + st->bad + st->refused, st->reconnects);
	put_lag(stderr, st);
	fprintf(stderr, "%s\n", extra != NULL ? extra : "");
	pg->last = now;
	pg->last_applied = st->applied;
}

void
progress_summary(const struct progress *pg, const struct stats *st)
{
	double dt = progress_now() - pg->start;

	fprintf(stderr, "ops2redis: %llu applied, %llu error replies, "
	    "%llu bad lines, %llu refused, %llu checkpoints (%llu withheld), "
	    "%llu reconnects, %.3f s, %.0f/s", st->applied, st->errors,
	    st->bad, st->refused, st->checkpoints, st->withheld,
	    st->reconnects, dt, dt > 0 ? (double)st->applied / dt : 0.0);
	if (st->lag_ms >= 0)
		fprintf(stderr, ", lag %.1f s at the last checkpoint (at most "
		    "%.1f s)", (double)st->lag_ms / 1000,
		    (double)st->lag_max_ms / 1000);
	fputc('\n', stderr);
}
