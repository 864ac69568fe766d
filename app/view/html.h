/*
 * html.h: the one HTML writer.
 *
 * Runtime strings can only enter escaped: html_lit() compiles only with a
 * string literal, html_text()/html_attr() escape & < > " ', html_url()
 * percent-encodes, and html_cooked() is the only way to emit pre-rendered
 * HTML (Markdown cooked on write by md_cook()).  No printf into HTML.
 */
#ifndef SODAN_HTML_H
#define SODAN_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

struct cooked {
	const char	*html;	/* output of md_cook(), or read back from the store */
	size_t		 len;
};

struct html {
	struct buf	 b;
};

void	html_init(struct html *, struct arena *);
/* Literal markup: html_lit(w, "<p>") -- a non-literal argument fails to compile. */
#define html_lit(w, s)	html_lit_((w), "" s, sizeof("" s) - 1)
void	html_lit_(struct html *, const char *, size_t);
/* Escaped text (& < > " ' all escaped, so it is also safe inside quoted attributes). */
void	html_text(struct html *, const char *);
void	html_textn(struct html *, const char *, size_t);
/* Attribute value: same escaping as html_text; kept separate to show intent. */
void	html_attr(struct html *, const char *);
/* Percent-encodes everything but unreserved characters (RFC 3986) for a URL component. */
void	html_url(struct html *, const char *);
void	html_int(struct html *, int64_t);
/*
 * A JSON document (from json_dumps) as the content of a <script
 * type="application/ld+json"> element: < > & become \u003c \u003e \u0026,
 * which JSON reads as the same characters and HTML never sees as markup,
 * so no text inside can close the element.
 */
void	html_json(struct html *, const char *);
void	html_cooked(struct html *, const struct cooked *);

/*
 * Holes: a page recorded once for a class of readers, with the parts
 * that are each reader's own left as holes, then composed per request
 * (http/dispatch.c, pages/thread.c).  html_hole writes a marker, a NUL
 * byte, the kind, arg and a NUL, in place of the part; no other output
 * of this writer holds a NUL (literals, escaped text from PostgreSQL,
 * whose text cannot hold one, numbers).  arg must hold no NUL.
 * html_compose copies rec[0..len) into w with every hole replaced by
 * what fill writes for it; -1 (nothing more copied) on a marker that is
 * cut short, else 0.
 */
enum html_hole {
	HOLE_NAV	= 'N',	/* view/session_view.c: the reader's menu */
	HOLE_CSRF	= 'C',	/* view/layout.c: the reader's CSRF token */
	HOLE_WATCH	= 'W',	/* pages/watch.c: arg is the form's action */
	HOLE_ACTIONS	= 'A'	/* pages/thread.c: a post's buttons and links */
};
typedef void	(*html_fill_fn)(struct html *, int kind, const char *arg,
		    void *ctx);
void	html_hole(struct html *, enum html_hole, const char *arg);
int	html_compose(struct html *, const char *rec, size_t len,
	    html_fill_fn, void *ctx);

#endif
