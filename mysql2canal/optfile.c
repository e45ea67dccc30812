/*
 * The mysql client's option-file syntax: "[group]" lines, "name=value" or
 * a bare "name", '#' and ';' comments, values optionally quoted with
 * backslash escapes (\b \t \n \r \s \\ \" \'), '-' and '_' alike in names,
 * a "loose-" prefix, "!include FILE" and "!includedir DIR". Options this
 * program does not know are ignored, as the client library ignores them.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "optfile.h"

#define MAX_DEPTH	10

static const char *groups[] = {
	"client", "client-server", "client-mariadb", "mysql2canal", NULL
};

static void
setstr(char **p, const char *v)
{
	free(*p);
	*p = cmn_xstrdup(v != NULL ? v : "");
}

/* A boolean option: a bare name, 1/0, on/off, true/false. */
static int
boolval(const char *v)
{
	return v == NULL || strcmp(v, "1") == 0 || strcasecmp(v, "on") == 0 ||
	    strcasecmp(v, "true") == 0;
}

int
optfile_set(struct connopts *o, const char *name, const char *value)
{
	char n[64];
	size_t i;

	if (strncmp(name, "loose-", 6) == 0 || strncmp(name, "loose_", 6) == 0)
		name += 6;
	for (i = 0; name[i] != '\0' && i < sizeof(n) - 1; i++)
		n[i] = name[i] == '_' ? '-' : name[i];
	n[i] = '\0';
	if (strcmp(n, "host") == 0)
		setstr(&o->host, value);
	else if (strcmp(n, "user") == 0)
		setstr(&o->user, value);
	else if (strcmp(n, "password") == 0)
		setstr(&o->password, value);
	else if (strcmp(n, "socket") == 0)
		setstr(&o->socket, value);
	else if (strcmp(n, "port") == 0)
		o->port = value != NULL ? (unsigned)strtoul(value, NULL, 10) : 0;
	else if (strcmp(n, "ssl") == 0)
		o->ssl = boolval(value);
	else if (strcmp(n, "skip-ssl") == 0)
		o->ssl = 0;
	else if (strcmp(n, "ssl-verify-server-cert") == 0)
		o->ssl_verify = boolval(value);
	else if (strcmp(n, "ssl-ca") == 0)
		setstr(&o->ssl_ca, value);
	else if (strcmp(n, "ssl-capath") == 0)
		setstr(&o->ssl_capath, value);
	else if (strcmp(n, "ssl-cert") == 0)
		setstr(&o->ssl_cert, value);
	else if (strcmp(n, "ssl-cipher") == 0)
		setstr(&o->ssl_cipher, value);
	else if (strcmp(n, "ssl-key") == 0)
		setstr(&o->ssl_key, value);
	else if (strcmp(n, "ssl-crl") == 0)
		setstr(&o->ssl_crl, value);
	else if (strcmp(n, "ssl-crlpath") == 0)
		setstr(&o->ssl_crlpath, value);
	else if (strcmp(n, "tls-version") == 0)
		setstr(&o->tls_version, value);
	else
		return 0;
	return 1;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* Unquote and unescape a value in place; an unquoted value ends at '#'. */
static void
unquote(char *v)
{
	char *r = v, *w = v, q = 0;

	if (*r == '\'' || *r == '"')
		q = *r++;
	for (; *r != '\0'; r++) {
		if (q != 0 && *r == q)
			break;
		if (q == 0 && *r == '#')
			break;
		if (*r == '\\' && r[1] != '\0') {
			switch (*++r) {
			case 'b': *w++ = '\b'; break;
			case 't': *w++ = '\t'; break;
			case 'n': *w++ = '\n'; break;
			case 'r': *w++ = '\r'; break;
			case 's': *w++ = ' '; break;
			case '\\': case '"': case '\'': *w++ = *r; break;
			default: *w++ = '\\'; *w++ = *r; break;
			}
			continue;
		}
		*w++ = *r;
	}
	*w = '\0';
	if (q == 0)
		(void)trim(v);
}

static int read_file(struct connopts *, const char *, int, int, char *, size_t);

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* !includedir: every *.cnf file of the folder, in name order. */
static int
read_dir(struct connopts *o, const char *dir, int depth, char *why, size_t n)
{
	DIR *d;
	struct dirent *e;
	char **name = NULL, path[4096];
	size_t k = 0, i, len;
	int rc = 0;

	if ((d = opendir(dir)) == NULL)
		return 0;	/* as the client: a missing folder is no error */
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".cnf") != 0)
			continue;
		name = cmn_xrealloc(name, (k + 1) * sizeof(*name));
		name[k++] = cmn_xstrdup(e->d_name);
	}
	closedir(d);
	if (k > 0)
		qsort(name, k, sizeof(*name), cmpstr);
	for (i = 0; i < k; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, name[i]);
		if (rc == 0)
			rc = read_file(o, path, 0, depth + 1, why, n);
		free(name[i]);
	}
	free(name);
	return rc;
}

static int
read_file(struct connopts *o, const char *file, int must_exist, int depth,
    char *why, size_t whylen)
{
	FILE *f;
	char *line = NULL, *s, *eq, *v;
	size_t cap = 0;
	ssize_t len;
	unsigned long lineno = 0;
	int ingroup = 0, seen = 0, rc = 0, i;

	if (depth > MAX_DEPTH) {
		snprintf(why, whylen, "%s: includes nested too deep", file);
		return -1;
	}
	if ((f = fopen(file, "r")) == NULL) {
		if (!must_exist && errno == ENOENT)
			return 0;
		snprintf(why, whylen, "%s: %s", file, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		s = trim(line);
		if (*s == '\0' || *s == '#' || *s == ';')
			continue;
		if (*s == '!') {
			if (strncmp(s, "!includedir", 11) == 0 &&
			    (s[11] == ' ' || s[11] == '\t'))
				rc = read_dir(o, trim(s + 11), depth, why, whylen);
			else if (strncmp(s, "!include", 8) == 0 &&
			    (s[8] == ' ' || s[8] == '\t'))
				rc = read_file(o, trim(s + 8), 1, depth + 1, why,
				    whylen);
			if (rc != 0)
				break;
			continue;
		}
		if (*s == '[') {
			if ((eq = strchr(s, ']')) == NULL) {
				snprintf(why, whylen, "%s:%lu: a group name "
				    "without ']'", file, lineno);
				rc = -1;
				break;
			}
			*eq = '\0';
			s = trim(s + 1);
			seen = 1;
			ingroup = 0;
			for (i = 0; groups[i] != NULL; i++)
				if (strcmp(s, groups[i]) == 0)
					ingroup = 1;
			continue;
		}
		if (!seen) {
			snprintf(why, whylen, "%s:%lu: an option before the "
			    "first [group]", file, lineno);
			rc = -1;
			break;
		}
		if (!ingroup)
			continue;
		v = NULL;
		if ((eq = strchr(s, '=')) != NULL) {
			*eq = '\0';
			v = trim(eq + 1);
			unquote(v);
			s = trim(s);
		}
		(void)optfile_set(o, s, v);
	}
	if (rc == 0 && ferror(f)) {
		snprintf(why, whylen, "%s: %s", file, strerror(errno));
		rc = -1;
	}
	free(line);
	fclose(f);
	return rc;
}

int
optfile_read(struct connopts *o, const char *file, int must_exist, char *why,
    size_t whylen)
{
	return read_file(o, file, must_exist, 0, why, whylen);
}

int
optfile_defaults(struct connopts *o, const char *extra, char *why,
    size_t whylen)
{
	char path[4096];
	const char *home;

	if (optfile_read(o, "/etc/my.cnf", 0, why, whylen) < 0 ||
	    optfile_read(o, "/etc/mysql/my.cnf", 0, why, whylen) < 0)
		return -1;
	if ((home = getenv("MYSQL_HOME")) != NULL && *home != '\0') {
		snprintf(path, sizeof(path), "%s/my.cnf", home);
		if (optfile_read(o, path, 0, why, whylen) < 0)
			return -1;
	}
	if (extra != NULL && optfile_read(o, extra, 1, why, whylen) < 0)
		return -1;
	if ((home = getenv("HOME")) != NULL && *home != '\0') {
		snprintf(path, sizeof(path), "%s/.my.cnf", home);
		if (optfile_read(o, path, 0, why, whylen) < 0)
			return -1;
	}
	return 0;
}

void
optfile_free(struct connopts *o)
{
	free(o->host);
	free(o->user);
	free(o->password);
	free(o->socket);
	free(o->ssl_ca);
	free(o->ssl_capath);
	free(o->ssl_cert);
	free(o->ssl_cipher);
	free(o->ssl_key);
	free(o->ssl_crl);
	free(o->ssl_crlpath);
	free(o->tls_version);
	memset(o, 0, sizeof(*o));
}
