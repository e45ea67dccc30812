/*
 * Test helper: for each ops line on standard input, the slot ops2redis
 * computes for its key (the second word), a tab, and the same key in a
 * CLUSTER KEYSLOT command for redis-cli, the oracle.
 *   keyslot < ops
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ops.h"
#include "slot.h"

int
main(void)
{
	struct ops_argv av = { 0 };
	struct buf b = { 0 };
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	while ((n = getline(&line, &cap, stdin)) > 0) {
		if (ops_split(&av, line, (size_t)n) < 2)
			continue;
		b.len = 0;
		ops_put_arg(&b, ops_arg(&av, 1), av.len[1]);
		printf("%d\tCLUSTER KEYSLOT %.*s\n", slot_of_key(ops_arg(&av, 1),
		    av.len[1]), (int)b.len, b.p);
	}
	free(line);
	buf_free(&b);
	ops_argv_free(&av);
	return fclose(stdout) == 0 ? 0 : 1;
}
