/* librdkafka configuration: built-in defaults, then -F files and -X pairs. */
#ifndef KCAT_CONFIG_H
#define KCAT_CONFIG_H

#include <librdkafka/rdkafka.h>

#include "kcat.h"

/* Remember a -X key=value or -F file, in command-line order. */
void	config_add_pair(const char *);
void	config_add_file(const char *);

/*
 * A configuration for the mode (o->mode): our defaults, -b, then the -F
 * files and -X pairs in order. Exits 2 on a bad property, an unreadable
 * file or when no brokers are given.
 */
rd_kafka_conf_t	*config_build(const struct opts *);

/* Set one property or exit 2 naming it. */
void	config_set(rd_kafka_conf_t *, const char *, const char *);

#endif
