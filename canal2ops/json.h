/*
 * A small validating JSON scanner over one line held in memory: it finds
 * the spans of values without building a tree, so the Canal rules can copy
 * strings through untouched.
 */
#ifndef CANAL2OPS_JSON_H
#define CANAL2OPS_JSON_H

#include <stddef.h>

#include "buf.h"

enum jtype { J_NONE, J_NULL, J_FALSE, J_TRUE, J_NUM, J_STR, J_ARR, J_OBJ };

/*
 * A value: for J_STR the bytes between the quotes (still escaped; esc
 * says whether there is any backslash), for the others the raw text.
 */
struct jval {
	const char	*p;
	size_t		 n;
	unsigned char	 type;
	unsigned char	 esc;
};

#define JSON_MAX_DEPTH	256

/* Where the last scan that failed found its error. */
extern const char *json_err_at;

/* Skip JSON white space (inline: it runs between any two tokens). */
static inline const char *
json_ws(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/*
 * Scan and validate one value starting at p (no leading white space).
 * Returns the end of the value, or NULL with *why set. Strings must be
 * valid UTF-8 (no overlong forms, surrogates or code points past U+10FFFF)
 * without raw control bytes.
 */
const char	*json_value(const char *p, const char *e, struct jval *,
		    int depth, const char **why);

/* Scan a string whose opening quote is at p; as json_value. */
const char	*json_string(const char *p, const char *e, struct jval *,
		    const char **why);

/*
 * Append the string's decoded bytes. Returns 0, or -1 when it holds an
 * unpaired surrogate escape (no bytes can stand for it).
 */
int	json_decode(struct buf *, const char *p, size_t n);

/*
 * Append the string as JSON (with its quotes) in the one minimal form
 * canal-ops(5) documents: only " \ and control bytes escaped, short escapes
 * where JSON has them, \u00XX for the other control bytes, every other
 * code point as UTF-8 but DEL (\u007f); an unpaired surrogate escape is
 * kept as written.
 */
void	json_reencode(struct buf *, const struct jval *);

/*
 * Append n bytes of UTF-8 as a JSON string (with its quotes) in the form
 * json_reencode writes.
 */
void	json_encode(struct buf *, const char *p, size_t n);

/* Does the string value equal these bytes? scratch is for decoding. */
int	json_eq(const struct jval *, const char *s, size_t n, struct buf *scratch);

#endif
