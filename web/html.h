/* HTML output: escaping and the page itself. */
#ifndef WEB_HTML_H
#define WEB_HTML_H

#include <stddef.h>

#include "buf.h"
#include "view.h"

#define HTML_SHORT	40	/* longer values (or with a newline) wrap */

/*
 * Append n bytes as HTML text, also safe inside a quoted attribute:
 * & < > " ' become entities; bytes that are not UTF-8, NUL and the other
 * control bytes but tab, newline and CR become U+FFFD.
 */
void	html_esc(struct buf *, const char *, size_t);

/*
 * The page: the sync status, the search form, one table a group of rows,
 * links to the first/previous/next page.
 */
void	html_page(struct buf *, const struct view *);

/* An error page (the caller sends the HTTP status). */
void	html_error(struct buf *, const char *title, const char *msg);

#endif
