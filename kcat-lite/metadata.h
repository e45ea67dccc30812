/* -L: the cluster's brokers, topics and partitions, as kcat -L prints them. */
#ifndef KCAT_METADATA_H
#define KCAT_METADATA_H

#include "buf.h"
#include "kcat.h"

/* Run -L; returns the exit status. */
int	list_metadata(const struct opts *);

/* Write out, close stdout; returns 0 or EX_IO (shared by -L and -Q). */
int	metadata_out(const struct buf *);

#endif
