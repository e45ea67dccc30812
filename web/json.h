/* JSON output for scripts (?format=json). */
#ifndef WEB_JSON_H
#define WEB_JSON_H

#include <stddef.h>

#include "buf.h"
#include "view.h"

/*
 * Append n bytes as a JSON string: quotes, backslash and control bytes
 * escaped, < > & as \u003c \u003e \u0026 (safe inside HTML too), bytes
 * that are not UTF-8 as \ufffd.
 */
void	json_str(struct buf *, const char *, size_t);

/* The page as one JSON object (see redis-view(1)). */
void	json_page(struct buf *, const struct view *);

/* {"error":"msg"} */
void	json_error(struct buf *, const char *msg);

#endif
