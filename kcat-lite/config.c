/* librdkafka configuration from defaults, -F files and -X pairs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"

struct item {
	int	 is_file;
	const char *s;
};

static struct item *items;
static int nitems;

static void
add(int is_file, const char *s)
{
	items = cmn_xrealloc(items, (size_t)(nitems + 1) * sizeof(*items));
	items[nitems].is_file = is_file;
	items[nitems].s = s;
	nitems++;
}

void
config_add_pair(const char *s)
{
	add(0, s);
}

void
config_add_file(const char *s)
{
	add(1, s);
}

void
config_set(rd_kafka_conf_t *conf, const char *k, const char *v)
{
	char err[512];

	if (rd_kafka_conf_set(conf, k, v, err, sizeof(err)) != RD_KAFKA_CONF_OK) {
		fprintf(stderr, PROG ": %s\n", err);
		exit(EX_USAGE_);
	}
}

/* "key=value" (spaces around both trimmed) into conf. */
static void
set_pair(rd_kafka_conf_t *conf, char *s, const char *where)
{
	char *eq = strchr(s, '='), *k = s, *v, *e;

	if (eq == NULL || eq == s) {
		fprintf(stderr, PROG ": %s: expected key=value: %s\n", where, s);
		exit(EX_USAGE_);
	}
	*eq = '\0';
	v = eq + 1;
	for (e = eq; e > k && (e[-1] == ' ' || e[-1] == '\t'); e--)
		e[-1] = '\0';
	k += strspn(k, " \t");
	v += strspn(v, " \t");
	for (e = v + strlen(v); e > v && strchr(" \t\r", e[-1]); e--)
		e[-1] = '\0';
	config_set(conf, k, v);
}

static void
read_file(rd_kafka_conf_t *conf, const char *path)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL, where[512];
	size_t cap = 0;
	unsigned long n = 0;

	if (fp == NULL) {
		fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
		exit(EX_USAGE_);
	}
	while (getline(&line, &cap, fp) != -1) {
		char *s = line + strspn(line, " \t");

		n++;
		s[strcspn(s, "\r\n")] = '\0';
		if (*s == '\0' || *s == '#')
			continue;
		snprintf(where, sizeof(where), "%s:%lu", path, n);
		set_pair(conf, s, where);
	}
	free(line);
	if (ferror(fp)) {
		fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
		exit(EX_USAGE_);
	}
	fclose(fp);
}

static int log_level;	/* librdkafka messages up to this level */

static void
log_cb(const rd_kafka_t *rk, int level, const char *fac, const char *msg)
{
	(void)rk;
	/* a broker's failure comes to the error callback too: report it once */
	if (strcmp(fac, "FAIL") == 0)
		return;
	if (level <= log_level)
		fprintf(stderr, PROG ": librdkafka: %s: %s\n", fac, msg);
}

rd_kafka_conf_t *
config_build(const struct opts *o)
{
	rd_kafka_conf_t *conf = rd_kafka_conf_new();
	size_t n;
	int i;

	/*
	 * Errors and warnings (3, 4) by default, among them an offset reset
	 * that skips records; notices (5, 6) with -v.
	 */
	log_level = o->quiet ? -1 : o->verbose ? 6 : 4;
	rd_kafka_conf_set_log_cb(conf, log_cb);
	config_set(conf, "client.id", PROG);
	if (o->mode == 'C') {
		/*
		 * Bounded memory, whatever the number of partitions: the
		 * high-level consumer's one queue holds at most 32 MB of
		 * prefetched records, fetched up to 8 MB a request and
		 * 1 MB a partition. The count limit is set out of the way:
		 * librdkafka 2.0 rechecks a full queue only about once a
		 * second, so the fewer times it fills, the fewer stalls.
		 */
		config_set(conf, "queued.max.messages.kbytes", "32768");
		config_set(conf, "queued.min.messages", "10000000");
		config_set(conf, "fetch.max.bytes", "8388608");
		config_set(conf, "max.partition.fetch.bytes", "1048576");
		config_set(conf, "fetch.wait.max.ms", "100");
		config_set(conf, "enable.auto.offset.store", "false");
		config_set(conf, "enable.partition.eof",
		    o->exit_eof || (o->offset && strncmp(o->offset, "e@", 2) == 0) ?
		    "true" : "false");
	} else if (o->mode == 'P') {
		config_set(conf, "linger.ms", "5");
		config_set(conf, "batch.num.messages", "10000");
		config_set(conf, "queue.buffering.max.kbytes", "65536");
		config_set(conf, "enable.idempotence", "true");
	} else			/* -L, -Q: looking creates no topic */
		config_set(conf, "allow.auto.create.topics", "false");
	if (o->brokers != NULL)
		config_set(conf, "bootstrap.servers", o->brokers);
	for (i = 0; i < nitems; i++) {
		if (items[i].is_file)
			read_file(conf, items[i].s);
		else {
			char *s = cmn_xstrdup(items[i].s);

			set_pair(conf, s, "-X");
			free(s);
		}
	}
	if (o->group != NULL)
		config_set(conf, "group.id", o->group);
	n = 0;		/* the size the value needs, with its NUL */
	if (rd_kafka_conf_get(conf, "bootstrap.servers", NULL, &n) !=
	    RD_KAFKA_CONF_OK || n <= 1) {
		fprintf(stderr, PROG ": no brokers: give -b, or bootstrap.servers "
		    "with -F or -X\n");
		exit(EX_USAGE_);
	}
	return conf;
}
