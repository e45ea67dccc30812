/*
 * JSON strings as Canal writes them (its JSON library's escaping), so a
 * value mysql2canal writes has the same bytes as Canal's for that value.
 */
#ifndef MYSQL2CANAL_JSON_H
#define MYSQL2CANAL_JSON_H

#include <stddef.h>

#include "buf.h"

/*
 * Append n bytes of UTF-8 text as a quoted JSON string. A byte that does
 * not belong to valid UTF-8 becomes U+FFFD, as Java's decoder makes it.
 */
void	json_text(struct buf *, const char *, size_t);

/* Append n bytes as a quoted JSON string, each byte one code point
 * (ISO-8859-1): how Canal writes binary columns. */
void	json_bytes(struct buf *, const char *, size_t);

/* Append a NUL-ended UTF-8 string as a quoted JSON string. */
void	json_str(struct buf *, const char *);

#endif
