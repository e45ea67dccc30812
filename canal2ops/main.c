/*
 * canal2ops: Canal flat messages (raw, or in kcat -J envelopes) in, Redis
 * ops (canal-ops(5)) out.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "canal.h"
#include "checkpoint.h"
#include "envelope.h"
#include "line.h"
#include "num.h"
#include "opt.h"
#include "record.h"
#include "sig.h"

#define PROG		"canal2ops"
#define OUT_HIGH	(64 * 1024)	/* write out once this much is buffered */

#define EX_DATAERR	65
#define EX_OSERR	71
#define EX_IOERR	74
#define MAX_LINE	(64 * 1024 * 1024)	/* --max-line-bytes */

static struct canal_conf conf;
static struct canal	canal;
static struct ckpt	ckpt;
static struct record	rec, inner;
static struct envelope	env;
static struct buf	out;
static FILE		*reject;
static const char	*reject_path;
static int		 strict, verbose, no_checkpoint, stop;
static const char	*cur_file;	/* the line being processed */
static unsigned long long cur_line;
static size_t		 out_done;	/* out's bytes before its ops */

static struct {
	unsigned long long lines, blank, envelopes, tombstones, bad;
} n;

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: canal2ops [-hsVv] [-d glob] [-k template] [-r file] [-t glob]\n"
	    "                 [--as-deletes] [--checkpoint-every n] [--checkpoint-key key]\n"
	    "                 [--columns list] [--exclude-columns list]\n"
	    "                 [--exclude-database glob] [--exclude-table glob]\n"
	    "                 [--hash] [--key-columns list] [--key-pattern db.table]\n"
	    "                 [--max-line-bytes n] [--no-checkpoint] [--raw-values]\n"
	    "                 [--ttl seconds] [file ...]\n");
}

static void __attribute__((noreturn, format(printf, 2, 3)))
die(int status, const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

static void
flush_out(void)
{
	size_t off = 0;

	/* rejected lines first: they must not die with a broken stdout */
	if (reject != NULL && fflush(reject) == EOF)
		die(EX_IOERR, "%s: %s", reject_path, strerror(errno));
	while (off < out.len) {
		ssize_t w = write(STDOUT_FILENO, out.p + off, out.len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			die(EX_IOERR, "stdout: %s", strerror(errno));
		off += (size_t)w;
	}
	out.len = 0;
}

/* Input would block: write the checkpoint and everything pending. */
static void
on_idle(void *arg)
{
	(void)arg;
	if (!no_checkpoint && ckpt.since > 0)
		ckpt_write(&ckpt, &out);
	flush_out();
}

/* Out of memory while processing a line: what was done before goes out. */
static void
on_oom(void)
{
	if (cur_file == NULL)
		return;
	out.len = out_done;
	if (reject != NULL)
		fflush(reject);
	flush_out();
	die(EX_OSERR, "%s:%llu: out of memory; the ops of the lines before "
	    "it were written", cur_file, cur_line);
}

/* A diagnostic about one input line: "canal2ops: FILE:LINE: [POS: ]MSG". */
static void
line_msg(const char *file, unsigned long long lineno, const char *what,
    const char *msg)
{
	fprintf(stderr, PROG ": %s:%llu: ", file, lineno);
	if (env.has_pos)
		fprintf(stderr, "topic %.*s partition %lld offset %lld: ",
		    (int)env.topic.len, env.topic.p, env.partition, env.offset);
	fprintf(stderr, "%s%s\n", what, msg);
}

/* A bad record: counted, named, its line (unless NULL) to the reject file. */
static void
bad(const char *file, unsigned long long lineno, const char *line, size_t len,
    const char *what, const char *msg)
{
	n.bad++;
	line_msg(file, lineno, what, msg);
	if (reject != NULL && line != NULL &&
	    (fwrite(line, 1, len, reject) != len || putc('\n', reject) == EOF))
		die(EX_IOERR, "%s: %s", reject_path, strerror(errno));
	if (strict)
		stop = 1;
}

/* A line longer than --max-line-bytes: read, thrown away, reported. */
static void
too_long(const char *file, unsigned long long lineno, size_t len, size_t max)
{
	char msg[160];

	n.lines++;
	env.has_pos = 0;
	snprintf(msg, sizeof(msg), "a line of %zu bytes, longer than "
	    "--max-line-bytes %zu: skipped (not in the reject file)", len, max);
	bad(file, lineno, NULL, 0, "", msg);
}

/* "why at byte N" (N counted from 1), for a parse error at offset off. */
static const char *
at_byte(const char *why, ptrdiff_t off)
{
	static char msg[128];

	snprintf(msg, sizeof(msg), "%s at byte %td", why, off + 1);
	return msg;
}

static void
process(const char *file, unsigned long long lineno, const char *line, size_t len)
{
	const struct record *r = &rec;
	const char *e = line + len, *p = json_ws(line, e), *why;

	n.lines++;
	env.has_pos = 0;
	cur_file = file;
	cur_line = lineno;
	out_done = out.len;
	if (p == e) {
		n.blank++;
		return;
	}
	if (len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
		bad(file, lineno, line, len, "", "a UTF-8 byte-order mark starts "
		    "the line (JSON text has none: save it as UTF-8 without one)");
		return;
	}
	if ((why = record_parse(&rec, line, len)) != NULL) {
		bad(file, lineno, line, len, "", at_byte(why, json_err_at - line));
		return;
	}
	if (record_is_envelope(&rec)) {
		n.envelopes++;
		if ((why = envelope_read(&env, &rec)) != NULL) {
			bad(file, lineno, line, len, "", why);
			goto noted;
		}
		if (env.tombstone) {
			n.tombstones++;
			goto noted;
		}
		if ((why = record_parse(&inner, env.payload.p, env.payload.len)) != NULL) {
			bad(file, lineno, line, len, "payload: ",
			    at_byte(why, json_err_at - env.payload.p));
			goto noted;
		}
		r = &inner;
	}
	switch (canal_record(&canal, r, &out)) {
	case CANAL_STOP:
		stop = 1;
		/* FALLTHROUGH */
	case CANAL_BAD:
		bad(file, lineno, line, len, "", canal.why);
		break;
	case CANAL_WARN:
		line_msg(file, lineno, "warning: ", canal.why);
		break;
	}
noted:
	if (env.has_pos && !no_checkpoint && !stop) {
		ckpt_note(&ckpt, env.topic.p, env.topic.len, env.partition,
		    env.offset, r == &inner ? record_es(r) : 0);
		if (ckpt_due(&ckpt))
			ckpt_write(&ckpt, &out);
	}
}

static void
summary(void)
{
	const struct canal_counts *c = &canal.n;

	fprintf(stderr, PROG ": %llu lines (%llu blank), %llu envelopes "
	    "(%llu tombstones), %llu records, %llu rows, %llu ops, "
	    "%llu checkpoints\n", n.lines, n.blank, n.envelopes, n.tombstones,
	    c->records, c->rows, c->ops, ckpt.written);
	fprintf(stderr, PROG ": skipped: %llu DDL, %llu QUERY, %llu XA, "
	    "%llu other, %llu filtered, %llu TRUNCATE/ERASE (warned); "
	    "%llu bad\n", c->ddl, c->query, c->xa, c->other, c->filtered,
	    c->truncate, n.bad);
	if (c->partial > 0)
		fprintf(stderr, PROG ": %llu partial row images merged (--hash)\n",
		    c->partial);
}

enum {
	O_ASDEL = 256, O_CKEVERY, O_CKKEY, O_COLUMNS, O_XCOLUMNS, O_XDATABASE,
	O_XTABLE, O_HASH, O_KEYCOLS, O_KEYPAT, O_MAXLINE, O_NOCK, O_RAW, O_TTL
};

static const struct option longopts[] = {
	{ "as-deletes",		no_argument,	   NULL, O_ASDEL },
	{ "checkpoint-every",	required_argument, NULL, O_CKEVERY },
	{ "checkpoint-key",	required_argument, NULL, O_CKKEY },
	{ "columns",		required_argument, NULL, O_COLUMNS },
	{ "database",		required_argument, NULL, 'd' },
	{ "exclude-columns",	required_argument, NULL, O_XCOLUMNS },
	{ "exclude-database",	required_argument, NULL, O_XDATABASE },
	{ "exclude-table",	required_argument, NULL, O_XTABLE },
	{ "hash",		no_argument,	   NULL, O_HASH },
	{ "help",		no_argument,	   NULL, 'h' },
	{ "key",		required_argument, NULL, 'k' },
	{ "key-columns",	required_argument, NULL, O_KEYCOLS },
	{ "key-pattern",	required_argument, NULL, O_KEYPAT },
	{ "max-line-bytes",	required_argument, NULL, O_MAXLINE },
	{ "no-checkpoint",	no_argument,	   NULL, O_NOCK },
	{ "raw-values",		no_argument,	   NULL, O_RAW },
	{ "reject",		required_argument, NULL, 'r' },
	{ "strict",		no_argument,	   NULL, 's' },
	{ "table",		required_argument, NULL, 't' },
	{ "ttl",		required_argument, NULL, O_TTL },
	{ "verbose",		no_argument,	   NULL, 'v' },
	{ "version",		no_argument,	   NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	const char *tmpl = NULL, *ckkey = "canal2ops:checkpoint", *why;
	char *pattern_of = NULL;
	long long every = 1000;
	size_t max_line = MAX_LINE;
	struct stat st;
	size_t ncols;
	int ch, i, nfd, *fds;
	const char **names;

	opterr = 0;	/* messages name the program, not its path */
	while ((ch = getopt_long(argc, argv, ":d:hk:r:st:Vv", longopts, NULL)) != -1) {
		switch (ch) {
		case O_ASDEL:
			conf.as_deletes = 1;
			no_checkpoint = 1;
			break;
		case O_CKEVERY:
			every = cmn_optnum("--checkpoint-every", optarg, 1, 1000000000);
			break;
		case O_CKKEY:
			if (*optarg == '\0')
				die(2, "--checkpoint-key: empty key");
			ckkey = optarg;
			break;
		case O_COLUMNS:
			ncols = conf.cols.n;
			namelist_split(&conf.cols, optarg);
			if (conf.cols.n == ncols)
				die(2, "--columns: no column named");
			break;
		case 'd':
			namelist_add(&conf.filter.db, optarg);
			break;
		case O_XCOLUMNS:
			namelist_split(&conf.xcols, optarg);
			break;
		case O_XDATABASE:
			namelist_add(&conf.filter.xdb, optarg);
			break;
		case O_XTABLE:
			namelist_add(&conf.filter.xtab, optarg);
			break;
		case O_HASH:
			conf.hash = 1;
			break;
		case 'h':
			usage(stdout);
			printf("See canal2ops(1) and canal-ops(5).\n");
			return fflush(stdout) == 0 && !ferror(stdout) ? 0 : EX_IOERR;
		case 'k':
			tmpl = optarg;
			break;
		case O_KEYCOLS:
			namelist_split(&conf.keycols, optarg);
			if (conf.keycols.n == 0)
				die(2, "--key-columns: no column named");
			break;
		case O_KEYPAT:
			if (strchr(optarg, '.') == NULL)
				die(2, "--key-pattern: %s: not database.table", optarg);
			pattern_of = optarg;
			break;
		case O_MAXLINE:
			max_line = (size_t)cmn_optnum("--max-line-bytes", optarg,
			    1, 1LL << 40);
			break;
		case O_NOCK:
			no_checkpoint = 1;
			break;
		case O_RAW:
			conf.raw_values = 1;
			break;
		case 'r':
			reject_path = optarg;
			break;
		case 's':
			strict = 1;
			break;
		case 't':
			namelist_add(&conf.filter.tab, optarg);
			break;
		case O_TTL:
			conf.ttl = cmn_optnum("--ttl", optarg, 1, 2147483647);
			break;
		case 'V':
			printf("%s %s\n", PROG, VERSION);
			return fflush(stdout) == 0 && !ferror(stdout) ? 0 : EX_IOERR;
		case 'v':
			verbose = 1;
			break;
		default:	/* '?' or ':' */
			cmn_badopt(PROG, ch, argv, longopts);
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (conf.hash && conf.ttl > 0) {
		fprintf(stderr, PROG ": --hash and --ttl do not mix\n");
		usage(stderr);
		return 2;
	}
	if (conf.cols.n > 0 && conf.xcols.n > 0) {
		fprintf(stderr, PROG ": --columns and --exclude-columns do not mix\n");
		usage(stderr);
		return 2;
	}
	conf.key_default = tmpl == NULL;
	if (tmpl == NULL)
		tmpl = "{pk}";
	if (key_parse(&conf.key, tmpl, &why) < 0)
		die(2, "--key '%s': %s", tmpl, why);
	if (conf.keycols.n == 0)
		namelist_add(&conf.keycols, "id");
	if (pattern_of != NULL) {	/* the table's keys, as a SCAN pattern */
		char *dot = strchr(pattern_of, '.');

		*dot = '\0';
		key_pattern(&conf.key, pattern_of, dot + 1, &out);
		buf_addc(&out, '\n');
		flush_out();
		key_free(&conf.key);
		namelist_free(&conf.keycols);
		buf_free(&out);
		return 0;
	}

	/* a closed stdout would become the first file opened */
	if (fcntl(STDOUT_FILENO, F_GETFL) < 0)
		die(EX_IOERR, "stdout: %s", strerror(errno));
	/* open everything first, then only read, transform and write */
	nfd = argc > 0 ? argc : 1;
	fds = cmn_xmalloc((size_t)nfd * sizeof(*fds));
	names = cmn_xmalloc((size_t)nfd * sizeof(*names));
	for (i = 0; i < nfd; i++) {
		const char *f = argc > 0 ? argv[i] : "-";

		if (strcmp(f, "-") == 0) {
			fds[i] = STDIN_FILENO;
			names[i] = "stdin";
		} else if ((fds[i] = open(f, O_RDONLY)) < 0)
			die(EX_IOERR, "%s: %s", f, strerror(errno));
		else
			names[i] = f;
		/* a directory opens, but fails on the first read */
		if (fstat(fds[i], &st) == 0 && S_ISDIR(st.st_mode))
			die(EX_IOERR, "%s: %s", names[i], strerror(EISDIR));
	}
	if (reject_path != NULL && (reject = fopen(reject_path, "a")) == NULL)
		die(EX_IOERR, "%s: %s", reject_path, strerror(errno));
	cmn_catch_signals();
	cmn_oom_hook = on_oom;
	canal_init(&canal, &conf);
	ckpt_init(&ckpt, ckkey, every);
	buf_grow(&out, OUT_HIGH * 2);

	for (i = 0; i < nfd && !stop && !cmn_stop; i++) {
		struct lr lr;
		char *line;
		size_t len;
		int rc = 0;

		lr_init(&lr, fds[i]);
		lr.idle = on_idle;
		lr.max = max_line;
		while (!stop && (rc = lr_next(&lr, &line, &len)) == 1) {
			if (lr.toolong > 0)
				too_long(names[i], lr.lineno, lr.toolong, lr.max);
			if (lr.cut) {	/* a writer killed mid-line: never used */
				n.lines++;
				env.has_pos = 0;
				if (lr.toolong == 0)
					bad(names[i], lr.lineno, line, len, "",
					    "no newline at the end: the input "
					    "was cut short");
				break;
			}
			if (lr.toolong > 0)
				continue;
			process(names[i], lr.lineno, line, len);
			if (out.len >= OUT_HIGH)
				flush_out();
		}
		if (rc < 0) {
			/* the ops (and checkpoint) of what was read go out */
			int err = errno;

			if (!no_checkpoint)
				ckpt_write(&ckpt, &out);
			flush_out();
			if (err == ENOMEM)
				die(EX_OSERR, "%s:%llu: out of memory after %zu "
				    "bytes of the line (see --max-line-bytes); "
				    "the ops of the lines before it were written",
				    names[i], lr.lineno + 1, lr.end - lr.start);
			die(EX_IOERR, "%s: %s", names[i], strerror(err));
		}
		lr_free(&lr);
		if (fds[i] != STDIN_FILENO)
			close(fds[i]);
	}
	if (!no_checkpoint)
		ckpt_write(&ckpt, &out);
	flush_out();
	if (reject != NULL && fclose(reject) != 0)
		die(EX_IOERR, "%s: %s", reject_path, strerror(errno));
	if (verbose)
		summary();

	canal_free(&canal);
	ckpt_free(&ckpt);
	record_free(&rec);
	record_free(&inner);
	envelope_free(&env);
	buf_free(&out);
	key_free(&conf.key);
	namelist_free(&conf.keycols);
	namelist_free(&conf.cols);
	namelist_free(&conf.xcols);
	filter_free(&conf.filter);
	free(fds);
	free(names);
	return n.bad > 0 ? EX_DATAERR : 0;
}
