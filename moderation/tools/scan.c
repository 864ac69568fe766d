/*
 * tools/scan.c: sodan-scan, the filters on JSON lines.
 *
 *   sodan-scan [-c confdir] [-m model | -M] [-r extra.rules] [-C cachedir]
 *              [-q] [--eval]
 *   sodan-scan [-c confdir] --train out.model [--min-count N]
 *              [--dump-features file] < labelled
 *   sodan-scan [-c confdir] --train-linear out.model [--epochs N]
 *              [--l2 X] [--eta X] [--bits N] < labelled
 *   sodan-scan [-C cachedir] --triage triage.rules < questions.tsv
 *
 * Reads one post per line on standard input:
 *   {"id": "…", "kind": "question|answer|profile|username", "title": "…",
 *    "body": "…", "rendered": "…", "tags": "…", "links": ["…"],
 *    "context": {"reply_to_question": true,
 *    "seconds_after_question": 40, "question": "…"}, "author": {"trust": 0,
 *    (or "question_topic", a summary of the question, when "question" is
 *    absent),
 *    "account_age_days": 1, "posts": 0, "posts_last_hour": 0,
 *    "staff": false, "name": "…", "display_name": "…"},
 *    "label": "scam|spam|secret|ham", "group": "…"}
 * (unknown fields ignored) and writes one verdict per line:
 *   {"id": "…", "decision": "allow|hold|block", "score": 0.93,
 *    "category": "…", "bayes": 0.5, "reasons": [{"rule": "…",
 *    "category": "…", "weight": 1, "text_en": "…", "text_ja": "…",
 *    "field": "body", "span": [12, 30]}], "contacts": [{"type": "phone",
 *    "value": "+1888…", "field": "body", "span": [3, 18]}]}
 * A malformed line gets {"id": …, "decision": "error", "error": "…"} and
 * the rest go on.
 *
 * --eval adds, on standard error, per label and per group the share held
 * or blocked (for ham the false-hold rate), the categories that caught
 * them, and microseconds per post (median, p99) for mod_check alone
 * (CPU time of the thread, so a busy machine does not skew it).
 * --train reads labelled lines (scam and spam are spam, ham is ham, the
 * rest is skipped), computes the features exactly as mod_check does
 * (with no model loaded) and writes a count table; --dump-features also
 * writes, per trained post, "id TAB label TAB" and its distinct feature
 * hashes in hex (for experiments with the classifier, bench/mod_*.py).
 *
 * --triage RULES classifies questions by urgency (mod_triage) with the
 * triage rule file RULES (conf/support/triage.rules) instead: it reads
 * TAB-separated lines "title TAB body TAB lang TAB class" (a first line
 * starting "title<TAB>" is a header; "\n" in the body is a line break;
 * class may be empty) and writes one JSON line per question:
 *   {"line": 2, "label": "urgent", "class": "normal", "urgent": 0.2,
 *    "low": 0, "reasons": [{"rule": "…", "weight": 1, "text_en": "…",
 *    "text_ja": "…"}]}
 * (bench/triage_eval.py turns them into precision and recall per class).
 * With -C the compiled triage database is read from and written to that
 * cache directory, as the server's ([paths] moderation_cache).
 *
 * --train-linear trains the linear model (moderation/linear.c) on the same
 * labelled lines and features: logistic regression on binary features
 * (distinct buckets of 2^bits, default 20), by stochastic gradient
 * descent: --epochs passes (default 10) in an order shuffled by a fixed
 * seed, so the same input gives the same weights; step eta / (1 + eta *
 * l2 * t) at step t (default eta 0.1, l2 0.001); each step shrinks the
 * weights of the post's buckets by (1 - step * l2) (L2 regularization
 * applied to the features seen, so frequent features are shrunk more
 * often) and moves them and the bias along the gradient of the logistic
 * loss.  -m, -M and --no-linear choose the models for scanning; -l FILE
 * names a linear model (default conf's linear.model when present, which
 * then gives the learned signal instead of bayes.model).
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "moderation/moderation.h"

#define MAXGROUPS	64
#define MAXLABELS	8

struct tally {
	char		 label[32];
	char		 group[64];
	unsigned long	 n;
	unsigned long	 held;		/* hold or block */
	unsigned long	 blocked;
	unsigned long	 bycat[MOD_CAT__MAX];
};

struct evalstate {
	struct tally	 t[MAXGROUPS * MAXLABELS];
	size_t		 nt;
	double		*us;
	size_t		 nus;
	size_t		 capus;
};

static void	 usage(void);
static void	 unescape_nl(char *);
static int	 triage_run(const char *, const char *);
static const char *jstr(json_t *, const char *, size_t *);
static int	 parse_post(json_t *, struct mod_post *, struct mod_author *,
		    const char ***, char *, size_t);
static json_t	*verdict_json(json_t *, const struct mod_verdict *);
static struct tally *tally_get(struct evalstate *, const char *,
		    const char *);
static void	 eval_add(struct evalstate *, const char *, const char *,
		    const char *, const struct mod_verdict *, double);
static void	 eval_print(struct evalstate *);
static int	 cmp_double(const void *, const void *);
static int	 next_labelled(char **, size_t *, unsigned long *, json_t **,
		    struct mod_post *, struct mod_author *, const char ***,
		    const char **);
static int	 train(struct mod_rules *, const char *, unsigned, FILE *);
static int	 train_linear(struct mod_rules *, const char *, unsigned,
		    unsigned, double, double);

static void
usage(void)
{
	fprintf(stderr, "usage: sodan-scan [-c confdir] [-m model | -M] "
	    "[-l linear.model | --no-linear] [-r extra.rules] [-C cachedir] "
	    "[-q] [--eval]\n"
	    "       sodan-scan [-C cachedir] --triage triage.rules "
	    "< questions.tsv\n"
	    "       sodan-scan [-c confdir] --train out.model "
	    "[--min-count N] [--dump-features file]\n"
	    "       sodan-scan [-c confdir] --train-linear out.model "
	    "[--epochs N] [--l2 X] [--eta X] [--bits N]\n");
	exit(2);
}

static const char *
jstr(json_t *o, const char *key, size_t *len)
{
	json_t		*v;

	if ((v = json_object_get(o, key)) == NULL || !json_is_string(v)) {
		*len = 0;
		return NULL;
	}
	*len = json_string_length(v);
	return json_string_value(v);
}

static int
parse_post(json_t *o, struct mod_post *p, struct mod_author *a,
    const char ***links, char *err, size_t errlen)
{
	json_t		*ctx, *au, *v, *l;
	const char	*kind;
	size_t		 n, i;

	memset(p, 0, sizeof(*p));
	memset(a, 0, sizeof(*a));
	*links = NULL;
	p->seconds_after_question = -1;
	a->account_age_days = 0;
	if (!json_is_object(o)) {
		snprintf(err, errlen, "not a JSON object");
		return -1;
	}
	kind = jstr(o, "kind", &n);
	if (kind == NULL || strcmp(kind, "question") == 0)
		p->kind = MOD_KIND_QUESTION;
	else if (strcmp(kind, "answer") == 0)
		p->kind = MOD_KIND_ANSWER;
	else if (strcmp(kind, "profile") == 0)
		p->kind = MOD_KIND_PROFILE;
	else if (strcmp(kind, "username") == 0)
		p->kind = MOD_KIND_USERNAME;
	else {
		snprintf(err, errlen, "unknown kind");
		return -1;
	}
	p->title = jstr(o, "title", &p->title_len);
	p->body = jstr(o, "body", &p->body_len);
	if (p->kind == MOD_KIND_USERNAME && p->body == NULL)
		p->body = jstr(o, "name", &p->body_len);
	p->rendered = jstr(o, "rendered", &p->rendered_len);
	p->tags = jstr(o, "tags", &p->tags_len);
	if ((v = json_object_get(o, "links")) != NULL && json_is_array(v) &&
	    json_array_size(v) > 0) {
		n = json_array_size(v);
		if ((*links = calloc(n, sizeof(char *))) == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		json_array_foreach(v, i, l)
			if (json_is_string(l))
				(*links)[p->nlinks++] = json_string_value(l);
		p->links = *links;
	}
	if ((ctx = json_object_get(o, "context")) != NULL &&
	    json_is_object(ctx)) {
		p->reply_to_question = json_is_true(json_object_get(ctx,
		    "reply_to_question"));
		if ((v = json_object_get(ctx, "seconds_after_question")) !=
		    NULL && json_is_integer(v))
			p->seconds_after_question = (long)json_integer_value(v);
		p->question = jstr(ctx, "question", &p->question_len);
		/* A summary of the question answered, when its text is not given. */
		if (p->question == NULL)
			p->question = jstr(ctx, "question_topic",
			    &p->question_len);
	}
	if ((au = json_object_get(o, "author")) != NULL &&
	    json_is_object(au)) {
		if ((v = json_object_get(au, "trust")) && json_is_integer(v))
			a->trust = (int)json_integer_value(v);
		if ((v = json_object_get(au, "account_age_days")) &&
		    json_is_number(v))
			a->account_age_days = (int)json_number_value(v);
		if ((v = json_object_get(au, "posts")) && json_is_integer(v))
			a->posts = (int)json_integer_value(v);
		if ((v = json_object_get(au, "posts_last_hour")) &&
		    json_is_integer(v))
			a->posts_last_hour = (int)json_integer_value(v);
		a->staff = json_is_true(json_object_get(au, "staff"));
		a->name = jstr(au, "name", &n);
		a->display_name = jstr(au, "display_name", &n);
	}
	return 0;
}

static json_t *
verdict_json(json_t *id, const struct mod_verdict *v)
{
	json_t		*o, *rs, *r, *cs, *c;
	size_t		 i;
	static const char *const fields[MOD_FIELD__MAX] = { "title", "body" };

	o = json_object();
	json_object_set(o, "id", id != NULL ? id : json_null());
	json_object_set_new(o, "decision",
	    json_string(mod_decision_name(v->decision)));
	json_object_set_new(o, "score", json_real(v->score));
	json_object_set_new(o, "category",
	    json_string(mod_category_name(v->category)));
	if (v->bayes >= 0)
		json_object_set_new(o, "bayes",
		    json_real((double)(long)(v->bayes * 10000) / 10000));
	rs = json_array();
	for (i = 0; i < v->nreasons; i++) {
		r = json_object();
		json_object_set_new(r, "rule", json_string(v->reasons[i].rule));
		json_object_set_new(r, "category",
		    json_string(mod_category_name(v->reasons[i].category)));
		json_object_set_new(r, "weight",
		    json_real(v->reasons[i].weight));
		json_object_set_new(r, "text_en",
		    json_string(v->reasons[i].text_en));
		json_object_set_new(r, "text_ja",
		    json_string(v->reasons[i].text_ja));
		json_object_set_new(r, "field",
		    json_string(fields[v->reasons[i].span.field]));
		json_object_set_new(r, "span", json_pack("[II]",
		    (json_int_t)v->reasons[i].span.start,
		    (json_int_t)v->reasons[i].span.end));
		json_array_append_new(rs, r);
	}
	json_object_set_new(o, "reasons", rs);
	cs = json_array();
	for (i = 0; i < v->ncontacts; i++) {
		c = json_object();
		json_object_set_new(c, "type",
		    json_string(mod_contact_type_name(v->contacts[i].type)));
		json_object_set_new(c, "value",
		    json_string(v->contacts[i].value));
		json_object_set_new(c, "field",
		    json_string(fields[v->contacts[i].span.field]));
		json_object_set_new(c, "span", json_pack("[II]",
		    (json_int_t)v->contacts[i].span.start,
		    (json_int_t)v->contacts[i].span.end));
		json_array_append_new(cs, c);
	}
	json_object_set_new(o, "contacts", cs);
	return o;
}

static struct tally *
tally_get(struct evalstate *e, const char *label, const char *group)
{
	size_t		 i;

	for (i = 0; i < e->nt; i++)
		if (strcmp(e->t[i].label, label) == 0 &&
		    strcmp(e->t[i].group, group) == 0)
			return &e->t[i];
	if (e->nt == sizeof(e->t) / sizeof(e->t[0]))
		return NULL;
	memset(&e->t[e->nt], 0, sizeof(e->t[0]));
	snprintf(e->t[e->nt].label, sizeof(e->t[0].label), "%s", label);
	snprintf(e->t[e->nt].group, sizeof(e->t[0].group), "%s", group);
	return &e->t[e->nt++];
}

static void
eval_add(struct evalstate *e, const char *label, const char *group,
    const char *kind, const struct mod_verdict *v, double us)
{
	struct tally	*t;
	int		 k;
	void		*p;

	if (e->nus == e->capus) {
		e->capus = e->capus ? e->capus * 2 : 1024;
		if ((p = realloc(e->us, e->capus * sizeof(double))) == NULL)
			exit(1);
		e->us = p;
	}
	e->us[e->nus++] = us;
	if (label == NULL)
		label = "unlabelled";
	for (k = 0; k < 3; k++) {
		if ((t = tally_get(e, label, k == 0 ? "*" : k == 1 ? group :
		    kind)) == NULL)
			continue;
		if (k == 1 && group[0] == '\0')
			continue;
		if (k == 2 && kind == NULL)
			continue;
		t->n++;
		if (v->decision != MOD_ALLOW) {
			t->held++;
			t->bycat[v->category]++;
		}
		if (v->decision == MOD_BLOCK)
			t->blocked++;
	}
}

static int
cmp_double(const void *a, const void *b)
{
	double		 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
eval_print(struct evalstate *e)
{
	size_t		 i;
	int		 c;
	struct tally	*t;

	fprintf(stderr, "%-10s %-36s %7s %7s %7s %8s  %s\n", "label", "group",
	    "posts", "held+bl", "blocked", "share", "caught by category");
	for (i = 0; i < e->nt; i++) {
		t = &e->t[i];
		fprintf(stderr, "%-10s %-36s %7lu %7lu %7lu %7.2f%%  ",
		    t->label, t->group, t->n, t->held, t->blocked,
		    t->n ? 100.0 * t->held / t->n : 0.0);
		for (c = 0; c < MOD_CAT__MAX; c++)
			if (t->bycat[c])
				fprintf(stderr, "%s:%lu ",
				    mod_category_name((enum mod_category)c),
				    t->bycat[c]);
		fprintf(stderr, "%s\n", strcmp(t->label, "ham") == 0 ?
		    "(false-hold rate)" : "");
	}
	if (e->nus > 0) {
		qsort(e->us, e->nus, sizeof(double), cmp_double);
		fprintf(stderr, "mod_check (CPU time): %zu posts, median %.1f us, "
		    "p99 %.1f us, max %.1f us\n", e->nus, e->us[e->nus / 2],
		    e->us[(size_t)(e->nus * 0.99)], e->us[e->nus - 1]);
	}
}

/*
 * Reads training lines from standard input until one parses and carries a
 * label (ham, spam or scam): 0 with *o (the caller json_decref()s it),
 * *p, *a, *links (the caller frees it) and *label set; -1 at the end of
 * the input.  A line that is not JSON is reported on standard error; one
 * without a label or with a malformed post is skipped.
 */
static int
next_labelled(char **line, size_t *cap, unsigned long *lineno, json_t **o,
    struct mod_post *p, struct mod_author *a, const char ***links,
    const char **label)
{
	json_error_t	 je;
	char		 err[256];
	size_t		 n;
	ssize_t		 len;

	while ((len = getline(line, cap, stdin)) != -1) {
		(*lineno)++;
		if ((*o = json_loadb(*line, (size_t)len, 0, &je)) == NULL) {
			fprintf(stderr, "line %lu: %s\n", *lineno, je.text);
			continue;
		}
		*label = jstr(*o, "label", &n);
		if (*label != NULL && (strcmp(*label, "ham") == 0 ||
		    strcmp(*label, "spam") == 0 || strcmp(*label, "scam") == 0) &&
		    parse_post(*o, p, a, links, err, sizeof(err)) == 0)
			return 0;
		json_decref(*o);
	}
	return -1;
}

static int
train(struct mod_rules *r, const char *out, unsigned mincount, FILE *dump)
{
	struct mod_bayes *b;
	struct mod_post	 p;
	struct mod_author a;
	struct mod_features f;
	struct mod_bayes_delta d;
	json_t		*o;
	char		*line = NULL;
	const char	**links, *label;
	size_t		 cap = 0, n;
	unsigned long	 nspam = 0, nham = 0, lineno = 0;

	if ((b = mod_bayes_new()) == NULL)
		return -1;
	while (next_labelled(&line, &cap, &lineno, &o, &p, &a, &links,
	    &label) == 0) {
		memset(&f, 0, sizeof(f));
		if (mod_post_features(r, &p, &a, &f) == 0 &&
		    mod_bayes_train(&f, strcmp(label, "ham") != 0, 1, &d) == 0) {
			if (dump != NULL) {
				const char *id = jstr(o, "id", &n);
				size_t	 i;

				fprintf(dump, "%s\t%s\t", id != NULL ? id : "",
				    label);
				for (i = 0; i < d.n; i++)
					fprintf(dump, "%s%016llx", i ? " " : "",
					    (unsigned long long)d.h[i]);
				fputc('\n', dump);
			}
			mod_bayes_apply(b, &d);
			mod_bayes_delta_free(&d);
			if (strcmp(label, "ham") == 0)
				nham++;
			else
				nspam++;
		}
		mod_features_free(&f);
		free(links);
		json_decref(o);
	}
	free(line);
	if (mod_bayes_save(b, out, mincount) == -1) {
		perror(out);
		mod_bayes_free(b);
		return -1;
	}
	fprintf(stderr, "trained %lu ham, %lu spam into %s\n", nham, nspam,
	    out);
	mod_bayes_free(b);
	return 0;
}

struct lpost {
	uint32_t	*b;		/* distinct buckets, sorted */
	size_t		 n;
	int		 y;		/* 1 spam or scam, 0 ham */
};

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t	 x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int
train_linear(struct mod_rules *r, const char *out, unsigned bits,
    unsigned epochs, double l2, double eta0)
{
	struct lpost	*ps = NULL, *np;
	size_t		 nps = 0, cps = 0, i, j, k, *ord = NULL, nb = 0;
	struct mod_post	 p;
	struct mod_author a;
	struct mod_features f;
	json_t		*o;
	char		*line = NULL;
	const char	**links, *label;
	size_t		 cap = 0;
	unsigned long	 lineno = 0, nspam = 0;
	double		*w = NULL, bias = 0, z, pr, g, eta, sc;
	uint64_t	 seed = 20261201, t = 0;
	unsigned	 ep;
	FILE		*fo;
	int		 rc = -1;

	while (next_labelled(&line, &cap, &lineno, &o, &p, &a, &links,
	    &label) == 0) {
		memset(&f, 0, sizeof(f));
		if (mod_post_features(r, &p, &a, &f) == 0) {
			if (nps == cps) {
				cps = cps ? cps * 2 : 1024;
				if ((np = realloc(ps, cps * sizeof(*ps))) ==
				    NULL)
					goto out;
				ps = np;
			}
			ps[nps].y = strcmp(label, "ham") != 0;
			ps[nps].n = 0;
			if ((ps[nps].b = malloc((f.n + 1) *
			    sizeof(uint32_t))) == NULL)
				goto out;
			for (i = 0; i < f.n; i++)
				ps[nps].b[i] = (uint32_t)mod_linear_bucket(
				    f.h[i], bits);
			qsort(ps[nps].b, f.n, sizeof(uint32_t), cmp_u32);
			for (i = 0; i < f.n; i++)
				if (i == 0 || ps[nps].b[i] != ps[nps].b[i - 1])
					ps[nps].b[ps[nps].n++] = ps[nps].b[i];
			nspam += (unsigned long)ps[nps].y;
			nps++;
		}
		mod_features_free(&f);
		free(links);
		json_decref(o);
	}
	if (nps == 0) {
		fprintf(stderr, "sodan-scan: nothing to train on\n");
		goto out;
	}
	if ((w = calloc((size_t)1 << bits, sizeof(*w))) == NULL ||
	    (ord = malloc(nps * sizeof(*ord))) == NULL)
		goto out;
	for (i = 0; i < nps; i++)
		ord[i] = i;
	for (ep = 0; ep < epochs; ep++) {
		for (i = nps - 1; i > 0; i--) {		/* Fisher-Yates */
			j = (size_t)(mod_splitmix64(&seed) % (i + 1));
			k = ord[i];
			ord[i] = ord[j];
			ord[j] = k;
		}
		for (i = 0; i < nps; i++, t++) {
			struct lpost *q = &ps[ord[i]];

			eta = eta0 / (1.0 + eta0 * l2 * (double)t);
			z = bias;
			for (j = 0; j < q->n; j++)
				z += w[q->b[j]];
			z = z > 35 ? 35 : z < -35 ? -35 : z;
			pr = 1.0 / (1.0 + exp(-z));
			g = pr - q->y;
			sc = 1.0 - eta * l2;
			for (j = 0; j < q->n; j++)
				w[q->b[j]] = w[q->b[j]] * sc - eta * g;
			bias -= eta * g;
		}
	}
	if ((fo = fopen(out, "w")) == NULL) {
		perror(out);
		goto out;
	}
	fprintf(fo, "sodan-linear %d %u %.9g\n", MOD_LINEAR_VERSION, bits,
	    bias);
	for (i = 0; i < ((size_t)1 << bits); i++)
		if (fabs(w[i]) >= 1e-4) {
			fprintf(fo, "%zu %.6g\n", i, w[i]);
			nb++;
		}
	if (fclose(fo) != 0) {
		perror(out);
		goto out;
	}
	fprintf(stderr, "trained %zu posts (%lu spam), %u epochs, l2 %g, "
	    "eta %g: %zu weights into %s\n", nps, nspam, epochs, l2, eta0,
	    nb, out);
	rc = 0;
out:
	for (i = 0; i < nps; i++)
		free(ps[i].b);
	free(ps);
	free(ord);
	free(w);
	free(line);
	return rc;
}

/* "\n" in s becomes a line break, in place. */
static void
unescape_nl(char *s)
{
	char	*o = s;

	for (; *s != '\0'; s++) {
		if (s[0] == '\\' && s[1] == 'n') {
			*o++ = '\n';
			s++;
		} else
			*o++ = *s;
	}
	*o = '\0';
}

/* --triage: one JSON line per TSV question on standard input. */
static int
triage_run(const char *path, const char *cache_dir)
{
	struct mod_rules	*tr;
	struct mod_triage_result res;
	char			 err[512], *line = NULL, *f[4], *p, *s;
	size_t			 cap = 0, i, nf;
	ssize_t			 len;
	int			 lineno = 0, rc = 0;
	json_t			*o, *rs, *m;

	if ((tr = mod_triage_load(path, cache_dir, err, sizeof(err))) == NULL) {
		fprintf(stderr, "sodan-scan: %s\n", err);
		return 1;
	}
	while ((len = getline(&line, &cap, stdin)) != -1) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || (lineno == 1 &&
		    strncmp(line, "title\t", 6) == 0))
			continue;
		for (nf = 0, p = line; nf < 4; nf++) {
			f[nf] = p != NULL ? p : (char *)"";
			if (p != NULL && (p = strchr(p, '\t')) != NULL)
				*p++ = '\0';
		}
		unescape_nl(f[1]);
		o = json_object();
		json_object_set_new(o, "line", json_integer(lineno));
		json_object_set_new(o, "lang", json_string(f[2]));
		json_object_set_new(o, "label", json_string(f[3]));
		if (mod_triage(tr, f[0], strlen(f[0]), f[1], strlen(f[1]),
		    &res) == -1) {
			json_object_set_new(o, "class", json_string("error"));
			rc = 1;
		} else {
			json_object_set_new(o, "class", json_string(
			    mod_triage_class_name(res.tclass)));
			json_object_set_new(o, "urgent", json_real(res.urgent));
			json_object_set_new(o, "low", json_real(res.low));
			rs = json_array();
			for (i = 0; i < res.nreasons; i++) {
				m = json_object();
				json_object_set_new(m, "rule", json_string(
				    res.reasons[i].rule));
				json_object_set_new(m, "weight", json_real(
				    res.reasons[i].weight));
				json_object_set_new(m, "text_en", json_string(
				    res.reasons[i].text_en));
				json_object_set_new(m, "text_ja", json_string(
				    res.reasons[i].text_ja));
				json_array_append_new(rs, m);
			}
			json_object_set_new(o, "reasons", rs);
		}
		mod_triage_result_free(&res);
		if ((s = json_dumps(o, JSON_COMPACT)) != NULL) {
			puts(s);
			free(s);
		}
		json_decref(o);
	}
	free(line);
	mod_rules_free(tr);
	return rc;
}

int
main(int argc, char *argv[])
{
	static const struct option lopts[] = {
		{ "eval", no_argument, NULL, 'e' },
		{ "train", required_argument, NULL, 't' },
		{ "min-count", required_argument, NULL, 'n' },
		{ "dump-features", required_argument, NULL, 'D' },
		{ "model", required_argument, NULL, 'm' },
		{ "no-model", no_argument, NULL, 'M' },
		{ "rules", required_argument, NULL, 'r' },
		{ "conf", required_argument, NULL, 'c' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "cache", required_argument, NULL, 'C' },
		{ "linear", required_argument, NULL, 'l' },
		{ "no-linear", no_argument, NULL, 'L' },
		{ "train-linear", required_argument, NULL, 'T' },
		{ "epochs", required_argument, NULL, 'E' },
		{ "l2", required_argument, NULL, 'R' },
		{ "eta", required_argument, NULL, 'H' },
		{ "bits", required_argument, NULL, 'B' },
		{ "triage", required_argument, NULL, 'G' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*confdir = "conf/moderation", *trainout = NULL;
	const char	*dumpout = NULL, *linout = NULL, *triage = NULL;
	FILE		*dumpf = NULL;
	unsigned	 bits = 20, epochs = 10;
	double		 l2 = 0.001, eta = 0.1;
	struct mod_load_opts lo;
	struct mod_rules *r;
	struct mod_post	 p;
	struct mod_author a;
	struct mod_verdict v;
	struct evalstate *ev = NULL;
	struct timespec	 t0, t1;
	json_t		*o, *out, *id;
	json_error_t	 je;
	char		 err[512], *line = NULL, *s;
	const char	**links, *label, *group, *kind;
	char		 kbuf[48];
	size_t		 cap = 0, n;
	ssize_t		 len;
	int		 ch, doeval = 0, quiet = 0, rc;
	unsigned	 mincount = 2;
	double		 us;

	memset(&lo, 0, sizeof(lo));
	while ((ch = getopt_long(argc, argv, "c:m:Mr:qC:l:", lopts, NULL)) != -1) {
		switch (ch) {
		case 'c': confdir = optarg; break;
		case 'm': lo.model_path = optarg; break;
		case 'M': lo.no_model = 1; break;
		case 'r': lo.extra_rules = optarg; break;
		case 'q': quiet = 1; break;
		case 'C': lo.cache_dir = optarg; break;
		case 'e': doeval = 1; break;
		case 't': trainout = optarg; break;
		case 'D': dumpout = optarg; break;
		case 'n': mincount = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'l': lo.linear_path = optarg; break;
		case 'L': lo.no_linear = 1; break;
		case 'T': linout = optarg; break;
		case 'E': epochs = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'R': l2 = strtod(optarg, NULL); break;
		case 'H': eta = strtod(optarg, NULL); break;
		case 'B': bits = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'G': triage = optarg; break;
		default: usage();
		}
	}
	if (triage != NULL)
		return triage_run(triage, lo.cache_dir);
	if (bits < 8 || bits > 24 || l2 < 0 || eta <= 0) {
		fprintf(stderr, "sodan-scan: --bits 8 to 24, --l2 >= 0, "
		    "--eta > 0\n");
		return 2;
	}
	if (trainout != NULL || linout != NULL)
		lo.no_model = 1;
	if ((r = mod_rules_load_ex(confdir, &lo, err, sizeof(err))) == NULL) {
		fprintf(stderr, "sodan-scan: %s\n", err);
		return 1;
	}
	if (linout != NULL) {
		rc = train_linear(r, linout, bits, epochs, l2, eta);
		mod_rules_free(r);
		return rc == 0 ? 0 : 1;
	}
	if (trainout != NULL) {
		if (dumpout != NULL && (dumpf = fopen(dumpout, "w")) == NULL) {
			perror(dumpout);
			mod_rules_free(r);
			return 1;
		}
		rc = train(r, trainout, mincount, dumpf);
		if (dumpf != NULL && fclose(dumpf) != 0)
			rc = -1;
		mod_rules_free(r);
		return rc == 0 ? 0 : 1;
	}
	if (doeval && (ev = calloc(1, sizeof(*ev))) == NULL)
		return 1;
	while ((len = getline(&line, &cap, stdin)) != -1) {
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len == 0)
			continue;
		id = NULL;
		if ((o = json_loadb(line, (size_t)len, 0, &je)) == NULL ||
		    parse_post(o, &p, &a, &links, err, sizeof(err)) == -1) {
			if (o == NULL)
				snprintf(err, sizeof(err), "bad JSON: %s",
				    je.text);
			else
				id = json_object_get(o, "id");
			out = json_pack("{s:O,s:s,s:s}", "id", id != NULL ? id :
			    json_null(), "decision", "error", "error", err);
			if (!quiet && out != NULL &&
			    (s = json_dumps(out, JSON_COMPACT | JSON_REAL_PRECISION(5))) != NULL) {
				puts(s);
				free(s);
			}
			json_decref(out);
			json_decref(o);
			continue;
		}
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
		mod_check(r, &p, &a, &v);
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
		us = (t1.tv_sec - t0.tv_sec) * 1e6 +
		    (t1.tv_nsec - t0.tv_nsec) / 1e3;
		if (ev != NULL) {
			label = jstr(o, "label", &n);
			group = jstr(o, "group", &n);
			kind = jstr(o, "kind", &n);
			snprintf(kbuf, sizeof(kbuf), "kind:%s", kind != NULL ?
			    kind : "question");
			eval_add(ev, label, group != NULL ? group : "", kbuf, &v,
			    us);
		}
		if (!quiet) {
			out = verdict_json(json_object_get(o, "id"), &v);
			if ((s = json_dumps(out, JSON_COMPACT | JSON_REAL_PRECISION(5))) != NULL) {
				puts(s);
				free(s);
			}
			json_decref(out);
		}
		mod_verdict_free(&v);
		free(links);
		json_decref(o);
	}
	free(line);
	if (ev != NULL) {
		eval_print(ev);
		free(ev->us);
		free(ev);
	}
	mod_rules_free(r);
	return 0;
}
