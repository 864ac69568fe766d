/* tests/fuzz/md/fuzz_md.c: md_cook() output stays safe for any input */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/arena.h"
#include "view/md.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_html(const char *h, size_t len)
{
	const char	*p, *q;
	size_t		 i;

	if (strlen(h) != len)
		abort();
	if (strcasestr(h, "<script") != NULL || strcasestr(h, "<img") != NULL ||
	    strcasestr(h, "<iframe") != NULL || strcasestr(h, "<svg") != NULL)
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
	/* Event handler attributes can only come from escaped text. */
	for (p = h; (p = strchr(p, '<')) != NULL; p++) {
		if ((q = strchr(p, '>')) == NULL)
			abort();
		for (i = 0; p + i + 3 < q; i++)
			if (p[i] == ' ' && strncasecmp(p + i + 1, "on", 2) == 0 &&
			    memchr(p + i + 3, '=', (size_t)(q - p - i - 3)) &&
			    strncmp(p, "<a ", 3) != 0)
				abort();
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
