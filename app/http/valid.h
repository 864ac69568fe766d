/*
 * valid.h: declared-input validators.  Each checks and parses in one pass.
 *
 * A route declares its fields as an array of struct field; the dispatcher
 * runs each validator on the raw decoded value before the handler runs, so
 * a handler only ever reads typed, checked values (struct fval).
 */
#ifndef SODAN_VALID_H
#define SODAN_VALID_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"

struct field;

/*
 * A validator: raw[0..len) is the percent-decoded value.  Returns 0 and
 * fills out, or -1 when invalid (the dispatcher then answers 400 naming the
 * field).  Validators never allocate: out->s points into raw.
 */
typedef int (*valid_fn)(const struct field *, const char *raw, size_t len,
    struct fval *out);

enum field_flags {
	FIELD_OPTIONAL = 0,
	FIELD_REQUIRED = 1 << 0,
	FIELD_SECRET = 1 << 1,	/* never echoed back (passwords): the 429 page leaves it empty */
	FIELD_MULTI = 1 << 2,	/* repeated values (checkboxes) joined by ',' */
	FIELD_FILE = 1 << 3	/* a multipart file part (R_UPLOAD routes): bytes */
};

struct field {
	const char		*name;
	valid_fn		 valid;
	int			 flags;
	int64_t			 min;	/* text: min code points; int: min value */
	int64_t			 max;	/* text: max code points; int: max value */
	const char *const	*enums;	/* valid_enum: NULL-terminated list */
};

/* Text: valid UTF-8, no NUL, no C0 controls except \t \n \r, min..max code points. */
int	valid_text(const struct field *, const char *, size_t, struct fval *);
/* One line: as valid_text, and no \r or \n; leading/trailing spaces kept. */
int	valid_line(const struct field *, const char *, size_t, struct fval *);
/* Decimal integer (optional leading '-') within min..max, no spaces, no overflow. */
int	valid_int(const struct field *, const char *, size_t, struct fval *);
/* Positive decimal id 1..INT64_MAX. */
int	valid_id(const struct field *, const char *, size_t, struct fval *);
/* One of enums[]; out->i is the index. */
int	valid_enum(const struct field *, const char *, size_t, struct fval *);
/* "1", "on", "true" -> 1; "0", "off", "false", "" -> 0. */
int	valid_bool(const struct field *, const char *, size_t, struct fval *);
/* Username: 3..24 code points of ASCII letters, digits, '_' and '-'. */
int	valid_username(const struct field *, const char *, size_t, struct fval *);
/* Comma-separated ids (1..INT64_MAX), between min and max of them. */
int	valid_idlist(const struct field *, const char *, size_t, struct fval *);
/* File bytes (FIELD_FILE): any content, min..max bytes; out->s, out->len. */
int	valid_bytes(const struct field *, const char *, size_t, struct fval *);
/* Opaque token: 16..128 characters of [A-Za-z0-9_-]. */
int	valid_token(const struct field *, const char *, size_t, struct fval *);
/*
 * A keyset position (lib/cursor.h) the server wrote: out->s is the text
 * (the handler parses it again with cursor_parse).  Refused with its own
 * message by the dispatcher (a changed or cut link).
 */
int	valid_cursor(const struct field *, const char *, size_t, struct fval *);

/*
 * A redirect target (`next`): never refused, so a bad target costs the
 * visitor nothing (the sign-in or language change still happens).  Text
 * of at most max bytes without NUL is kept as sent (out->s = raw), for the
 * handler to pass through redirect_local(); anything else becomes "/"
 * (static).
 */
int	valid_next(const struct field *, const char *, size_t, struct fval *);

#endif
