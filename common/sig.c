/* SIGINT/SIGTERM set a flag; the tools finish the current batch and stop. */
#include <string.h>

#include "sig.h"

volatile sig_atomic_t cmn_stop;
volatile sig_atomic_t cmn_signals;

static void
on_signal(int sig)
{
	cmn_stop = sig;
	cmn_signals++;
}

void
cmn_catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}
