/*
 * lib/cursor.c: text form of keyset-pagination cursors (cursor.h).
 *
 * The check is FNV-1a (32 bits) of the text before it: enough to tell a
 * link that was cut or edited by hand from one the server wrote, which is
 * all it is for; a cursor grants nothing.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/cursor.h"

#define CURSOR_TS_MAX	INT64_C(253402300799999999)	/* 9999-12-31 */
#define CURSOR_TS_MIN	INT64_C(-62135596800000000)	/* 0001-01-01 */

static uint32_t	check(const char *, size_t);

static uint32_t
check(const char *s, size_t n)
{
	uint32_t	h = 2166136261u;
	size_t		i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

char *
cursor_format(const struct cursor *c, char *buf)
{
	size_t	n;
	int	i;

	n = (size_t)snprintf(buf, CURSOR_TEXT, "%c",
	    c->dir == CURSOR_NEWER ? 'n' : 'o');
	for (i = 0; i < c->nk && i < CURSOR_MAXK; i++)
		n += (size_t)snprintf(buf + n, CURSOR_TEXT - n, ".%" PRId64,
		    c->k[i]);
	snprintf(buf + n, CURSOR_TEXT - n, ".%08x", check(buf, n));
	return buf;
}

int
cursor_parse(const char *s, size_t len, struct cursor *out)
{
	struct cursor	 c;
	char		 num[24], num2[CURSOR_TEXT];
	const char	*p, *end = s + len, *dot;
	size_t		 n, body;
	unsigned long	 want;
	long long	 v;
	char		*e;

	memset(&c, 0, sizeof(c));
	if (len < 12 || len >= CURSOR_TEXT || (s[0] != 'o' && s[0] != 'n') ||
	    s[1] != '.')
		return -1;
	c.dir = s[0] == 'n' ? CURSOR_NEWER : CURSOR_OLDER;
	/* The check: the last 8 characters, after the last '.'. */
	if (s[len - 9] != '.')
		return -1;
	body = len - 9;
	for (p = s + body + 1; p < end; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return -1;
	memcpy(num, s + body + 1, 8);
	num[8] = '\0';
	want = strtoul(num, NULL, 16);
	if ((uint32_t)want != check(s, body))
		return -1;
	for (p = s + 2; p <= s + body; p = dot + 1) {
		if ((dot = memchr(p, '.', (size_t)(s + body - p))) == NULL)
			dot = s + body;
		n = (size_t)(dot - p);
		if (n == 0 || n > 20 || c.nk == CURSOR_MAXK)
			return -1;
		memcpy(num, p, n);
		num[n] = '\0';
		if (num[0] != '-' && (num[0] < '0' || num[0] > '9'))
			return -1;
		errno = 0;
		v = strtoll(num, &e, 10);
		if (errno != 0 || *e != '\0' || e == num || (num[0] == '-' &&
		    n == 1))
			return -1;
		c.k[c.nk++] = (int64_t)v;
		if (dot == s + body)
			break;
	}
	if (c.nk == 0)
		return -1;
	/* One text per position: no "+1", "01" or "-0". */
	if (strlen(cursor_format(&c, num2)) != len ||
	    memcmp(num2, s, len) != 0)
		return -1;
	*out = c;
	return 0;
}

char *
cursor_ts(int64_t us, char *buf)
{
	struct tm	 tm;
	time_t		 t;
	int64_t		 sec, frac;
	char		 tmp[96];

	/* Outside years 1..9999 PostgreSQL's text form differs: clamp. */
	if (us > CURSOR_TS_MAX)
		us = INT64_MAX;
	if (us < CURSOR_TS_MIN)
		us = INT64_MIN;
	if (us == INT64_MAX) {
		strcpy(buf, "infinity");
		return buf;
	}
	if (us == INT64_MIN) {
		strcpy(buf, "-infinity");
		return buf;
	}
	sec = us / 1000000;
	frac = us % 1000000;
	if (frac < 0) {
		frac += 1000000;
		sec--;
	}
	t = (time_t)sec;
	if (gmtime_r(&t, &tm) == NULL) {
		strcpy(buf, us < 0 ? "-infinity" : "infinity");
		return buf;
	}
	/* 30 bytes for years 1..9999 (clamped above); tmp for the compiler */
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d %02d:%02d:%02d.%06d+00",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (int)frac);
	memcpy(buf, tmp, 39);
	buf[39] = '\0';
	return buf;
}
