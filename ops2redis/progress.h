/* Counters, the once-a-second progress line and the summary at exit. */
#ifndef OPS2REDIS_PROGRESS_H
#define OPS2REDIS_PROGRESS_H

struct stats {
	unsigned long long applied;	/* commands acknowledged without error */
	unsigned long long errors;	/* error replies */
	unsigned long long bad;		/* unparseable lines */
	unsigned long long refused;	/* commands not allowed */
	unsigned long long checkpoints;	/* checkpoint ops written */
	unsigned long long withheld;	/* checkpoint ops not written */
	unsigned long long reconnects;
	long long	 lag_ms;	/* binlog time to applied, at the last
					   checkpoint with Canal's es; -1: none */
	long long	 lag_max_ms;
};

struct progress {
	int		 on;
	double		 start, last;
	unsigned long long last_applied;
};

double	progress_now(void);	/* monotonic seconds */

/*
 * A checkpoint op was sent, everything before it acknowledged: take the
 * lag from its topic:partition:es fields (the newest binlog time, ms).
 */
void	progress_lag(struct stats *, long long es_ms);
void	progress_start(struct progress *, int on);
int	progress_due(const struct progress *);	/* a line is due */
/* The progress line when due, with extra (or NULL) at its end. */
void	progress_tick(struct progress *, const struct stats *,
	    const char *extra);
void	progress_summary(const struct progress *, const struct stats *);

#endif
