/* The message in err: a then b, NUL-ended (err->p is then a C string). */
#ifndef WEB_ERRMSG_H
#define WEB_ERRMSG_H

#include "buf.h"

static inline void
errmsg(struct buf *err, const char *a, const char *b)
{
	err->len = 0;
	buf_adds(err, a);
	buf_adds(err, b);
	buf_addc(err, '\0');
}

#endif
