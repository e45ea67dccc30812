/* The producer (-P): lines or envelopes from files or stdin to a topic. */
#ifndef KCAT_PRODUCER_H
#define KCAT_PRODUCER_H

#include "kcat.h"

/* Run the producer; returns the exit status. */
int	produce(const struct opts *);

#endif
