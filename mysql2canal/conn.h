/*
 * The connection to MySQL or MariaDB (Connector/C), its session settings,
 * and what a server error means for the exit status.
 */
#ifndef MYSQL2CANAL_CONN_H
#define MYSQL2CANAL_CONN_H

#include <stddef.h>

#include <mysql.h>

#include "buf.h"
#include "optfile.h"

/* Exit statuses (sysexits). */
enum {
	EX_OK_ = 0, EX_FAIL = 1, EX_USAGE_ = 2, EX_DATA = 65, EX_NOTABLE = 66,
	EX_UNAVAIL = 69, EX_IO = 74, EX_TEMP = 75, EX_DENIED = 77,
	EX_CONFIG_ = 78
};

/*
 * Connect with the settings in o; set the session up (utf8mb4, time zone
 * UTC, long write timeout). Returns NULL, with the message in why and the
 * exit status in *status.
 */
MYSQL	*conn_open(const struct connopts *o, char *why, size_t whylen,
	    int *status);

/* The exit status a server or client error number stands for. */
int	 conn_status(unsigned int err);

/* Run a statement whose result is not wanted. 0, or the exit status. */
int	 conn_exec(MYSQL *, const char *sql);

/* Append s as a quoted SQL string literal. */
void	 conn_quote(MYSQL *, struct buf *, const char *s, size_t n);

/* Append s as a quoted identifier (backquotes doubled). */
void	 conn_ident(struct buf *, const char *s);

#endif
