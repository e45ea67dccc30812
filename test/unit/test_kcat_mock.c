/*
 * kcat-lite against librdkafka's mock cluster, for errors a real broker
 * will not give on demand: produce requests that fail for good (the run
 * fails, naming the lines), produce and fetch requests that fail for a
 * while (everything arrives once). Runs the kcat-lite binary named by
 * $KCAT_LITE (default kcat-lite/kcat-lite.san, from the top directory).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(permanent_produce_errors_fail_the_run),
		cmocka_unit_test(passing_errors_lose_nothing),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
