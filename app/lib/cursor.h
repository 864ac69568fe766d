/*
 * cursor.h: the position in a list that keyset pagination resumes from.
 *
 * A list page is read with "WHERE (sort key) < (key of the last row shown)
 * ORDER BY sort key LIMIT n" (or > and the reverse order for the newer
 * side), so a deep page costs what the first one does.  A link carries the
 * key of the row it resumes after as an opaque text: a direction letter,
 * up to CURSOR_MAXK signed decimal numbers and a check of 8 hex digits,
 * joined by '.', e.g. "o.1.1733300000123456.42.9f2c01ab".  The check only
 * catches changed or cut links (the position is not secret: any position
 * a visitor could write is one they could reach by paging).
 */
#ifndef SODAN_CURSOR_H
#define SODAN_CURSOR_H

#include <stddef.h>
#include <stdint.h>

#define CURSOR_MAXK	3
#define CURSOR_TEXT	96	/* bytes of the longest text form, with NUL */

enum cursor_dir {
	CURSOR_OLDER = 0,	/* rows after the key in list order ("o") */
	CURSOR_NEWER		/* rows before it ("n"), read in reverse */
};

struct cursor {
	enum cursor_dir	 dir;
	int		 nk;		/* keys used, 1..CURSOR_MAXK */
	int64_t		 k[CURSOR_MAXK];
};

/*
 * Parse s[0..len): 0 and *out filled, or -1 (bad syntax, a number out of
 * range or not in its shortest form, a key count outside 1..CURSOR_MAXK,
 * a wrong check): what it accepts is exactly what cursor_format writes.
 * Never allocates.
 */
int	cursor_parse(const char *s, size_t len, struct cursor *out);

/*
 * Write the text form of c into buf (at least CURSOR_TEXT bytes); returns
 * buf.  c->nk must be 1..CURSOR_MAXK.
 */
char	*cursor_format(const struct cursor *c, char *buf);

/*
 * A timestamp in microseconds since the epoch as a PostgreSQL timestamptz
 * literal ("2026-12-04 16:11:17.123456+00"), for a keyset parameter; the
 * sentinels INT64_MAX and INT64_MIN become "infinity" and "-infinity", so
 * the first page runs the same statement (and index condition) as the
 * others.  buf holds at least 40 bytes; returns buf.
 */
char	*cursor_ts(int64_t us, char *buf);

#endif
