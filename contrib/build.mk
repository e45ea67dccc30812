# contrib/: the runner, the backfill and the lag check (installed as
# commands), and the files to run the pipeline as a service or from cron
# (installed as examples).
SCRIPTS  += contrib/canal2redis-run contrib/canal2redis-backfill contrib/canal2redis-lag
MANS     += man/canal2redis-run.1 man/canal2redis-backfill.1 man/canal2redis-lag.1
EXAMPLES += contrib/README.md:README.md contrib/canal2redis.cron:canal2redis.cron \
	contrib/canal2redis-backfill.cron:canal2redis-backfill.cron \
	contrib/canal2redis.env:canal2redis.env \
	contrib/canal2redis.service:canal2redis.service
