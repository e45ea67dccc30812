/* The consumer (-C): Kafka records to envelope lines on stdout. */
#ifndef KCAT_CONSUMER_H
#define KCAT_CONSUMER_H

#include "kcat.h"

/* Run the consumer; returns the exit status. */
int	consume(const struct opts *);

/* Check -o; returns 0 or -1 (a usage error). */
int	consumer_check_offset(const struct opts *);

#endif
