/*
 * md.c: Markdown -> HTML through cmark, once, on write.
 *
 * md_cook() parses with CMARK_OPT_VALIDATE_UTF8 (invalid bytes and NUL
 * become U+FFFD) and renders in cmark's safe mode; CMARK_OPT_UNSAFE is
 * never passed (a static assertion below keeps it that way).  Between the
 * two, the AST is rewritten; the rendered HTML is never searched or
 * patched as a string.
 *
 *  1. One cmark_iter walk collects, in document order, every link and
 *     image URL (for the moderation filters), the link and image nodes to
 *     rewrite, and the raw HTML nodes to drop, and shifts each heading
 *     down two levels (capped at 6).  Nodes are changed only after the
 *     walk, and nodes inside an image are never queued: an image is
 *     replaced whole, so their memory goes with it.
 *  2. Raw HTML (blocks and inlines) is removed outright, rather than left
 *     as the "raw HTML omitted" comment of safe mode.
 *  3. An image becomes a link to its URL whose text is its alt text, or
 *     the URL when the alt text is empty: no third-party pixels.  An
 *     image already inside a link becomes plain alt text (no nested <a>).
 *  4. A link becomes a CUSTOM_INLINE node holding the link's children.
 *     Its on_enter is <a href="..." rel="nofollow ugc noopener"> and its
 *     on_exit </a> followed by <span class="link-domain">(host)</span>.
 *     cmark writes on_enter/on_exit raw even in safe mode, so they are
 *     built here with the html writer's escaping: the href is
 *     percent-encoded like cmark's own (every byte outside a small safe
 *     set, so no quote, space, tab, backslash or non-ASCII byte survives)
 *     and then attribute-escaped; the title and host go through
 *     html_attr()/html_text().  A link whose URL is not relative, http,
 *     https or mailto (javascript:, data:, tg:, intent: and the like,
 *     checked case-insensitively after dropping what a
 *     browser's URL parser drops: leading controls and spaces, tabs and
 *     newlines anywhere) keeps its text but loses the anchor.
 *  5. The host shown is the one a browser would go to: it is taken from
 *     the encoded href, after any userinfo ("https://exchange.example@
 *     evil.example/" shows evil.example), without the port, percent-
 *     decoded, lower-cased, with full-width forms and ideographic full
 *     stops folded to ASCII as IDNA does; a label that is still not ASCII
 *     is shown in punycode ("xn--..."), so a lookalike in another script
 *     cannot pass for the real name.  Relative links show no host.
 *
 *  6. The text a reader gets is collected from the rewritten tree (for the
 *     filters, md_links.text): text, code spans and code blocks, with a
 *     space for a soft break and a line break after each block.  Raw
 *     HTML is gone by then, so "Tele<b></b>gram" reads "Telegram", and
 *     cmark has already decoded entities ("&#84;elegram").
 *
 * cmark allocates with malloc; the result is copied into the arena and
 * cmark's memory is freed before returning.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/utf8.h"
#include "view/html.h"
#include "view/md.h"

#define MD_OPTS		(CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SAFE)
#define MD_HOST_MAX	253
#define MD_LABEL_MAX	63

_Static_assert((MD_OPTS & CMARK_OPT_UNSAFE) == 0, "never CMARK_OPT_UNSAFE");

struct md_vec {
	void		**v;
	size_t		  n;
	size_t		  cap;
};

struct md_ctx {
	struct arena	*a;
	struct md_vec	 urls;		/* const char * */
	struct md_vec	 links;		/* cmark_node *: LINK to rewrite */
	struct md_vec	 images;	/* cmark_node *: top-level IMAGE */
	struct md_vec	 inimages;	/* cmark_node *: IMAGE inside a LINK */
	struct md_vec	 raw;		/* cmark_node *: HTML to drop */
};

static void	 md_push(struct arena *, struct md_vec *, void *);
static int	 md_walk(struct md_ctx *, cmark_node *);
static void	 md_alt(cmark_node *, struct buf *);
static int	 md_image(struct md_ctx *, cmark_node *, int);
static int	 md_own_upload(const char *);
static int	 md_link(struct md_ctx *, cmark_node *);
static int	 md_url_dangerous(const char *);
static void	 md_href(const char *, struct buf *);
static int	 md_host(struct arena *, const char *, struct buf *);
static int	 md_host_display(struct arena *, const char *, size_t,
		    struct buf *);
static int	 md_punycode(const uint32_t *, size_t, struct buf *);
static size_t	 md_decode_cp(const unsigned char *, size_t, uint32_t *);
static int	 md_hexval(unsigned char);
static int	 md_text(cmark_node *, struct buf *);

static void
md_push(struct arena *a, struct md_vec *v, void *p)
{
	void	**nv;

	if (v->n == v->cap) {
		v->cap = v->cap == 0 ? 16 : v->cap * 2;
		nv = arena_calloc(a, v->cap, sizeof(*nv));
		if (v->n > 0)
			memcpy(nv, v->v, v->n * sizeof(*nv));
		v->v = nv;
	}
	v->v[v->n++] = p;
}

/* Step 1: collect, shift headings.  -1 if cmark fails. */
static int
md_walk(struct md_ctx *c, cmark_node *doc)
{
	cmark_iter		*it;
	cmark_event_type	 ev;
	cmark_node		*n;
	const char		*url;
	int			 lvl;
	size_t			 in_img = 0, in_link = 0;

	if ((it = cmark_iter_new(doc)) == NULL)
		return -1;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			if (ev == CMARK_EVENT_EXIT) {
				if (cmark_node_get_type(n) == CMARK_NODE_LINK)
					in_link--;
				else
					in_img--;
				break;
			}
			if ((url = cmark_node_get_url(n)) == NULL)
				url = "";
			md_push(c->a, &c->urls, arena_strdup(c->a, url));
			if (cmark_node_get_type(n) == CMARK_NODE_LINK) {
				if (in_img == 0)
					md_push(c->a, &c->links, n);
				in_link++;
			} else {
				if (in_img == 0)
					md_push(c->a, in_link > 0 ?
					    &c->inimages : &c->images, n);
				in_img++;
			}
			break;
		case CMARK_NODE_HEADING:
			if (ev != CMARK_EVENT_EXIT)
				break;
			lvl = cmark_node_get_heading_level(n) + 2;
			if (!cmark_node_set_heading_level(n, lvl > 6 ? 6 : lvl))
				goto fail;
			break;
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
			if (in_img == 0)
				md_push(c->a, &c->raw, n);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	return 0;
fail:
	cmark_iter_free(it);
	return -1;
}

/* Plain text of an image's children, as cmark renders alt text. */
static void
md_alt(cmark_node *img, struct buf *b)
{
	cmark_iter		*it;
	cmark_event_type	 ev;
	cmark_node		*n;
	const char		*lit;

	if ((it = cmark_iter_new(img)) == NULL)
		return;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			if ((lit = cmark_node_get_literal(n)) != NULL)
				buf_puts(b, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(b, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

/*
 * Step 3: replaces img by a LINK (queued for step 4) or, inside a link,
 * by its text.  Frees img.
 */
/*
 * 1 when url is exactly "/uploads/" 64 lower-case hex digits and ".png",
 * ".jpg" or ".webp": a picture sodan re-encoded and serves itself.
 */
static int
md_own_upload(const char *url)
{
	size_t	i;

	if (strncmp(url, "/uploads/", 9) != 0)
		return 0;
	url += 9;
	for (i = 0; i < 64; i++)
		if (!((url[i] >= '0' && url[i] <= '9') ||
		    (url[i] >= 'a' && url[i] <= 'f')))
			return 0;
	url += 64;
	return strcmp(url, ".png") == 0 || strcmp(url, ".jpg") == 0 ||
	    strcmp(url, ".webp") == 0;
}

static int
md_image(struct md_ctx *c, cmark_node *img, int inlink)
{
	cmark_node	*text, *link = NULL;
	const char	*url, *title;
	struct buf	 alt;

	if ((url = cmark_node_get_url(img)) == NULL)
		url = "";
	/* Our own re-encoded pictures (docs/images.md) stay pictures. */
	if (!inlink && md_own_upload(url))
		return 0;
	if ((title = cmark_node_get_title(img)) == NULL)
		title = "";
	buf_init(&alt, c->a);
	md_alt(img, &alt);
	if (alt.len == 0)
		buf_puts(&alt, url);

	if ((text = cmark_node_new(CMARK_NODE_TEXT)) == NULL)
		return -1;
	if (!cmark_node_set_literal(text, alt.p))
		goto fail;
	if (inlink) {
		if (!cmark_node_replace(img, text))
			goto fail;
		cmark_node_free(img);
		return 0;
	}
	if ((link = cmark_node_new(CMARK_NODE_LINK)) == NULL)
		goto fail;
	if (!cmark_node_set_url(link, url) ||
	    !cmark_node_set_title(link, title) ||
	    !cmark_node_append_child(link, text))
		goto fail;
	text = NULL;
	if (!cmark_node_replace(img, link))
		goto fail;
	cmark_node_free(img);
	md_push(c->a, &c->links, link);
	return 0;
fail:
	if (text != NULL)
		cmark_node_free(text);
	if (link != NULL)
		cmark_node_free(link);
	return -1;
}

/*
 * 1 unless url is relative or uses an allowed scheme: http, https or
 * mailto.  An allowlist, not a denylist: on a forum that scammers use,
 * tg:, intent:, bitcoin: or ms-msdt: links must not be one click away
 * either (the URL text stays visible, and the filters still see it).
 * The check ignores what WHATWG URL parsing ignores: leading C0 controls
 * and spaces, and tab, LF and CR anywhere.
 */
static int
md_url_dangerous(const char *url)
{
	static const char *const ok[] = { "http:", "https:", "mailto:", NULL };
	char		 s[32];
	size_t		 i, n = 0;
	unsigned char	 ch;

	while ((unsigned char)*url <= 0x20 && *url != '\0')
		url++;
	/* Enough of the cleaned, lower-cased start to see the scheme. */
	for (i = 0; url[i] != '\0' && n < sizeof(s) - 1; i++) {
		ch = (unsigned char)url[i];
		if (ch == '\t' || ch == '\n' || ch == '\r')
			continue;
		if (ch >= 'A' && ch <= 'Z')
			ch += 'a' - 'A';
		s[n++] = (char)ch;
	}
	s[n] = '\0';
	/* A scheme is letters, digits, + - . before the first ':', starting with a letter. */
	for (i = 0; i < n; i++) {
		ch = (unsigned char)s[i];
		if (ch == ':')
			break;
		if (!((ch >= 'a' && ch <= 'z') || (i > 0 && ((ch >= '0' &&
		    ch <= '9') || ch == '+' || ch == '-' || ch == '.'))))
			return 0;	/* no scheme: a relative reference */
	}
	if (i == n)
		return n == sizeof(s) - 1;	/* scheme too long to be allowed */
	for (i = 0; ok[i] != NULL; i++)
		if (strncmp(s, ok[i], strlen(ok[i])) == 0)
			return 0;
	return 1;
}

/*
 * Percent-encodes url for an href the way cmark does (houdini), keeping
 * only A-Z a-z 0-9 and - _ . ! ~ * ' ( ) ; / ? : @ & = + $ , % # [ ]
 * (so existing escapes stay as they are).  The result still needs
 * attribute escaping for & and '.
 */
static void
md_href(const char *url, struct buf *b)
{
	static const char	 hex[] = "0123456789ABCDEF";
	static const char	 safe[] = "-_.!~*'();/?:@&=+$,%#[]";
	unsigned char		 ch;

	for (; *url != '\0'; url++) {
		ch = (unsigned char)*url;
		if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= '0' && ch <= '9') || strchr(safe, ch) != NULL)
			buf_putc(b, ch);
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[ch >> 4]);
			buf_putc(b, hex[ch & 0xf]);
		}
	}
}

static int
md_hexval(unsigned char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/*
 * The host a browser would contact for href (already md_href-encoded),
 * written to out for display (not yet HTML-escaped).  Returns 1 when
 * there is one, 0 for relative and host-less URLs (mailto:, #frag).
 */
static int
md_host(struct arena *a, const char *href, struct buf *out)
{
	static const char *const special[] = {
		"http", "https", "ftp", "ws", "wss", NULL
	};
	const char	*p, *auth, *end, *at, *h, *hend;
	size_t		 i, slen;
	int		 isspecial = 0, hasscheme = 0;

	p = href;
	if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
		for (h = p; (*h >= 'a' && *h <= 'z') || (*h >= 'A' &&
		    *h <= 'Z') || (*h >= '0' && *h <= '9') || *h == '+' ||
		    *h == '-' || *h == '.'; h++)
			continue;
		if (*h == ':') {
			hasscheme = 1;
			slen = (size_t)(h - p);
			for (i = 0; special[i] != NULL; i++)
				if (strlen(special[i]) == slen &&
				    strncasecmp(p, special[i], slen) == 0)
					isspecial = 1;
			p = h + 1;
		}
	}
	if (isspecial || !hasscheme) {
		/* Special and scheme-relative: browsers skip any slashes. */
		if (!hasscheme && !(p[0] == '/' && p[1] == '/'))
			return 0;
		while (*p == '/')
			p++;
	} else {
		if (!(p[0] == '/' && p[1] == '/'))
			return 0;
		p += 2;
	}
	auth = p;
	end = auth + strcspn(auth, "/?#");
	/* Userinfo ends at the last '@' of the authority. */
	for (at = end; at > auth && at[-1] != '@'; at--)
		continue;
	h = at;
	if (*h == '[') {
		for (hend = h; hend < end && *hend != ']'; hend++)
			continue;
		if (hend < end)
			hend++;
	} else
		for (hend = h; hend < end && *hend != ':'; hend++)
			continue;
	if (hend == h)
		return 0;
	return md_host_display(a, h, (size_t)(hend - h), out);
}

/* One UTF-8 code point from valid input; 0 on a bad sequence. */
static size_t
md_decode_cp(const unsigned char *s, size_t len, uint32_t *cp)
{
	size_t	 n, i;

	if ((n = utf8_prefix((const char *)s, len, 1)) == 0)
		return 0;
	if (n == 1)
		*cp = s[0];
	else {
		*cp = s[0] & (0xff >> (n + 1));
		for (i = 1; i < n; i++)
			*cp = *cp << 6 | (s[i] & 0x3f);
	}
	return n;
}

/*
 * Writes host h[0..n) (percent-encoded, as in the href) for display:
 * decoded, folded to ASCII where IDNA folds, punycode for other labels.
 * Falls back to the encoded form when it does not decode to a sane host.
 */
static int
md_host_display(struct arena *a, const char *h, size_t n, struct buf *out)
{
	struct buf	 dec;
	uint32_t	*cps, cp;
	size_t		 i, k, ncp = 0, start, step;
	int		 hi, lo, ascii;

	buf_init(&dec, a);
	for (i = 0; i < n; i++) {
		if (h[i] == '%' && n - i >= 3 &&
		    (hi = md_hexval((unsigned char)h[i + 1])) >= 0 &&
		    (lo = md_hexval((unsigned char)h[i + 2])) >= 0) {
			buf_putc(&dec, hi << 4 | lo);
			i += 2;
		} else
			buf_putc(&dec, h[i]);
	}
	if (dec.len > 4 * MD_HOST_MAX || !utf8_valid(dec.p, dec.len))
		goto raw;

	/* Code points, folded: A-Z, full-width ASCII, ideographic stops. */
	cps = arena_calloc(a, dec.len + 1, sizeof(*cps));
	for (i = 0; i < dec.len; i += step) {
		if ((step = md_decode_cp((const unsigned char *)dec.p + i,
		    dec.len - i, &cp)) == 0)
			goto raw;
		if (cp >= 0xff01 && cp <= 0xff5e)
			cp -= 0xfee0;
		else if (cp == 0x3002 || cp == 0xff61)
			cp = '.';
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (cp < 0x21 || cp == 0x7f)
			goto raw;
		cps[ncp++] = cp;
	}

	for (start = 0; start <= ncp; start = k + 1) {
		for (k = start; k < ncp && cps[k] != '.'; k++)
			continue;
		if (start > 0)
			buf_putc(out, '.');
		for (ascii = 1, i = start; i < k; i++)
			if (cps[i] >= 0x80)
				ascii = 0;
		if (ascii) {
			for (i = start; i < k; i++)
				buf_putc(out, (int)cps[i]);
		} else if (k - start > MD_LABEL_MAX ||
		    md_punycode(cps + start, k - start, out) == -1)
			goto raw;
	}
	if (out->len > MD_HOST_MAX * 4)
		goto raw;
	return 1;
raw:
	buf_reset(out);
	buf_put(out, h, utf8_prefix(h, n < MD_HOST_MAX ? n : MD_HOST_MAX,
	    MD_HOST_MAX));
	return out->len > 0;
}

/*
 * RFC 3492 punycode of one label of n (<= 63) code points, with the
 * "xn--" prefix.  -1 on overflow (cannot happen for short labels).
 */
static int
md_punycode(const uint32_t *in, size_t n, struct buf *out)
{
	enum { BASE = 36, TMIN = 1, TMAX = 26, SKEW = 38, DAMP = 700,
	    INITIAL_BIAS = 72, INITIAL_N = 128 };
	static const char	 digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	uint32_t		 cn = INITIAL_N, delta = 0, bias = INITIAL_BIAS;
	uint32_t		 m, q, k, t, dl;
	size_t			 h, b = 0, j;
	int			 first = 1;

	buf_puts(out, "xn--");
	for (j = 0; j < n; j++)
		if (in[j] < 0x80) {
			buf_putc(out, (int)in[j]);
			b++;
		}
	if (b > 0)
		buf_putc(out, '-');
	for (h = b; h < n; cn++, delta++) {
		for (m = UINT32_MAX, j = 0; j < n; j++)
			if (in[j] >= cn && in[j] < m)
				m = in[j];
		if ((uint64_t)(m - cn) * (h + 1) > UINT32_MAX - delta)
			return -1;
		delta += (m - cn) * (uint32_t)(h + 1);
		cn = m;
		for (j = 0; j < n; j++) {
			if (in[j] < cn && ++delta == 0)
				return -1;
			if (in[j] != cn)
				continue;
			for (q = delta, k = BASE;; k += BASE) {
				t = k <= bias ? TMIN :
				    k >= bias + TMAX ? TMAX : k - bias;
				if (q < t)
					break;
				buf_putc(out, digits[t + (q - t) % (BASE - t)]);
				q = (q - t) / (BASE - t);
			}
			buf_putc(out, digits[q]);
			/* Bias adaptation (RFC 3492 section 6.1). */
			dl = first ? delta / DAMP : delta / 2;
			first = 0;
			dl += dl / (uint32_t)(h + 1);
			for (k = 0; dl > ((BASE - TMIN) * TMAX) / 2; k += BASE)
				dl /= BASE - TMIN;
			bias = k + (BASE - TMIN + 1) * dl / (dl + SKEW);
			delta = 0;
			h++;
		}
	}
	return 0;
}

/*
 * Step 4: replaces link by a CUSTOM_INLINE carrying the escaped anchor
 * and domain, or by its bare children when the URL is dangerous.
 */
static int
md_link(struct md_ctx *c, cmark_node *link)
{
	cmark_node	*custom, *ch, *text;
	const char	*url, *title;
	struct buf	 href, host;
	struct html	 enter, exit;

	if ((url = cmark_node_get_url(link)) == NULL)
		url = "";
	if ((title = cmark_node_get_title(link)) == NULL)
		title = "";
	buf_init(&href, c->a);
	md_href(url, &href);

	if (md_url_dangerous(url) || md_url_dangerous(href.p) ||
	    (url[0] == '\0' && cmark_node_first_child(link) == NULL)) {
		/* Dangerous, or "[]()" with nothing to show: unwrap. */
		while ((ch = cmark_node_first_child(link)) != NULL)
			if (!cmark_node_insert_before(link, ch))
				return -1;
		cmark_node_free(link);
		return 0;
	}

	html_init(&enter, c->a);
	html_lit(&enter, "<a href=\"");
	html_attr(&enter, href.p);
	html_lit(&enter, "\" rel=\"nofollow ugc noopener\"");
	if (title[0] != '\0') {
		html_lit(&enter, " title=\"");
		html_attr(&enter, title);
		html_lit(&enter, "\"");
	}
	html_lit(&enter, ">");

	html_init(&exit, c->a);
	html_lit(&exit, "</a>");
	buf_init(&host, c->a);
	if (md_host(c->a, href.p, &host)) {
		html_lit(&exit, " <span class=\"link-domain\">(");
		html_textn(&exit, host.p, host.len);
		html_lit(&exit, ")</span>");
	}

	if ((custom = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)) == NULL)
		return -1;
	if (!cmark_node_set_on_enter(custom, enter.b.p) ||
	    !cmark_node_set_on_exit(custom, exit.b.p))
		goto fail;
	while ((ch = cmark_node_first_child(link)) != NULL)
		if (!cmark_node_append_child(custom, ch))
			goto fail;
	if (cmark_node_first_child(custom) == NULL) {
		/* [](url): show the URL rather than an invisible anchor. */
		if ((text = cmark_node_new(CMARK_NODE_TEXT)) == NULL)
			goto fail;
		if (!cmark_node_set_literal(text, url) ||
		    !cmark_node_append_child(custom, text)) {
			cmark_node_free(text);
			goto fail;
		}
	}
	if (!cmark_node_replace(link, custom))
		goto fail;
	cmark_node_free(link);
	return 0;
fail:
	cmark_node_free(custom);
	return -1;
}

/* Step 6: the reader's text of doc into b.  -1 if cmark fails. */
static int
md_text(cmark_node *doc, struct buf *b)
{
	cmark_iter		*it;
	cmark_event_type	 ev;
	cmark_node		*n;
	const char		*lit;

	if ((it = cmark_iter_new(doc)) == NULL)
		return -1;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_CODE_BLOCK:
			if (ev == CMARK_EVENT_ENTER &&
			    (lit = cmark_node_get_literal(n)) != NULL)
				buf_puts(b, lit);
			if (cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK)
				buf_putc(b, '\n');
			break;
		case CMARK_NODE_SOFTBREAK:
			buf_putc(b, ' ');
			break;
		case CMARK_NODE_LINEBREAK:
			buf_putc(b, '\n');
			break;
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
		case CMARK_NODE_ITEM:
		case CMARK_NODE_BLOCK_QUOTE:
		case CMARK_NODE_THEMATIC_BREAK:
			if (ev == CMARK_EVENT_EXIT ||
			    cmark_node_get_type(n) ==
			    CMARK_NODE_THEMATIC_BREAK)
				buf_putc(b, '\n');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	return 0;
}

/*
 * md_cook: renders src[0..len) to HTML in out (arena-owned, NUL-terminated,
 * out->len bytes) and, when links is not NULL, reports every link and
 * image URL in document order (arena-owned; dangerous ones included, as
 * the filters want to see them) and the text a reader gets (step 6).  src should be valid UTF-8; cmark
 * replaces invalid bytes and NUL with U+FFFD.  src may be NULL when len
 * is 0.  Returns 0, or -1 when cmark fails (out and links are then
 * empty).
 */
int
md_cook(struct arena *a, const char *src, size_t len, struct cooked *out,
    struct md_links *links)
{
	struct md_ctx	 c;
	struct buf	 text;
	cmark_node	*doc = NULL;
	char		*html = NULL;
	size_t		 i;
	int		 rc = -1;

	out->html = "";
	out->len = 0;
	if (links != NULL) {
		links->url = NULL;
		links->n = 0;
		links->text = "";
		links->text_len = 0;
	}
	memset(&c, 0, sizeof(c));
	c.a = a;

	if ((doc = cmark_parse_document(src == NULL ? "" : src, len,
	    MD_OPTS)) == NULL)
		goto out;
	if (md_walk(&c, doc) == -1)
		goto out;
	for (i = 0; i < c.raw.n; i++)
		cmark_node_free(c.raw.v[i]);
	for (i = 0; i < c.inimages.n; i++)
		if (md_image(&c, c.inimages.v[i], 1) == -1)
			goto out;
	for (i = 0; i < c.images.n; i++)
		if (md_image(&c, c.images.v[i], 0) == -1)
			goto out;
	for (i = 0; i < c.links.n; i++)
		if (md_link(&c, c.links.v[i]) == -1)
			goto out;
	if ((html = cmark_render_html(doc, MD_OPTS)) == NULL)
		goto out;

	out->len = strlen(html);
	out->html = arena_strndup(a, html, out->len);
	if (links != NULL) {
		buf_init(&text, a);
		buf_puts(&text, "");
		if (md_text(doc, &text) == -1)
			goto out;
		links->url = arena_calloc(a, c.urls.n + 1, sizeof(char *));
		for (i = 0; i < c.urls.n; i++)
			links->url[i] = c.urls.v[i];
		links->n = c.urls.n;
		links->text = text.p;
		links->text_len = text.len;
	}
	rc = 0;
out:
	if (rc == -1)
		log_err("md_cook: cmark failed");
	free(html);
	if (doc != NULL)
		cmark_node_free(doc);
	return rc;
}

/*
 * md_check_version: 0 when the cmark linked at run time is 0.29.0 or
 * newer (safe by default, CMARK_OPT_UNSAFE exists), else logs and -1.
 */
int
md_check_version(void)
{
	if (cmark_version() < ((0 << 16) | (29 << 8) | 0)) {
		log_err("cmark %s is too old: 0.29.0 or newer is required",
		    cmark_version_string());
		return -1;
	}
	return 0;
}

char *
md_plain(struct arena *a, const char *src, size_t len)
{
	cmark_node		*doc, *n;
	cmark_iter		*it;
	cmark_event_type	 ev;
	struct buf		 b;
	const char		*lit;

	buf_init(&b, a);
	buf_puts(&b, "");
	if ((doc = cmark_parse_document(src == NULL ? "" : src, len,
	    MD_OPTS)) == NULL)
		return b.p;
	if ((it = cmark_iter_new(doc)) == NULL) {
		cmark_node_free(doc);
		return b.p;
	}
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_CODE_BLOCK:
			if (ev == CMARK_EVENT_EXIT)
				break;
			if ((lit = cmark_node_get_literal(n)) != NULL)
				buf_puts(&b, lit);
			if (cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK)
				buf_putc(&b, ' ');
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(&b, ' ');
			break;
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
		case CMARK_NODE_ITEM:
		case CMARK_NODE_THEMATIC_BREAK:
			if (ev == CMARK_EVENT_EXIT && b.len > 0 &&
			    b.p[b.len - 1] != ' ')
				buf_putc(&b, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	/* code blocks keep their newlines: make them spaces */
	for (len = 0; len < b.len; len++)
		if (b.p[len] == '\n' || b.p[len] == '\t' || b.p[len] == '\r')
			b.p[len] = ' ';
	while (b.len > 0 && b.p[b.len - 1] == ' ')
		b.p[--b.len] = '\0';
	return b.p;
}
