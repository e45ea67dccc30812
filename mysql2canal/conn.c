/* Connecting, session set-up, and server errors as exit statuses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errmsg.h>
#include <mysqld_error.h>

#include "conn.h"

int
conn_status(unsigned int err)
{
	switch (err) {
	case ER_NO_SUCH_TABLE:
	case ER_BAD_DB_ERROR:
		return EX_NOTABLE;
	case ER_ACCESS_DENIED_ERROR:
	case ER_DBACCESS_DENIED_ERROR:
	case ER_TABLEACCESS_DENIED_ERROR:
	case ER_COLUMNACCESS_DENIED_ERROR:
	case ER_SPECIFIC_ACCESS_DENIED_ERROR:
	case ER_ACCESS_DENIED_NO_PASSWORD_ERROR:
		return EX_DENIED;
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case CR_SERVER_LOST_EXTENDED:
	case ER_SERVER_SHUTDOWN:
	case ER_CONNECTION_KILLED:
	case ER_QUERY_INTERRUPTED:
	case ER_LOCK_WAIT_TIMEOUT:
	case ER_LOCK_DEADLOCK:
	case ER_TABLE_DEF_CHANGED:
	case ER_NET_READ_ERROR:
	case ER_NET_READ_INTERRUPTED:
	case ER_NET_WRITE_INTERRUPTED:
	case ER_NET_ERROR_ON_WRITE:
		return EX_TEMP;
	case CR_CONNECTION_ERROR:
	case CR_CONN_HOST_ERROR:
	case CR_UNKNOWN_HOST:
	case CR_SSL_CONNECTION_ERROR:
	case CR_IPSOCK_ERROR:
	case CR_SOCKET_CREATE_ERROR:
	case CR_SERVER_HANDSHAKE_ERR:
	case CR_AUTH_PLUGIN_CANNOT_LOAD:
	case ER_CON_COUNT_ERROR:
	case ER_HOST_IS_BLOCKED:
	case ER_HOST_NOT_PRIVILEGED:
	case ER_TOO_MANY_USER_CONNECTIONS:
		return EX_UNAVAIL;
	}
	return EX_DATA;
}

static int
set(MYSQL *m, enum mysql_option opt, const char *v)
{
	return v == NULL ? 0 : mysql_optionsv(m, opt, v);
}

MYSQL *
conn_open(const struct connopts *o, char *why, size_t whylen, int *status)
{
	MYSQL *m;
	my_bool yes = 1;
	unsigned int err;

	if ((m = mysql_init(NULL)) == NULL) {
		snprintf(why, whylen, "out of memory");
		*status = EX_FAIL;
		return NULL;
	}
	mysql_optionsv(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	if (set(m, MYSQL_OPT_SSL_CA, o->ssl_ca) || set(m, MYSQL_OPT_SSL_CAPATH,
	    o->ssl_capath) || set(m, MYSQL_OPT_SSL_CERT, o->ssl_cert) ||
	    set(m, MYSQL_OPT_SSL_KEY, o->ssl_key) || set(m, MYSQL_OPT_SSL_CIPHER,
	    o->ssl_cipher) || set(m, MYSQL_OPT_SSL_CRL, o->ssl_crl) ||
	    set(m, MYSQL_OPT_SSL_CRLPATH, o->ssl_crlpath) ||
	    set(m, MARIADB_OPT_TLS_VERSION, o->tls_version) ||
	    (o->ssl && mysql_optionsv(m, MYSQL_OPT_SSL_ENFORCE, &yes)) ||
	    (o->ssl_verify && mysql_optionsv(m,
	    MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &yes))) {
		snprintf(why, whylen, "TLS options: %s", mysql_error(m));
		*status = EX_USAGE_;
		mysql_close(m);
		return NULL;
	}
	/* no password given: MYSQL_PWD, as the client library has it */
	if (mysql_real_connect(m, o->host, o->user != NULL ? o->user : "",
	    o->password != NULL ? o->password : getenv("MYSQL_PWD"), NULL,
	    o->port, o->socket, 0) == NULL) {
		err = mysql_errno(m);
		snprintf(why, whylen, "cannot connect: %s (%u)", mysql_error(m),
		    err);
		*status = conn_status(err);
		if (*status == EX_DATA)
			*status = EX_UNAVAIL;
		mysql_close(m);
		return NULL;
	}
	/* Connector/C 3 enforces TLS only with certificate checks */
	if (o->ssl && mysql_get_ssl_cipher(m) == NULL) {
		snprintf(why, whylen, "cannot connect: --ssl: the server does "
		    "not offer TLS");
		*status = EX_UNAVAIL;
		mysql_close(m);
		return NULL;
	}
	/*
	 * TIMESTAMP values are read as UNIX_TIMESTAMP(); time_zone UTC makes
	 * a TIMESTAMP key unambiguous when a chunk starts after it (as
	 * mysqldump sets it). A reader that waits on its output must not be
	 * cut off by net_write_timeout.
	 */
	if ((*status = conn_exec(m, "SET time_zone = '+00:00', "
	    "net_write_timeout = 3600, net_read_timeout = 3600")) != 0) {
		snprintf(why, whylen, "session set-up: %s (%u)", mysql_error(m),
		    mysql_errno(m));
		mysql_close(m);
		return NULL;
	}
	return m;
}

int
conn_exec(MYSQL *m, const char *sql)
{
	MYSQL_RES *r;

	if (mysql_real_query(m, sql, strlen(sql)) != 0)
		return conn_status(mysql_errno(m));
	if ((r = mysql_store_result(m)) != NULL)
		mysql_free_result(r);
	else if (mysql_errno(m) != 0)
		return conn_status(mysql_errno(m));
	return 0;
}

void
conn_quote(MYSQL *m, struct buf *b, const char *s, size_t n)
{
	unsigned long len;

	buf_grow(b, 2 * n + 3);
	b->p[b->len++] = '\'';
	len = mysql_real_escape_string(m, b->p + b->len, s, (unsigned long)n);
	b->len += len;
	b->p[b->len++] = '\'';
}

void
conn_ident(struct buf *b, const char *s)
{
	buf_addc(b, '`');
	for (; *s != '\0'; s++) {
		if (*s == '`')
			buf_addc(b, '`');
		buf_addc(b, *s);
	}
	buf_addc(b, '`');
}
