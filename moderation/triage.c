/*
 * triage.c: how urgent a new question is (mod_triage, see moderation.h).
 *
 * The same machinery as mod_check, on a rule set of its own: the title
 * and the body are normalized (normalize.c) and scanned with the triage
 * rules' Hyperscan database (patterns.c, one scan per field, one report
 * per rule); a hit touching a negation (flags negate, negate-after: "how
 * do I prevent …", "もし乗っ取られたら") is cancelled exactly as in
 * mod_check; what is left adds up per class.  Urgent wins over low: a
 * tax question written by someone whose account was just emptied is an
 * emergency first.  No I/O, no state: a rule set in, a class and reasons
 * out.
 */
#include <stdlib.h>
#include <string.h>

#include "moderation/mod_int.h"

#define TRIAGE_AT	1.0	/* weights of a class that decide it */
#define NEGAFTER_GAP	90	/* bytes: about 30 Japanese characters */

static const char *const tclass_names[MOD_TRIAGE__MAX] = {
	"normal", "urgent", "low"
};

static void	 cancel_negated(const struct mod_rules *,
		    const struct mod_text *, struct mod_hits *);
static int	 negated_after(const struct mod_text *, const struct mod_hit *,
		    const struct mod_hit *);
static int	 cmp_weight(const void *, const void *);
static int	 reasons(const struct mod_rules *, struct mod_hits *,
		    struct mod_triage_result *);

const char *
mod_triage_class_name(enum mod_tclass c)
{
	return (unsigned)c < MOD_TRIAGE__MAX ? tclass_names[c] : "normal";
}

int
mod_triage_class_parse(const char *s)
{
	int	i;

	for (i = 0; i < MOD_TRIAGE__MAX; i++)
		if (strcmp(s, tclass_names[i]) == 0)
			return i;
	return -1;
}

/* A negation after the hit, in the same clause (as check.c). */
static int
negated_after(const struct mod_text *t, const struct mod_hit *h,
    const struct mod_hit *n)
{
	size_t	i;

	if (n->end < h->end || n->end - h->end > NEGAFTER_GAP ||
	    n->end > t->len)
		return 0;
	for (i = h->end; i < n->end; i++) {
		if (t->s[i] == '\n' || t->s[i] == '!' || t->s[i] == '?' ||
		    t->s[i] == '.' || t->s[i] == ';')
			return 0;
		/* 。 E3 80 82 */
		if ((unsigned char)t->s[i] == 0xe3 && i + 2 < t->len &&
		    (unsigned char)t->s[i + 1] == 0x80 &&
		    (unsigned char)t->s[i + 2] == 0x82)
			return 0;
	}
	return 1;
}

/* Hits of one field [from, to) touched by a negation lose their weight. */
static void
cancel_negated(const struct mod_rules *r, const struct mod_text *t,
    struct mod_hits *hs)
{
	struct mod_hit	*h, *n;
	size_t		 i, j;

	for (i = 0; i < hs->n; i++) {
		h = &hs->v[i];
		if ((h->flags & (MOD_RF_KEEP | MOD_RF_NEGATE)) ||
		    h->weight <= 0)
			continue;
		for (j = 0; j < hs->n; j++) {
			n = &hs->v[j];
			if (!(n->flags & MOD_RF_NEGATE) ||
			    n->field != h->field)
				continue;
			if ((n->flags & MOD_RF_NEGAFTER) ?
			    negated_after(t, h, n) :
			    mod_negation_touches(r, t, n, h)) {
				h->weight = 0;
				h->flags |= MOD_RF_NEGATE;
				break;
			}
		}
	}
}

static int
cmp_weight(const void *a, const void *b)
{
	const struct mod_hit	*x = a, *y = b;
	double			 wx = x->weight < 0 ? -x->weight : x->weight;
	double			 wy = y->weight < 0 ? -y->weight : y->weight;

	if (wx != wy)
		return wx < wy ? 1 : -1;
	return x->rule_index - y->rule_index;
}

/* The reasons of res->tclass (normal: what spoke against urgency). */
static int
reasons(const struct mod_rules *r, struct mod_hits *hs,
    struct mod_triage_result *res)
{
	const struct mod_rule	*rule;
	struct mod_hit		*h;
	struct mod_reason	*m;
	size_t			 i, j;
	int			 want, dup;

	if (hs->n > 0)
		qsort(hs->v, hs->n, sizeof(*hs->v), cmp_weight);
	if ((res->reasons = calloc(hs->n + 1, sizeof(*res->reasons))) == NULL)
		return -1;
	for (i = 0; i < hs->n; i++) {
		h = &hs->v[i];
		if (h->rule_index < 0 || (h->flags & MOD_RF_NEGATE) ||
		    h->weight == 0)
			continue;
		rule = &r->rules[h->rule_index];
		switch (res->tclass) {
		case MOD_TRIAGE_URGENT:
			want = rule->tclass == MOD_TRIAGE_URGENT &&
			    h->weight > 0;
			break;
		case MOD_TRIAGE_LOW:
			want = rule->tclass == MOD_TRIAGE_LOW && h->weight > 0;
			break;
		default:
			want = rule->tclass == MOD_TRIAGE_URGENT &&
			    h->weight < 0;
			break;
		}
		if (!want)
			continue;
		for (dup = 0, j = 0; j < res->nreasons; j++)
			if (strcmp(res->reasons[j].rule, rule->id) == 0)
				dup = 1;
		if (dup)
			continue;
		m = &res->reasons[res->nreasons];
		if ((m->rule = strdup(rule->id)) == NULL ||
		    (m->text_ja = strdup(rule->ja)) == NULL ||
		    (m->text_en = strdup(rule->en)) == NULL)
			return -1;
		m->category = MOD_CAT_NONE;
		m->weight = h->weight;
		m->span.field = h->field;
		m->span.start = m->span.end = 0;
		res->nreasons++;
	}
	return 0;
}

int
mod_triage(const struct mod_rules *r, const char *title, size_t title_len,
    const char *body, size_t body_len, struct mod_triage_result *res)
{
	struct mod_text	 t[MOD_FIELD__MAX];
	struct mod_hits	 all, one;
	const char	*raw[MOD_FIELD__MAX] = { title, body };
	size_t		 rawlen[MOD_FIELD__MAX] = { title_len, body_len };
	hs_scratch_t	*scr = NULL;
	uint8_t		*seen = NULL;
	size_t		 i, f;
	int		 rc = -1;

	memset(res, 0, sizeof(*res));
	memset(t, 0, sizeof(t));
	memset(&all, 0, sizeof(all));
	memset(&one, 0, sizeof(one));
	if (r == NULL || !r->triage)
		return -1;
	if ((seen = calloc((r->nrules + 7) / 8 + 1, 1)) == NULL ||
	    (scr = mod_scratch_get(r)) == NULL)
		goto out;
	for (f = 0; f < MOD_FIELD__MAX; f++) {
		if (raw[f] == NULL || rawlen[f] == 0)
			continue;
		if (!mod_utf8_valid(raw[f], rawlen[f]) ||
		    mod_norm(raw[f], rawlen[f], &t[f]) == -1)
			goto out;
		one.n = 0;
		if (mod_patterns_scan(r, scr, &t[f], (enum mod_field)f, seen,
		    &one) == -1)
			goto out;
		cancel_negated(r, &t[f], &one);
		for (i = 0; i < one.n; i++)
			if (mod_hits_add(&all, &one.v[i]) == -1)
				goto out;
	}
	for (i = 0; i < all.n; i++) {
		if (all.v[i].rule_index < 0 ||
		    (all.v[i].flags & MOD_RF_NEGATE))
			continue;
		switch (r->rules[all.v[i].rule_index].tclass) {
		case MOD_TRIAGE_URGENT:
			res->urgent += all.v[i].weight;
			break;
		case MOD_TRIAGE_LOW:
			res->low += all.v[i].weight;
			break;
		default:
			break;
		}
	}
	if (res->urgent >= TRIAGE_AT)
		res->tclass = MOD_TRIAGE_URGENT;
	else if (res->low >= TRIAGE_AT)
		res->tclass = MOD_TRIAGE_LOW;
	else
		res->tclass = MOD_TRIAGE_NORMAL;
	if (reasons(r, &all, res) == -1)
		goto out;
	rc = 0;
out:
	if (rc == -1) {
		mod_triage_result_free(res);
		res->tclass = MOD_TRIAGE_NORMAL;
	}
	mod_scratch_put(r, scr);
	for (f = 0; f < MOD_FIELD__MAX; f++)
		mod_text_free(&t[f]);
	free(all.v);
	free(one.v);
	free(seen);
	return rc;
}

void
mod_triage_result_free(struct mod_triage_result *res)
{
	size_t	i;

	if (res == NULL)
		return;
	for (i = 0; res->reasons != NULL && i < res->nreasons; i++) {
		free(res->reasons[i].rule);
		free(res->reasons[i].text_ja);
		free(res->reasons[i].text_en);
	}
	free(res->reasons);
	memset(res, 0, sizeof(*res));
}
