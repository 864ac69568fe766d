/*
 * bayes.c: features, the learned classifier and simhash.
 *
 * Features are 64-bit FNV-1a hashes of short strings with a prefix:
 *   w:word	words of the normalized text (UAX #29-like runs of letters
 *		and digits; numbers become their digit count, "n:5"), at
 *		most 40 bytes; see mod_text_tokens() on ICU word break;
 *   p:w1 w2	adjacent word pairs (a cheap sparse bigram, as OSB does);
 *   x:prefix	the first six letters of each word of nine bytes or more
 *		(a crude stem: "subscribe", "subscribed" and "subscribers"
 *		share "x:subscr", "withdrawal" and "withdrawing" "x:withdr");
 *   b:xy	character bigrams of Han/kana runs (Japanese is not spaced);
 *   d:domain	registrable domains of links;  f:name  detector outcomes
 *		(added by check.c).
 * Words and bigrams come from the first 2,000 bytes of each field only: a
 * long document holds every common word, and since counts are per
 * document, long spam (video descriptions) would make "the" spammy.
 *
 * The classifier is Robinson's chi-square combining as SpamBayes uses
 * it: each known feature gives f(w) = (s·x + n·p(w)) / (s + n) with
 * p(w) = spam ratio / (spam ratio + ham ratio), s = 0.45, x = 0.5; the
 * 150 features farthest from 0.5 (at least 0.1 away) are combined by two
 * chi-square tests into a probability.  Counts are per post (a feature
 * counts once per post).  The library only computes: the caller keeps the
 * counts (in a database, or in the struct mod_bayes table below, which
 * reads and writes a text file).
 *
 * Simhash (Charikar): the sum over features of ±1 per bit, sign → bit,
 * over the first 128 words and 128 Han/kana bigrams (enough for near
 * duplicates, and it is the costliest part of tokenizing).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "moderation/mod_int.h"

#define ROB_S		0.45
#define ROB_X		0.5
#define MIN_STRENGTH	0.1
#define MAX_DISCRIM	150
#define TOKEN_BYTES	2000	/* features come from the first 2,000 bytes */
#define SIMHASH_WORDS	128	/* simhash of the first 128 words, bigrams */
#define PREFIX_CHARS	6	/* x: the first six letters ... */
#define PREFIX_MIN	9	/* ... of words of at least nine bytes */

struct bentry {
	uint64_t	 h;		/* 0: empty */
	uint32_t	 ham;
	uint32_t	 spam;
};

struct mod_bayes {
	struct bentry	*v;
	size_t		 cap;
	size_t		 n;
	uint32_t	 nham;
	uint32_t	 nspam;
};

struct clue {
	double		 f;
	double		 d;
};

static double	 chi2q(double, int);
static int	 cmp_clue(const void *, const void *);
static int	 cmp_u64(const void *, const void *);
static int	 bayes_grow(struct mod_bayes *);
static struct bentry *bayes_slot(const struct mod_bayes *, uint64_t);
struct simacc;
static void	 simhash_add(struct simacc *, uint64_t);
static int	 tokens_plain(const struct mod_text *, struct mod_features *,
		    struct simacc *);
static size_t	 prefix_len(const char *, size_t);

/* FNV-1a over s[0..len) continuing from seed (0: the standard basis). */
uint64_t
mod_hash(const char *s, size_t len, uint64_t seed)
{
	uint64_t	 h = seed ? seed : 0xcbf29ce484222325ULL;
	size_t		 i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h ? h : 1;
}

int
mod_features_add(struct mod_features *f, uint64_t h)
{
	void		*p;
	size_t		 ncap;

	if (f->n == f->cap) {
		ncap = f->cap ? f->cap * 2 : 512;
		if ((p = realloc(f->h, ncap * sizeof(*f->h))) == NULL)
			return -1;
		f->h = p;
		f->cap = ncap;
	}
	f->h[f->n++] = h;
	return 0;
}

void
mod_features_free(struct mod_features *f)
{
	if (f == NULL)
		return;
	free(f->h);
	memset(f, 0, sizeof(*f));
}

int
mod_is_cjk(UChar32 c)
{
	return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) ||
	    (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
	    c == 0x3005;
}

/*
 * Simhash counters, bit-sliced: plane[p] holds bit p of the count of
 * features with each of the 64 bits set, so adding a feature is a
 * ripple-carry add of its hash into the planes (about two steps on
 * average) instead of 64 counters.  At most 2 x SIMHASH_WORDS = 256
 * features per field: nine planes.  A bit of the simhash is set when
 * more than half of the n features have it (the sum of +1 and -1 per
 * feature is positive).  The 16-bit counters added a byte of the hash
 * at a time from a table before, 3 % of the check.
 */
struct simacc {
	uint64_t	 plane[9];
	unsigned	 n;
};

static void
simhash_add(struct simacc *acc, uint64_t h)
{
	uint64_t	 carry = h, t;
	int		 p;

	if (acc == NULL)
		return;
	acc->n++;
	for (p = 0; carry != 0 && p < 9; p++) {
		t = acc->plane[p] & carry;
		acc->plane[p] ^= carry;
		carry = t;
	}
}

/*
 * Bit k is set when ones_k, the count in the planes' lane k, exceeds half
 * of n: ones_k >= m with m = n / 2 + 1, compared in all 64 lanes at once
 * from the top plane down (gt: already greater, eq: equal so far).  The
 * same test as 2 * ones_k > n lane by lane, without 576 bit extractions.
 */
static uint64_t
simhash_value(const struct simacc *acc)
{
	uint64_t	 gt = 0, eq = ~0ULL;
	unsigned	 m = acc->n / 2 + 1;
	int		 p;

	if (m >= 1u << 9)
		return 0;	/* nine planes count at most 511 */
	for (p = 8; p >= 0; p--) {
		if ((m >> p) & 1)
			eq &= acc->plane[p];
		else {
			gt |= eq & acc->plane[p];
			eq &= ~acc->plane[p];
		}
	}
	return gt | eq;
}

/*
 * Han/kana bigrams of the whole text.  ASCII ends a run, so it is passed
 * over eight bytes at a time when it can be; the three bytes of
 * U+3000..U+9FFF (lead E3..E9, where kana and the common Han are) are
 * decoded in place; anything else goes through U8_NEXT as before.
 */
static int
tokens_plain(const struct mod_text *t, struct mod_features *f,
    struct simacc *acc)
{
	const unsigned char *s = (const unsigned char *)t->s;
	int32_t		 i = 0, prev = -1, prevlen = 0, st, n = 0;
	int32_t		 len = (int32_t)t->len;
	UChar32		 c;
	uint64_t	 h, v, bh = mod_hash("b:", 2, 0);

	while (i < len) {
		if (s[i] < 0x80) {
			prev = -1;
			i++;
			while (i + 8 <= len) {
				memcpy(&v, s + i, sizeof(v));
				if (v & 0x8080808080808080ULL)
					break;
				i += 8;
			}
			continue;
		}
		st = i;
		if (s[i] >= 0xe3 && s[i] <= 0xe9 && i + 2 < len &&
		    (s[i + 1] & 0xc0) == 0x80 && (s[i + 2] & 0xc0) == 0x80) {
			c = ((UChar32)(s[i] & 0x0f) << 12) |
			    ((UChar32)(s[i + 1] & 0x3f) << 6) | (s[i + 2] & 0x3f);
			i += 3;
		} else
			U8_NEXT(t->s, i, len, c);
		if (c < 0 || !mod_is_cjk(c)) {
			prev = -1;
			continue;
		}
		if (prev >= 0) {
			h = mod_hash(t->s + prev, (size_t)(prevlen + (i - st)),
			    bh);
			if (mod_features_add(f, h) == -1)
				return -1;
			if (++n <= SIMHASH_WORDS)
				simhash_add(acc, h);
		}
		prev = st;
		prevlen = i - st;
	}
	return 0;
}

/*
 * Bytes of the first PREFIX_CHARS code points of the word s[0..len), or
 * 0 when the word is shorter than PREFIX_MIN bytes or no longer than its
 * prefix (then the prefix would only repeat the word).
 */
static size_t
prefix_len(const char *s, size_t len)
{
	size_t		 i, chars = 0;

	if (len < PREFIX_MIN)
		return 0;
	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 &&
		    chars++ == PREFIX_CHARS)
			return i;
	return 0;
}

/*
 * Append the features of normalized text t to f: words (runs of letters
 * and digits other than Han and kana, with inner apostrophes, hyphens
 * and dots between digits, as UAX #29 keeps them), word pairs, the
 * prefixes of long words and Han/kana bigrams.  tmpl is unused (kept for
 * a word-break iterator; see below).  When simhash is not NULL it
 * receives the text's simhash, of the words and bigrams (not of the
 * prefixes).
 *
 * ICU's word break iterator was the first choice and is measured too
 * slow here: 30 us per KB of English and 85 us per KB of Japanese (its
 * dictionary segmentation) against a budget of 50 us for the whole
 * check.  Japanese is covered by bigrams anyway, which need no
 * dictionary; the Latin rules of UAX #29 that matter for spam are the
 * ones above.  Returns 0 or -1.
 */
int
mod_text_tokens(const UBreakIterator *tmpl, const struct mod_text *t,
    struct mod_features *f, uint64_t *simhash)
{
	struct simacc	 acc, *sacc;
	uint64_t	 h, prevh = 0, wh = mod_hash("w:", 2, 0);
	uint64_t	 xh = mod_hash("x:", 2, 0);
	char		 num[16];
	size_t		 len, a, i, next, digits, pl;
	int32_t		 j;
	UChar32		 c;
	int		 alnum, alpha, nwords = 0;
	struct mod_text	 tt;

	(void)tmpl;
	memset(&acc, 0, sizeof(acc));
	sacc = simhash != NULL ? &acc : NULL;
	/*
	 * Only the start of long texts: otherwise a long document holds
	 * every common word and document counts favour its class.
	 */
	len = t->len;
	if (len > TOKEN_BYTES) {
		len = TOKEN_BYTES;
		while (len > 0 && ((unsigned char)t->s[len] & 0xc0) == 0x80)
			len--;
	}
	for (i = 0; i < len; ) {
		/* Find the start of a word. */
		c = (unsigned char)t->s[i];
		if (c < 0x80) {
			next = i + 1;
			alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
			    || c == '_';
		} else {
			/* U+3000..U+9FFF (kana, Han) decoded in place. */
			if (c >= 0xe3 && c <= 0xe9 && i + 2 < len &&
			    ((unsigned char)t->s[i + 1] & 0xc0) == 0x80 &&
			    ((unsigned char)t->s[i + 2] & 0xc0) == 0x80) {
				c = ((UChar32)(c & 0x0f) << 12) |
				    ((UChar32)((unsigned char)t->s[i + 1] &
				    0x3f) << 6) |
				    ((unsigned char)t->s[i + 2] & 0x3f);
				next = i + 3;
			} else {
				j = (int32_t)i;
				U8_NEXT(t->s, j, (int32_t)len, c);
				next = (size_t)j;
			}
			alnum = c > 0 && !mod_is_cjk(c) && u_isalnum(c);
		}
		if (!alnum) {
			if (c == '\n' || c == '.' || c == '!' || c == '?' ||
			    c == 0x3002)
				prevh = 0;
			i = next;
			continue;
		}
		a = i;
		digits = 0;
		alpha = 0;
		while (i < len) {
			c = (unsigned char)t->s[i];
			if (c < 0x80) {
				if ((c >= 'a' && c <= 'z') || c == '_') {
					alpha = 1;
					i++;
					continue;
				}
				if (c >= '0' && c <= '9') {
					digits++;
					i++;
					continue;
				}
				/* don't, e-mail, 1.5, 4,500 */
				if ((c == '\'' || c == '-' || ((c == '.' ||
				    c == ',') && i > a && t->s[i - 1] >= '0' &&
				    t->s[i - 1] <= '9')) && i + 1 < len &&
				    ((unsigned char)t->s[i + 1] >= 0x80 ||
				    isalnum((unsigned char)t->s[i + 1]))) {
					i++;
					continue;
				}
				break;
			}
			j = (int32_t)i;
			U8_NEXT(t->s, j, (int32_t)len, c);
			if (c < 0 || !(u_isalnum(c) || (u_getIntPropertyValue(c,
			    UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK)) ||
			    mod_is_cjk(c))
				break;
			alpha = 1;
			i = (size_t)j;
		}
		if (i - a > 40) {
			prevh = 0;
			continue;
		}
		if (!alpha) {
			/* "n:" and the digit count (snprintf was 1 %). */
			char	 dig[24];
			size_t	 nd = 0, nn = 2, v = digits;

			do {
				dig[nd++] = (char)('0' + v % 10);
				v /= 10;
			} while (v > 0 && nd < sizeof(dig));
			num[0] = 'n';
			num[1] = ':';
			while (nd > 0 && nn < sizeof(num) - 1)
				num[nn++] = dig[--nd];
			num[nn] = '\0';
			h = mod_hash(num, nn, 0);
		} else
			h = mod_hash(t->s + a, i - a, wh);
		if (mod_features_add(f, h) == -1)
			return -1;
		if (++nwords <= SIMHASH_WORDS)
			simhash_add(sacc, h);
		if (prevh != 0 && mod_features_add(f, mod_hash((const char *)
		    &h, sizeof(h), prevh ^ 0x9e3779b97f4a7c15ULL)) == -1)
			return -1;
		prevh = h;
		if (alpha && (pl = prefix_len(t->s + a, i - a)) > 0 &&
		    mod_features_add(f, mod_hash(t->s + a, pl, xh)) == -1)
			return -1;
	}
	tt = *t;
	tt.len = len;
	if (tokens_plain(&tt, f, sacc) == -1)
		return -1;
	if (simhash != NULL)
		*simhash = simhash_value(&acc);
	return 0;
}

int
mod_text_features(const char *text, size_t len, struct mod_features *f)
{
	struct mod_text	 t;
	int		 rc;

	if (mod_norm(text, len, &t) == -1)
		return -1;
	rc = mod_text_tokens(NULL, &t, f, NULL);
	mod_text_free(&t);
	return rc;
}

uint64_t
mod_simhash(const char *text, size_t len)
{
	struct mod_text	 t;
	struct mod_features f;
	uint64_t	 h = 0;

	memset(&f, 0, sizeof(f));
	if (mod_norm(text, len, &t) == -1)
		return 0;
	if (mod_text_tokens(NULL, &t, &f, &h) == -1)
		h = 0;
	mod_text_free(&t);
	mod_features_free(&f);
	return h;
}

int
mod_simhash_distance(uint64_t a, uint64_t b)
{
	return __builtin_popcountll(a ^ b);
}

/* Upper tail of the chi-square distribution with v (even) degrees. */
static double
chi2q(double x2, int v)
{
	double		 m = x2 / 2.0, sum, term;
	int		 i;

	sum = term = exp(-m);
	for (i = 1; i < v / 2; i++) {
		term *= m / i;
		sum += term;
	}
	return sum < 1.0 ? sum : 1.0;
}

static int
cmp_clue(const void *a, const void *b)
{
	const struct clue *x = a, *y = b;

	return x->d < y->d ? 1 : x->d > y->d ? -1 : 0;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t	 x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

double
mod_bayes_score_counts(const struct mod_features *f, const uint32_t *ham,
    const uint32_t *spam, uint32_t nham, uint32_t nspam)
{
	struct clue	*c;
	size_t		 i, n = 0;
	double		 hr, sr, p, fw, cnt, sl = 0, hl = 0, S, H;
	int		 e1, e2;

	if (f->n == 0 || nham == 0 || nspam == 0)
		return 0.5;
	if ((c = malloc(f->n * sizeof(*c))) == NULL)
		return 0.5;
	for (i = 0; i < f->n; i++) {
		cnt = (double)ham[i] + spam[i];
		if (cnt == 0)
			continue;
		hr = (double)ham[i] / nham;
		sr = (double)spam[i] / nspam;
		p = sr / (hr + sr);
		fw = (ROB_S * ROB_X + cnt * p) / (ROB_S + cnt);
		if (fabs(fw - 0.5) < MIN_STRENGTH)
			continue;
		c[n].f = fw;
		c[n].d = fabs(fw - 0.5);
		n++;
	}
	if (n == 0) {
		free(c);
		return 0.5;
	}
	qsort(c, n, sizeof(*c), cmp_clue);
	if (n > MAX_DISCRIM)
		n = MAX_DISCRIM;
	/* Products in frexp form to avoid underflow, as SpamBayes does. */
	{
		double	 Hp = 1.0, Sp = 1.0;

		e1 = e2 = 0;
		for (i = 0; i < n; i++) {
			int	 e;

			Sp *= 1.0 - c[i].f;
			Hp *= c[i].f;
			if (Sp < 1e-200) {
				Sp = frexp(Sp, &e);
				e1 += e;
			}
			if (Hp < 1e-200) {
				Hp = frexp(Hp, &e);
				e2 += e;
			}
		}
		sl = log(Sp) + e1 * M_LN2;
		hl = log(Hp) + e2 * M_LN2;
	}
	S = 1.0 - chi2q(-2.0 * sl, 2 * (int)n);
	H = 1.0 - chi2q(-2.0 * hl, 2 * (int)n);
	free(c);
	return (S - H + 1.0) / 2.0;
}

int
mod_bayes_train(const struct mod_features *f, int spam, int sign,
    struct mod_bayes_delta *d)
{
	size_t		 i, n;

	memset(d, 0, sizeof(*d));
	d->spam = spam ? 1 : 0;
	d->sign = sign < 0 ? -1 : 1;
	if (f->n == 0)
		return 0;
	if ((d->h = malloc(f->n * sizeof(*d->h))) == NULL)
		return -1;
	memcpy(d->h, f->h, f->n * sizeof(*d->h));
	qsort(d->h, f->n, sizeof(*d->h), cmp_u64);
	for (i = 0, n = 0; i < f->n; i++)
		if (n == 0 || d->h[n - 1] != d->h[i])
			d->h[n++] = d->h[i];
	d->n = n;
	return 0;
}

void
mod_bayes_delta_free(struct mod_bayes_delta *d)
{
	if (d == NULL)
		return;
	free(d->h);
	memset(d, 0, sizeof(*d));
}

struct mod_bayes *
mod_bayes_new(void)
{
	return calloc(1, sizeof(struct mod_bayes));
}

void
mod_bayes_free(struct mod_bayes *b)
{
	if (b == NULL)
		return;
	free(b->v);
	free(b);
}

static struct bentry *
bayes_slot(const struct mod_bayes *b, uint64_t h)
{
	size_t		 j;

	if (b->cap == 0)
		return NULL;
	j = (size_t)(h * 0x9e3779b97f4a7c15ULL) & (b->cap - 1);
	while (b->v[j].h != 0 && b->v[j].h != h)
		j = (j + 1) & (b->cap - 1);
	return &b->v[j];
}

static int
bayes_grow(struct mod_bayes *b)
{
	struct mod_bayes n;
	struct bentry	*e;
	size_t		 i;

	n = *b;
	n.cap = b->cap ? b->cap * 2 : 1024;
	if ((n.v = calloc(n.cap, sizeof(*n.v))) == NULL)
		return -1;
	for (i = 0; i < b->cap; i++)
		if (b->v[i].h != 0) {
			e = bayes_slot(&n, b->v[i].h);
			*e = b->v[i];
		}
	free(b->v);
	*b = n;
	return 0;
}

static int
bayes_add(struct mod_bayes *b, uint64_t h, int64_t dham, int64_t dspam)
{
	struct bentry	*e;

	if (h == 0)
		h = 1;
	if ((b->n + 1) * 4 > b->cap * 3 && bayes_grow(b) == -1)
		return -1;
	e = bayes_slot(b, h);
	if (e->h == 0) {
		e->h = h;
		b->n++;
	}
	e->ham = (uint32_t)((int64_t)e->ham + dham < 0 ? 0 : e->ham + dham);
	e->spam = (uint32_t)((int64_t)e->spam + dspam < 0 ? 0 :
	    e->spam + dspam);
	return 0;
}

int
mod_bayes_apply(struct mod_bayes *b, const struct mod_bayes_delta *d)
{
	size_t		 i;

	for (i = 0; i < d->n; i++)
		if (bayes_add(b, d->h[i], d->spam ? 0 : d->sign,
		    d->spam ? d->sign : 0) == -1)
			return -1;
	if (d->spam)
		b->nspam = d->sign > 0 ? b->nspam + 1 : b->nspam ? b->nspam - 1 :
		    0;
	else
		b->nham = d->sign > 0 ? b->nham + 1 : b->nham ? b->nham - 1 : 0;
	return 0;
}

int
mod_bayes_lookup(const struct mod_bayes *b, uint64_t h, uint32_t *ham,
    uint32_t *spam)
{
	const struct bentry *e;

	if (h == 0)
		h = 1;
	if ((e = bayes_slot(b, h)) == NULL || e->h == 0) {
		*ham = *spam = 0;
		return 0;
	}
	*ham = e->ham;
	*spam = e->spam;
	return 1;
}

void
mod_bayes_totals(const struct mod_bayes *b, uint32_t *nham, uint32_t *nspam)
{
	*nham = b->nham;
	*nspam = b->nspam;
}

double
mod_bayes_score(const struct mod_bayes *b, const struct mod_features *f)
{
	struct mod_bayes_delta d;
	uint32_t	*ham, *spam;
	struct mod_features u;
	double		 p;
	size_t		 i;

	if (b == NULL || f->n == 0)
		return 0.5;
	if (mod_bayes_train(f, 0, 1, &d) == -1)
		return 0.5;
	ham = malloc(d.n * sizeof(*ham));
	spam = malloc(d.n * sizeof(*spam));
	if (ham == NULL || spam == NULL) {
		free(ham);
		free(spam);
		mod_bayes_delta_free(&d);
		return 0.5;
	}
	for (i = 0; i < d.n; i++)
		mod_bayes_lookup(b, d.h[i], &ham[i], &spam[i]);
	u.h = d.h;
	u.n = d.n;
	u.cap = d.n;
	p = mod_bayes_score_counts(&u, ham, spam, b->nham, b->nspam);
	free(ham);
	free(spam);
	mod_bayes_delta_free(&d);
	return p;
}

struct mod_bayes *
mod_bayes_load(const char *path, char *err, size_t errlen)
{
	struct mod_bayes *b;
	FILE		*f;
	char		 line[256];
	unsigned long long h;
	unsigned	 ham, spam, nham, nspam, ver;
	int		 lineno = 1;

	if ((f = fopen(path, "r")) == NULL) {
		MOD_ERR(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fgets(line, sizeof(line), f) == NULL ||
	    sscanf(line, "sodan-bayes %u %u %u", &ver, &nham, &nspam) != 3 ||
	    ver != 1) {
		MOD_ERR(err, errlen, "%s:1: not a sodan-bayes 1 file", path);
		fclose(f);
		return NULL;
	}
	if ((b = mod_bayes_new()) == NULL) {
		fclose(f);
		MOD_ERR(err, errlen, "out of memory");
		return NULL;
	}
	b->nham = nham;
	b->nspam = nspam;
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (sscanf(line, "%llx %u %u", &h, &ham, &spam) != 3) {
			MOD_ERR(err, errlen, "%s:%d: expected HEX HAM SPAM",
			    path, lineno);
			goto fail;
		}
		if (bayes_add(b, (uint64_t)h, ham, spam) == -1) {
			MOD_ERR(err, errlen, "out of memory");
			goto fail;
		}
	}
	fclose(f);
	return b;
fail:
	fclose(f);
	mod_bayes_free(b);
	return NULL;
}

int
mod_bayes_save(const struct mod_bayes *b, const char *path, uint32_t min_total)
{
	FILE		*f;
	size_t		 i;
	uint64_t	*keys;
	size_t		 n = 0;
	const struct bentry *e;

	if ((keys = malloc((b->n + 1) * sizeof(*keys))) == NULL)
		return -1;
	for (i = 0; i < b->cap; i++)
		if (b->v[i].h != 0 && (uint64_t)b->v[i].ham + b->v[i].spam >=
		    min_total && (b->v[i].ham || b->v[i].spam))
			keys[n++] = b->v[i].h;
	qsort(keys, n, sizeof(*keys), cmp_u64);
	if ((f = fopen(path, "w")) == NULL) {
		free(keys);
		return -1;
	}
	fprintf(f, "sodan-bayes 1 %u %u\n", b->nham, b->nspam);
	for (i = 0; i < n; i++) {
		e = bayes_slot(b, keys[i]);
		fprintf(f, "%016llx %u %u\n", (unsigned long long)keys[i],
		    e->ham, e->spam);
	}
	free(keys);
	return fclose(f) == 0 ? 0 : -1;
}
