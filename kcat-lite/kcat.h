/* kcat-lite: options shared by the consumer and the producer. */
#ifndef KCAT_KCAT_H
#define KCAT_KCAT_H

#include <stdint.h>

#include <librdkafka/rdkafka.h>

#define PROG	"kcat-lite"

enum {			/* exit statuses (sysexits style) */
	EX_OK_ = 0, EX_FAIL = 1, EX_USAGE_ = 2, EX_DATA = 65,
	EX_UNAVAIL = 69, EX_OSERR_ = 71, EX_IO = 74, EX_TEMP = 75
};

struct opts {
	char	 mode;		/* 'C', 'P', 'L' or 'Q' */
	const char *brokers;
	const char **topics;	/* -t (and with -G the operands); -Q: t:p:ts */
	int	 ntopics;
	int32_t	 partition;	/* -1: all */
	const char *offset;	/* -o as given */
	const char *group;
	long long count;	/* -c, 0: unlimited */
	int	 exit_eof;	/* -e */
	int	 json;	/* -J: -P reads envelopes, -L and -Q write JSON */
	int	 keep_partition;
	int	 quiet, verbose;
	const char *resume;	/* --resume FILE */
	char	**files;	/* -P inputs */
	int	 nfiles;
};

#endif
