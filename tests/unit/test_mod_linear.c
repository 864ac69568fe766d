/*
 * tests/unit/test_mod_linear.c: the linear classifier (linear.c): its
 * weights file, scoring, and its place in mod_check() (the learned.linear
 * signal, limited by author as the Bayesian one is), with hand-made
 * models and with the shipped conf/moderation/linear.model.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <math.h>
#include <unistd.h>

#include "moderation/moderation.h"

#include "mod_fixture.h"

/*
 * Every load of this program shares one compiled-database cache, so the
 * rules are compiled once (compiling takes seconds under the sanitizers).
 */
static char	 cachedir[] = "/tmp/test_mod_linear.cache.XXXXXX";

/* The compiled rules' cache tests/run shares, else a directory of our own. */
static const char *
rules_cache(void)
{
	const char	*env = getenv("SODAN_RULES_CACHE");

	return env != NULL && env[0] != '\0' ? env : cachedir;
}

static void	 write_model(char *, const char *, double, double, unsigned);
static struct mod_rules *load_with(const char *);

/*
 * A model of 2^bits buckets with the given bias and weight w on every
 * bucket of text's features (w = 0: no weight lines).  path is a mkstemp
 * template.
 */
static void
write_model(char *path, const char *text, double bias, double w,
    unsigned bits)
{
	struct mod_features f;
	FILE		*fp;
	size_t		 i;
	int		 fd;

	memset(&f, 0, sizeof(f));
	assert_true((fd = mkstemp(path)) != -1);
	assert_non_null(fp = fdopen(fd, "w"));
	fprintf(fp, "sodan-linear 2 %u %g\n", bits, bias);
	if (w != 0 && text != NULL) {
		assert_int_equal(mod_text_features(text, strlen(text), &f), 0);
		for (i = 0; i < f.n; i++)	/* repeated lines: last wins */
			fprintf(fp, "%zu %g\n", mod_linear_bucket(f.h[i], bits),
			    w);
	}
	assert_int_equal(fclose(fp), 0);
	mod_features_free(&f);
}

static struct mod_rules *
load_with(const char *linear)
{
	struct mod_load_opts o;
	struct mod_rules *r;
	char		 err[512];

	memset(&o, 0, sizeof(o));
	o.linear_path = linear;
	o.cache_dir = rules_cache();
	if ((r = mod_rules_load_ex("conf/moderation", &o, err,
	    sizeof(err))) == NULL)
		fprintf(stderr, "%s\n", err);
	assert_non_null(r);
	return r;
}

/* Margin = bias + the weights of the distinct buckets; repeats once. */
static void
test_score(void **state)
{
	char		 path[] = "/tmp/test_mod_linear.XXXXXX", err[256];
	const char	*text = "free prize, free prize, claim your free prize";
	struct mod_linear *m;
	struct mod_features f, g;
	size_t		 i, j, distinct = 0;
	double		 z;

	(void)state;
	memset(&f, 0, sizeof(f));
	memset(&g, 0, sizeof(g));
	write_model(path, text, -2.0, 0.25, 12);
	assert_non_null(m = mod_linear_load(path, err, sizeof(err)));
	assert_int_equal(mod_linear_bits(m), 12);
	assert_int_equal(mod_text_features(text, strlen(text), &f), 0);
	assert_true(f.n > 6);
	for (i = 0; i < f.n; i++) {
		for (j = 0; j < i; j++)
			if (mod_linear_bucket(f.h[j], 12) ==
			    mod_linear_bucket(f.h[i], 12))
				break;
		distinct += j == i;
	}
	assert_true(distinct < f.n);	/* the text repeats its words */
	z = mod_linear_score(m, &f);
	assert_true(fabs(z - (-2.0 + 0.25 * (double)distinct)) < 1e-5);
	/* Words the model has no weight for: the bias alone. */
	assert_int_equal(mod_text_features("quiet morning walk", 18, &g), 0);
	z = mod_linear_score(m, &g);
	assert_true(z < -1.0);		/* at most a collision or two */
	mod_features_free(&f);
	mod_features_free(&g);
	memset(&f, 0, sizeof(f));
	assert_true(fabs(mod_linear_score(m, &f) + 2.0) < 1e-9);
	mod_linear_free(m);
	unlink(path);
}

/* The margin as the table of every bucket gives it (the first scorer). */
static int
cmp_u32(const void *a, const void *b)
{
	uint32_t	 x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static double
naive_score(const float *w, unsigned bits, double bias,
    const struct mod_features *f)
{
	uint32_t	*b;
	size_t		 i;
	double		 z = bias;

	if (f->n == 0)
		return z;
	assert_non_null(b = malloc(f->n * sizeof(*b)));
	for (i = 0; i < f->n; i++)
		b[i] = (uint32_t)mod_linear_bucket(f->h[i], bits);
	qsort(b, f->n, sizeof(*b), cmp_u32);
	for (i = 0; i < f->n; i++)
		if (i == 0 || b[i] != b[i - 1])
			z += w[b[i]];
	free(b);
	return z;
}

/* Reads a weights file as the first loader did: every bucket a float. */
static float *
read_table(const char *path, unsigned *bits, double *bias)
{
	char		 line[256];
	unsigned long	 k;
	unsigned	 ver;
	double		 x;
	float		*w;
	FILE		*fp;

	assert_non_null(fp = fopen(path, "r"));
	assert_non_null(fgets(line, sizeof(line), fp));
	assert_int_equal(sscanf(line, "sodan-linear %u %u %lf", &ver, bits,
	    bias), 3);
	assert_non_null(w = calloc((size_t)1 << *bits, sizeof(*w)));
	while (fgets(line, sizeof(line), fp) != NULL) {
		assert_int_equal(sscanf(line, "%lu %lf", &k, &x), 2);
		w[k] = (float)x;
	}
	fclose(fp);
	return w;
}

/* Appends h to f (as the library's own adder: realloc'd, 0). */
static int
push(struct mod_features *f, uint64_t h)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 512;
		assert_non_null(f->h = realloc(f->h, f->cap * sizeof(*f->h)));
	}
	f->h[f->n++] = h;
	return 0;
}

/*
 * The packed scorer (present buckets only, linear.c) gives the margin of
 * the full table bit for bit: on the shipped model, and on a random model
 * whose weights span sixty binary orders of magnitude, so that adding
 * them in another order than by bucket changes the sum; features random,
 * repeated, from 0 to 3,000 (past the stack's 1,024), and of real texts.
 * A model of -0.0 weights and bias: -0.0 only when every bucket of the
 * post has one (an absent bucket adds +0.0).
 */
static void
test_packed_same(void **state)
{
	static const char *texts[] = {
		"Contact the recovery expert on telegram @recover_pro, he "
		    "helped me recover my stolen BTC within 48 hours.",
		"送金先アドレスを間違えたかもしれません。どうすればいいですか？",
		"free prize, free prize, claim your free prize",
	};
	char		 path[] = "/tmp/test_mod_linear.XXXXXX", err[256];
	const char	*files[2];
	struct mod_linear *m;
	struct mod_features f;
	unsigned	 bits;
	uint64_t	 seed = 20261205, v;
	double		 bias, a, b;
	float		*w;
	size_t		 i, j, n, diff = 0;
	FILE		*fp;
	int		 fd, k;

	(void)state;
	assert_true((fd = mkstemp(path)) != -1);
	assert_non_null(fp = fdopen(fd, "w"));
	fprintf(fp, "sodan-linear 2 14 -0.75\n");
	for (i = 0; i < ((size_t)1 << 14); i++) {
		v = mod_splitmix64(&seed);
		if (v % 10 < 3)
			fprintf(fp, "%zu %.9g\n", i, ldexp((double)(v >> 40) /
			    (double)(1 << 24) * (v & 1 ? -1 : 1),
			    (int)((v >> 8) % 60) - 30));
	}
	assert_int_equal(fclose(fp), 0);
	files[0] = "conf/moderation/linear.model";
	files[1] = path;
	memset(&f, 0, sizeof(f));
	for (k = 0; k < 2; k++) {
		assert_non_null(m = mod_linear_load(files[k], err,
		    sizeof(err)));
		w = read_table(files[k], &bits, &bias);
		for (i = 0; i < 2000 + sizeof(texts) / sizeof(texts[0]); i++) {
			f.n = 0;
			if (i >= 2000)
				assert_int_equal(mod_text_features(texts[i -
				    2000], strlen(texts[i - 2000]), &f), 0);
			else {
				n = i < 20 ? 1200 + mod_splitmix64(&seed) % 1800 :
				    mod_splitmix64(&seed) % 600;
				for (j = 0; j < n; j++)
					assert_int_equal(push(&f,
					    j > 0 && mod_splitmix64(&seed) % 4 == 0 ?
					    f.h[mod_splitmix64(&seed) % j] :
					    mod_splitmix64(&seed)), 0);
			}
			a = naive_score(w, bits, bias, &f);
			b = mod_linear_score(m, &f);
			assert_memory_equal(&a, &b, sizeof(a));
		}
		/* The order of additions matters for these weights. */
		if (k == 1) {
			for (i = 0; i < 200; i++) {
				double	 z = bias, y = bias;

				f.n = 0;
				for (j = 0; j < 300; j++)
					push(&f, mod_splitmix64(&seed));
				for (j = 0; j < f.n; j++) {
					z += w[mod_linear_bucket(f.h[j], bits)];
					y += w[mod_linear_bucket(f.h[f.n - 1 -
					    j], bits)];
				}
				diff += z != y;
			}
			assert_true(diff > 0);
		}
		free(w);
		mod_linear_free(m);
	}
	/* Signed zeros. */
	assert_non_null(fp = fopen(path, "w"));
	fprintf(fp, "sodan-linear 2 12 -0\n");
	f.n = 0;
	assert_int_equal(mod_text_features(texts[2], strlen(texts[2]), &f), 0);
	for (j = 0; j < f.n; j++)
		fprintf(fp, "%zu -0\n", mod_linear_bucket(f.h[j], 12));
	assert_int_equal(fclose(fp), 0);
	assert_non_null(m = mod_linear_load(path, err, sizeof(err)));
	a = mod_linear_score(m, &f);
	assert_true(a == 0 && signbit(a));
	assert_int_equal(push(&f, 12345), 0);	/* absent */
	for (j = 0; j + 1 < f.n; j++)
		if (mod_linear_bucket(f.h[f.n - 1], 12) ==
		    mod_linear_bucket(f.h[j], 12)) {
			f.h[f.n - 1]++;
			j = (size_t)-1;
		}
	w = read_table(path, &bits, &bias);
	a = mod_linear_score(m, &f);
	b = naive_score(w, bits, bias, &f);
	assert_true(b == 0 && !signbit(b));
	assert_memory_equal(&a, &b, sizeof(a));
	free(w);
	mod_linear_free(m);
	mod_features_free(&f);
	unlink(path);
}

static void
test_bad_files(void **state)
{
	static const char *bad[] = {
		"sodan-bayes 1 10 10\n",		/* another format */
		"sodan-linear 3 12 0\n",		/* unknown version */
		"sodan-linear 1 12 0\n",		/* older features */
		"sodan-linear 2 30 0\n",		/* too many bits */
		"sodan-linear 2 12 0\n5000 0.5\n",	/* bucket >= 2^12 */
		"sodan-linear 2 12 0\n12 half\n",	/* not a number */
	};
	char		 path[] = "/tmp/test_mod_linear.XXXXXX", err[256];
	size_t		 i;
	FILE		*fp;
	int		 fd;

	(void)state;
	assert_true((fd = mkstemp(path)) != -1);
	close(fd);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_non_null(fp = fopen(path, "w"));
		fputs(bad[i], fp);
		assert_int_equal(fclose(fp), 0);
		err[0] = '\0';
		assert_null(mod_linear_load(path, err, sizeof(err)));
		assert_non_null(strstr(err, path));
	}
	unlink(path);
	assert_null(mod_linear_load(path, err, sizeof(err)));
	/* A named model that is missing fails the load. */
	{
		struct mod_load_opts o;

		memset(&o, 0, sizeof(o));
		o.linear_path = path;
		o.cache_dir = rules_cache();
		assert_null(mod_rules_load_ex("conf/moderation", &o, err,
		    sizeof(err)));
	}
}

/*
 * In mod_check: a confident model holds a new account's plain post alone
 * (learned.linear, probability in the verdict), gives at most the suspect
 * weight to regular authors, half that to trusted ones, nothing to staff;
 * a confident ham margin subtracts.
 */
static void
test_check_limits(void **state)
{
	char		 spam[] = "/tmp/test_mod_linear.XXXXXX";
	char		 ham[] = "/tmp/test_mod_linear.XXXXXX";
	const char	*body = "Thanks, the transfer arrived this morning.";
	const struct mod_reason *rs;
	struct mod_rules *r;
	struct mod_verdict v;

	(void)state;
	write_model(spam, NULL, 8.0, 0, 16);
	write_model(ham, NULL, -8.0, 0, 16);
	r = load_with(spam);
	R = r;
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, body, &v);
	assert_non_null(rs = reason_of(&v, "learned.linear"));
	assert_true(rs->weight > 1.0);
	assert_int_not_equal(v.decision, MOD_ALLOW);
	assert_true(v.bayes > 0.99 && v.bayes < 1.0);
	assert_null(reason_of(&v, "learned.bayes"));
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &REGULAR, NULL, body, &v);
	assert_non_null(rs = reason_of(&v, "learned.linear"));
	assert_true(fabs(rs->weight - 0.5) < 1e-9);
	assert_int_equal(v.decision, MOD_ALLOW);
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &TRUSTED, NULL, body, &v);
	assert_non_null(rs = reason_of(&v, "learned.linear"));
	assert_true(fabs(rs->weight - 0.25) < 1e-9);
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &STAFF, NULL, body, &v);
	assert_null(reason_of(&v, "learned.linear"));
	assert_int_equal(v.decision, MOD_ALLOW);
	mod_verdict_free(&v);
	mod_rules_free(r);
	r = load_with(ham);
	R = r;
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, body, &v);
	assert_non_null(rs = reason_of(&v, "learned.linear"));
	assert_true(rs->weight < 0);
	assert_true(v.bayes < 0.01);
	mod_verdict_free(&v);
	mod_rules_free(r);
	R = NULL;
	unlink(spam);
	unlink(ham);
}

/*
 * The shipped model as the server loads it (conf/moderation, both model
 * files present): the linear model gives the learned signal.  Promotional
 * texts written for this test (not from the training data) are held from
 * new accounts; ordinary support questions and answers are not.
 */
static void
test_shipped(void **state)
{
	static const char *spam[] = {
		"Congratulations! You have been chosen to win a brand new "
		    "iPhone. Text WIN to 80082 now to claim your prize, offer "
		    "ends tonight!",
		"Check out my new music video and subscribe to my channel "
		    "please!! Every view helps me a lot :)",
	};
	static const char *honest[] = {
		"My JPY withdrawal to my bank account has been pending for two "
		    "days. Is there a holiday delay, or do I need to do "
		    "something?",
		"日本円の出金が二日たっても反映されません。銀行側の休日の影響でしょうか？",
		"I enabled two-factor authentication but lost my phone. How do "
		    "I reset it?",
	};
	const struct mod_reason *rs;
	struct mod_load_opts o;
	struct mod_rules *r;
	struct mod_verdict v;
	char		 err[512];
	size_t		 i;

	(void)state;
	assert_true(access("conf/moderation/linear.model", R_OK) == 0);
	memset(&o, 0, sizeof(o));	/* the defaults, as the server */
	o.cache_dir = rules_cache();
	if ((r = mod_rules_load_ex("conf/moderation", &o, err,
	    sizeof(err))) == NULL)
		fprintf(stderr, "%s\n", err);
	assert_non_null(r);
	R = r;
	for (i = 0; i < sizeof(spam) / sizeof(spam[0]); i++) {
		check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, spam[i], &v);
		rs = reason_of(&v, "learned.linear");
		if (v.decision == MOD_ALLOW || rs == NULL || rs->weight <= 0)
			dump(spam[i], &v);
		assert_int_not_equal(v.decision, MOD_ALLOW);
		assert_non_null(rs);
		assert_true(rs->weight > 0);
		mod_verdict_free(&v);
	}
	for (i = 0; i < sizeof(honest) / sizeof(honest[0]); i++) {
		check(MOD_KIND_QUESTION, 0, &NEWBIE, NULL, honest[i], &v);
		if (v.decision != MOD_ALLOW)
			dump(honest[i], &v);
		assert_int_equal(v.decision, MOD_ALLOW);
		assert_true(v.bayes >= 0 && v.bayes < 1);
		mod_verdict_free(&v);
	}
	mod_rules_free(r);
	R = NULL;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_packed_same),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_check_limits),
		cmocka_unit_test(test_shipped),
	};

	char		 cmd[128];
	int		 rc;

	if (mkdtemp(cachedir) == NULL) {
		perror(cachedir);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", cachedir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", cachedir);
	return rc;
}
