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
	return m;
}

void
mod_linear_free(struct mod_linear *m)
{
	if (m == NULL)
		return;
	free(m->w);
	free(m);
}

unsigned
mod_linear_bits(const struct mod_linear *m)
{
	return m->bits;
}

double
mod_linear_score(const struct mod_linear *m, const struct mod_features *f)
{
	uint32_t	 stack[2 * LIN_STACK], *b = stack;
	size_t		 i;
	double		 z;

	if (m == NULL)
		return 0;
	z = m->bias;
	if (f->n == 0)
		return z;
	if (f->n > LIN_STACK && (b = malloc(2 * f->n * sizeof(*b))) == NULL)
		return 0;
	/*
	 * The weights of a post's few hundred buckets are scattered over
	 * a table of megabytes: asked for while the buckets are sorted,
	 * they arrive meanwhile instead of one cache miss at a time below.
	 */
	for (i = 0; i < f->n; i++) {
		b[i] = (uint32_t)mod_linear_bucket(f->h[i], m->bits);
		__builtin_prefetch(&m->w[b[i]]);
	}
	sort_buckets(b, b + f->n, f->n, m->bits);
	for (i = 0; i < f->n; i++)
		if (i == 0 || b[i] != b[i - 1])
			z += m->w[b[i]];
	if (b != stack)
		free(b);
	return z;
}
