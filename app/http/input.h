/*
 * input.h: query strings and application/x-www-form-urlencoded bodies.
 *
 * h2o parses HTTP but not forms, so this is our own small parser.  It is
 * fuzzed (tests/fuzz/input) and knows nothing of h2o: bytes in, pairs out.
 */
#ifndef SODAN_INPUT_H
#define SODAN_INPUT_H

#include <stddef.h>

struct arena;

#define INPUT_MAX_PAIRS	256

struct kv {
	const char	*key;	/* decoded, NUL-terminated, arena-owned */
	size_t		 keylen;
	const char	*val;	/* decoded, NUL-terminated, arena-owned */
	size_t		 vallen;
	int		 file;	/* a multipart part with a filename: bytes, not text */
};

/*
 * Splits s[0..len) on '&' (and ';' is NOT a separator), decodes '+' as space
 * and %XX escapes.  Empty pairs ("a=1&&b=2") are skipped; a pair without
 * '=' has an empty value.  Decoded bytes may be any value: UTF-8 and NUL
 * checks belong to the validators.
 * Returns 0 and sets *out and *n (arena-owned array), or -1 on a malformed
 * escape ("%4", "%zz") or more than INPUT_MAX_PAIRS pairs.
 */
int	input_parse_form(struct arena *, const char *s, size_t len,
	    struct kv **out, size_t *n);

/*
 * multipart/form-data (RFC 7578): ctype is the Content-Type header value
 * (its boundary parameter, quoted or not, 1..70 characters), s[0..len) the
 * body.  Each part becomes one pair: key from Content-Disposition's name,
 * value the part's bytes (copied, NUL-terminated), file set when the part
 * had a filename (its bytes may be anything; the other parts are checked
 * as text by the dispatcher).  Preamble and epilogue are ignored.
 * Returns 0 and sets *out and *n (arena-owned), or -1 on a missing or bad
 * boundary, a part without a name or without the blank line ending its
 * headers, a missing closing delimiter, or more than INPUT_MAX_PARTS parts.
 */
#define INPUT_MAX_PARTS	16
int	input_parse_multipart(struct arena *, const char *ctype, const char *s,
	    size_t len, struct kv **out, size_t *n);

/*
 * Finds the value of cookie `name` in a Cookie header value.  Returns a
 * pointer into hdr and sets *vlen, or NULL when absent.
 */
int	input_path_param(struct arena *, const char *s, size_t len,
	    const char **out);
const char *input_cookie(const char *hdr, size_t hdrlen, const char *name,
	    size_t *vlen);

#endif
