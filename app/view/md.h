/*
 * md.h: Markdown -> HTML through cmark, in safe mode, once on write.
 *
 * md_cook() is the only caller of cmark.  It never passes CMARK_OPT_UNSAFE:
 * raw HTML is dropped, and a link to a dangerous URL (javascript:, data:
 * other than raster images ...) loses its anchor while its text stays.
 * Links get rel="nofollow ugc noopener" and show their real domain after
 * the text; images become links (no third-party pixels); headings are
 * shifted down by two levels (# -> h3, capped at h6) so a post
 * cannot outrank the page title.  Every link and image URL found in the
 * AST is reported, for the moderation filters, with the plain text a
 * reader gets (md_links.text).
 */
#ifndef SODAN_MD_H
#define SODAN_MD_H

#include <stddef.h>

#include "view/html.h"

struct arena;

/* What the moderation filters need of a cooked post. */
struct md_links {
	const char	**url;	/* arena-owned array of NUL-terminated URLs */
	size_t		  n;
	/*
	 * The text a reader sees, from the rewritten AST (arena-owned,
	 * NUL-terminated): entities decoded, raw HTML gone (so an empty
	 * tag inside a word joins it), code spans, code blocks, link and
	 * image texts included; a line break after each block.
	 */
	const char	 *text;
	size_t		  text_len;
};

/*
 * Cooks src[0..len) (must be valid UTF-8; cmark also validates).
 * out and links are arena-owned; links may be NULL.  Returns 0, or -1 when
 * cmark fails (out of memory inside cmark).
 */
int	md_cook(struct arena *, const char *src, size_t len,
	    struct cooked *out, struct md_links *links);
/* Fails (returns -1) when the linked cmark is older than 0.29. */
int	md_check_version(void);
/*
 * The plain text of Markdown src[0..len): text, code and link text, with
 * one space where blocks, line breaks and images were (images give their
 * alt text); no markup, no URLs.  Arena-owned; "" when cmark fails.  For
 * search snippets, which are then written escaped.
 */
char	*md_plain(struct arena *, const char *src, size_t len);

#endif
