/*
 * mysql2canal: the current rows of MySQL or MariaDB tables as Canal flat
 * messages (INSERT), one JSON object a line, values as Canal writes them:
 * a snapshot that everything reading Canal's topic can load.
 */
#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "conn.h"
#include "num.h"
#include "opt.h"
#include "optfile.h"
#include "sig.h"
#include "snapshot.h"
#include "table.h"

#define DEFAULT_BATCH	100
#define DEFAULT_CHUNK	10000
#define DEFAULT_BYTES	1000000		/* under Kafka's default limit */

enum {
	OPT_CHUNK = 256, OPT_COLUMNS, OPT_DEFAULTS_EXTRA, OPT_DEFAULTS_FILE,
	OPT_HELP, OPT_KEYS_ONLY, OPT_LIST, OPT_MSGBYTES, OPT_NO_DEFAULTS,
	OPT_PROGRESS, OPT_SINGLE,
	OPT_SSL, OPT_SSL_CA, OPT_SSL_CAPATH, OPT_SSL_CERT, OPT_SSL_CIPHER,
	OPT_SSL_CRL, OPT_SSL_CRLPATH, OPT_SSL_KEY, OPT_SSL_VERIFY, OPT_TZ,
	OPT_TLS_VERSION, OPT_WHERE
};

static const struct option longopts[] = {
	{ "batch-size",		required_argument,	NULL, 'b' },
	{ "chunk-size",		required_argument,	NULL, OPT_CHUNK },
	{ "columns",		required_argument,	NULL, OPT_COLUMNS },
	{ "defaults-extra-file", required_argument,	NULL, OPT_DEFAULTS_EXTRA },
	{ "defaults-file",	required_argument,	NULL, OPT_DEFAULTS_FILE },
	{ "help",		no_argument,		NULL, OPT_HELP },
	{ "host",		required_argument,	NULL, 'h' },
	{ "keys-only",		no_argument,		NULL, OPT_KEYS_ONLY },
	{ "list-tables",	no_argument,		NULL, OPT_LIST },
	{ "message-bytes",	required_argument,	NULL, OPT_MSGBYTES },
	{ "no-defaults",	no_argument,		NULL, OPT_NO_DEFAULTS },
	{ "port",		required_argument,	NULL, 'P' },
	{ "progress",		no_argument,		NULL, OPT_PROGRESS },
	{ "single-transaction",	no_argument,		NULL, OPT_SINGLE },
	{ "socket",		required_argument,	NULL, 'S' },
	{ "ssl",		no_argument,		NULL, OPT_SSL },
	{ "ssl-ca",		required_argument,	NULL, OPT_SSL_CA },
	{ "ssl-capath",		required_argument,	NULL, OPT_SSL_CAPATH },
	{ "ssl-cert",		required_argument,	NULL, OPT_SSL_CERT },
	{ "ssl-cipher",		required_argument,	NULL, OPT_SSL_CIPHER },
	{ "ssl-crl",		required_argument,	NULL, OPT_SSL_CRL },
	{ "ssl-crlpath",	required_argument,	NULL, OPT_SSL_CRLPATH },
	{ "ssl-key",		required_argument,	NULL, OPT_SSL_KEY },
	{ "ssl-verify-server-cert", no_argument,	NULL, OPT_SSL_VERIFY },
	{ "time-zone",		required_argument,	NULL, OPT_TZ },
	{ "tls-version",	required_argument,	NULL, OPT_TLS_VERSION },
	{ "user",		required_argument,	NULL, 'u' },
	{ "version",		no_argument,		NULL, 'V' },
	{ "where",		required_argument,	NULL, OPT_WHERE },
	{ NULL, 0, NULL, 0 }
};

static const char usage_text[] =
"usage: mysql2canal [-V] [-b rows] [-h host] [-P port] [-S socket] [-u user]\n"
"                   [--chunk-size rows] [--columns list]\n"
"                   [--defaults-extra-file file] [--defaults-file file]\n"
"                   [--keys-only] [--list-tables] [--message-bytes bytes]\n"
"                   [--no-defaults] [--progress] [--single-transaction]\n"
"                   [--ssl] [--ssl-ca file] [--ssl-capath dir]\n"
"                   [--ssl-cert file] [--ssl-cipher list] [--ssl-crl file]\n"
"                   [--ssl-crlpath dir] [--ssl-key file]\n"
"                   [--ssl-verify-server-cert] [--time-zone zone]\n"
"                   [--tls-version list] [--where condition]\n"
"                   database.table ...\n"
"       mysql2canal --help\n";

static void __attribute__((noreturn))
usage(FILE *f, int status)
{
	fputs(usage_text, f);
	if (f == stdout)
		fputs("See mysql2canal(1).\n", f);
	if (f == stdout && (fflush(stdout) != 0 || ferror(stdout))) {
		fprintf(stderr, "mysql2canal: stdout: %s\n", strerror(errno));
		exit(EX_IO);
	}
	exit(status);
}

static void __attribute__((noreturn, format(printf, 2, 3)))
die(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("mysql2canal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

static void
free_names(char **v, size_t n)
{
	while (n > 0)
		free(v[--n]);
	free(v);
}

/* A comma-separated list of names. */
/* Add the names of a comma-separated list to v[0..*n). */
static char **
split(char **v, const char *s, size_t *n)
{
	char *copy = cmn_xstrdup(s), *p, *tok;

	for (p = copy; (tok = strsep(&p, ",")) != NULL;) {
		if (*tok == '\0')
			continue;
		v = cmn_xrealloc(v, (*n + 1) * sizeof(*v));
		v[(*n)++] = cmn_xstrdup(tok);
	}
	free(copy);
	return v;
}

/* A zone TZ names: a zoneinfo file, or a POSIX rule (it has a digit). */
static int
zone_ok(const char *z)
{
	const char *dir = getenv("TZDIR");
	char path[4096];
	struct stat st;

	if (*z == ':')
		z++;
	if (*z == '\0' || strstr(z, "..") != NULL)
		return 0;
	if (*z == '/')
		return stat(z, &st) == 0 && S_ISREG(st.st_mode);
	snprintf(path, sizeof(path), "%s/%s", dir != NULL ? dir :
	    "/usr/share/zoneinfo", z);
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return 1;
	return strpbrk(z, "0123456789") != NULL;
}

/* The tables to read: DATABASE.TABLE, or every base table of DATABASE.*. */
struct target {
	char	*db, *name;
};

int
main(int argc, char *argv[])
{
	struct connopts cli = { 0 }, o = { 0 };
	struct snapshot s = { 0 };
	struct table *tables = NULL;
	struct target *tg = NULL;
	char why[512], **cols = NULL, **names, *dot;
	const char *extra = NULL, *deffile = NULL, *zone = NULL;
	size_t ncols = 0, ntg = 0, nnames, i, j;
	int c, nodefaults = 0, single = 0, keysonly = 0, list = 0, status = 0;

	s.batch = DEFAULT_BATCH;
	s.chunk = DEFAULT_CHUNK;
	s.msgbytes = DEFAULT_BYTES;
	opterr = 0;	/* messages name the program, not its path */
	while ((c = getopt_long(argc, argv, ":Vb:h:P:S:u:", longopts, NULL)) != -1) {
		switch (c) {
		case 'V':
			printf("mysql2canal %s\n", VERSION);
			if (fflush(stdout) != 0 || ferror(stdout))
				die(EX_IO, "stdout: %s", strerror(errno));
			return 0;
		case 'b':
			s.batch = (size_t)cmn_optnum("-b", optarg, 1, 1000000);
			break;
		case 'h':
			optfile_set(&cli, "host", optarg);
			break;
		case 'P':
			cli.port = (unsigned)cmn_optnum("-P", optarg, 1, 65535);
			break;
		case 'S':
			optfile_set(&cli, "socket", optarg);
			break;
		case 'u':
			optfile_set(&cli, "user", optarg);
			break;
		case OPT_CHUNK:
			s.chunk = (unsigned long long)cmn_optnum("--chunk-size",
			    optarg, 1, 1000000000);
			break;
		case OPT_COLUMNS:	/* repeatable, as canal2ops' */
			i = ncols;
			cols = split(cols, optarg, &ncols);
			if (ncols == i)
				die(EX_USAGE_, "--columns: no column named");
			break;
		case OPT_DEFAULTS_EXTRA:
			extra = optarg;
			break;
		case OPT_DEFAULTS_FILE:
			deffile = optarg;
			break;
		case OPT_HELP:
			usage(stdout, 0);
		case OPT_KEYS_ONLY:
			keysonly = 1;
			break;
		case OPT_LIST:
			list = 1;
			break;
		case OPT_MSGBYTES:
			s.msgbytes = (size_t)cmn_optnum("--message-bytes", optarg,
			    1, 1000000000);
			break;
		case OPT_NO_DEFAULTS:
			nodefaults = 1;
			break;
		case OPT_PROGRESS:
			s.progress = 1;
			break;
		case OPT_SINGLE:
			single = 1;
			break;
		case OPT_SSL:
			cli.ssl = 1;
			break;
		case OPT_SSL_CA:
			optfile_set(&cli, "ssl-ca", optarg);
			break;
		case OPT_SSL_CAPATH:
			optfile_set(&cli, "ssl-capath", optarg);
			break;
		case OPT_SSL_CERT:
			optfile_set(&cli, "ssl-cert", optarg);
			break;
		case OPT_SSL_CIPHER:
			optfile_set(&cli, "ssl-cipher", optarg);
			break;
		case OPT_SSL_CRL:
			optfile_set(&cli, "ssl-crl", optarg);
			break;
		case OPT_SSL_CRLPATH:
			optfile_set(&cli, "ssl-crlpath", optarg);
			break;
		case OPT_SSL_KEY:
			optfile_set(&cli, "ssl-key", optarg);
			break;
		case OPT_SSL_VERIFY:
			cli.ssl_verify = 1;
			break;
		case OPT_TZ:
			zone = optarg;
			break;
		case OPT_TLS_VERSION:
			optfile_set(&cli, "tls-version", optarg);
			break;
		case OPT_WHERE:
			if (*optarg == '\0')
				die(EX_USAGE_, "--where: an empty condition");
			s.where = optarg;
			break;
		default:	/* '?' or ':' */
			cmn_badopt("mysql2canal", c, argv, longopts);
			usage(stderr, EX_USAGE_);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		usage(stderr, EX_USAGE_);
	if (keysonly && cols != NULL)
		die(EX_USAGE_, "use one of --columns and --keys-only");
	if (keysonly)
		cols = cmn_xmalloc(sizeof(*cols));	/* an empty list */
	if (nodefaults + (deffile != NULL) + (extra != NULL) > 1)
		die(EX_USAGE_, "use one of --no-defaults, --defaults-file and "
		    "--defaults-extra-file");
	for (i = 0; i < (size_t)argc; i++) {
		if ((dot = strchr(argv[i], '.')) == NULL || dot == argv[i] ||
		    dot[1] == '\0')
			die(EX_USAGE_, "%s: not DATABASE.TABLE or DATABASE.*",
			    argv[i]);
	}
	if (zone != NULL) {
		if (!zone_ok(zone))
			die(EX_USAGE_, "--time-zone: unknown zone \"%s\"", zone);
		if (setenv("TZ", zone, 1) != 0)
			die(EX_FAIL, "setenv: %s", strerror(errno));
	}
	tzset();

	/* option files, then the command line over them */
	if (deffile != NULL) {
		if (optfile_read(&o, deffile, 1, why, sizeof(why)) < 0)
			die(EX_CONFIG_, "%s", why);
	} else if (!nodefaults &&
	    optfile_defaults(&o, extra, why, sizeof(why)) < 0)
		die(EX_CONFIG_, "%s", why);
	if (cli.host != NULL)
		optfile_set(&o, "host", cli.host);
	if (cli.port != 0)
		o.port = cli.port;
	if (cli.socket != NULL)
		optfile_set(&o, "socket", cli.socket);
	if (cli.user != NULL)
		optfile_set(&o, "user", cli.user);
	o.ssl |= cli.ssl;
	o.ssl_verify |= cli.ssl_verify;
#define OVER(f)	if (cli.f != NULL) { free(o.f); o.f = cli.f; cli.f = NULL; }
	OVER(ssl_ca) OVER(ssl_capath) OVER(ssl_cert) OVER(ssl_cipher)
	OVER(ssl_key) OVER(ssl_crl) OVER(ssl_crlpath) OVER(tls_version)
#undef OVER
	optfile_free(&cli);

	signal(SIGPIPE, SIG_IGN);
	cmn_catch_signals();
	if ((s.my = conn_open(&o, why, sizeof(why), &status)) == NULL)
		die(status, "%s", why);
	optfile_free(&o);

	/* every table and its columns before any row: a missing one stops
	 * the run before anything is written */
	for (i = 0; i < (size_t)argc; i++) {
		dot = strchr(argv[i], '.');
		*dot = '\0';
		if (strcmp(dot + 1, "*") != 0) {
			tg = cmn_xrealloc(tg, (ntg + 1) * sizeof(*tg));
			tg[ntg].db = argv[i];
			tg[ntg++].name = cmn_xstrdup(dot + 1);
			continue;
		}
		if ((status = table_list(s.my, argv[i], &names, &nnames, why,
		    sizeof(why))) != 0)
			die(status, "%s", why);
		if (nnames == 0)
			fprintf(stderr, "mysql2canal: %s: no tables\n", argv[i]);
		tg = cmn_xrealloc(tg, (ntg + nnames + 1) * sizeof(*tg));
		for (j = 0; j < nnames; j++) {
			tg[ntg].db = argv[i];
			tg[ntg++].name = names[j];
		}
		free(names);
	}
	tables = cmn_xmalloc((ntg + 1) * sizeof(*tables));
	for (i = 0; i < ntg; i++)
		if ((status = table_load(&tables[i], s.my, tg[i].db, tg[i].name,
		    cols, ncols, why, sizeof(why))) != 0)
			die(status, "%s", why);

	if (list) {	/* the tables, each checked readable */
		for (i = 0; i < ntg; i++)
			printf("%s.%s\n", tg[i].db, tg[i].name);
		if (fflush(stdout) != 0 || ferror(stdout))
			die(EX_IO, "stdout: %s", strerror(errno));
	}
	if (single && !list) {
		/* one consistent read view for every table; no lock taken */
		if ((status = conn_exec(s.my, "SET SESSION TRANSACTION "
		    "ISOLATION LEVEL REPEATABLE READ")) != 0 ||
		    (status = conn_exec(s.my, "START TRANSACTION WITH "
		    "CONSISTENT SNAPSHOT, READ ONLY")) != 0)
			die(status, "--single-transaction: %s (%u)",
			    mysql_error(s.my), mysql_errno(s.my));
		s.es = now_ms();
	}

	s.fd = STDOUT_FILENO;
	for (i = 0; i < ntg && status == 0 && !list; i++)
		status = snapshot_table(&s, &tables[i]);
	if (status != 0)
		fprintf(stderr, "mysql2canal: %s\n", s.why);
	if (s.progress && status == 0 && !list)
		fprintf(stderr, "mysql2canal: %llu rows of %zu table%s in "
		    "%llu messages\n", s.rows, ntg, ntg == 1 ? "" : "s", s.id);
	if (status == 0 && close(STDOUT_FILENO) != 0) {
		fprintf(stderr, "mysql2canal: stdout: %s\n", strerror(errno));
		status = EX_IO;
	}
	mysql_close(s.my);
	for (i = 0; i < ntg; i++) {
		table_free(&tables[i]);
		free(tg[i].name);
	}
	free(tables);
	free(tg);
	free_names(cols, ncols);
	snapshot_free(&s);
	mysql_library_end();
	return status;
}
