/*
 * html.c: the one HTML writer.
 *
 * A struct html is a buf in the request arena.  There are exactly three
 * ways in: html_lit() for markup that is a string literal in our source
 * (the macro's "" s concatenation refuses anything else at compile time),
 * the escaping writers for runtime data, and html_cooked() for HTML that
 * md_cook() produced on write.  html_text() and html_attr() escape the
 * five characters that matter in text and in quoted attribute values, and
 * turn a NUL byte into U+FFFD as an HTML parser would, so the output
 * never depends on what the browser does with NUL.  html_url()
 * percent-encodes everything but RFC 3986 unreserved characters, which is
 * also safe inside an attribute.  Numbers are formatted by hand: no
 * printf reaches HTML.
 */
#include <stdint.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "view/html.h"

static void	html_esc(struct html *, const char *, size_t);

/* html_init: an empty writer growing in arena a. */
void
html_init(struct html *w, struct arena *a)
{
	buf_init(&w->b, a);
}

/*
 * html_lit_: appends s[0..n) as markup, unescaped.  Call it only through
 * the html_lit() macro, which guarantees s is a literal.
 */
void
html_lit_(struct html *w, const char *s, size_t n)
{
	buf_put(&w->b, s, n);
}

static void
html_esc(struct html *w, const char *s, size_t n)
{
	size_t		 i, run = 0;
	const char	*rep;

	buf_reserve(&w->b, n);
	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		case '\0':
			rep = "\xef\xbf\xbd";	/* U+FFFD */
			break;
		default:
			continue;
		}
		buf_put(&w->b, s + run, i - run);
		buf_puts(&w->b, rep);
		run = i + 1;
	}
	buf_put(&w->b, s + run, n - run);
}

/* html_text: the C string s as text, escaping & < > " ' (NULL writes nothing). */
void
html_text(struct html *w, const char *s)
{
	if (s != NULL)
		html_esc(w, s, strlen(s));
}

/*
 * html_textn: s[0..n) as text, escaped as html_text; a NUL byte inside
 * becomes U+FFFD.  Bytes are not UTF-8-checked (the validators did that).
 */
void
html_textn(struct html *w, const char *s, size_t n)
{
	html_esc(w, s, n);
}

/*
 * html_attr: the C string s as an attribute value, to be written between
 * double quotes by the caller's html_lit().  Same escaping as html_text.
 * It does not make a URL safe: for href/src use html_url() on components
 * or a scheme-checked URL.
 */
void
html_attr(struct html *w, const char *s)
{
	html_text(w, s);
}

void
html_json(struct html *w, const char *s)
{
	size_t	 i, run = 0;

	if (s == NULL)
		return;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] != '<' && s[i] != '>' && s[i] != '&')
			continue;
		buf_put(&w->b, s + run, i - run);
		buf_put(&w->b, s[i] == '<' ? "\\u003c" : s[i] == '>' ?
		    "\\u003e" : "\\u0026", 6);
		run = i + 1;
	}
	buf_put(&w->b, s + run, i - run);
}

/*
 * html_url: the C string s as one URL component (path segment, query
 * value): every byte other than A-Z a-z 0-9 - . _ ~ becomes %XX (upper
 * case hex), so the result is safe in any attribute or URL position.
 */
void
html_url(struct html *w, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	char			 esc[3];
	unsigned char		 c;
	size_t			 i, run = 0, n;

	if (s == NULL)
		return;
	n = strlen(s);
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			continue;
		buf_put(&w->b, s + run, i - run);
		esc[0] = '%';
		esc[1] = hex[c >> 4];
		esc[2] = hex[c & 0xf];
		buf_put(&w->b, esc, 3);
		run = i + 1;
	}
	buf_put(&w->b, s + run, n - run);
}

/* html_int: v in decimal (INT64_MIN included). */
void
html_int(struct html *w, int64_t v)
{
	char		 tmp[24];
	size_t		 i = sizeof(tmp);
	uint64_t	 u;

	u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		tmp[--i] = '-';
	buf_put(&w->b, tmp + i, sizeof(tmp) - i);
}

/*
 * html_cooked: appends pre-rendered HTML unchanged.  Its only legitimate
 * source is md_cook() (directly or via the store); NULL or an empty
 * cooked writes nothing.
 */
void
html_cooked(struct html *w, const struct cooked *c)
{
	if (c != NULL && c->html != NULL)
		buf_put(&w->b, c->html, c->len);
}

void
html_hole(struct html *w, enum html_hole kind, const char *arg)
{
	buf_putc(&w->b, '\0');
	buf_putc(&w->b, (int)kind);
	buf_puts(&w->b, arg);
	buf_putc(&w->b, '\0');
}

int
html_compose(struct html *w, const char *rec, size_t len, html_fill_fn fill,
    void *ctx)
{
	const char	*p = rec, *end = rec + len, *z, *arg;
	int		 kind;
	char		*a;

	while (p < end) {
		if ((z = memchr(p, '\0', (size_t)(end - p))) == NULL) {
			buf_put(&w->b, p, (size_t)(end - p));
			break;
		}
		buf_put(&w->b, p, (size_t)(z - p));
		if (end - z < 3)
			return -1;
		kind = (unsigned char)z[1];
		arg = z + 2;
		if ((p = memchr(arg, '\0', (size_t)(end - arg))) == NULL)
			return -1;
		a = arena_strndup(w->b.a, arg, (size_t)(p - arg));
		fill(w, kind, a, ctx);
		p++;
	}
	return 0;
}
