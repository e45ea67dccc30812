/*
 * Connection settings and the mysql client's option files: the groups
 * [client], [client-server], [client-mariadb] and [mysql2canal].
 */
#ifndef MYSQL2CANAL_OPTFILE_H
#define MYSQL2CANAL_OPTFILE_H

#include <stddef.h>

struct connopts {
	char		*host, *user, *password, *socket;
	unsigned	 port;
	int		 ssl;		/* require TLS */
	int		 ssl_verify;	/* check the server's certificate */
	char		*ssl_ca, *ssl_capath, *ssl_cert, *ssl_cipher;
	char		*ssl_key, *ssl_crl, *ssl_crlpath, *tls_version;
};

/*
 * Set o from one option file (and the files it includes); later values
 * replace earlier ones. A missing file is an error only when must_exist.
 * Returns 0, or -1 with the reason in why.
 */
int	optfile_read(struct connopts *o, const char *file, int must_exist,
	    char *why, size_t whylen);

/*
 * The files the mysql client reads, in its order: /etc/my.cnf,
 * /etc/mysql/my.cnf, $MYSQL_HOME/my.cnf, extra (when not NULL; it must
 * exist), ~/.my.cnf.
 */
int	optfile_defaults(struct connopts *o, const char *extra, char *why,
	    size_t whylen);

/* Set one option by its option-file name; 1 if known, 0 if ignored. */
int	optfile_set(struct connopts *o, const char *name, const char *value);

void	optfile_free(struct connopts *o);

#endif
