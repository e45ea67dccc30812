/* Bounded number parsing for command-line arguments (strtonum-style). */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "num.h"

long long
cmn_strtonum(const char *s, long long min, long long max, const char **errstr)
{
	char *end;
	long long v;

	*errstr = NULL;
	if (s == NULL || *s == '\0' || isspace((unsigned char)*s)) {
		*errstr = "invalid";
		return 0;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || end == s) {
		*errstr = "invalid";
		return 0;
	}
	if ((errno == ERANGE && v == LLONG_MIN) || v < min) {
		*errstr = "too small";
		return 0;
	}
	if ((errno == ERANGE && v == LLONG_MAX) || v > max) {
		*errstr = "too large";
		return 0;
	}
	return v;
}

long long
cmn_optnum(const char *opt, const char *s, long long min, long long max)
{
	const char *e;
	long long v = cmn_strtonum(s, min, max, &e);

	if (e != NULL)
		errx(2, "%s: '%s' is %s (%lld..%lld)", opt, s, e, min, max);
	return v;
}
