/* Messages for command-line errors that name the program, not its path. */
#ifndef COMMON_OPT_H
#define COMMON_OPT_H

#include <getopt.h>

/*
 * Say on standard error what getopt_long (called with opterr = 0 and a
 * leading ':' in its option string) found wrong: ch is '?' or ':'.
 * "PROG: --name: unknown option", "PROG: -k: needs an argument",
 * "PROG: --hash: takes no argument".
 */
void	cmn_badopt(const char *prog, int ch, char *const argv[],
	    const struct option *longopts);

#endif
