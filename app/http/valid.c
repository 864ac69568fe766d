/*
 * valid.c: declared-input validators.
 *
 * Each validator checks and parses in one pass over the percent-decoded
 * bytes and either fills a struct fval or returns -1; none allocates, so
 * out->s points into the caller's raw value (input.c NUL-terminates it).
 * Everything is refused by default: an integer is digits with an optional
 * '-', nothing else (no '+', spaces, hex or exponent); a text is valid
 * UTF-8 with no NUL and no C0 control but tab, CR and LF.  Length limits
 * on texts count code points, not bytes, so a Japanese title gets the
 * same number of characters as an English one.  On failure *out is
 * cleared (present == 0).
 */
#include <stdint.h>
#include <string.h>

#include "lib/cursor.h"
#include "lib/utf8.h"
#include "http/valid.h"

static int	valid_textish(const struct field *, const char *, size_t,
		    struct fval *, int);
static int	valid_parse_i64(const char *, size_t, int64_t *);
static int	valid_charset(const char *, size_t, size_t, size_t);
static void	valid_ok(struct fval *, const char *, size_t, int64_t);

static void
valid_ok(struct fval *out, const char *raw, size_t len, int64_t i)
{
	out->present = 1;
	out->s = raw;
	out->len = len;
	out->i = i;
}

/* Text or line (oneline): UTF-8, controls, f->min..f->max code points. */
static int
valid_textish(const struct field *f, const char *raw, size_t len,
    struct fval *out, int oneline)
{
	size_t		 i, cps;
	unsigned char	 c;

	memset(out, 0, sizeof(*out));
	if (!utf8_valid(raw, len))
		return -1;
	for (i = 0; i < len; i++) {
		c = (unsigned char)raw[i];
		if (c >= 0x20 || c == '\t')
			continue;
		if ((c == '\n' || c == '\r') && !oneline)
			continue;
		return -1;
	}
	cps = utf8_count(raw, len);
	if (f->min > 0 && cps < (uint64_t)f->min)
		return -1;
	if (f->max < 0 || cps > (uint64_t)f->max)
		return -1;
	valid_ok(out, raw, len, (int64_t)cps);
	return 0;
}

/*
 * valid_text: multi-line text.  Valid UTF-8, no NUL, no C0 control other
 * than \t \n \r, and f->min..f->max code points (max is required: a field
 * declared with max 0 accepts only the empty string).  out->i is the code
 * point count.
 */
int
valid_text(const struct field *f, const char *raw, size_t len,
    struct fval *out)
{
	return valid_textish(f, raw, len, out, 0);
}

/*
 * valid_line: as valid_text, and no \r or \n.  Tabs and leading or
 * trailing spaces are kept as sent (trimming is the handler's choice).
 */
int
valid_line(const struct field *f, const char *raw, size_t len,
    struct fval *out)
{
	return valid_textish(f, raw, len, out, 1);
}

/*
 * Strict decimal int64: optional '-', then 1..19 digits, nothing else.
 * -1 on any other byte, an empty digit run or overflow.
 */
static int
valid_parse_i64(const char *s, size_t len, int64_t *v)
{
	uint64_t	 acc = 0, lim;
	size_t		 i = 0;
	int		 neg = 0;
	unsigned	 d;

	if (len > 0 && s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == len)
		return -1;
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		d = (unsigned)(s[i] - '0');
		if (acc > (lim - d) / 10)
			return -1;
		acc = acc * 10 + d;
	}
	if (neg)
		*v = acc == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)acc;
	else
		*v = (int64_t)acc;
	return 0;
}

/*
 * valid_int: decimal integer with an optional leading '-' (no '+', no
 * spaces, no overflow) within f->min..f->max inclusive.  out->i holds it.
 */
int
valid_int(const struct field *f, const char *raw, size_t len,
    struct fval *out)
{
	int64_t	 v;

	memset(out, 0, sizeof(*out));
	if (valid_parse_i64(raw, len, &v) == -1 || v < f->min || v > f->max)
		return -1;
	valid_ok(out, raw, len, v);
	return 0;
}

/*
 * valid_id: a positive decimal id 1..INT64_MAX in canonical form: no sign
 * and no leading zero ("01" is refused, so one id has one spelling in
 * URLs and cache keys).  f->min/max are ignored.  out->i holds it.
 */
int
valid_id(const struct field *f, const char *raw, size_t len,
    struct fval *out)
{
	int64_t	 v;

	(void)f;
	memset(out, 0, sizeof(*out));
	if (len == 0 || raw[0] < '1' || raw[0] > '9' ||
	    valid_parse_i64(raw, len, &v) == -1 || v < 1)
		return -1;
	valid_ok(out, raw, len, v);
	return 0;
}

/*
 * valid_idlist: "12,7,31": ids as valid_id, separated by single commas,
 * at least f->min (at least 1) and at most f->max of them.  out->i is the
 * number of ids; out->s points at raw.
 */
int
valid_idlist(const struct field *f, const char *raw, size_t len,
    struct fval *out)
{
	size_t	 i = 0, s;
	int64_t	 v, n = 0;

	memset(out, 0, sizeof(*out));
	while (i < len) {
		s = i;
		while (i < len && raw[i] != ',')
			i++;
		if (i == s || raw[s] < '1' || raw[s] > '9' ||
		    valid_parse_i64(raw + s, i - s, &v) == -1 || v < 1)
			return -1;
		n++;
		if (i < len && ++i == len)	/* trailing comma */
			return -1;
	}
	if (n < (f->min > 0 ? f->min : 1) || (f->max > 0 && n > f->max))
		return -1;
	valid_ok(out, raw, len, n);
	return 0;
}

/*
 * valid_enum: raw must equal one of f->enums (bytes, exact case; a NUL
 * inside raw never matches).  out->i is the index, out->s points at raw.
 * A field without enums accepts nothing.
 */
int
valid_enum(const struct field *f, const char *raw, size_t len,
    struct fval *out)
{
	size_t	 i;

	memset(out, 0, sizeof(*out));
	if (f->enums == NULL)
		return -1;
	for (i = 0; f->enums[i] != NULL; i++)
		if (strlen(f->enums[i]) == len &&
		    memcmp(f->enums[i], raw, len) == 0) {
			valid_ok(out, raw, len, (int64_t)i);
			return 0;
		}
	return -1;
}

/*
 * valid_bool: "1", "on", "true" -> 1; "0", "off", "false", "" -> 0
 * (lower case only, as browsers send "on" for a checked box).
 */
int
valid_bool(const struct field *f, const char *raw, size_t len,
    struct fval *out)
{
	static const char *const yes[] = { "1", "on", "true", NULL };
	static const char *const no[] = { "0", "off", "false", "", NULL };
	size_t	 i;

	(void)f;
	memset(out, 0, sizeof(*out));
	for (i = 0; yes[i] != NULL; i++)
		if (strlen(yes[i]) == len && memcmp(yes[i], raw, len) == 0) {
			valid_ok(out, raw, len, 1);
			return 0;
		}
	for (i = 0; no[i] != NULL; i++)
		if (strlen(no[i]) == len && memcmp(no[i], raw, len) == 0) {
			valid_ok(out, raw, len, 0);
			return 0;
		}
	return -1;
}

/* min..max bytes, each an ASCII letter, digit, '_' or '-'. */
static int
valid_charset(const char *raw, size_t len, size_t min, size_t max)
{
	size_t		 i;
	unsigned char	 c;

	if (len < min || len > max)
		return -1;
	for (i = 0; i < len; i++) {
		c = (unsigned char)raw[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '-')
			continue;
		return -1;
	}
	return 0;
}

/*
 * valid_username: 3..24 characters, each an ASCII letter, digit, '_' or
 * '-' (so bytes and code points coincide).  f->min/max are ignored.  Case
 * is kept; uniqueness ignoring case is the store's business.
 */
int
valid_username(const struct field *f, const char *raw, size_t len,
    struct fval *out)
{
	(void)f;
	memset(out, 0, sizeof(*out));
	if (valid_charset(raw, len, 3, 24) == -1)
		return -1;
	valid_ok(out, raw, len, (int64_t)len);
	return 0;
}

/*
 * valid_token: an opaque token of 16..128 characters of [A-Za-z0-9_-]
 * (base64url without padding, hex).  f->min/max are ignored.
 */
int
valid_token(const struct field *f, const char *raw, size_t len,
    struct fval *out)
{
	(void)f;
	memset(out, 0, sizeof(*out));
	if (valid_charset(raw, len, 16, 128) == -1)
		return -1;
	valid_ok(out, raw, len, (int64_t)len);
	return 0;
}

int
valid_cursor(const struct field *f, const char *raw, size_t len,
    struct fval *out)
{
	struct cursor	c;

	(void)f;
	memset(out, 0, sizeof(*out));
	if (cursor_parse(raw, len, &c) == -1)
		return -1;
	valid_ok(out, raw, len, c.nk);
	return 0;
}

int
valid_bytes(const struct field *f, const char *raw, size_t len,
    struct fval *out)
{
	if ((int64_t)len < f->min || (f->max > 0 && (int64_t)len > f->max))
		return -1;
	out->s = raw;
	out->len = len;
	out->i = (int64_t)len;
	return 0;
}

int
valid_next(const struct field *f, const char *raw, size_t len,
    struct fval *out)
{
	memset(out, 0, sizeof(*out));
	out->present = 1;
	if (len == 0 || (f->max > 0 && (int64_t)len > f->max) ||
	    memchr(raw, '\0', len) != NULL) {
		out->s = "/";
		out->len = 1;
		return 0;
	}
	out->s = raw;
	out->len = len;
	return 0;
}
