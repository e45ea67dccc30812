/*
 * The Canal rules: one flat message (a binlog rows event) in, its ops out
 * (canal2ops(1), canal-ops(5)).
 */
#ifndef CANAL2OPS_CANAL_H
#define CANAL2OPS_CANAL_H

#include "buf.h"
#include "columns.h"
#include "filter.h"
#include "key.h"
#include "record.h"
#include "value.h"

struct canal_conf {
	struct keytmpl	 key;		/* -k */
	struct namelist	 keycols;	/* --key-columns, when pkNames is empty */
	struct namelist	 cols;		/* --columns */
	struct namelist	 xcols;		/* --exclude-columns */
	struct filter	 filter;
	long long	 ttl;		/* SET ... EX ttl when > 0 */
	int		 hash;		/* --hash: rows as Redis hashes */
	int		 key_default;	/* no -k: one table's rows only */
	int		 raw_values;	/* --raw-values: Canal's text as it is */
	int		 as_deletes;	/* --as-deletes: DEL key for every row */
};

struct canal_counts {
	unsigned long long records;	/* Canal messages seen */
	unsigned long long rows;	/* rows turned into ops */
	unsigned long long ops;		/* ops written (no checkpoints) */
	unsigned long long ddl;		/* skipped: DDL */
	unsigned long long query;	/* skipped: QUERY */
	unsigned long long xa;		/* skipped: XA* */
	unsigned long long other;	/* skipped: other or unknown types */
	unsigned long long truncate;	/* warned: TRUNCATE, ERASE */
	unsigned long long filtered;	/* skipped by --database/--table */
	unsigned long long partial;	/* --hash: partial row images merged */
};

struct canal {
	const struct canal_conf *conf;
	struct canal_counts n;
	char		 why[512];	/* reason for CANAL_BAD / CANAL_WARN */
	struct buf	 key, oldkey, val, tmp, tmp2;
	struct buf	 db, table;	/* decoded, NUL-ended */
	struct buf	 names;		/* decoded pkNames */
	const char	**pkname;
	size_t		*pklen, pkcap;
	struct colmem	 cols;		/* the columns of each table seen */
	struct buf	 missing;
	struct buf	 first;		/* key_default: "db.table" of the first */
	/* the value rules of the record's mysqlType columns (value.c) */
	struct vtype	*vt;
	size_t		 nvt, capvt;
	int		 anyfix;	/* a column of the record has a rule */
	struct buf	 vtsrc;		/* the mysqlType text vt was read from */
	struct buf	 vdec, fix;	/* a value decoded; its MySQL form */
};

enum { CANAL_OK, CANAL_SKIP, CANAL_WARN, CANAL_BAD, CANAL_STOP };

void	canal_init(struct canal *, const struct canal_conf *);

/* Set c->why from the format, return rc. */
int	canal_why(struct canal *, int rc, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	canal_free(struct canal *);

/*
 * Append the ops of one Canal message to out. CANAL_OK: ops written (maybe
 * none); CANAL_SKIP: skipped on purpose, counted; CANAL_WARN: skipped and
 * c->why says why it matters; CANAL_BAD: a bad record, out is unchanged
 * and c->why gives the reason; CANAL_STOP: a bad record after which going
 * on would write wrong keys (rows of a second table under the default key
 * template).
 */
int	canal_record(struct canal *, const struct record *, struct buf *out);

#endif
