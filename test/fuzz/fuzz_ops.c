/*
 * libFuzzer target: ops_split must agree with hiredis' sdssplitargs on any
 * line, and ops_put_arg's quoting must survive sdssplitargs unchanged.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hiredis/sds.h>

#include "ops.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ops_argv av;
	static struct buf b;
	char *z = malloc(size + 1);
	sds *ref;
	int n, rn, i;
	size_t half = size / 2;

	memcpy(z, data, size);
	z[size] = '\0';
	ref = sdssplitargs(z, &rn);
	n = ops_split(&av, (const char *)data, size);
	if (ref == NULL) {
		if (n != -1)
			abort();
	} else {
		if (n != rn)
			abort();
		for (i = 0; i < n; i++)
			if (sdslen(ref[i]) != av.len[i] ||
			    memcmp(ref[i], ops_arg(&av, i), av.len[i]) != 0)
				abort();
		sdsfreesplitres(ref, rn);
	}
	free(z);

	/* quoting: two arguments made of the input's halves */
	b.len = 0;
	buf_adds(&b, "SET ");
	ops_put_arg(&b, (const char *)data, half);
	buf_addc(&b, ' ');
	ops_put_arg(&b, (const char *)data + half, size - half);
	buf_addc(&b, '\0');
	ref = sdssplitargs(b.p, &rn);
	if (ref == NULL || rn != 3 || sdslen(ref[1]) != half ||
	    sdslen(ref[2]) != size - half ||
	    memcmp(ref[1], data, half) != 0 ||
	    memcmp(ref[2], data + half, size - half) != 0)
		abort();
	sdsfreesplitres(ref, rn);
	return 0;
}
