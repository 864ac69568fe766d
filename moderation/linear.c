/*
 * linear.c: a linear classifier (logistic regression) over the same
 * features as the Bayesian one, for the learned signal of mod_check().
 *
 * A post's features (64-bit hashes, see bayes.c) are hashed into 2^bits
 * buckets (mod_linear_bucket); each distinct bucket counts once (binary
 * features) and the margin is bias + the sum of the buckets' weights.
 * 1 / (1 + e^-margin) is the model's probability of spam.
 *
 * The library only loads and scores: the weights are trained by
 * `sodan-scan --train-linear` (stochastic gradient descent on the logistic
 * loss, see moderation/tools/scan.c) and the weights file is the stored
 * state.  File: a line "sodan-linear 2 BITS BIAS", then one line per
 * non-zero weight "BUCKET WEIGHT" (decimal bucket, %.6g weight).  The
 * version is the features' (MOD_LINEAR_VERSION): weights trained on
 * other features would meet buckets they were not trained for, so a
 * file of version 1 (before the word prefixes) is refused with a
 * message to retrain, not read as if it fitted.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moderation/mod_int.h"

#define LIN_STACK	1024	/* buckets sorted on the stack up to this (8 KB) */
#define LIN_SET		(1 << 18)	/* weights marked in a bit set (32 KB) */

static void	 sort_buckets(uint32_t *, uint32_t *, size_t, unsigned);
static struct mod_linear *load_fp(FILE *, const char *, char *, size_t);

size_t
mod_linear_bucket(uint64_t h, unsigned bits)
{
	return (size_t)((h * 0x9e3779b97f4a7c15ULL) >> (64 - bits));
}

/*
 * Sort n buckets (each below 2^bits) ascending: LSD radix sort, 8 bits a
 * pass, through tmp.  The result is qsort's, at a fifth of its cost for
 * a post's few hundred buckets (the sort was a sixth of mod_check).
 */
static void
sort_buckets(uint32_t *a, uint32_t *tmp, size_t n, unsigned bits)
{
	size_t		 cnt[256], i, sum, c;
	uint32_t	*src = a, *dst = tmp, *t;
	unsigned	 shift;

	for (shift = 0; shift < bits; shift += 8) {
		memset(cnt, 0, sizeof(cnt));
		for (i = 0; i < n; i++)
			cnt[(src[i] >> shift) & 0xff]++;
		for (sum = 0, i = 0; i < 256; i++) {
			c = cnt[i];
			cnt[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[cnt[(src[i] >> shift) & 0xff]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof(*a));
}

struct mod_linear *
mod_linear_load(const char *path, char *err, size_t errlen)
{
	FILE		*f;

	if ((f = fopen(path, "r")) == NULL) {
		MOD_ERR(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	return load_fp(f, path, err, errlen);
}

struct mod_linear *
mod_linear_parse(const char *text, size_t len, char *err, size_t errlen)
{
	FILE		*f;

	if (len == 0 || (f = fmemopen((void *)(uintptr_t)text, len, "r")) ==
	    NULL) {
		MOD_ERR(err, errlen, "model: empty or unreadable");
		return NULL;
	}
	return load_fp(f, "model", err, errlen);
}

/* Reads a weights file from f (closed here); path names it in errors. */
static struct mod_linear *
load_fp(FILE *f, const char *path, char *err, size_t errlen)
{
	struct mod_linear *m;
	char		 line[256];
	unsigned	 ver, bits;
	unsigned long	 k;
	double		 bias, w;
	int		 lineno = 1;

	if (fgets(line, sizeof(line), f) == NULL ||
	    sscanf(line, "sodan-linear %u %u %lf", &ver, &bits, &bias) != 3 ||
	    ver == 0 || ver > MOD_LINEAR_VERSION || bits < 8 || bits > 24) {
		MOD_ERR(err, errlen, "%s:1: not a sodan-linear %d file (bits "
		    "8 to 24)", path, MOD_LINEAR_VERSION);
		fclose(f);
		return NULL;
	}
	if (ver != MOD_LINEAR_VERSION) {
		MOD_ERR(err, errlen, "%s:1: sodan-linear %u: weights of older "
		    "features than version %d's; retrain (sodan-scan "
		    "--train-linear, or a new learned model)", path, ver,
		    MOD_LINEAR_VERSION);
		fclose(f);
		return NULL;
	}
	if ((m = calloc(1, sizeof(*m))) == NULL ||
	    (m->w = calloc((size_t)1 << bits, sizeof(*m->w))) == NULL) {
		free(m);
		fclose(f);
		MOD_ERR(err, errlen, "out of memory");
		return NULL;
	}
	m->bits = bits;
	m->bias = bias;
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (sscanf(line, "%lu %lf", &k, &w) != 2 ||
		    k >= ((unsigned long)1 << bits)) {
			MOD_ERR(err, errlen, "%s:%d: expected BUCKET WEIGHT "
			    "(bucket below 2^%u)", path, lineno, bits);
			fclose(f);
			mod_linear_free(m);
			return NULL;
		}
		m->w[k] = (float)w;
	}
	fclose(f);
	if (mod_linear_pack(m) == -1) {
		MOD_ERR(err, errlen, "out of memory");
		mod_linear_free(m);
		return NULL;
	}
	return m;
}

void
mod_linear_free(struct mod_linear *m)
{
	if (m == NULL)
		return;
	free(m->w);
	free(m->pk);
	free(m->dense);
	free(m);
}

unsigned
mod_linear_bits(const struct mod_linear *m)
{
	return m->bits;
}

int
mod_linear_pack(struct mod_linear *m)
{
	struct mod_linpack *pk;
	float		*dense;
	size_t		 nw, i, k;
	uint32_t	 n = 0, u;

	nw = ((size_t)1 << m->bits) / 64;
	if (nw == 0)
		nw = 1;
	if ((pk = calloc(nw, sizeof(*pk))) == NULL)
		return -1;
	for (i = 0; i < ((size_t)1 << m->bits); i++) {
		memcpy(&u, &m->w[i], sizeof(u));
		if (u != 0)
			n++;
	}
	if ((dense = malloc((n ? n : 1) * sizeof(*dense))) == NULL) {
		free(pk);
		return -1;
	}
	n = 0;
	for (i = 0; i < ((size_t)1 << m->bits); i++) {
		k = i / 64;
		if (i % 64 == 0)
			pk[k].rank = n;
		memcpy(&u, &m->w[i], sizeof(u));
		if (u != 0) {
			pk[k].bits |= 1ULL << (i % 64);
			dense[n++] = m->w[i];
		}
	}
	free(m->pk);
	free(m->dense);
	m->pk = pk;
	m->dense = dense;
	m->ndense = n;
	return 0;
}

/* Bits set in x, without a call (no POPCNT in the baseline ISA). */
static inline unsigned
popcount64(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ULL);
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (unsigned)((x * 0x0101010101010101ULL) >> 56);
}

/*
 * The margin: bias plus the weight of each distinct bucket of the post's
 * features, added in ascending bucket order.  A bucket whose weight is
 * +0.0 (absent from the file) adds nothing, so only the present ones are
 * looked up (a bit each in a 256 KB table instead of a float in a 4 MB
 * one) and added: the same additions in the same order as over every
 * bucket.  Adding +0.0 can change one value, -0.0 into +0.0, which the
 * end corrects for.  Each present bucket becomes the index of its weight
 * in m->dense, which orders them as the buckets do; up to LIN_SET
 * indexes they are marked in a bit set of two levels on the stack (its
 * words set up on first use) and read back in order, which also drops
 * repeats (a post's few hundred features were radix-sorted before: 20 K
 * instructions of a check).  Larger models sort as before.
 */
double
mod_linear_score(const struct mod_linear *m, const struct mod_features *f)
{
	uint64_t	 set[LIN_SET / 64], top[LIN_SET / 4096], bits, tb;
	uint32_t	 stack[2 * LIN_STACK], *b = stack, bk, ix;
	const struct mod_linpack *w;
	size_t		 i, n = 0, t, k;
	unsigned	 pbits;
	double		 z;
	int		 absent = 0, small;

	if (m == NULL)
		return 0;
	z = m->bias;
	if (f->n == 0)
		return z;
	small = m->ndense <= LIN_SET;
	if (small)
		memset(top, 0, sizeof(top));
	else if (f->n > LIN_STACK &&
	    (b = malloc(2 * f->n * sizeof(*b))) == NULL)
		return 0;
	for (i = 0; i < f->n; i++) {
		bk = (uint32_t)mod_linear_bucket(f->h[i], m->bits);
		w = &m->pk[bk / 64];
		if (!((w->bits >> (bk % 64)) & 1)) {
			absent = 1;
			continue;
		}
		ix = w->rank + popcount64(w->bits & ((1ULL << (bk % 64)) - 1));
		__builtin_prefetch(&m->dense[ix]);
		if (!small) {
			b[n++] = ix;
			continue;
		}
		if (top[ix / 4096] & (1ULL << (ix / 64 % 64)))
			set[ix / 64] |= 1ULL << (ix % 64);
		else {
			top[ix / 4096] |= 1ULL << (ix / 64 % 64);
			set[ix / 64] = 1ULL << (ix % 64);
		}
	}
	if (small) {
		for (t = 0; t < LIN_SET / 4096; t++)
			for (tb = top[t]; tb != 0; tb &= tb - 1) {
				k = t * 64 + (size_t)__builtin_ctzll(tb);
				for (bits = set[k]; bits != 0; bits &= bits - 1)
					z += m->dense[k * 64 +
					    (size_t)__builtin_ctzll(bits)];
			}
	} else {
		for (pbits = 0; pbits < 32 &&
		    ((uint64_t)1 << pbits) < m->ndense; pbits++)
			;
		sort_buckets(b, b + f->n, n, pbits);
		for (i = 0; i < n; i++)
			if (i == 0 || b[i] != b[i - 1])
				z += m->dense[b[i]];
		if (b != stack)
			free(b);
	}
	if (z == 0 && absent)
		z = 0.0;	/* -0.0 + +0.0 */
	return z;
}
