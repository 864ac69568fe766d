/*
 * utf8.c: UTF-8 validation and measurement.
 *
 * One decoder, utf8_step(), implements the well-formed byte sequences of
 * Unicode Table 3-7: the second byte's range depends on the lead byte,
 * which is what excludes overlong forms (C0, C1, E0 80..9F, F0 80..8F),
 * surrogates (ED A0..BF) and code points above U+10FFFF (F4 90.., F5..FF).
 * NUL is well-formed UTF-8, but sodan treats it as invalid everywhere, so
 * the decoder rejects it as well.
 */
#include <stddef.h>

#include "lib/utf8.h"

static size_t	utf8_step(const unsigned char *, size_t);

/* Length (1..4) of the well-formed, non-NUL sequence at s, or 0. */
static size_t
utf8_step(const unsigned char *s, size_t len)
{
	unsigned char	 c = s[0], lo = 0x80, hi = 0xbf;
	size_t		 n, i;

	if (c == 0x00)
		return 0;
	if (c < 0x80)
		return 1;
	if (c < 0xc2)
		return 0;		/* continuation byte, or C0/C1 overlong */
	if (c < 0xe0)
		n = 2;
	else if (c < 0xf0) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (c == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (c < 0xf5) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;	/* overlong */
		else if (c == 0xf4)
			hi = 0x8f;	/* above U+10FFFF */
	} else
		return 0;
	if (len < n)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

/*
 * utf8_valid: 1 when s[0..len) is well-formed UTF-8 holding no NUL byte,
 * 0 otherwise.  len == 0 is valid.  s may be NULL only when len is 0.
 */
int
utf8_valid(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n;

	while (i < len) {
		/* ASCII fast path. */
		if (p[i] > 0 && p[i] < 0x80) {
			i++;
			continue;
		}
		if ((n = utf8_step(p + i, len - i)) == 0)
			return 0;
		i += n;
	}
	return 1;
}

/*
 * utf8_count: code points in s[0..len), which should be valid (see
 * utf8_valid).  On invalid input the result is the number of bytes that
 * are not continuation bytes: never more than len, never a crash.
 */
size_t
utf8_count(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, n = 0;

	for (i = 0; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * utf8_prefix: byte length of the longest prefix of s[0..len) that holds
 * at most max code points and ends on a character boundary.  Stops early
 * at the first byte utf8_valid() would reject (including NUL), so the
 * prefix itself is always valid.
 */
size_t
utf8_prefix(const char *s, size_t len, size_t max)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, cps = 0, n;

	while (i < len && cps < max) {
		if ((n = utf8_step(p + i, len - i)) == 0)
			break;
		i += n;
		cps++;
	}
	return i;
}
