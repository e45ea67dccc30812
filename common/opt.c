/* Command-line errors named as the user wrote them. */
#include <stdio.h>
#include <string.h>

#include "opt.h"

/* Is argv[optind - 1] the long option getopt_long complained about? */
static int
was_long(const char *arg, const struct option *lo)
{
	size_t n;

	if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0')
		return 0;
	if (optopt == 0)		/* an unknown long option */
		return 1;
	n = strcspn(arg + 2, "=");
	for (; lo->name != NULL; lo++)
		if (lo->val == optopt && strlen(lo->name) >= n &&
		    strncmp(lo->name, arg + 2, n) == 0)
			return 1;
	return 0;
}

void
cmn_badopt(const char *prog, int ch, char *const argv[],
    const struct option *longopts)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";

	if (was_long(arg, longopts))
		fprintf(stderr, "%s: %.*s: %s\n", prog, (int)strcspn(arg, "="),
		    arg, ch == ':' ? "needs an argument" : optopt != 0 ?
		    "takes no argument" : "unknown option");
	else if (optopt > ' ' && optopt < 127)
		fprintf(stderr, "%s: -%c: %s\n", prog, optopt, ch == ':' ?
		    "needs an argument" : "unknown option");
	else
		fprintf(stderr, "%s: unknown option (byte %d)\n", prog,
		    optopt & 255);
}
