/*
 * input.c: query strings, urlencoded bodies and the Cookie header.
 *
 * Bytes in, pairs out; no h2o, no validation.  input_parse_form() makes
 * two passes: the first counts the non-empty '&'-separated segments so a
 * request with too many pairs is refused before anything is decoded or
 * allocated, the second decodes each key and value into one arena copy
 * (decoding only shrinks, so the raw length bounds the output).  A broken
 * escape anywhere refuses the whole input: a form that a browser could
 * not have produced is not worth half-reading.  Decoded values may hold
 * any byte, NUL included; the validators (valid.c) decide what is text.
 *
 * input_cookie() follows RFC 6265 section 5.4 as browsers send it:
 * "name=value" pairs separated by ';', optional whitespace around them,
 * names compared exactly, and a value in double quotes returned without
 * the quotes.  The first cookie with the name wins.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "lib/arena.h"
#include "lib/utf8.h"
#include "http/input.h"

static int	input_hex(unsigned char);
static int	input_decode(const char *, size_t, char *, size_t *, int);
static int	input_ows(unsigned char);

/* Value of an ASCII hex digit, or -1. */
static int
input_hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decodes s[0..len) (%XX to a byte, and '+' to space when plus is set) into
 * out, which has room for len + 1 bytes, and NUL-terminates it.  -1 on a
 * short or non-hex escape.
 */
static int
input_decode(const char *s, size_t len, char *out, size_t *outlen, int plus)
{
	size_t	 i, n = 0;
	int	 hi, lo;

	for (i = 0; i < len; i++) {
		if (plus && s[i] == '+')
			out[n++] = ' ';
		else if (s[i] == '%') {
			if (len - i < 3 ||
			    (hi = input_hex((unsigned char)s[i + 1])) < 0 ||
			    (lo = input_hex((unsigned char)s[i + 2])) < 0)
				return -1;
			out[n++] = (char)(hi << 4 | lo);
			i += 2;
		} else
			out[n++] = s[i];
	}
	out[n] = '\0';
	*outlen = n;
	return 0;
}

/*
 * input_parse_form: splits s[0..len) on '&' into decoded key/value pairs.
 * Empty segments are skipped; a segment without '=' has an empty value;
 * "=v" gives an empty key (no declared field matches it); only the first
 * '=' splits.  On success returns 0 with *out an arena-owned array of *n
 * pairs (never NULL, even when *n is 0).  Returns -1, with *out NULL and
 * *n 0, on a malformed escape or more than INPUT_MAX_PAIRS pairs.  s may
 * be NULL when len is 0.
 */
int
input_parse_form(struct arena *a, const char *s, size_t len,
    struct kv **out, size_t *n)
{
	struct kv	*kv;
	const char	*seg, *amp, *eq;
	char		*dst;
	size_t		 count = 0, i = 0, off, seglen, klen;

	*out = NULL;
	*n = 0;

	for (off = 0; off < len; off += seglen + 1) {
		seg = s + off;
		amp = memchr(seg, '&', len - off);
		seglen = amp == NULL ? len - off : (size_t)(amp - seg);
		if (seglen > 0 && ++count > INPUT_MAX_PAIRS)
			return -1;
	}

	kv = arena_calloc(a, count == 0 ? 1 : count, sizeof(*kv));
	for (off = 0; off < len; off += seglen + 1) {
		seg = s + off;
		amp = memchr(seg, '&', len - off);
		seglen = amp == NULL ? len - off : (size_t)(amp - seg);
		if (seglen == 0)
			continue;
		eq = memchr(seg, '=', seglen);
		klen = eq == NULL ? seglen : (size_t)(eq - seg);
		/* One region: key NUL value NUL. */
		dst = arena_alloc(a, seglen + 2);
		if (input_decode(seg, klen, dst, &kv[i].keylen, 1) == -1)
			return -1;
		kv[i].key = dst;
		dst += kv[i].keylen + 1;
		if (eq == NULL) {
			dst[0] = '\0';
			kv[i].vallen = 0;
		} else if (input_decode(eq + 1, seglen - klen - 1, dst,
		    &kv[i].vallen, 1) == -1)
			return -1;
		kv[i].val = dst;
		i++;
	}
	*out = kv;
	*n = i;
	return 0;
}

/* Optional whitespace around cookie pairs (RFC 6265 OWS: SP / HTAB). */
static int
input_ows(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/*
 * input_cookie: the value of the first cookie called name in the Cookie
 * header value hdr[0..hdrlen).  Returns a pointer into hdr (not
 * NUL-terminated) with *vlen set, or NULL when there is no such cookie or
 * name is empty.  Surrounding whitespace is trimmed from names and values;
 * one pair of enclosing double quotes is removed from the value.  Pairs
 * without '=' are ignored.  Bytes are compared exactly: "SID" is not "sid".
 */
const char *
input_cookie(const char *hdr, size_t hdrlen, const char *name, size_t *vlen)
{
	const char	*p, *semi, *eq, *k, *kend, *v, *vend;
	size_t		 nlen, off, plen;

	*vlen = 0;
	if (hdr == NULL || (nlen = strlen(name)) == 0)
		return NULL;
	for (off = 0; off < hdrlen; off += plen + 1) {
		p = hdr + off;
		semi = memchr(p, ';', hdrlen - off);
		plen = semi == NULL ? hdrlen - off : (size_t)(semi - p);
		semi = p + plen;
		if ((eq = memchr(p, '=', plen)) == NULL)
			continue;
		for (k = p; k < eq && input_ows((unsigned char)*k); k++)
			continue;
		for (kend = eq; kend > k && input_ows((unsigned char)kend[-1]);
		    kend--)
			continue;
		if ((size_t)(kend - k) != nlen || memcmp(k, name, nlen) != 0)
			continue;
		for (v = eq + 1; v < semi && input_ows((unsigned char)*v); v++)
			continue;
		for (vend = semi; vend > v && input_ows((unsigned char)vend[-1]);
		    vend--)
			continue;
		if (vend - v >= 2 && v[0] == '"' && vend[-1] == '"') {
			v++;
			vend--;
		}
		*vlen = (size_t)(vend - v);
		return v;
	}
	return NULL;
}

/*
 * input_path_param: percent-decodes one path segment s[0..len) ('+' stays
 * '+', as in a path).  Returns 0 with *out an arena-owned, NUL-terminated
 * copy, or -1 (with *out NULL) on a malformed escape, an encoded NUL or
 * '/', or bytes that are not UTF-8.
 */
int
input_path_param(struct arena *a, const char *s, size_t len,
    const char **out)
{
	char	*d = arena_alloc(a, len + 1);
	size_t	 n;

	*out = NULL;
	if (input_decode(s, len, d, &n, 0) == -1 || memchr(d, '\0', n) ||
	    memchr(d, '/', n) || !utf8_valid(d, n))
		return -1;
	*out = d;
	return 0;
}

/*
 * multipart/form-data.  The body is searched with memmem() for
 * "\r\n--boundary" only: part bodies are never scanned byte by byte, so a
 * 5 MB picture costs one pass.  Header lines of a part are split on CRLF;
 * only Content-Disposition is read (its name and whether it has a
 * filename); other headers, Content-Type included, are ignored, because
 * the type of an upload is decided by its content, never by what the
 * client says.
 */
static const char *mp_param(struct arena *, const char *, size_t,
		    const char *, size_t *);
static int	 mp_is(const char *, size_t, const char *);

/* 1 when s[0..n) starts with the ASCII word w, case ignored. */
static int
mp_is(const char *s, size_t n, const char *w)
{
	size_t	wl = strlen(w);

	return n >= wl && strncasecmp(s, w, wl) == 0;
}

/*
 * The value of parameter name in a header value h[0..hlen) ("form-data;
 * name=\"file\"; filename=\"a.png\""), unquoted (a quoted-string's
 * backslash escapes undone), arena-owned; NULL when absent or malformed.
 */
static const char *
mp_param(struct arena *a, const char *h, size_t hlen, const char *name,
    size_t *vlen)
{
	size_t		 i = 0, nl = strlen(name), ks, kl, j;
	char		*v;

	while (i < hlen) {
		while (i < hlen && h[i] != ';')
			i++;
		if (i >= hlen)
			return NULL;
		i++;
		while (i < hlen && input_ows((unsigned char)h[i]))
			i++;
		ks = i;
		while (i < hlen && h[i] != '=' && h[i] != ';' &&
		    !input_ows((unsigned char)h[i]))
			i++;
		kl = i - ks;
		while (i < hlen && input_ows((unsigned char)h[i]))
			i++;
		if (i >= hlen || h[i] != '=')
			continue;
		i++;
		while (i < hlen && input_ows((unsigned char)h[i]))
			i++;
		v = arena_alloc(a, hlen - i + 1);
		j = 0;
		if (i < hlen && h[i] == '"') {
			for (i++; i < hlen && h[i] != '"'; i++) {
				if (h[i] == '\\' && i + 1 < hlen)
					i++;
				v[j++] = h[i];
			}
			if (i >= hlen)
				return NULL;	/* unterminated quote */
			i++;
		} else
			while (i < hlen && h[i] != ';' &&
			    !input_ows((unsigned char)h[i]))
				v[j++] = h[i++];
		v[j] = '\0';
		if (kl == nl && strncasecmp(h + ks, name, nl) == 0) {
			*vlen = j;
			return v;
		}
	}
	return NULL;
}

int
input_parse_multipart(struct arena *a, const char *ctype, const char *s,
    size_t len, struct kv **out, size_t *n)
{
	const char	*b, *p, *end = s + len, *hend, *line, *eol, *dend;
	const char	*name, *fname;
	char		*delim, *d;
	size_t		 blen, dl, nl = 0, fl = 0, np = 0;
	struct kv	*kv;

	*out = NULL;
	*n = 0;
	if (ctype == NULL || !mp_is(ctype, strlen(ctype),
	    "multipart/form-data") || (ctype[19] != ';' && ctype[19] != ' '))
		return -1;
	if ((b = mp_param(a, ctype, strlen(ctype), "boundary", &blen)) ==
	    NULL || blen < 1 || blen > 70)
		return -1;
	/* "\r\n--" boundary: the first delimiter may open the body. */
	delim = arena_alloc(a, blen + 5);
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, b, blen);
	delim[blen + 4] = '\0';
	dl = blen + 4;
	kv = arena_calloc(a, INPUT_MAX_PARTS, sizeof(*kv));
	if (len >= dl - 2 && memcmp(s, delim + 2, dl - 2) == 0)
		p = s + dl - 2;
	else if ((p = memmem(s, len, delim, dl)) != NULL)
		p += dl;
	else
		return -1;
	for (;;) {
		/* After a delimiter: "--" closes, else padding and CRLF. */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return -1;
		p += 2;
		if (np == INPUT_MAX_PARTS)
			return -1;
		/* Headers, up to the blank line. */
		if (end - p >= 2 && p[0] == '\r' && p[1] == '\n')
			hend = p;
		else if ((hend = memmem(p, (size_t)(end - p), "\r\n\r\n", 4)) ==
		    NULL)
			return -1;
		else
			hend += 2;
		name = fname = NULL;
		for (line = p; line < hend; line = eol + 2) {
			eol = memmem(line, (size_t)(hend - line), "\r\n", 2);
			if (eol == NULL)
				return -1;
			if (mp_is(line, (size_t)(eol - line),
			    "content-disposition:")) {
				const char	*v = line + 20;
				size_t		 vl = (size_t)(eol - v);

				while (vl > 0 && input_ows((unsigned char)*v)) {
					v++;
					vl--;
				}
				if (!mp_is(v, vl, "form-data"))
					return -1;
				name = mp_param(a, v, vl, "name", &nl);
				fname = mp_param(a, v, vl, "filename", &fl);
			}
		}
		if (name == NULL || nl == 0)
			return -1;
		p = hend + 2;
		/* The body, up to the next delimiter. */
		if ((dend = memmem(p, (size_t)(end - p), delim, dl)) == NULL)
			return -1;
		d = arena_alloc(a, (size_t)(dend - p) + 1);
		memcpy(d, p, (size_t)(dend - p));
		d[dend - p] = '\0';
		kv[np].key = name;
		kv[np].keylen = nl;
		kv[np].val = d;
		kv[np].vallen = (size_t)(dend - p);
		kv[np].file = fname != NULL;
		np++;
		p = dend + dl;
	}
	*out = kv;
	*n = np;
	return 0;
}
