/*
 * FLOAT and DOUBLE values as Canal writes them: the text of Java's
 * Float.toString and Double.toString in Java 8 to 18, the JVMs Canal 1.1.4
 * runs on ("1.6777216E7", "1.0E-4", "0.001", "4.9E-324").
 */
#ifndef MYSQL2CANAL_JAVAFMT_H
#define MYSQL2CANAL_JAVAFMT_H

#include <stddef.h>

#define JAVAFMT_MAX	32	/* room for any result and its NUL */

/* Write the text of Double.toString(v) to out; return its length. */
size_t	javafmt_double(char *out, double v);

/* Write the text of Float.toString(v) to out; return its length. */
size_t	javafmt_float(char *out, float v);

#endif
