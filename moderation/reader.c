/*
 * reader.c: what a reader sees of a Markdown body, as the filters read it.
 *
 * A post is stored as Markdown and shown as HTML; a scammer writes the
 * source so that the words a reader sees are not in it: "&#84;elegram",
 * "support&#64;mail", "Tele<b></b>gram", "`+1 888`", "Tele**gram**",
 * "\@handle".  The server passes the exact text cmark renders
 * (mod_post.rendered, from app/view/md.c); this file gives every caller
 * (sodan-scan included, which has no Markdown renderer) the same view of
 * the source without one, and keeps a map from each byte of the view to
 * the source bytes it came from, so findings are still highlighted on the
 * stored source:
 *
 *  - character references: decimal and hexadecimal (&#64; &#x40;), and
 *    the named ones that spell ASCII and the common symbols (&commat;
 *    &period; &colon; &sol; &plus; &amp; &nbsp; …), as HTML5 defines
 *    them; an unknown name or a bad number stays as written;
 *  - raw HTML: tags (<b>, </span >, <a href=…>) and comments are
 *    dropped; an autolink (<https://…>, <name@host>) keeps its text;
 *  - backslash escapes of ASCII punctuation drop the backslash;
 *  - backticks of code spans and asterisks and tildes of emphasis are
 *    dropped (code spans are shown, so their text counts).
 *
 * It is an approximation of cmark (HTML blocks keep their text, which a
 * reader would not see: the filters read more, never less), used when
 * the caller gives no rendered text, and always for highlighting.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/utf8.h>

#include "moderation/mod_int.h"

struct rbuf {
	char		*s;
	uint32_t	*st;		/* source start of each byte */
	uint32_t	*en;		/* source end (exclusive) */
	size_t		 len;
	size_t		 cap;
};

static int	 rb_put(struct rbuf *, const char *, size_t, size_t, size_t);
static int	 entity(const char *, size_t, size_t, UChar32 *, size_t *);
static size_t	 html_tag(const char *, size_t, size_t, int *);

static int
rb_put(struct rbuf *b, const char *p, size_t n, size_t s, size_t e)
{
	size_t		 i, ncap;
	void		*q;

	if (b->len + n + 1 > b->cap) {
		ncap = b->cap ? b->cap : 64;
		while (ncap < b->len + n + 1)
			ncap *= 2;
		if ((q = realloc(b->s, ncap)) == NULL)
			return -1;
		b->s = q;
		if ((q = realloc(b->st, ncap * sizeof(uint32_t))) == NULL)
			return -1;
		b->st = q;
		if ((q = realloc(b->en, ncap * sizeof(uint32_t))) == NULL)
			return -1;
		b->en = q;
		b->cap = ncap;
	}
	for (i = 0; i < n; i++) {
		b->s[b->len] = p[i];
		b->st[b->len] = (uint32_t)s;
		b->en[b->len++] = (uint32_t)e;
	}
	b->s[b->len] = '\0';
	return 0;
}

/*
 * A character reference at s[i] ('&'): its code point in *cp and its
 * length in *n.  Returns 1, or 0 when it is not one.
 */
static int
entity(const char *s, size_t len, size_t i, UChar32 *cp, size_t *n)
{
	static const struct { const char *name; UChar32 cp; } named[] = {
		{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
		{ "apos", '\'' }, { "nbsp", 0xa0 }, { "commat", '@' },
		{ "period", '.' }, { "colon", ':' }, { "semi", ';' },
		{ "sol", '/' }, { "bsol", '\\' }, { "plus", '+' },
		{ "num", '#' }, { "lowbar", '_' }, { "hyphen", 0x2010 },
		{ "dash", 0x2010 }, { "ndash", 0x2013 }, { "mdash", 0x2014 },
		{ "minus", 0x2212 }, { "excl", '!' }, { "quest", '?' },
		{ "lpar", '(' }, { "rpar", ')' }, { "lsqb", '[' },
		{ "rsqb", ']' }, { "lbrack", '[' }, { "rbrack", ']' },
		{ "lcub", '{' }, { "rcub", '}' }, { "lbrace", '{' },
		{ "rbrace", '}' }, { "ast", '*' }, { "midast", '*' },
		{ "comma", ',' }, { "equals", '=' }, { "dollar", '$' },
		{ "percnt", '%' }, { "verbar", '|' }, { "vert", '|' },
		{ "Hat", '^' }, { "grave", '`' }, { "tilde", '~' },
		{ "zwj", 0x200d }, { "zwnj", 0x200c }, { "shy", 0xad },
		{ "ensp", 0x2002 }, { "emsp", 0x2003 }, { "thinsp", 0x2009 },
		{ "NewLine", '\n' }, { "Tab", '\t' }, { "star", 0x2606 },
		{ "starf", 0x2605 }, { "check", 0x2713 }, { "checkmark", 0x2713 },
		{ "copy", 0xa9 }, { "reg", 0xae }, { "trade", 0x2122 },
		{ "middot", 0xb7 }, { "bull", 0x2022 }, { "hellip", 0x2026 },
	};
	size_t		 j, k;
	unsigned long	 v = 0;
	int		 hex = 0, digits = 0;

	if (i + 2 >= len || s[i] != '&')
		return 0;
	j = i + 1;
	if (s[j] == '#') {
		j++;
		if (j < len && (s[j] == 'x' || s[j] == 'X')) {
			hex = 1;
			j++;
		}
		for (; j < len && digits < 8; j++, digits++) {
			if (s[j] >= '0' && s[j] <= '9')
				v = v * (hex ? 16 : 10) + (unsigned long)(s[j] - '0');
			else if (hex && s[j] >= 'a' && s[j] <= 'f')
				v = v * 16 + (unsigned long)(s[j] - 'a' + 10);
			else if (hex && s[j] >= 'A' && s[j] <= 'F')
				v = v * 16 + (unsigned long)(s[j] - 'A' + 10);
			else
				break;
		}
		if (digits == 0 || j >= len || s[j] != ';')
			return 0;
		/* HTML: 0, surrogates and beyond Unicode read U+FFFD. */
		if (v == 0 || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
			v = 0xfffd;
		*cp = (UChar32)v;
		*n = j + 1 - i;
		return 1;
	}
	for (k = j; k < len && k - j < 32 && ((s[k] >= 'a' && s[k] <= 'z') ||
	    (s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= '0' && s[k] <= '9')); k++)
		continue;
	if (k == j || k >= len || s[k] != ';')
		return 0;
	for (v = 0; v < sizeof(named) / sizeof(named[0]); v++)
		if (strlen(named[v].name) == k - j &&
		    memcmp(named[v].name, s + j, k - j) == 0) {
			*cp = named[v].cp;
			*n = k + 1 - i;
			return 1;
		}
	return 0;
}

/*
 * Raw HTML at s[i] ('<'): the length of a tag or comment to drop (and
 * *autolink 0), or of an autolink "<scheme:…>" / "<a@b>" whose brackets
 * alone are dropped (*autolink 1); 0 when neither.
 */
static size_t
html_tag(const char *s, size_t len, size_t i, int *autolink)
{
	size_t		 j, k;
	int		 q = 0;

	*autolink = 0;
	if (i + 2 >= len)
		return 0;
	if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
		for (j = i + 4; j + 2 < len; j++)
			if (memcmp(s + j, "-->", 3) == 0)
				return j + 3 - i;
		return 0;
	}
	/* Autolink: no space, no '<', holds ':' or '@', ends with '>'. */
	for (j = i + 1; j < len && s[j] != '>' && s[j] != '<' &&
	    (unsigned char)s[j] > ' '; j++)
		continue;
	if (j < len && s[j] == '>' && j > i + 1 &&
	    memchr(s + i + 1, ':', j - i - 1) != NULL) {
		*autolink = 1;
		return j + 1 - i;
	}
	if (j < len && s[j] == '>' && j > i + 1 &&
	    memchr(s + i + 1, '@', j - i - 1) != NULL &&
	    !((s[i + 1] >= 'a' && s[i + 1] <= 'z') && memchr(s + i + 1, '=',
	    j - i - 1) != NULL)) {
		*autolink = 1;
		return j + 1 - i;
	}
	/* Open or closing tag: a letter, then name, attributes, '>'. */
	j = i + 1;
	if (s[j] == '/')
		j++;
	if (j >= len || !((s[j] >= 'a' && s[j] <= 'z') ||
	    (s[j] >= 'A' && s[j] <= 'Z')))
		return 0;
	for (k = j; k < len && k - i < 512; k++) {
		if (q != 0) {
			if (s[k] == q)
				q = 0;
			continue;
		}
		if (s[k] == '"' || s[k] == '\'')
			q = s[k];
		else if (s[k] == '>')
			return k + 1 - i;
		else if (s[k] == '<')
			return 0;
	}
	return 0;
}

/*
 * The reader's view of the Markdown in[0..len).  Returns 1 and fills
 * *out (NUL-terminated, *outlen bytes) and per byte the source span
 * [*st, *en) (all caller-frees) when it differs from the source; 0 when
 * it is the source itself (nothing allocated); -1 on allocation failure.
 */
int
mod_reader(const char *in, size_t len, char **out, size_t *outlen,
    uint32_t **st, uint32_t **en)
{
	static const char marks[] = "&<\\`*~";
	struct rbuf	 b;
	size_t		 i, n, k;
	UChar32		 cp;
	char		 u8[4];
	int		 changed = 0, autolink, err;
	int32_t		 ul;

	*out = NULL;
	*outlen = 0;
	*st = *en = NULL;
	if (len == 0 || len > UINT32_MAX - 1)
		return 0;
	/* Fast path: nothing this file reads (memchr: vectorized). */
	for (k = 0; k < sizeof(marks) - 1; k++)
		if (memchr(in, marks[k], len) != NULL)
			break;
	if (k == sizeof(marks) - 1)
		return 0;
	memset(&b, 0, sizeof(b));
	for (i = 0; i < len; ) {
		switch (in[i]) {
		case '&':
			if (entity(in, len, i, &cp, &n)) {
				ul = 0;
				err = 0;
				U8_APPEND(u8, ul, 4, cp, err);
				if (err)
					break;
				if (rb_put(&b, u8, (size_t)ul, i, i + n) == -1)
					goto fail;
				i += n;
				changed = 1;
				continue;
			}
			break;
		case '<':
			if ((n = html_tag(in, len, i, &autolink)) > 0) {
				if (autolink) {
					for (k = i + 1; k < i + n - 1; k++)
						if (rb_put(&b, in + k, 1, k,
						    k + 1) == -1)
							goto fail;
				}
				i += n;
				changed = 1;
				continue;
			}
			break;
		case '\\':
			if (i + 1 < len && (unsigned char)in[i + 1] < 0x80 &&
			    strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
			    in[i + 1]) != NULL && in[i + 1] != '\0') {
				if (rb_put(&b, in + i + 1, 1, i, i + 2) == -1)
					goto fail;
				i += 2;
				changed = 1;
				continue;
			}
			break;
		case '`':
		case '*':
		case '~':
			i++;
			changed = 1;
			continue;
		default:
			break;
		}
		if (rb_put(&b, in + i, 1, i, i + 1) == -1)
			goto fail;
		i++;
	}
	if (!changed) {
		free(b.s);
		free(b.st);
		free(b.en);
		return 0;
	}
	if (b.s == NULL && rb_put(&b, "", 0, 0, 0) == -1)
		goto fail;
	*out = b.s;
	*outlen = b.len;
	*st = b.st;
	*en = b.en;
	return 1;
fail:
	free(b.s);
	free(b.st);
	free(b.en);
	return -1;
}

/*
 * Normalize the reader's view of in[0..len) into t, with t's map pointing
 * into in (the source).  Returns 0 or -1.
 */
int
mod_norm_reader(const char *in, size_t len, struct mod_text *t)
{
	char		*v;
	size_t		 vlen, i, e;
	uint32_t	*st, *en;
	int		 rc;

	if ((rc = mod_reader(in, len, &v, &vlen, &st, &en)) <= 0)
		return rc == 0 ? mod_norm(in, len, t) : -1;
	if (mod_norm(v, vlen, t) == -1) {
		free(v);
		free(st);
		free(en);
		return -1;
	}
	for (i = 0; i < t->len; i++) {
		e = t->mapend[i];
		t->map[i] = t->map[i] < vlen ? st[t->map[i]] : (uint32_t)len;
		t->mapend[i] = e > 0 && e <= vlen ? en[e - 1] : (uint32_t)len;
	}
	t->olen = len;
	free(v);
	free(st);
	free(en);
	return 0;
}
