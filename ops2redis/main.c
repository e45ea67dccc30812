/*
 * ops2redis: apply canal-ops(5) lines to Redis, pipelined, losing nothing:
 * every command is kept until Redis acknowledged it, and sent again after
 * a reconnect.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "conn.h"
#include "inspect.h"
#include "line.h"
#include "num.h"
#include "opt.h"
#include "ops.h"
#include "pipeline.h"
#include "progress.h"
#include "sig.h"
#include "slot.h"

#define DEFAULT_WINDOW	1000
#define DEFAULT_CKEY	"canal2ops:checkpoint"
#define DEFAULT_WAIT_MS	1000

enum {
	EX_OK_ = 0, EX_FAIL = 1, EX_USAGE_ = 2, EX_DATA = 65,
	EX_UNAVAIL = 69, EX_IO = 74, EX_TEMP = 75
};

enum {
	OPT_ALLOW_ANY = 256, OPT_ATOMIC, OPT_CKEY, OPT_CMD_TIMEOUT, OPT_DIFF,
	OPT_HELP, OPT_NO_AUTH_WARNING, OPT_ON_ERROR, OPT_PROGRESS,
	OPT_RETRY_FOR, OPT_SCAN, OPT_USER, OPT_WAIT_REPLICAS, OPT_WAIT_TIMEOUT
};

static const struct option longopts[] = {
	{ "allow-any",		no_argument,		NULL, OPT_ALLOW_ANY },
	{ "atomic",		no_argument,		NULL, OPT_ATOMIC },
	{ "checkpoint-key",	required_argument,	NULL, OPT_CKEY },
	{ "command-timeout",	required_argument,	NULL, OPT_CMD_TIMEOUT },
	{ "connect-timeout",	required_argument,	NULL, 't' },
	{ "diff",		no_argument,		NULL, OPT_DIFF },
	{ "help",		no_argument,		NULL, OPT_HELP },
	{ "no-auth-warning",	no_argument,		NULL, OPT_NO_AUTH_WARNING },
	{ "on-error",		required_argument,	NULL, OPT_ON_ERROR },
	{ "progress",		no_argument,		NULL, OPT_PROGRESS },
	{ "retry-for",		required_argument,	NULL, OPT_RETRY_FOR },
	{ "scan",		required_argument,	NULL, OPT_SCAN },
	{ "user",		required_argument,	NULL, OPT_USER },
	{ "verbose",		no_argument,		NULL, 'v' },
	{ "version",		no_argument,		NULL, 'V' },
	{ "wait-replicas",	required_argument,	NULL, OPT_WAIT_REPLICAS },
	{ "wait-timeout",	required_argument,	NULL, OPT_WAIT_TIMEOUT },
	{ "window",		required_argument,	NULL, 'w' },
	{ NULL, 0, NULL, 0 }
};

static const char usage_text[] =
"usage: ops2redis [-cVv] [-a password] [-h host] [-n db] [-p port] [-s socket]\n"
"                 [-t seconds] [-u uri] [-w count] [--allow-any] [--atomic]\n"
"                 [--checkpoint-key key] [--command-timeout seconds]\n"
"                 [--no-auth-warning] [--on-error continue | stop] [--progress]\n"
"                 [--retry-for seconds] [--user name] [--wait-replicas count]\n"
"                 [--wait-timeout ms] [file ...]\n"
"       ops2redis [-c] [connection-options] --diff [-w count] [file ...]\n"
"       ops2redis [-c] [connection-options] --scan pattern\n"
"       ops2redis --help\n";

/* -h, -p (and -u) given more than once: the i-th host with the i-th port. */
static const char **hosts;
static int *ports;
static int nhosts, nports;
static struct seed *seeds;

static void
usage(FILE *f, int status)
{
	fputs(usage_text, f);
	if (f == stdout)
		fputs("See ops2redis(1) and canal-ops(5).\n", f);
	if (f == stdout && (fflush(stdout) != 0 || ferror(stdout))) {
		fprintf(stderr, "ops2redis: stdout: %s\n", strerror(errno));
		exit(EX_IO);
	}
	exit(status);
}

/* What the main loop and the idle callback share. */
struct run {
	struct pl	 pl;
	struct ops_argv	 av;
	const char	*ckey;
	size_t		 ckeylen;
	int		 allow_any;
	int		 ioerr;
	int		 halt;		/* --on-error stop after a bad line */
};

/*
 * The end: drain, report, exit status. Called at end of input, and from
 * the idle callback when going on is pointless (Redis lost, --on-error stop).
 */
static void __attribute__((noreturn))
finish(struct run *r)
{
	struct pl *p = &r->pl;
	int status = EX_OK_;

	if (!p->gaveup) {
		if (p->stop)
			pl_discard_unsent(p);
		pl_drain(p);
	}
	if (p->gaveup)
		pl_report_lost(p);
	if (p->pg.on)
		pl_tick(p);
	if (p->verbose)
		pl_summary(p);
	if (p->gaveup)
		status = p->unconfirmed ? EX_TEMP : EX_UNAVAIL;
	else if (r->ioerr)
		status = EX_IO;
	else if (p->failed)
		status = EX_DATA;
	if (ferror(stdout) || fclose(stdout) != 0) {
		fprintf(stderr, "ops2redis: stdout: %s\n", strerror(errno));
		if (status == EX_OK_)
			status = EX_IO;
	}
	pl_free(p);
	ops_argv_free(&r->av);
	exit(status);
}

static void
on_idle(void *arg)
{
	struct run *r = arg;

	pl_drain(&r->pl);
	/* a signal that came while draining: do not block in read() */
	if (r->pl.gaveup || r->pl.stop || cmn_stop)
		finish(r);
	pl_tick(&r->pl);
}

static void
on_tick(void *arg)
{
	struct run *r = arg;

	pl_tick(&r->pl);
}

/* The newest binlog time among a checkpoint op's topic:partition:es fields. */
static long long
checkpoint_es(const struct ops_argv *av)
{
	long long es = 0, v;
	const char *err;
	int i;

	for (i = 2; i + 1 < av->argc; i += 2)
		if (av->len[i] > 3 &&
		    memcmp(ops_arg(av, i) + av->len[i] - 3, ":es", 3) == 0) {
			v = cmn_strtonum(ops_arg(av, i + 1), 1, 1LL << 50, &err);
			if (err == NULL && v > es)
				es = v;
		}
	return es;
}

/* One ops line. */
static void
do_line(struct run *r, const char *file, unsigned long long lineno,
    const char *line, size_t len, int cut)
{
	struct pl *p = &r->pl;
	const char *why = NULL;
	long long es;
	int argc;

	/* a writer killed mid-line: its command may name another key */
	if (cut) {
		argc = -1;
		why = "no newline at the end: the input was cut short, not applied";
	} else if (memchr(line, '\0', len) != NULL) {
		/* sdssplitargs (and redis-cli) would cut the line at a NUL byte */
		argc = -1;
		why = "a NUL byte in the line (write it as \\x00 in double quotes)";
	} else if ((argc = ops_split(&r->av, line, len)) == 0)
		return;
	else if (argc < 0)
		why = "bad quoting (unbalanced, or no blank after a closing quote)";
	else if (cmd_is_stateful(&r->av))
		why = "command changes the connection's state (use -n, -a, --atomic)";
	else if (!r->allow_any && !cmd_is_allowed(&r->av))
		why = "command not allowed (see --allow-any)";
	else if (p->cluster && slot_of_cmd(&r->av) == SLOT_CROSS)
		why = "keys in different hash slots (a cluster applies a "
		    "command to one slot: give the keys one {hash tag})";
	if (why != NULL) {
		p->msg.len = 0;
		cmd_describe_line(&p->msg, line, len, 200);
		fprintf(stderr, "ops2redis: %s:%llu: %s: %.*s\n", file, lineno,
		    why, (int)p->msg.len, p->msg.p);
		if (argc < 0)
			p->st.bad++;
		else
			p->st.refused++;
		p->failed = 1;
		if (p->stop_on_error)
			r->halt = 1;	/* what was read before still goes */
		return;
	}
	if (cmd_is_checkpoint(&r->av, r->ckey, r->ckeylen)) {
		/* only after every earlier command came back OK */
		if (!p->failed)
			pl_drain(p);
		if (p->failed || p->gaveup) {
			p->st.withheld++;
			return;
		}
		if ((es = checkpoint_es(&r->av)) > 0)	/* the data is in */
			progress_lag(&p->st, es);
		pl_add(p, &r->av, file, lineno, ENT_CHECKPOINT);
		return;
	}
	pl_add(p, &r->av, file, lineno, ENT_CMD);
}

/* All lines of one input; 0, or -1 when the run must end. */
static int
do_input(struct run *r, const char *name, int fd)
{
	struct lr lr;
	char *line;
	size_t len;
	int rc;
	unsigned n = 0;

	lr_init(&lr, fd);
	lr.idle = on_idle;
	lr.idle_arg = r;
	if (r->pl.pg.on) {		/* --progress goes on while input is idle */
		lr.tick = on_tick;
		lr.tick_ms = 1000;
	}
	while ((rc = lr_next(&lr, &line, &len)) == 1) {
		do_line(r, name, lr.lineno, line, len, lr.cut);
		if (r->pl.gaveup || r->pl.stop || r->halt)
			break;
		if ((++n & 1023) == 0)
			pl_tick(&r->pl);
	}
	if (rc < 0) {
		fprintf(stderr, "ops2redis: %s: %s\n", name, strerror(errno));
		r->ioerr = 1;
	}
	lr_free(&lr);
	return rc < 0 || r->pl.gaveup || r->pl.stop || r->halt || cmn_stop ?
	    -1 : 0;
}

/* Keep fds 0-2 taken so a socket never lands there; 1 if fd 0 was closed. */
static int
reserve_std_fds(void)
{
	int fd, closed0 = 0;

	for (fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
			if (fd == 0)
				closed0 = 1;
			if (open("/dev/null", O_RDWR) != fd)
				exit(EX_FAIL);
		}
	}
	return closed0;
}

int
main(int argc, char *argv[])
{
	static struct run r;
	struct conn_cfg cfg = { .host = "127.0.0.1", .port = 6379,
	    .connect_ms = 5000 }, ucfg;
	struct pl *p = &r.pl;
	const char *errstr, *env;
	int ch, warn_auth = 0, no_auth_warning = 0, progress = 0, i, n;
	int diff = 0;
	const char *scan = NULL;
	int stdin_closed;

	stdin_closed = reserve_std_fds();
	signal(SIGPIPE, SIG_IGN);
	p->window = DEFAULT_WINDOW;
	p->retry_ms = 60 * 1000;
	p->timeout_ms = 30 * 1000;
	p->wait_ms = DEFAULT_WAIT_MS;
	r.ckey = DEFAULT_CKEY;
	hosts = cmn_xmalloc((size_t)argc * sizeof(*hosts));
	ports = cmn_xmalloc((size_t)argc * sizeof(*ports));
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":Va:ch:n:p:s:t:u:vw:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			p->cluster = 1;
			break;
		case 'V':
			printf("ops2redis %s\n", VERSION);
			return fclose(stdout) == 0 ? EX_OK_ : EX_IO;
		case 'a':
			cfg.pass = optarg;
			warn_auth = 1;
			break;
		case 'h':
			hosts[nhosts++] = optarg;
			break;
		case 'n':
			cfg.db = (int)cmn_optnum("-n", optarg, 0, 2147483647);
			break;
		case 'p':
			ports[nports++] = (int)cmn_optnum("-p", optarg, 1, 65535);
			break;
		case 's':
			cfg.sock = optarg;
			break;
		case 't':
			cfg.connect_ms = 1000 *
			    (int)cmn_optnum("-t", optarg, 1, 3600);
			break;
		case 'u':
			ucfg = cfg;
			ucfg.host = "127.0.0.1";
			ucfg.port = 6379;
			if (conn_parse_uri(&ucfg, optarg, &errstr) < 0) {
				fprintf(stderr, "ops2redis: -u: %s\n", errstr);
				usage(stderr, EX_USAGE_);
			}
			cfg.user = ucfg.user;
			cfg.pass = ucfg.pass;
			cfg.db = ucfg.db;
			hosts[nhosts++] = cmn_xstrdup(ucfg.host);
			ports[nports++] = ucfg.port;
			if (cfg.pass != NULL)
				warn_auth = 1;
			break;
		case 'v':
			p->verbose = 1;
			break;
		case 'w':
			p->window = (size_t)cmn_optnum("-w", optarg, 1, 1000000);
			break;
		case OPT_ALLOW_ANY:
			r.allow_any = 1;
			break;
		case OPT_ATOMIC:
			p->atomic = 1;
			break;
		case OPT_CKEY:
			r.ckey = optarg;
			break;
		case OPT_CMD_TIMEOUT:
			p->timeout_ms = 1000 * (int)cmn_optnum(
			    "--command-timeout", optarg, 0, 86400);
			break;
		case OPT_DIFF:
			diff = 1;
			break;
		case OPT_HELP:
			usage(stdout, EX_OK_);
			break;
		case OPT_SCAN:
			scan = optarg;
			break;
		case OPT_NO_AUTH_WARNING:
			no_auth_warning = 1;
			break;
		case OPT_ON_ERROR:
			if (strcmp(optarg, "stop") == 0)
				p->stop_on_error = 1;
			else if (strcmp(optarg, "continue") == 0)
				p->stop_on_error = 0;
			else {
				fprintf(stderr, "ops2redis: --on-error: %s: "
				    "not continue or stop\n", optarg);
				usage(stderr, EX_USAGE_);
			}
			break;
		case OPT_PROGRESS:
			progress = 1;
			break;
		case OPT_RETRY_FOR:
			p->retry_ms = 1000 * (int)cmn_optnum("--retry-for",
			    optarg, 0, 86400);
			break;
		case OPT_USER:
			cfg.user = optarg;
			break;
		case OPT_WAIT_REPLICAS:
			p->wait_n = (int)cmn_optnum("--wait-replicas", optarg,
			    0, 1000);
			break;
		case OPT_WAIT_TIMEOUT:
			p->wait_ms = (int)cmn_optnum("--wait-timeout", optarg,
			    1, 3600000);
			break;
		default:	/* '?' or ':' */
			cmn_badopt("ops2redis", ch, argv, longopts);
			usage(stderr, EX_USAGE_);
		}
	}
	argc -= optind;
	argv += optind;

	if (warn_auth && !no_auth_warning)
		fprintf(stderr, "ops2redis: Warning: Using a password with "
		    "'-a' or '-u' option on the command line interface may "
		    "not be safe.\n");
	if (cfg.pass == NULL && (env = getenv("REDISCLI_AUTH")) != NULL &&
	    *env != '\0')
		cfg.pass = env;
	if (cfg.user != NULL && cfg.pass == NULL) {
		fprintf(stderr, "ops2redis: --user needs a password "
		    "(-a, -u or REDISCLI_AUTH)\n");
		usage(stderr, EX_USAGE_);
	}
	if (p->cluster && (cfg.db != 0 || cfg.sock != NULL || p->atomic)) {
		fprintf(stderr, "ops2redis: -c: %s\n", cfg.db != 0 ?
		    "a Redis Cluster has database 0 only (-n)" :
		    cfg.sock != NULL ? "a Redis Cluster is reached over TCP "
		    "(-s)" : "a transaction cannot span the masters of a "
		    "cluster (--atomic)");
		usage(stderr, EX_USAGE_);
	}
	r.ckeylen = strlen(r.ckey);
	p->cfg = &cfg;
	/* the seeds: the i-th host with the i-th port (the last repeated) */
	n = nhosts > nports ? nhosts : nports;
	if (n == 0 || cfg.sock != NULL)
		n = 1;
	seeds = cmn_xmalloc((size_t)n * sizeof(*seeds));
	for (i = 0; i < n; i++) {
		seeds[i].host = nhosts == 0 ? "127.0.0.1" :
		    hosts[i < nhosts ? i : nhosts - 1];
		seeds[i].port = nports == 0 ? 6379 :
		    ports[i < nports ? i : nports - 1];
	}
	p->seeds = seeds;
	p->nseeds = (size_t)n;

	if (diff || scan != NULL) {	/* read Redis only */
		struct inspect in = { &cfg, seeds, (size_t)n, p->cluster,
		    r.ckey, p->window, p->verbose };

		if (diff && scan != NULL) {
			fprintf(stderr, "ops2redis: --diff and --scan do not mix\n");
			usage(stderr, EX_USAGE_);
		}
		if (scan != NULL && argc > 0) {
			fprintf(stderr, "ops2redis: --scan reads no file\n");
			usage(stderr, EX_USAGE_);
		}
		cmn_catch_signals();
		n = scan != NULL ? inspect_scan(&in, scan) :
		    inspect_diff(&in, argc, argv);
		if (fclose(stdout) != 0 && n == 0)
			n = EX_IO;
		return n;
	}

	cmn_catch_signals();
	pl_init(p);
	p->st.lag_ms = -1;
	progress_start(&p->pg, progress);
	if (pl_connect(p) < 0) {
		pl_free(p);
		return EX_UNAVAIL;
	}

	if (argc == 0) {
		static char dashs[] = "-";
		static char *dash[] = { dashs, NULL };

		argv = dash;
		argc = 1;
	}
	for (i = 0; i < argc && !cmn_stop; i++) {
		const char *name = argv[i];
		int fd = 0;

		if (strcmp(name, "-") == 0) {
			name = "stdin";
			if (stdin_closed) {
				fprintf(stderr, "ops2redis: stdin: %s\n",
				    strerror(EBADF));
				r.ioerr = 1;
				break;
			}
		} else if ((fd = open(name, O_RDONLY)) < 0) {
			fprintf(stderr, "ops2redis: %s: %s\n", name,
			    strerror(errno));
			r.ioerr = 1;
			break;
		}
		ch = do_input(&r, name, fd);
		if (fd != 0)
			close(fd);
		if (ch < 0)
			break;
	}
	finish(&r);
}
