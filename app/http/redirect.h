/*
 * redirect.h: where a redirect may go.
 *
 * Every `next` target (sign-in, the second factor, the language switch,
 * the re-authentication page) and every Location the server sends passes
 * redirect_local().  The target is parsed as a URI reference with
 * uriparser, never pattern-matched, and kept only when it is a path on
 * this site: no scheme, no authority, no leading "//", no backslash, no
 * control character, raw or percent-encoded (a browser drops a tab or a
 * newline from a Location, so "/\t/evil.example/" becomes
 * "//evil.example/").  Anything else becomes "/".
 */
#ifndef SODAN_REDIRECT_H
#define SODAN_REDIRECT_H

struct arena;

/*
 * The local path to redirect to for target (NULL allowed): target itself
 * when it is a plain path on this site, with bytes that a URI may not
 * hold raw (non-ASCII text, spaces) percent-encoded; "/" for anything
 * else.  Arena-owned or static; never NULL.
 */
const char	*redirect_local(struct arena *, const char *target);

/* 1 when redirect_local() would keep target, else 0. */
int		 redirect_local_ok(struct arena *, const char *target);

#endif
