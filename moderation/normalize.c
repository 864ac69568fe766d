/*
 * normalize.c: the text every detector reads.
 *
 * mod_norm() turns a post's UTF-8 into one canonical form and remembers,
 * for every output byte, which original bytes produced it, so that spans
 * found in the normalized text can be shown on the original.
 *
 * Pass 1, per code point (segment of a base and its combining marks):
 * invalid UTF-8 becomes U+FFFD; ICU's NFKC_Casefold does NFKC, full case
 * folding and removes default-ignorable code points (zero-width spaces and
 * joiners, bidi controls, variation selectors, soft hyphens); dashes of
 * every kind (‐‑‒–—―−﹣) become "-", every other space becomes " ", other
 * controls become " ".  ASCII takes a fast path (lower-case only), and so
 * do code points ICU says are normalization-inert (copied as they are
 * when no mapping applies); a kana or full-width form alone in its
 * segment is normalized once per process (cp1_init).
 * test_fast_paths_match_icu checks these against ICU alone.
 *
 * Pass 1b undoes lookalike letters inside Latin words: in a word holding
 * at least one ASCII letter, each Cyrillic, Greek, Armenian or small-
 * capital letter that looks like a Latin one becomes that letter
 * ("Теlеgrаm" with Cyrillic е and а reads "telegram"), so keyword rules
 * see through mixed scripts.  Words in one other script ("телеграм",
 * "αλφα") are left alone: they are words, not disguises; so are labels
 * of host names (next to ".", "/", "@" or "-"), which the link checks
 * judge as lookalike domains on their own letters.
 *
 * Pass 2 reads numbers: in a run of digits and separators holding at
 * least four digits, kanji digits (〇一二三四五六七八九) become ASCII
 * digits and the long vowel mark ー becomes "-", so that
 * "〇九〇ー一二三四ー五六七八" reads "090-1234-5678"; the middle dot ・
 * separates groups too ("〇五〇・三二一一・八八七四", left as it is for
 * the phone reader, which knows it).  Ordinary Japanese
 * ("一つ", "サポート") is left alone.
 *
 * mod_skeleton() gives the confusables skeleton (UTS #39, ICU uspoof) of
 * a string, without combining marks and case-folded again, for names and
 * domains.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unicode/utf16.h>

#include "moderation/mod_int.h"

struct obuf {
	char		*s;
	uint32_t	*map;
	uint32_t	*mapend;
	size_t		 len;
	size_t		 cap;
};

static int	 obuf_grow(struct obuf *, size_t);
static int	 obuf_cp(struct obuf *, UChar32, uint32_t, uint32_t);
static int	 obuf_raw(struct obuf *, const char *, uint32_t, uint32_t);
static void	 cp1_init(void);
static UChar32	 fold_extra(UChar32);
static int	 is_kanji_digit(UChar32);
static int	 pass2(const struct obuf *, struct obuf *);
static UChar32	 latin_lookalike(UChar32);
static void	 unmix(struct obuf *);

static int
obuf_grow(struct obuf *o, size_t need)
{
	size_t		 ncap;
	void		*p;

	if (o->len + need + 1 <= o->cap)
		return 0;
	ncap = o->cap ? o->cap : 64;
	while (ncap < o->len + need + 1)
		ncap *= 2;
	if ((p = realloc(o->s, ncap)) == NULL)
		return -1;
	o->s = p;
	if ((p = realloc(o->map, ncap * sizeof(uint32_t))) == NULL)
		return -1;
	o->map = p;
	if ((p = realloc(o->mapend, ncap * sizeof(uint32_t))) == NULL)
		return -1;
	o->mapend = p;
	o->cap = ncap;
	return 0;
}

static int
obuf_cp(struct obuf *o, UChar32 c, uint32_t os, uint32_t oe)
{
	size_t		 i, n;
	UBool		 err = 0;

	if (obuf_grow(o, 4) == -1)
		return -1;
	n = o->len;
	U8_APPEND((uint8_t *)o->s, n, o->cap, c, err);
	if (err)
		return -1;
	for (i = o->len; i < n; i++) {
		o->map[i] = os;
		o->mapend[i] = oe;
	}
	o->len = n;
	o->s[n] = '\0';
	return 0;
}

/* The bytes in[os..oe) of one well-formed code point, as they are. */
static int
obuf_raw(struct obuf *o, const char *in, uint32_t os, uint32_t oe)
{
	uint32_t	 k;

	if (o->len + (oe - os) + 1 > o->cap && obuf_grow(o, oe - os) == -1)
		return -1;
	for (k = os; k < oe; k++) {
		o->s[o->len] = in[k];
		o->map[o->len] = os;
		o->mapend[o->len++] = oe;
	}
	o->s[o->len] = '\0';
	return 0;
}

/*
 * NFKC_Casefold of one code point alone, for the blocks Japanese text
 * is made of: kana (U+3000-30FF) and the full- and half-width forms
 * (U+FF00-FFEF).  Most kana and every full-width form are not inert, so
 * each was a segment of its own given to unorm2_normalize(), a fifth of
 * normalizing a Japanese post; the same call is made once per code point
 * and process here.  len 0: not kept (the result is longer than 2 UTF-16
 * units, or ICU failed), normalized as before.
 */
#define CP1_A0	0x3000
#define CP1_A1	0x3100
#define CP1_B0	0xff00
#define CP1_B1	0xfff0

struct cp1 {
	UChar		 u[2];
	int8_t		 len;
};

static struct cp1 cp1_tab[(CP1_A1 - CP1_A0) + (CP1_B1 - CP1_B0)];
static pthread_once_t cp1_once = PTHREAD_ONCE_INIT;

static int
cp1_index(UChar32 c)
{
	if (c >= CP1_A0 && c < CP1_A1)
		return c - CP1_A0;
	if (c >= CP1_B0 && c < CP1_B1)
		return (CP1_A1 - CP1_A0) + (c - CP1_B0);
	return -1;
}

static void
cp1_init(void)
{
	const UNormalizer2 *n2;
	UErrorCode	 st = U_ZERO_ERROR;
	UChar		 in[1], out[8];
	UChar32		 c;
	int32_t		 n;
	int		 k;

	if ((n2 = unorm2_getNFKCCasefoldInstance(&st)) == NULL ||
	    U_FAILURE(st))
		return;
	for (c = 0; c < 0x10000; c++) {
		if ((k = cp1_index(c)) < 0)
			continue;
		in[0] = (UChar)c;
		st = U_ZERO_ERROR;
		n = unorm2_normalize(n2, in, 1, out, 8, &st);
		if (U_SUCCESS(st) && n >= 1 && n <= 2) {
			memcpy(cp1_tab[k].u, out, (size_t)n * sizeof(UChar));
			cp1_tab[k].len = (int8_t)n;
		}
	}
}

/*
 * Dashes, spaces and digits NFKC leaves distinct.  The digits are the
 * dingbat and double-circled ones (❶, ➀, ➊, ⓵, ⓿), which have no
 * compatibility decomposition (①, ⓪ and ⑴ have one) and spell phone
 * numbers no extractor would read otherwise.
 */
static UChar32
fold_extra(UChar32 c)
{
	/* Kana, CJK and Han: only U+3000 (a space) and U+30A0 change. */
	if (c > 0x3000 && c <= 0x9fff && c != 0x30a0)
		return c;
	if (c >= 0x2776 && c <= 0x2793 && (c - 0x2776) % 10 < 9)
		return '1' + (c - 0x2776) % 10;
	if (c >= 0x24f5 && c <= 0x24fd)
		return '1' + (c - 0x24f5);
	if (c == 0x24ff || c == 0x1f10b || c == 0x1f10c)
		return '0';
	if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xfe58 ||
	    c == 0xfe63 || c == 0xff0d || c == 0x2043 || c == 0x2500 ||
	    c == 0x2501 || c == 0x30a0)
		return '-';
	if (c == '\n')
		return c;
	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
		return ' ';
	if (c > 0x7f && u_isUWhiteSpace(c))
		return ' ';
	return c;
}

static int
is_kanji_digit(UChar32 c)
{
	switch (c) {
	case 0x3007: return 0;	/* 〇 */
	case 0x4e00: return 1;	/* 一 */
	case 0x4e8c: return 2;	/* 二 */
	case 0x4e09: return 3;	/* 三 */
	case 0x56db: return 4;	/* 四 */
	case 0x4e94: return 5;	/* 五 */
	case 0x516d: return 6;	/* 六 */
	case 0x4e03: return 7;	/* 七 */
	case 0x516b: return 8;	/* 八 */
	case 0x4e5d: return 9;	/* 九 */
	default: return -1;
	}
}

/* Class of a code point for number runs: 2 digit, 1 separator, 0 other. */
static int
numclass(UChar32 c)
{
	if ((c >= '0' && c <= '9') || is_kanji_digit(c) >= 0)
		return 2;
	if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' ||
	    c == '/' || c == 0x30fc || c == 0x30fb || c == 0x306e ||
	    c == '\n')
		return 1;
	return 0;
}

static int
pass2(const struct obuf *in, struct obuf *out)
{
	size_t		 i, j, k, runend, digits;
	UChar32		 c;
	int		 cls, special;

	/* Never longer than its input (digits and ー only shrink). */
	if (obuf_grow(out, in->len) == -1)
		return -1;
	i = 0;
	while (i < in->len) {
		/* Up to the next digit: copied in one go. */
		for (j = i; j < in->len; j = k) {
			k = j;
			U8_NEXT_UNSAFE(in->s, k, c);
			if (numclass(c) == 2)
				break;
		}
		if (j > i) {
			if (obuf_grow(out, j - i) == -1)
				return -1;
			memcpy(out->s + out->len, in->s + i, j - i);
			memcpy(out->map + out->len, in->map + i,
			    (j - i) * sizeof(*out->map));
			memcpy(out->mapend + out->len, in->mapend + i,
			    (j - i) * sizeof(*out->mapend));
			out->len += j - i;
			i = j;
			continue;
		}
		/* A number run starting at i: find its end and digits. */
		digits = 0;
		special = 0;
		runend = i;
		j = i;
		while (j < in->len) {
			k = j;
			U8_NEXT_UNSAFE(in->s, k, c);
			if ((cls = numclass(c)) == 0)
				break;
			if (cls == 2) {
				digits++;
				runend = k;
				if (c > 0x7f)
					special = 1;
			} else if (c == 0x30fc)
				special = 1;
			j = k;
		}
		for (j = i; j < runend; j = k) {
			k = j;
			U8_NEXT_UNSAFE(in->s, k, c);
			if (special && digits >= 4) {
				if (is_kanji_digit(c) >= 0)
					c = '0' + is_kanji_digit(c);
				else if (c == 0x30fc)
					c = '-';
			}
			if (obuf_cp(out, c, in->map[j], in->mapend[k - 1]) == -1)
				return -1;
		}
		i = runend;
	}
	if (obuf_grow(out, 1) == -1)
		return -1;
	out->s[out->len] = '\0';
	return 0;
}

/* The ASCII letter a (case-folded) lookalike stands for, or 0. */
static UChar32
latin_lookalike(UChar32 c)
{
	static const struct { UChar32 from; char to; } tab[] = {
		/* Cyrillic */
		{ 0x0430, 'a' }, { 0x0432, 'b' }, { 0x0433, 'r' },
		{ 0x0435, 'e' }, { 0x043a, 'k' },
		{ 0x043c, 'm' }, { 0x043d, 'h' }, { 0x043e, 'o' },
		{ 0x043f, 'n' }, { 0x0440, 'p' }, { 0x0441, 'c' },
		{ 0x0442, 't' }, { 0x0443, 'y' }, { 0x0445, 'x' },
		{ 0x044c, 'b' }, { 0x0451, 'e' }, { 0x0455, 's' },
		{ 0x0456, 'i' }, { 0x0457, 'i' }, { 0x0458, 'j' },
		{ 0x04bb, 'h' }, { 0x04cf, 'l' }, { 0x0501, 'd' },
		{ 0x051b, 'q' }, { 0x051d, 'w' }, { 0x0461, 'w' },
		/* Greek */
		{ 0x03b1, 'a' }, { 0x03b2, 'b' }, { 0x03b3, 'y' },
		{ 0x03b5, 'e' }, { 0x03b7, 'n' }, { 0x03b9, 'i' },
		{ 0x03ba, 'k' }, { 0x03bd, 'v' }, { 0x03bf, 'o' },
		{ 0x03c1, 'p' }, { 0x03c3, 'o' }, { 0x03c4, 't' },
		{ 0x03c5, 'u' }, { 0x03c7, 'x' }, { 0x03c9, 'w' },
		{ 0x03f2, 'c' }, { 0x03f3, 'j' },
		/* Armenian */
		{ 0x0561, 'w' }, { 0x0563, 'q' }, { 0x0566, 'q' },
		{ 0x0570, 'h' }, { 0x0575, 'j' }, { 0x0578, 'n' },
		{ 0x057d, 'u' }, { 0x0581, 'g' }, { 0x0585, 'o' },
		/* Latin letters that pass for others */
		{ 0x0131, 'i' }, { 0x0251, 'a' }, { 0x0261, 'g' },
		{ 0x0269, 'i' }, { 0x026a, 'i' }, { 0x029f, 'l' },
		{ 0x1d00, 'a' }, { 0x1d04, 'c' }, { 0x1d05, 'd' },
		{ 0x1d07, 'e' }, { 0x1d0a, 'j' }, { 0x1d0b, 'k' },
		{ 0x1d0d, 'm' }, { 0x1d0f, 'o' }, { 0x1d18, 'p' },
		{ 0x1d1b, 't' }, { 0x1d1c, 'u' }, { 0x1d20, 'v' },
		{ 0x1d21, 'w' }, { 0x1d22, 'z' }, { 0x0280, 'r' },
		{ 0x0274, 'n' }, { 0x0262, 'g' }, { 0x029c, 'h' },
		{ 0x0299, 'b' }, { 0x028f, 'y' }, { 0xa731, 's' },
	};
	size_t	 i;

	if (c < 0x0131)
		return 0;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (tab[i].from == c)
			return (UChar32)tab[i].to;
	return 0;
}

/*
 * Pass 1b, in place (a replacement is never longer than what it
 * replaces): in each word (letters, digits, '_') holding an ASCII letter,
 * lookalike letters become the Latin ones they imitate.
 */
static void
unmix(struct obuf *o)
{
	size_t		 i, ws, we, k, w, n;
	int32_t		 j;
	UChar32		 c;
	int		 ascii, look;

	i = 0;
	w = 0;
	while (i < o->len) {
		/* Find the next word [ws, we). */
		ws = i;
		ascii = look = 0;
		for (we = ws; we < o->len; ) {
			j = (int32_t)we;
			U8_NEXT_UNSAFE(o->s, j, c);
			if (!(u_isalnum(c) || c == '_') || c == 0x30fc ||
			    (c >= 0x3000 && c < 0xa000))
				break;
			if (c < 0x80 && ((c >= 'a' && c <= 'z')))
				ascii = 1;
			else if (latin_lookalike(c) != 0)
				look = 1;
			we = (size_t)j;
		}
		if (we == ws) {
			/* One non-word code point: copy it. */
			j = (int32_t)ws;
			U8_NEXT_UNSAFE(o->s, j, c);
			we = (size_t)j;
		}
		/*
		 * A label of a host name stays as written: the link checks
		 * judge lookalike domains on their own letters.
		 */
		if ((ws > 0 && (o->s[ws - 1] == '.' || o->s[ws - 1] == '/' ||
		    o->s[ws - 1] == '@' || o->s[ws - 1] == '-')) ||
		    (we < o->len && (o->s[we] == '.' || o->s[we] == '-') &&
		    we + 1 < o->len && o->s[we + 1] != ' ' &&
		    o->s[we + 1] != '\n'))
			look = 0;
		for (k = ws; k < we; ) {
			j = (int32_t)k;
			U8_NEXT_UNSAFE(o->s, j, c);
			n = (size_t)j - k;
			if (ascii && look && n > 1 && latin_lookalike(c) != 0) {
				o->s[w] = (char)latin_lookalike(c);
				o->map[w] = o->map[k];
				o->mapend[w] = o->mapend[k + n - 1];
				w++;
			} else {
				memmove(o->s + w, o->s + k, n);
				memmove(o->map + w, o->map + k, n * sizeof(*o->map));
				memmove(o->mapend + w, o->mapend + k,
				    n * sizeof(*o->mapend));
				w += n;
			}
			k += n;
		}
		i = we;
	}
	o->len = w;
	o->s[w] = '\0';
}

/*
 * Normalize in[0..len) into t (caller frees with mod_text_free).
 * Returns 0, or -1 on allocation failure.
 */
int
mod_norm(const char *in, size_t len, struct mod_text *t)
{
	const UNormalizer2 *n2;
	UErrorCode	 st = U_ZERO_ERROR;
	struct obuf	 a, b;
	UChar		 seg[64], outu[256];
	int32_t		 i, next, segstart, nseg, nout, k;
	UChar32		 c, d;
	int		 special = 0, mixed = 0;

	memset(t, 0, sizeof(*t));
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	t->olen = len;
	if ((n2 = unorm2_getNFKCCasefoldInstance(&st)) == NULL ||
	    U_FAILURE(st))
		return -1;
	if (obuf_grow(&a, len + 16) == -1)
		goto fail;
	i = 0;
	while ((size_t)i < len) {
		segstart = i;
		if ((unsigned char)in[i] < 0x80) {
			/* A run of ASCII, room made once: a byte each. */
			for (next = i; (size_t)next < len &&
			    (unsigned char)in[next] < 0x80; next++)
				;
			if (obuf_grow(&a, (size_t)(next - i)) == -1)
				goto fail;
			for (; i < next; i++) {
				c = (unsigned char)in[i];
				if (c >= 'A' && c <= 'Z')
					c += 'a' - 'A';
				else if (c < 0x20 && c != '\n')
					c = ' ';
				else if (c == 0x7f)
					c = ' ';
				a.s[a.len] = (char)c;
				a.map[a.len] = (uint32_t)i;
				a.mapend[a.len++] = (uint32_t)i + 1;
			}
			continue;
		}
		U8_NEXT(in, i, (int32_t)len, c);
		if (is_kanji_digit(c) >= 0 || c == 0x30fc || c == 0xff70)
			special = 1;
		if (c >= 0x0131 && c < 0x0590)
			mixed = 1;
		else if ((c >= 0x1d00 && c < 0x1d2c) || c == 0xa731 ||
		    (c >= 0x0400 && c < 0x0530))
			mixed = 1;
		if (c < 0)
			c = 0xfffd;
		if (unorm2_isInert(n2, c)) {
			d = fold_extra(c);
			if (d == c && c != 0xfffd) {
				/* Unchanged: the input's bytes (a valid UTF-8
				 * sequence encodes c the one way). */
				if (obuf_raw(&a, in, (uint32_t)segstart,
				    (uint32_t)i) == -1)
					goto fail;
			} else if (obuf_cp(&a, d, segstart, i) == -1)
				goto fail;
			continue;
		}
		/* A segment: c and following code points without boundary. */
		nseg = 0;
		U16_APPEND_UNSAFE(seg, nseg, c);
		while ((size_t)i < len && nseg < 40) {
			next = i;
			U8_NEXT(in, next, (int32_t)len, d);
			if (d < 0 || unorm2_hasBoundaryBefore(n2, d))
				break;
			U16_APPEND_UNSAFE(seg, nseg, d);
			i = next;
		}
		st = U_ZERO_ERROR;
		if (nseg == 1 && (k = cp1_index(c)) >= 0 &&
		    (pthread_once(&cp1_once, cp1_init), cp1_tab[k].len > 0)) {
			nout = cp1_tab[k].len;
			memcpy(outu, cp1_tab[k].u, (size_t)nout * sizeof(UChar));
		} else
			nout = unorm2_normalize(n2, seg, nseg, outu,
			    (int32_t)(sizeof(outu) / sizeof(outu[0])), &st);
		if (U_FAILURE(st)) {
			/* Absurd expansion: keep the first code point. */
			if (obuf_cp(&a, fold_extra(c), segstart, i) == -1)
				goto fail;
			continue;
		}
		for (k = 0; k < nout; ) {
			U16_NEXT(outu, k, nout, d);
			if (obuf_cp(&a, fold_extra(d), segstart, i) == -1)
				goto fail;
		}
	}
	a.s[a.len] = '\0';
	if (mixed)
		unmix(&a);
	if (!special) {
		/* Pure ASCII: no number words to read, pass 1 is the text. */
		t->s = a.s;
		t->len = a.len;
		t->map = a.map;
		t->mapend = a.mapend;
		return 0;
	}
	if (pass2(&a, &b) == -1)
		goto fail;
	free(a.s);
	free(a.map);
	free(a.mapend);
	t->s = b.s;
	t->len = b.len;
	t->map = b.map;
	t->mapend = b.mapend;
	return 0;
fail:
	free(a.s);
	free(a.map);
	free(a.mapend);
	free(b.s);
	free(b.map);
	free(b.mapend);
	return -1;
}

void
mod_text_free(struct mod_text *t)
{
	if (t == NULL)
		return;
	free(t->s);
	free(t->map);
	free(t->mapend);
	memset(t, 0, sizeof(*t));
}

/* Original byte span of normalized bytes [a, b). */
void
mod_text_span(const struct mod_text *t, size_t a, size_t b, size_t *oa,
    size_t *ob)
{
	if (t->len == 0 || a >= t->len) {
		*oa = *ob = t->olen;
		return;
	}
	if (b > t->len)
		b = t->len;
	if (b <= a)
		b = a + 1;
	*oa = t->map[a];
	*ob = t->mapend[b - 1];
	if (*ob < *oa)
		*ob = *oa;
}

/* 1 when s[0..len) is well-formed UTF-8 without NUL. */
int
mod_utf8_valid(const char *s, size_t len)
{
	int32_t		 i = 0;
	UChar32		 c;

	if (len > INT32_MAX)
		return 0;
	while ((size_t)i < len) {
		U8_NEXT(s, i, (int32_t)len, c);
		if (c <= 0)
			return 0;
	}
	return 1;
}

/*
 * Confusables skeleton of s[0..len), NFKC-casefolded again so that
 * skeletons compare case-insensitively.  *out is caller-frees.
 * Returns 0 or -1.
 */
int
mod_skeleton(const USpoofChecker *sc, const char *s, size_t len, char **out)
{
	UErrorCode	 st = U_ZERO_ERROR;
	struct mod_text	 t1, t2;
	char		*buf;
	int32_t		 n;

	*out = NULL;
	if (mod_norm(s, len, &t1) == -1)
		return -1;
	n = uspoof_getSkeletonUTF8(sc, 0, t1.s, (int32_t)t1.len, NULL, 0, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st)) {
		mod_text_free(&t1);
		return -1;
	}
	if ((buf = malloc((size_t)n + 1)) == NULL) {
		mod_text_free(&t1);
		return -1;
	}
	st = U_ZERO_ERROR;
	uspoof_getSkeletonUTF8(sc, 0, t1.s, (int32_t)t1.len, buf, n + 1, &st);
	mod_text_free(&t1);
	if (U_FAILURE(st)) {
		free(buf);
		return -1;
	}
	buf[n] = '\0';
	/* The skeleton is NFD: drop combining marks (bînance → binance). */
	{
		int32_t		 i = 0, o = 0, p;
		UChar32		 c;

		while (i < n) {
			p = i;
			U8_NEXT(buf, i, n, c);
			if (c >= 0 && u_charType(c) == U_NON_SPACING_MARK)
				continue;
			memmove(buf + o, buf + p, (size_t)(i - p));
			o += i - p;
		}
		n = o;
		buf[n] = '\0';
	}
	if (mod_norm(buf, (size_t)n, &t2) == -1) {
		free(buf);
		return -1;
	}
	free(buf);
	*out = t2.s;
	free(t2.map);
	free(t2.mapend);
	return 0;
}
