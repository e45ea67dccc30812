/* Bounded number parsing for command-line arguments (strtonum-style). */
#ifndef COMMON_NUM_H
#define COMMON_NUM_H

/*
 * Parse a decimal integer in [min, max]. On error returns 0 and sets
 * *errstr to "invalid", "too small" or "too large"; else *errstr = NULL.
 */
long long	cmn_strtonum(const char *, long long, long long, const char **);

/* Parse NAME with cmn_strtonum or exit 2 with "PROG: option: VALUE is ...". */
long long	cmn_optnum(const char *opt, const char *s, long long, long long);

#endif
