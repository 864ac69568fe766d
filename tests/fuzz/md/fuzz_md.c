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

/* The attributes of the tag from p ('<') to q ('>'). */
static void
check_attrs(const char *p, const char *q)
{
	if (*++p == '/')
		return;				/* an end tag */
	while (p < q && *p != ' ' && *p != '/')
		p++;				/* the tag's name */
	while (p < q) {
		while (p < q && (*p == ' ' || *p == '/'))
			p++;
		if (p == q)
			break;
		if (q - p >= 2 && strncasecmp(p, "on", 2) == 0)
			abort();
		while (p < q && *p != '=' && *p != ' ' && *p != '/')
			p++;
		if (p < q && *p == '=') {
			if (*++p != '"' ||
			    (p = memchr(p + 1, '"', (size_t)(q - p - 1))) == NULL)
				abort();
			p++;
		}
	}
}

static void
check_html(const char *h, size_t len)
{
	const char	*p, *q;
	size_t		 i;

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
	/* Every anchor we emit carries rel, and its href is inert. */
	for (p = h; (p = strstr(p, "<a")) != NULL; p += 2) {
		if (p[2] != ' ' && p[2] != '>')
			continue;
		if ((q = strchr(p, '>')) == NULL ||
		    memmem(p, (size_t)(q - p), " rel=\"nofollow ugc noopener\"",
		    28) == NULL)
			abort();
	}
	/*
	 * Real href attributes only: the text ' href="' with a literal quote
	 * cannot be inside an attribute value or text (both escape '"'),
	 * while a title may well be "href=" (title="href=" is inert).
	 */
	for (p = h; (p = strstr(p, " href=\"")) != NULL; p = q + 1) {
		p += 7;
		if ((q = strchr(p, '"')) == NULL)
			abort();
		for (i = 0; p + i < q; i++)
			if ((unsigned char)p[i] <= 0x20 ||
			    (unsigned char)p[i] >= 0x7f || p[i] == '<' ||
			    p[i] == '>' || p[i] == '\\')
				abort();
		if (q - p >= 11 && strncasecmp(p, "javascript:", 11) == 0)
			abort();
		if (q - p >= 9 && strncasecmp(p, "vbscript:", 9) == 0)
			abort();
		if (q - p >= 5 && strncasecmp(p, "file:", 5) == 0)
			abort();
		/* MIME types are case-insensitive: data:imAge/PNG is fine. */
		if (q - p >= 5 && strncasecmp(p, "data:", 5) == 0 &&
		    strncasecmp(p, "data:image/png", 14) != 0 &&
		    strncasecmp(p, "data:image/gif", 14) != 0 &&
		    strncasecmp(p, "data:image/jpeg", 15) != 0 &&
		    strncasecmp(p, "data:image/webp", 15) != 0)
			abort();
	}
	/*
	 * Event handlers: no attribute name of any tag begins with "on".
	 * The walk skips quoted values (a title "x on=1" is inert text);
	 * every value sodan and cmark write is in double quotes, whose
	 * content escapes '"' and '>', so an unquoted value is a failure.
	 */
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
