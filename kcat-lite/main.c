/*
 * kcat-lite: Kafka records to kcat -J style envelopes on stdout (-C),
 * and lines or envelopes back into a topic (-P). See kcat-lite(1).
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
#include "num.h"
#include "producer.h"
#include "sig.h"

static const char usage_text[] =
"usage: kcat-lite -C [-eJqv] [-b brokers] [-c count] [-F file] [-G group]\n"
"                 [-o offset] [-p partition] [--resume file] [-X key=value]\n"
"                 -t topic ...\n"
"       kcat-lite -P [-Jqv] [-b brokers] [-F file] [--keep-partition]\n"
"                 [-p partition] [-X key=value] -t topic [file ...]\n"
"       kcat-lite -h | -V\n";

static void
usage(int status)
{
	fputs(usage_text, status == 0 ? stdout : stderr);
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

int
main(int argc, char *argv[])
{
	struct opts o;
	int ch, i, status, consumer_only = 0;

	memset(&o, 0, sizeof(o));
	o.partition = -1;
	o.topics = cmn_xmalloc((size_t)argc * sizeof(*o.topics));
	while ((ch = getopt_long(argc, argv, "b:CPc:eF:G:hJo:p:qt:VvX:",
	    longopts, NULL)) != -1) {
		switch (ch) {
		case 'b':
			o.brokers = optarg;
			break;
		case 'C':
		case 'P':
			if (o.mode != 0 && o.mode != ch)
				misuse("-C and -P do not mix");
			o.mode = (char)ch;
			break;
		case 'c':
			o.count = cmn_optnum("-c", optarg, 1, LLONG_MAX);
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
			o.json_in = 1;
			break;
		case 'o':
			o.offset = optarg;
			consumer_only = 'o';
			break;
		case 'p':
			o.partition = (int32_t)cmn_optnum("-p", optarg, 0, INT32_MAX);
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 't':
			if (*optarg == '\0')
				misuse("-t: empty topic name");
			for (i = 0; i < o.ntopics; i++)	/* a repeat: once */
				if (strcmp(o.topics[i], optarg) == 0)
					break;
			if (i == o.ntopics)
				o.topics[o.ntopics++] = optarg;
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
			usage(EX_USAGE_);
		}
	}
	argc -= optind;
	argv += optind;
	if (o.mode == 0)
		o.mode = 'C';
	if (o.ntopics == 0)
		misuse("no topic (-t)");
	if (o.mode == 'C') {
		if (argc > 0)
			misuse("the consumer takes no file arguments");
		if (o.keep_partition)
			misuse("--keep-partition is for -P");
		if (o.group != NULL && o.partition >= 0)
			misuse("-G and -p do not mix (the group assigns partitions)");
		if (consumer_check_offset(&o) < 0)
			misuse(o.group != NULL ?
			    "with -G, -o is beginning, end or stored" :
			    "-o: expected beginning, end, N, -N, s@ts or e@ts "
			    "(stored needs -G)");
	} else {
		if (consumer_only != 0)
			misuse("-c, -e, -G, -o and --resume are for -C");
		if (o.ntopics > 1)
			misuse("the producer writes to one topic");
		o.files = argv;
		o.nfiles = argc;
	}
	if (o.verbose && o.quiet)
		misuse("-q and -v do not mix");

	cmn_catch_signals();
	signal(SIGPIPE, SIG_IGN);
	status = o.mode == 'C' ? consume(&o) : produce(&o);
	free(o.topics);
	if (cmn_stop > 0 && o.verbose)
		fprintf(stderr, PROG ": stopped by signal %d\n", (int)cmn_stop);
	return status;
}
