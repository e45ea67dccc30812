/* Everything one response shows, for the HTML and the JSON writers. */
#ifndef WEB_VIEW_H
#define WEB_VIEW_H

#include <stddef.h>

#include "group.h"
#include "query.h"
#include "sync.h"
#include "table.h"

struct view {
	const struct query *q;
	const struct table *t;
	const struct grouping *groups;
	const struct sync *sync;	/* the checkpoint read back */
	const char *ckpt;		/* the checkpoint key */
	size_t	 ckptlen;
	const char *tmpl;		/* the key template in use */
	size_t	 tmpllen;
	const char *where;		/* "host:port db N" */
	long long now;			/* ms since the epoch */
};

#endif
