/*
 * kcat-lite against librdkafka's mock cluster, for errors a real broker
 * will not give on demand: produce requests that fail for good (the run
 * fails, naming the lines), produce and fetch requests that fail for a
 * while (everything arrives once), a produce request whose answer is slow
 * when a second signal comes (its records of unknown delivery), and -L on
 * a cluster of three brokers. Runs the kcat-lite binary named by
 * $KCAT_LITE (default kcat-lite/kcat-lite.san, from the top directory).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#define PRODUCE	0	/* Kafka API keys */
#define FETCH	1

static rd_kafka_t *rk;
static rd_kafka_mock_cluster_t *mc;
static char dir[] = "/tmp/test_kcat_mock.XXXXXX";
static const char *kcat;

/* Run a shell command line built from fmt; returns its exit status. */
static int
run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static long
count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	long n = 0;
	int c;

	if (f == NULL)
		return -1;
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static int
setup(void **state)
{
	char err[256];
	rd_kafka_conf_t *conf = rd_kafka_conf_new();

	(void)state;
	kcat = getenv("KCAT_LITE") ? getenv("KCAT_LITE") : "kcat-lite/kcat-lite.san";
	if (access(kcat, X_OK) != 0) {
		fprintf(stderr, "test_kcat_mock: %s not built\n", kcat);
		return -1;
	}
	if (mkdtemp(dir) == NULL)
		return -1;
	rd_kafka_conf_set(conf, "log_level", "0", err, sizeof(err));
	if ((rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err))) == NULL)
		return -1;
	if ((mc = rd_kafka_mock_cluster_new(rk, 1)) == NULL)
		return -1;
	rd_kafka_mock_topic_create(mc, "ok", 2, 1);
	rd_kafka_mock_topic_create(mc, "bad", 1, 1);
	return run("seq 1 5000 > %s/in", dir);
}

static int
teardown(void **state)
{
	(void)state;
	rd_kafka_mock_cluster_destroy(mc);
	rd_kafka_destroy(rk);
	run("rm -rf %s", dir);
	return 0;
}

static void
permanent_produce_errors_fail_the_run(void **state)
{
	char path[512];

	(void)state;
	rd_kafka_mock_push_request_errors(mc, PRODUCE, 3,
	    RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE,
	    RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE,
	    RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE);
	assert_int_equal(run("printf 'a\\nb\\n' > %s/two; %s -P -q -b %s -t bad "
	    "%s/two 2> %s/bad.err", dir, kcat, rd_kafka_mock_cluster_bootstraps(mc),
	    dir, dir), 69);
	snprintf(path, sizeof(path), "%s/bad.err", dir);
	assert_int_equal(run("grep -q 'two:1: delivery failed' %s", path), 0);
	rd_kafka_mock_clear_request_errors(mc, PRODUCE);
}

static void
passing_errors_lose_nothing(void **state)
{
	char path[512];

	(void)state;
	/* produce through leader changes and dropped connections */
	rd_kafka_mock_push_request_errors(mc, PRODUCE, 4,
	    RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
	    RD_KAFKA_RESP_ERR__TRANSPORT,
	    RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
	    RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS);
	assert_int_equal(run("%s -P -q -b %s -t ok %s/in", kcat,
	    rd_kafka_mock_cluster_bootstraps(mc), dir), 0);
	/* and consume through failing fetches */
	rd_kafka_mock_push_request_errors(mc, FETCH, 4,
	    RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
	    RD_KAFKA_RESP_ERR__TRANSPORT,
	    RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
	    RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT);
	assert_int_equal(run("%s -q -e -b %s -t ok -o beginning > %s/out",
	    kcat, rd_kafka_mock_cluster_bootstraps(mc), dir), 0);
	snprintf(path, sizeof(path), "%s/out", dir);
	assert_int_equal(count_lines(path), 5000);
	/* each record exactly once */
	assert_int_equal(run("jq -r .payload %s/out | sort -n | cmp -s - %s/in",
	    dir, dir), 0);
}

/*
 * -o e@ts: a partition that reached its end before ts is not past ts. A
 * record that arrives there later, while another partition is still
 * being read (its fetches delayed), is written, not dropped.
 */
static void
end_timestamp_keeps_records_after_a_partition_end(void **state)
{
	rd_kafka_mock_cluster_t *m2;
	const char *bs;
	char path[512];
	long long ts = (long long)time(NULL) * 1000 + 3600 * 1000;
	int i, rc;

	(void)state;
	assert_non_null(m2 = rd_kafka_mock_cluster_new(rk, 2));
	bs = rd_kafka_mock_cluster_bootstraps(m2);
	rd_kafka_mock_topic_create(m2, "late", 2, 1);
	rd_kafka_mock_partition_set_leader(m2, "late", 0, 1);
	rd_kafka_mock_partition_set_leader(m2, "late", 1, 2);
	assert_int_equal(run("echo early | %s -P -q -b %s -t late -p 0", kcat, bs), 0);
	assert_int_equal(run("printf 'b1\\nb2\\n' | %s -P -q -b %s -t late -p 1",
	    kcat, bs), 0);
	/* partition 1's fetches answer slowly: it ends seconds after 0 */
	rd_kafka_mock_broker_push_request_error_rtts(m2, 2, FETCH, 3,
	    RD_KAFKA_RESP_ERR_NO_ERROR, 3000, RD_KAFKA_RESP_ERR_NO_ERROR, 3000,
	    RD_KAFKA_RESP_ERR_NO_ERROR, 3000);
	assert_int_equal(run("(timeout 60 %s -q -b %s -t late -o e@%lld > %s/late.out; "
	    "echo $? > %s/late.rc.tmp; mv %s/late.rc.tmp %s/late.rc) &",
	    kcat, bs, ts, dir, dir, dir, dir), 0);
	sleep(2);		/* partition 0 is at its end */
	assert_int_equal(run("echo late | %s -P -q -b %s -t late -p 0", kcat, bs), 0);
	snprintf(path, sizeof(path), "%s/late.rc", dir);
	for (i = 0; i < 600 && access(path, F_OK) != 0; i++)
		usleep(100 * 1000);
	rc = run("exit $(cat %s)", path);
	assert_int_equal(rc, 0);
	assert_int_equal(run("jq -r .payload %s/late.out | sort | tr '\\n' ' ' | "
	    "grep -qx 'b1 b2 early late '", dir), 0);
	rd_kafka_mock_cluster_destroy(m2);
}

/* Wait up to 60 s for a shell test to succeed; returns its last status. */
static int
wait_for(const char *fmt, const char *arg)
{
	int i, rc = 1;

	for (i = 0; i < 600 && (rc = run(fmt, arg)) != 0; i++)
		usleep(100 * 1000);
	return rc;
}

/*
 * -P, the input read, its produce request sent and not yet answered (the
 * broker answers after 20 s): SIGTERM waits, a second SIGTERM gives the
 * records up at once; they are of unknown delivery, never claimed
 * delivered, and the run exits 69.
 */
static void
second_signal_gives_up_records_in_flight(void **state)
{
	rd_kafka_mock_cluster_t *m3;
	char path[512];
	size_t left = 1;
	FILE *f;
	long v;
	pid_t pid;
	int i;

	(void)state;
	assert_non_null(m3 = rd_kafka_mock_cluster_new(rk, 1));
	rd_kafka_mock_topic_create(m3, "slow", 1, 1);
	assert_int_equal(rd_kafka_mock_broker_push_request_error_rtts(m3, 1,
	    PRODUCE, 1, RD_KAFKA_RESP_ERR_NO_ERROR, 20000), 0);
	assert_int_equal(run("printf 'a\\nb\\n' > %s/ab", dir), 0);
	assert_int_equal(run("(sh -c 'echo $$ > %s/slow.pid; exec %s -P -v -b %s "
	    "-t slow %s/ab 2> %s/slow.err'; echo $? > %s/slow.rc.tmp; "
	    "mv %s/slow.rc.tmp %s/slow.rc) &", dir, kcat,
	    rd_kafka_mock_cluster_bootstraps(m3), dir, dir, dir, dir, dir), 0);
	/* the delayed answer is taken from the stack when the request comes */
	for (i = 0; i < 600 && left > 0; i++) {
		usleep(100 * 1000);
		rd_kafka_mock_broker_error_stack_cnt(m3, 1, PRODUCE, &left);
	}
	assert_int_equal(left, 0);
	snprintf(path, sizeof(path), "%s/slow.pid", dir);
	assert_non_null(f = fopen(path, "r"));
	assert_int_equal(fscanf(f, "%ld", &v), 1);
	fclose(f);
	pid = (pid_t)v;
	snprintf(path, sizeof(path), "%s/slow.err", dir);
	assert_int_equal(wait_for("grep -q 'end of input, 2 lines' %s", path), 0);
	assert_int_equal(kill(pid, SIGTERM), 0);
	assert_int_equal(wait_for("grep -q 'waiting for 2 deliveries' %s", path), 0);
	assert_int_equal(kill(pid, SIGTERM), 0);
	snprintf(path, sizeof(path), "%s/slow.rc", dir);
	assert_int_equal(wait_for("test -f %s", path), 0);
	assert_int_equal(run("exit $(cat %s)", path), 69);
	snprintf(path, sizeof(path), "%s/slow.err", dir);
	assert_int_equal(run("grep -q 'ab:1: delivery unknown' %s", path), 0);
	assert_int_equal(run("grep -q '2 records in flight: delivery unknown' %s",
	    path), 0);
	assert_int_equal(run("grep -q ': 0 messages delivered' %s", path), 0);
	rd_kafka_mock_cluster_destroy(m3);
}

/* -L on three brokers, a topic with three replicas: as kcat -L prints it. */
static void
metadata_of_three_brokers_as_kcat(void **state)
{
	rd_kafka_mock_cluster_t *m3;
	const char *bs;

	(void)state;
	assert_non_null(m3 = rd_kafka_mock_cluster_new(rk, 3));
	bs = rd_kafka_mock_cluster_bootstraps(m3);
	rd_kafka_mock_topic_create(m3, "rep", 4, 3);
	rd_kafka_mock_partition_set_leader(m3, "rep", 1, 2);
	rd_kafka_mock_partition_set_leader(m3, "rep", 2, 3);
	/* which broker answers differs from run to run: not compared */
	if (run("command -v kcat >/dev/null") == 0) {
		assert_int_equal(run("kcat -L -b %s -t rep | sed 1d > %s/L.kcat",
		    bs, dir), 0);
		assert_int_equal(run("%s -L -b %s -t rep | sed 1d > %s/L.lite",
		    kcat, bs, dir), 0);
		assert_int_equal(run("diff %s/L.kcat %s/L.lite", dir, dir), 0);
		assert_int_equal(run("kcat -L -J -b %s -t rep | jq -c "
		    "'del(.originating_broker)' > %s/L.kcat", bs, dir), 0);
		assert_int_equal(run("%s -L -J -b %s -t rep | jq -c "
		    "'del(.originating_broker)' > %s/L.lite", kcat, bs, dir), 0);
		assert_int_equal(run("diff %s/L.kcat %s/L.lite", dir, dir), 0);
	}
	assert_int_equal(run("%s -L -J -b %s -t rep | jq -e '.brokers | length == 3' "
	    ">/dev/null", kcat, bs), 0);
	assert_int_equal(run("%s -L -J -b %s -t rep | jq -e '[.topics[0].partitions[] "
	    "| .replicas | length] == [3,3,3,3]' >/dev/null", kcat, bs), 0);
	rd_kafka_mock_cluster_destroy(m3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(permanent_produce_errors_fail_the_run),
		cmocka_unit_test(passing_errors_lose_nothing),
		cmocka_unit_test(end_timestamp_keeps_records_after_a_partition_end),
		cmocka_unit_test(second_signal_gives_up_records_in_flight),
		cmocka_unit_test(metadata_of_three_brokers_as_kcat),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
