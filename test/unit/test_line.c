/* The line reader: long lines, a last line without newline, idle calls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "line.h"

static int idle_calls;

static void
on_idle(void *arg)
{
	(void)arg;
	idle_calls++;
}

static void
lines_of_any_length(void **state)
{
	size_t big = 3 * 1024 * 1024 + 7, len;
	char *data = cmn_xmalloc(big + 16), *line;
	int fds[2];
	struct lr lr;
	FILE *f = tmpfile();

	(void)state;
	assert_non_null(f);
	memset(data, 'x', big);
	fputs("a\n\n", f);
	fwrite(data, 1, big, f);
	fputs("\nlast", f);
	rewind(f);
	fds[0] = fileno(f);
	lr_init(&lr, fds[0]);
	assert_int_equal(lr_next(&lr, &line, &len), 1);
	assert_int_equal(len, 1);
	assert_memory_equal(line, "a", 1);
	assert_int_equal(lr_next(&lr, &line, &len), 1);
	assert_int_equal(len, 0);
	assert_int_equal(lr_next(&lr, &line, &len), 1);
	assert_int_equal(len, big);
	assert_memory_equal(line, data, big);
	assert_false(lr.cut);
	assert_int_equal(lr_next(&lr, &line, &len), 1);
	assert_int_equal(len, 4);
	assert_memory_equal(line, "last", 4);
	assert_int_equal(lr.lineno, 4);
	assert_true(lr.cut);		/* no newline: the input was cut */
	assert_int_equal(lr_next(&lr, &line, &len), 0);
	lr_free(&lr);
	fclose(f);
	free(data);
}

static void
idle_before_blocking_read(void **state)
{
	int fds[2];
	struct lr lr;
	char *line;
	size_t len;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "one\ntw", 6), 6);
	lr_init(&lr, fds[0]);
	lr.idle = on_idle;
	idle_calls = 0;
	assert_int_equal(lr_next(&lr, &line, &len), 1);
	assert_int_equal(idle_calls, 0);	/* data was ready */
	assert_int_equal(write(fds[1], "o\n", 2), 2);
	close(fds[1]);
	assert_int_equal(lr_next(&lr, &line, &len), 1);
	assert_memory_equal(line, "two", 3);
	assert_false(lr.cut);
	assert_int_equal(lr_next(&lr, &line, &len), 0);
	lr_free(&lr);
	close(fds[0]);
	/* an empty pipe that stays open: the callback runs before blocking */
	assert_int_equal(pipe(fds), 0);
	if (fork() == 0) {
		close(fds[0]);
		usleep(100000);
		(void)!write(fds[1], "late\n", 5);
		_exit(0);
	}
	close(fds[1]);
	lr_init(&lr, fds[0]);
	lr.idle = on_idle;
	idle_calls = 0;
	assert_int_equal(lr_next(&lr, &line, &len), 1);
	assert_true(idle_calls >= 1);
	assert_memory_equal(line, "late", 4);
	lr_free(&lr);
	close(fds[0]);
}

static void
lines_past_the_limit(void **state)
{
	FILE *f = tmpfile();
	size_t big = 300 * 1024, len, i;
	char *line;
	struct lr lr;

	(void)state;
	assert_non_null(f);
	fputs("short\n", f);
	for (i = 0; i < big; i++)	/* longer than the buffer: skipped */
		fputc('x', f);
	fputs("\n0123456789\nok\n", f);	/* in one read: skipped too */
	for (i = 0; i < big; i++)	/* and a last one, cut */
		fputc('y', f);
	rewind(f);
	lr_init(&lr, fileno(f));
	lr.max = 9;
	assert_int_equal(lr_next(&lr, &line, &len), 1);
	assert_int_equal(len, 5);
	assert_int_equal(lr.toolong, 0);
	assert_int_equal(lr_next(&lr, &line, &len), 1);
	assert_int_equal(len, 0);
	assert_int_equal(lr.toolong, big);
	assert_int_equal(lr.lineno, 2);
	assert_int_equal(lr_next(&lr, &line, &len), 1);
	assert_int_equal(len, 0);
	assert_int_equal(lr.toolong, 10);
	assert_int_equal(lr_next(&lr, &line, &len), 1);
	assert_int_equal(len, 2);
	assert_memory_equal(line, "ok", 2);
	assert_int_equal(lr.toolong, 0);
	assert_false(lr.cut);
	assert_int_equal(lr_next(&lr, &line, &len), 1);
	assert_int_equal(len, 0);
	assert_int_equal(lr.toolong, big);
	assert_true(lr.cut);
	assert_int_equal(lr.lineno, 5);
	assert_int_equal(lr_next(&lr, &line, &len), 0);
	lr_free(&lr);
	fclose(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lines_of_any_length),
		cmocka_unit_test(idle_before_blocking_read),
		cmocka_unit_test(lines_past_the_limit),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);	/* test/run counts "ok" */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
