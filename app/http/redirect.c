/*
 * http/redirect.c: the one check of redirect targets (see redirect.h).
 *
 * Three passes.  First the raw bytes: a target must start with one '/',
 * and a control character or a backslash anywhere refuses it (browsers
 * strip tabs and newlines and read '\' as '/').  Then the bytes a URI may
 * not hold raw (non-ASCII, space, quotes, brackets...) are percent-encoded
 * and uriparser parses the result as a URI reference: it must have no
 * scheme, no authority and an absolute path.  Last, every percent escape
 * is decoded and the same rules are applied to the decoded text, so
 * "/%09/x", "/%5Cx" and "/%2F%2Fx" are refused too.
 */
#include <string.h>

#include <uriparser/Uri.h>

#include "http/redirect.h"
#include "lib/arena.h"
#include "lib/buf.h"

static int	 bad_byte(unsigned char);
static int	 needs_escape(unsigned char);
static int	 hexval(int);
static const char *normalize(struct arena *, const char *);

static int
bad_byte(unsigned char c)
{
	return c < 0x20 || c == 0x7f || c == '\\';
}

static int
needs_escape(unsigned char c)
{
	return c >= 0x80 || c == ' ' || strchr("\"<>[]^`{|}", c) != NULL;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * target checked byte by byte, raw and percent-decoded, with the bytes a
 * URI may not hold raw escaped; NULL when it is refused.  Arena-owned.
 */
static const char *
normalize(struct arena *a, const char *t)
{
	static const char	 hex[] = "0123456789ABCDEF";
	struct buf		 b;
	const unsigned char	*p;
	int			 hi, lo, c, first = 1, prev_slash = 0;

	if (t == NULL || t[0] != '/' || t[1] == '/' || strlen(t) > 2048)
		return NULL;
	buf_init(&b, a);
	for (p = (const unsigned char *)t; *p != '\0'; p++) {
		if (bad_byte(*p))
			return NULL;
		c = *p;
		if (*p == '%') {
			if ((hi = hexval(p[1])) < 0 || (lo = hexval(p[2])) < 0)
				return NULL;
			c = hi * 16 + lo;
			if (bad_byte((unsigned char)c))
				return NULL;
			buf_put(&b, (const char *)p, 3);
			p += 2;
		} else if (needs_escape(*p)) {
			buf_putc(&b, '%');
			buf_putc(&b, hex[*p >> 4]);
			buf_putc(&b, hex[*p & 15]);
		} else
			buf_putc(&b, (char)*p);
		/* The decoded text must not start with "//" either. */
		if (first) {
			first = 0;
			prev_slash = 1;
		} else if (prev_slash == 1) {
			if (c == '/')
				return NULL;
			prev_slash = 0;
		}
	}
	buf_putc(&b, '\0');
	return b.p;
}

int
redirect_local_ok(struct arena *a, const char *target)
{
	return strcmp(redirect_local(a, target), "/") != 0 ||
	    (target != NULL && strcmp(target, "/") == 0);
}

const char *
redirect_local(struct arena *a, const char *target)
{
	UriUriA		 uri;
	const char	*s, *err = NULL;
	int		 ok;

	if ((s = normalize(a, target)) == NULL)
		return "/";
	if (uriParseSingleUriA(&uri, s, &err) != URI_SUCCESS)
		return "/";
	ok = uri.scheme.first == NULL && uri.hostText.first == NULL &&
	    uri.userInfo.first == NULL && uri.portText.first == NULL &&
	    uri.hostData.ip4 == NULL && uri.hostData.ip6 == NULL &&
	    uri.hostData.ipFuture.first == NULL && uri.absolutePath == URI_TRUE;
	uriFreeUriMembersA(&uri);
	return ok ? s : "/";
}
