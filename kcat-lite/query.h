/* -Q: the first offset at or after a time, per partition, as kcat -Q. */
#ifndef KCAT_QUERY_H
#define KCAT_QUERY_H

#include "kcat.h"

/* Check the -t topic:partition:timestamp arguments; NULL or a message. */
const char	*query_check(const struct opts *);

/* Run -Q; returns the exit status. */
int	query_offsets(const struct opts *);

#endif
