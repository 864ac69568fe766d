/*
 * learn.c: training and evaluating the linear classifier on labelled
 * examples, for the server's learning from moderators' decisions (the
 * server loads the decisions and stores the models; this file does no
 * I/O).
 *
 * Training is the algorithm of `sodan-scan --train-linear`: each example's
 * feature hashes go to distinct buckets of 2^bits; stochastic gradient
 * descent on the logistic loss, passes over the examples in an order
 * shuffled by a fixed-seed generator (splitmix64, Fisher-Yates), so the
 * same examples and options always give the same weights.  An initial
 * model (opts->init) lets a trainer start from the weights in use.
 *
 * Evaluation counts the confusion matrix at a margin cut, overall and by
 * language, from which precision and recall are read.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moderation/mod_int.h"

#define LEARN_BITS	18
#define LEARN_EPOCHS	10
#define LEARN_L2	0.001
#define LEARN_ETA	0.1
#define LEARN_SEED	20261201ULL

static int	 cmp_u32(const void *, const void *);
static size_t	 distinct(const struct mod_example *, unsigned, uint32_t *);
static void	 count(struct mod_eval_counts *, int, int);

/* splitmix64: the shuffles' fixed-seed generator (moderation.h). */
uint64_t
mod_splitmix64(uint64_t *s)
{
	uint64_t	 z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t	 x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The distinct buckets of e's features into b (room for e->n); count. */
static size_t
distinct(const struct mod_example *e, unsigned bits, uint32_t *b)
{
	size_t	 i, k = 0;

	for (i = 0; i < e->n; i++)
		b[i] = (uint32_t)mod_linear_bucket(e->h[i], bits);
	qsort(b, e->n, sizeof(*b), cmp_u32);
	for (i = 0; i < e->n; i++)
		if (i == 0 || b[i] != b[k - 1])
			b[k++] = b[i];
	return k;
}

struct mod_linear *
mod_linear_train(const struct mod_example *ex, size_t n,
    const struct mod_train_opts *opts)
{
	struct mod_linear	*m = NULL;
	uint32_t		**bk = NULL;
	size_t			*nb = NULL, *ord = NULL, i, j, k;
	double			*w = NULL, bias = 0, z, pr, g, eta, sc;
	double			 l2, eta0;
	uint64_t		 seed, t = 0;
	unsigned		 bits, epochs, ep;

	if (n == 0)
		return NULL;
	bits = opts && opts->bits ? opts->bits : LEARN_BITS;
	if (opts && opts->init != NULL)
		bits = opts->init->bits;
	if (bits < 8 || bits > 24)
		return NULL;
	epochs = opts && opts->epochs ? opts->epochs : LEARN_EPOCHS;
	l2 = opts && opts->l2 > 0 ? opts->l2 : LEARN_L2;
	eta0 = opts && opts->eta > 0 ? opts->eta : LEARN_ETA;
	seed = opts && opts->seed ? opts->seed : LEARN_SEED;
	if ((bk = calloc(n, sizeof(*bk))) == NULL ||
	    (nb = calloc(n, sizeof(*nb))) == NULL ||
	    (ord = calloc(n, sizeof(*ord))) == NULL ||
	    (w = calloc((size_t)1 << bits, sizeof(*w))) == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		if ((bk[i] = malloc((ex[i].n + 1) * sizeof(**bk))) == NULL)
			goto out;
		nb[i] = distinct(&ex[i], bits, bk[i]);
		ord[i] = i;
	}
	if (opts && opts->init != NULL) {
		for (i = 0; i < ((size_t)1 << bits); i++)
			w[i] = opts->init->w[i];
		bias = opts->init->bias;
	}
	for (ep = 0; ep < epochs; ep++) {
		for (i = n - 1; i > 0; i--) {		/* Fisher-Yates */
			j = (size_t)(mod_splitmix64(&seed) % (i + 1));
			k = ord[i];
			ord[i] = ord[j];
			ord[j] = k;
		}
		for (i = 0; i < n; i++, t++) {
			const uint32_t	*b = bk[ord[i]];
			size_t		 m_n = nb[ord[i]];

			eta = eta0 / (1.0 + eta0 * l2 * (double)t);
			z = bias;
			for (j = 0; j < m_n; j++)
				z += w[b[j]];
			z = z > 35 ? 35 : z < -35 ? -35 : z;
			pr = 1.0 / (1.0 + exp(-z));
			g = pr - (ex[ord[i]].spam ? 1.0 : 0.0);
			sc = 1.0 - eta * l2;
			for (j = 0; j < m_n; j++)
				w[b[j]] = w[b[j]] * sc - eta * g;
			bias -= eta * g;
		}
	}
	if ((m = calloc(1, sizeof(*m))) == NULL ||
	    (m->w = calloc((size_t)1 << bits, sizeof(*m->w))) == NULL) {
		free(m);
		m = NULL;
		goto out;
	}
	m->bits = bits;
	m->bias = bias;
	for (i = 0; i < ((size_t)1 << bits); i++)
		m->w[i] = (float)w[i];
	if (mod_linear_pack(m) == -1) {
		mod_linear_free(m);
		m = NULL;
	}
out:
	for (i = 0; bk != NULL && i < n; i++)
		free(bk[i]);
	free(bk);
	free(nb);
	free(ord);
	free(w);
	return m;
}

static void
count(struct mod_eval_counts *c, int spam, int said)
{
	if (spam && said)
		c->tp++;
	else if (spam)
		c->fn++;
	else if (said)
		c->fp++;
	else
		c->tn++;
}

void
mod_linear_eval(const struct mod_linear *m, const struct mod_example *ex,
    size_t n, double cut, struct mod_eval *out)
{
	struct mod_features	 f;
	size_t			 i;
	int			 said;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++) {
		said = 0;
		if (m != NULL) {
			f.h = (uint64_t *)(uintptr_t)ex[i].h;
			f.n = ex[i].n;
			said = mod_linear_score(m, &f) >= cut;
		}
		count(&out->all, ex[i].spam, said);
		count(ex[i].ja ? &out->ja : &out->en, ex[i].spam, said);
	}
}

double
mod_eval_precision(const struct mod_eval_counts *c)
{
	return c->tp + c->fp == 0 ? -1 : (double)c->tp / (c->tp + c->fp);
}

double
mod_eval_recall(const struct mod_eval_counts *c)
{
	return c->tp + c->fn == 0 ? -1 : (double)c->tp / (c->tp + c->fn);
}

char *
mod_linear_dump(const struct mod_linear *m, size_t *len)
{
	char	*buf = NULL;
	size_t	 sz = 0, i;
	FILE	*f;

	*len = 0;
	if ((f = open_memstream(&buf, &sz)) == NULL)
		return NULL;
	fprintf(f, "sodan-linear %d %u %.9g\n", MOD_LINEAR_VERSION, m->bits,
	    m->bias);
	for (i = 0; i < ((size_t)1 << m->bits); i++)
		if (fabs(m->w[i]) >= 1e-4)
			fprintf(f, "%zu %.6g\n", i, m->w[i]);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	*len = sz;
	return buf;
}

int
mod_text_is_ja(const char *text, size_t len)
{
	const unsigned char	*p = (const unsigned char *)text;
	size_t			 i = 0, letters = 0, cjk = 0;
	uint32_t		 c;
	int			 k, j;

	while (i < len) {
		if (p[i] < 0x80) {
			if ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z')
				letters++;
			i++;
			continue;
		}
		k = p[i] >= 0xf0 ? 3 : p[i] >= 0xe0 ? 2 : p[i] >= 0xc0 ? 1 :
		    -1;
		if (k < 0 || i + (size_t)k >= len) {
			i++;
			continue;
		}
		c = p[i] & (0x3f >> k);
		for (j = 1; j <= k; j++)
			c = (c << 6) | (p[i + j] & 0x3f);
		i += (size_t)k + 1;
		if ((c >= 0x3040 && c <= 0x30ff) ||	/* kana */
		    (c >= 0x3400 && c <= 0x9fff) ||	/* Han */
		    (c >= 0xff66 && c <= 0xff9f)) {	/* half-width kana */
			letters++;
			cjk++;
		} else if (c >= 0xc0 && c < 0x3000)
			letters++;
	}
	return letters > 0 && cjk * 5 >= letters;
}
