/* Reading resume points from a redis-cli --raw HGETALL dump. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "checkpoint.h"
#include "kcat.h"
#include "num.h"

static int
bad(const char *path, unsigned long line, const char *what, const char *s)
{
	fprintf(stderr, PROG ": %s:%lu: %s: %s\n", path, line, what, s);
	return -1;
}

int
ckpt_read(struct ckpt_set *cs, const char *path)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char *line = NULL, *field = NULL;
	size_t cap = 0;
	unsigned long n = 0;
	int rc = 0;

	memset(cs, 0, sizeof(*cs));
	if (fp == NULL) {
		fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
		return -2;
	}
	while (rc == 0 && getline(&line, &cap, fp) != -1) {
		const char *err;
		char *colon, *name;
		long long v;

		n++;
		line[strcspn(line, "\r\n")] = '\0';
		if (field == NULL) {
			if (*line == '\0')	/* an empty hash prints one */
				continue;
			field = cmn_xstrdup(line);
			continue;
		}
		/*
		 * topic:partition, or topic:partition:name, a field about
		 * that partition (e.g. canaltopic:0:es) that is no resume
		 * point: skipped with its value. Topic names cannot hold ':'.
		 */
		colon = strchr(field, ':');
		if (colon == NULL || colon == field) {
			rc = bad(path, n - 1, "expected topic:partition", field);
			break;
		}
		*colon = '\0';
		if ((name = strchr(colon + 1, ':')) != NULL)
			*name++ = '\0';
		v = cmn_strtonum(colon + 1, 0, INT32_MAX, &err);
		if (err != NULL || (name != NULL && *name == '\0')) {
			*colon = ':';
			if (name != NULL)
				name[-1] = ':';
			rc = bad(path, n - 1, err != NULL ? "bad partition" :
			    "empty name after topic:partition:", field);
			break;
		}
		if (name != NULL) {
			free(field);
			field = NULL;
			continue;
		}
		cs->v = cmn_xrealloc(cs->v, (size_t)(cs->n + 1) * sizeof(*cs->v));
		cs->v[cs->n].topic = field;
		cs->v[cs->n].partition = (int32_t)v;
		field = NULL;
		v = cmn_strtonum(line, -1, INT64_MAX - 1, &err);
		cs->v[cs->n++].offset = v;
		if (err != NULL)
			rc = bad(path, n, "bad offset", line);
	}
	if (rc == 0 && ferror(fp)) {
		fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
		rc = -2;
	}
	if (rc == 0 && field != NULL)
		rc = bad(path, n, "topic:partition without an offset", field);
	free(field);
	free(line);
	if (fp != stdin)
		fclose(fp);
	if (rc != 0)
		ckpt_free(cs);
	return rc;
}

int64_t
ckpt_find(const struct ckpt_set *cs, const char *topic, int32_t partition)
{
	int i;

	for (i = 0; i < cs->n; i++)
		if (cs->v[i].partition == partition &&
		    strcmp(cs->v[i].topic, topic) == 0)
			return cs->v[i].offset;
	return INT64_MIN;
}

void
ckpt_free(struct ckpt_set *cs)
{
	int i;

	for (i = 0; i < cs->n; i++)
		free(cs->v[i].topic);
	free(cs->v);
	memset(cs, 0, sizeof(*cs));
}
