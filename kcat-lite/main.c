/*
 * kcat-lite: Kafka records to kcat -J style envelopes on stdout (-C),
 * lines or envelopes back into a topic (-P), the cluster's metadata (-L)
 * and the offsets for a time (-Q). See kcat-lite(1).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "consumer.h"
#include "kcat.h"
#include "metadata.h"
#include "num.h"
#include "producer.h"
#include "query.h"
#include "sig.h"

static const char usage_text[] =
"usage: kcat-lite -C [-eJqv] [-b brokers] [-c count] [-F file] [-G group]\n"
"                 [-o offset] [-p partition] [--resume file] [-X key=value]\n"
"                 -t topic ...\n"
"       kcat-lite -G group [-eJqv] [-b brokers] [-c count] [-F file]\n"
"                 [-o offset] [--resume file] [-X key=value] topic ...\n"
"       kcat-lite -P [-Jqv] [-b brokers] [-F file] [--keep-partition]\n"
"                 [-p partition] [-X key=value] -t topic [file ...]\n"
"       kcat-lite -L [-Jqv] [-b brokers] [-F file] [-X key=value] [-t topic]\n"
"       kcat-lite -Q [-Jqv] [-b brokers] [-F file] [-X key=value]\n"
"                 -t topic:partition:timestamp ...\n"
"       kcat-lite -h | -V\n";

static void
usage(int status)
{
	FILE *f = status == 0 ? stdout : stderr;

	fputs(usage_text, f);
	fputs("See kcat-lite(1).\n", f);
	if (status == 0 && fclose(stdout) != 0) {
		fprintf(stderr, PROG ": stdout: %s\n", strerror(errno));
		exit(EX_IO);
	}
	exit(status);
}

static void
misuse(const char *msg)
{
	fprintf(stderr, PROG ": %s\n", msg);
	usage(EX_USAGE_);
}

enum { OPT_KEEP_PARTITION = 256, OPT_RESUME };

static const struct option longopts[] = {
	{ "help",		no_argument,		NULL, 'h' },
	{ "keep-partition",	no_argument,		NULL, OPT_KEEP_PARTITION },
	{ "resume",		required_argument,	NULL, OPT_RESUME },
	{ "version",		no_argument,		NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/*
 * getopt_long's own messages start with argv[0], a path: ours name the
 * program. ch is ':' (a missing argument) or '?'; optopt is the option's
 * character or value, 0 for an unknown long option.
 */
static void
bad_option(int ch, char *argv[])
{
	const struct option *lo;
	char msg[256];

	for (lo = longopts; lo->name != NULL; lo++)
		if (lo->val == optopt)
			break;
	/* -h and -V take no argument: an error there is --help=, --version= */
	if (optopt >= 256 || (optopt != 0 && ch == '?' &&
	    strchr("hV", optopt) != NULL)) {
		snprintf(msg, sizeof(msg), ch == ':' ?
		    "option --%s needs an argument" :
		    "option --%s takes no argument", lo->name);
	} else if (optopt == 0)
		snprintf(msg, sizeof(msg), "unknown option %.200s",
		    argv[optind - 1]);
	else if (ch == ':')
		snprintf(msg, sizeof(msg), "option -%c needs an argument", optopt);
	else if (optopt > ' ' && optopt < 127)
		snprintf(msg, sizeof(msg), "unknown option -%c", optopt);
	else
		snprintf(msg, sizeof(msg), "unknown option (byte %d)",
		    optopt & 255);
	misuse(msg);
}

/* A number of an option: cmn_strtonum, or exit 2 naming the option. */
static long long
optnum(const char *opt, const char *s, long long min, long long max)
{
	const char *e;
	long long v = cmn_strtonum(s, min, max, &e);

	if (e != NULL) {
		fprintf(stderr, PROG ": %s: '%s' is %s (%lld..%lld)\n", opt, s,
		    e, min, max);
		exit(EX_USAGE_);
	}
	return v;
}

/* Add a topic (-t, or an operand with -G); one given twice counts once. */
static void
add_topic(struct opts *o, const char *t)
{
	int i;

	if (*t == '\0')
		misuse("empty topic name");
	for (i = 0; i < o->ntopics; i++)
		if (strcmp(o->topics[i], t) == 0)
			return;
	o->topics[o->ntopics++] = t;
}

int
main(int argc, char *argv[])
{
	struct opts o;
	const char *e;
	int ch, status, consumer_only = 0;

	memset(&o, 0, sizeof(o));
	o.partition = -1;
	o.topics = cmn_xmalloc((size_t)argc * sizeof(*o.topics));
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":b:CPLQc:eF:G:hJo:p:qt:VvX:",
	    longopts, NULL)) != -1) {
		switch (ch) {
		case 'b':
			o.brokers = optarg;
			break;
		case 'C':
		case 'L':
		case 'P':
		case 'Q':
			if (o.mode != 0 && o.mode != ch)
				misuse("-C, -P, -L and -Q do not mix");
			o.mode = (char)ch;
			break;
		case 'c':
			o.count = optnum("-c", optarg, 1, LLONG_MAX);
			consumer_only = 'c';
			break;
		case 'e':
			o.exit_eof = 1;
			consumer_only = 'e';
			break;
		case 'F':
			config_add_file(optarg);
			break;
		case 'G':
			if (*optarg == '\0')
				misuse("-G: empty group id");
			o.group = optarg;
			consumer_only = 'G';
			break;
		case 'h':
			usage(0);
			break;
		case 'J':
			o.json = 1;
			break;
		case 'o':
			o.offset = optarg;
			consumer_only = 'o';
			break;
		case 'p':
			o.partition = (int32_t)optnum("-p", optarg, 0, INT32_MAX);
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 't':
			add_topic(&o, optarg);
			break;
		case 'V':
			printf("%s %s (librdkafka %s)\n", PROG, VERSION,
			    rd_kafka_version_str());
			free(o.topics);
			return fclose(stdout) == 0 ? 0 : EX_IO;
		case 'v':
			o.verbose = 1;
			break;
		case 'X':
			config_add_pair(optarg);
			break;
		case OPT_KEEP_PARTITION:
			o.keep_partition = 1;
			break;
		case OPT_RESUME:
			o.resume = optarg;
			consumer_only = 'r';
			break;
		default:
			bad_option(ch, argv);
		}
	}
	argc -= optind;
	argv += optind;
	if (o.mode == 0)
		o.mode = 'C';
	switch (o.mode) {
	case 'C':
		if (argc > 0 && o.group == NULL)
			misuse("topics as operands need -G; else give -t topic");
		while (argc > 0) {	/* kcat -G group topic ... */
			add_topic(&o, *argv++);
			argc--;
		}
		if (o.ntopics == 0)
			misuse("no topic (-t)");
		if (o.keep_partition)
			misuse("--keep-partition is for -P");
		if (o.group != NULL && o.partition >= 0)
			misuse("-G and -p do not mix (the group assigns partitions)");
		if (consumer_check_offset(&o) < 0)
			misuse(o.group != NULL ?
			    "with -G, -o is beginning, end or stored" :
			    "-o: expected beginning, end, N, -N, s@ts or e@ts "
			    "(stored needs -G)");
		break;
	case 'P':
		if (o.ntopics == 0)
			misuse("no topic (-t)");
		if (consumer_only != 0)
			misuse("-c, -e, -G, -o and --resume are for -C");
		if (o.ntopics > 1)
			misuse("the producer writes to one topic");
		o.files = argv;
		o.nfiles = argc;
		break;
	default:		/* -L, -Q */
		if (consumer_only != 0 || o.keep_partition || o.partition >= 0)
			misuse("-L and -Q take -b, -F, -J, -q, -v, -X and -t only");
		if (argc > 0)
			misuse("-L and -Q take no operands");
		if (o.mode == 'L' && o.ntopics > 1)
			misuse("-L lists one topic (-t) or all");
		if (o.mode == 'Q' && o.ntopics == 0)
			misuse("no topic:partition:timestamp (-t)");
		if (o.mode == 'Q' && (e = query_check(&o)) != NULL)
			misuse(e);
		break;
	}
	if (o.verbose && o.quiet)
		misuse("-q and -v do not mix");

	cmn_catch_signals();
	signal(SIGPIPE, SIG_IGN);
	switch (o.mode) {
	case 'C':
		status = consume(&o);
		break;
	case 'P':
		status = produce(&o);
		break;
	case 'L':
		status = list_metadata(&o);
		break;
	default:
		status = query_offsets(&o);
		break;
	}
	free(o.topics);
	if (cmn_stop > 0 && o.verbose)
		fprintf(stderr, PROG ": stopped by signal %d\n", (int)cmn_stop);
	return status;
}
