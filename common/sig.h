/* SIGINT/SIGTERM set a flag; the tools finish the current batch and stop. */
#ifndef COMMON_SIG_H
#define COMMON_SIG_H

#include <signal.h>

extern volatile sig_atomic_t cmn_stop;	/* the signal number, once caught */
extern volatile sig_atomic_t cmn_signals;	/* how many were caught */

/* Catch SIGINT and SIGTERM (no SA_RESTART: a blocked read returns). */
void	cmn_catch_signals(void);

#endif
