/* tests/fuzz/md/fuzz_md.c: md_cook() output stays safe for any input */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/arena.h"
#include "view/md.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
own_image(const char *p)
{
	static const char *const ext[] = { ".png\"", ".jpg\"", ".webp\"" };
	size_t	i;

	if (strncmp(p, "<img src=\"/uploads/", 19) != 0)
		return 0;
	p += 19;
	for (i = 0; i < 64; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' &&
		    p[i] <= 'f')))
			return 0;
	p += 64;
	for (i = 0; i < 3; i++)
		if (strncmp(p, ext[i], strlen(ext[i])) == 0)
			return 1;
	return 0;
}

/* An href value, v[0..n): inert (no script scheme, nothing unescaped). */
static void
check_href(const char *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] <= 0x20 || (unsigned char)v[i] >= 0x7f ||
		    v[i] == '<' || v[i] == '>' || v[i] == '\\')
			abort();
	if (n >= 11 && strncasecmp(v, "javascript:", 11) == 0)
		abort();
	if (n >= 9 && strncasecmp(v, "vbscript:", 9) == 0)
		abort();
	if (n >= 5 && strncasecmp(v, "file:", 5) == 0)
		abort();
	/* MIME types are case-insensitive: data:imAge/PNG is fine. */
	if (n >= 5 && strncasecmp(v, "data:", 5) == 0 &&
	    strncasecmp(v, "data:image/png", 14) != 0 &&
	    strncasecmp(v, "data:image/gif", 14) != 0 &&
	    strncasecmp(v, "data:image/jpeg", 15) != 0 &&
	    strncasecmp(v, "data:image/webp", 15) != 0)
		abort();
}

/*
 * The tag from p ('<') to q ('>'), walked attribute by attribute, values
 * skipped by their quotes: every value sodan and cmark write is in double
 * quotes, whose content escapes '"' and '>', so an unquoted value is a
 * failure, and text inside a value (a title " href=" or "t on=1") is
 * never taken for an attribute.  No attribute name begins with "on"; an
 * href is inert; an anchor carries rel="nofollow ugc noopener".
 */
static void
check_attrs(const char *p, const char *q)
{
	const char	*name, *v;
	size_t		 nlen;
	int		 anchor, rel = 0;

	if (*++p == '/')
		return;				/* an end tag */
	anchor = (*p == 'a' || *p == 'A') && (p[1] == ' ' || p + 1 == q);
	while (p < q && *p != ' ' && *p != '/')
		p++;				/* the tag's name */
	while (p < q) {
		while (p < q && (*p == ' ' || *p == '/'))
			p++;
		if (p == q)
			break;
		name = p;
		while (p < q && *p != '=' && *p != ' ' && *p != '/')
			p++;
		nlen = (size_t)(p - name);
		if ((nlen >= 2 && strncasecmp(name, "on", 2) == 0) ||
		    memchr(name, '"', nlen) != NULL ||
		    memchr(name, '\'', nlen) != NULL)
			abort();
		if (p < q && *p == '=') {
			if (*++p != '"' || (v = memchr(p + 1, '"',
			    (size_t)(q - p - 1))) == NULL)
				abort();
			p++;
			if (nlen == 4 && strncasecmp(name, "href", 4) == 0)
				check_href(p, (size_t)(v - p));
			if (nlen == 3 && strncasecmp(name, "rel", 3) == 0 &&
			    v - p == 21 &&
			    strncmp(p, "nofollow ugc noopener", 21) == 0)
				rel = 1;
			p = v + 1;
		}
	}
	if (anchor && !rel)
		abort();
}

static void
check_html(const char *h, size_t len)
{
	const char	*p, *q;

	if (strlen(h) != len)
		abort();
	if (strcasestr(h, "<script") != NULL ||
	    strcasestr(h, "<iframe") != NULL || strcasestr(h, "<svg") != NULL)
		abort();
	/*
	 * The one picture md_cook keeps: sodan's own re-encoded upload,
	 * "/uploads/" 64 lower-case hex digits ".png", ".jpg" or ".webp"
	 * (docs/images.md); any other <img is a failure.
	 */
	for (p = h; (p = strcasestr(p, "<img")) != NULL; p += 4)
		if (!own_image(p))
			abort();
	/* Every tag's attributes (check_attrs). */
	for (p = h; (p = strchr(p, '<')) != NULL; p = q) {
		if ((q = strchr(p, '>')) == NULL)
			abort();
		check_attrs(p, q);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	*a;
	struct cooked	 c;
	struct md_links	 l;
	size_t		 i;

	a = arena_new();
	if (md_cook(a, (const char *)data, size, &c, &l) == 0) {
		check_html(c.html, c.len);
		for (i = 0; i < l.n; i++)
			if (l.url[i] == NULL)
				abort();
	}
	arena_free(a);
	return 0;
}
