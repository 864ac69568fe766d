/*
 * check.c: mod_check(), where the detectors' findings become a verdict.
 *
 * Order: normalize title, body (and the question answered, when given);
 * pattern rules; contacts; links; secrets; then context, which weighs
 * what was found by who wrote it and where:
 *
 * - kind: in a question, rules flagged question-ok weigh a quarter and
 *   rules flagged answer nothing; a phone number or handle quoted in a
 *   question ("I got a call from +1 888…, is this real?") weighs little,
 *   the same in an answer to someone else's question weighs more;
 * - trust: new accounts (trust 0, or trust 1 and younger than 7 days)
 *   multiply contact, link and offer weights by new_factor; trusted ones
 *   (trust >= 2, whatever the account's age) multiply every positive
 *   weight but secrets by trusted_factor; staff posts keep only secrets;
 * - combinations: an offer of help off the forum (rules flagged offer)
 *   together with a contact point; the same on a distress thread
 *   (hacked, stolen, 盗まれた, 乗っ取り …, in the question or the answer)
 *   from an answer to someone else: the typical recovery scam; a reply
 *   with contacts seconds after the question; posting bursts; near
 *   duplicates of recent posts (simhash); a name impersonating staff;
 * - negation: a hit overlapping a rule flagged negate ("never share your
 *   seed phrase", "scammers will ask you to …") is cancelled unless keep.
 * - learned: the classifier's probability adds bayes_suspect_weight
 *   above bayes_suspect, bayes_weight above bayes_hold, bayes_weight2
 *   above bayes_block, and subtracts bayes_ham_weight below bayes_ham;
 *   for authors who are not new it adds at most bayes_suspect_weight
 *   (never holds alone), halved for trusted authors.  When the linear
 *   model (linear.c) is loaded it gives the learned signal instead, with
 *   the same weights at the margins linear_suspect, linear_hold,
 *   linear_block and linear_ham, and the same limits by author.
 *
 * Score = sum of weights.  A secret (weight >= 1) always gives hold with
 * category secret; otherwise block at settings.block, hold at
 * settings.hold; a post that asks whether something is real or warns
 * against it (sig.doubt) is held at most, never blocked: a moderator
 * reads the warning that repeats a scam number.  Reasons are sorted heaviest first; spans are mapped
 * back to the original text.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "moderation/mod_int.h"

#define NEGAFTER_GAP	90	/* bytes: about 30 Japanese characters */

#define NEW_DAYS	7
#define VICTIM_FACTOR	0.3	/* a victim's question: what it quotes */

struct run {
	const struct mod_rules	*r;
	const struct mod_post	*post;
	struct mod_author	 a;
	struct mod_text		 t[MOD_NFIELDS];	/* + rendered */
	const char		*raw[MOD_NFIELDS];
	size_t			 rawlen[MOD_NFIELDS];
	struct mod_hits		 hits;
	struct mod_contacts	 cts;
	struct mod_features	*feat;
	uint64_t		 simhash;
	double			 bayes;		/* -1: no model */
	int			 newacct;
	int			 trusted;
	int			 question;	/* kind question */
	int			 reply;		/* answer to someone else */
	int			 doubt;		/* sig.doubt: asks or warns */
	double			 hold_only;	/* weight that may hold, not block */
	int			 victim;	/* a victim's question (ctx_cues) */
	int			 inst;		/* sig.institution named */
	int			 claim;		/* claims an office (ctx_hits) */
	int			 desk;		/* sig.support_desk named */
};

static int	 run_detectors(struct run *);
static int	 rendered_detectors(struct run *, hs_scratch_t *, uint8_t *);
static int	 hit_known(const struct mod_hits *, const struct mod_hit *);
static int	 negated(const struct run *, struct mod_hit *);
static int	 cue_seen(const struct run *, const char *);
static int	 asks(const struct run *);
static int	 asks_ja(const struct run *);
static void	 apply_negation(struct run *);
static int	 negated_after(const struct mod_text *, const struct mod_hit *,
		    const struct mod_hit *);
static double	 rule_factor(const struct run *, const struct mod_hit *);
static int	 context(struct run *, int);
struct ctx_counts;
static int	 ctx_cues(struct run *, const struct ctx_counts *);
static int	 ctx_stuffing(struct run *);
static size_t	 list_run(const struct mod_text *);
static int	 add(struct run *, const char *, enum mod_category, double,
		    const char *, const char *, enum mod_field, size_t, size_t,
		    const char *);
static int	 feature(struct run *, const char *, const char *);
static int	 bucket(size_t, const size_t *, size_t);
static size_t	 prose_words(const struct mod_text *, size_t *);
static int	 shape(struct run *, size_t, size_t, size_t);
static int	 shape_feature(struct run *, const char *, int);
static int	 cmp_hit(const void *, const void *);
static double	 cjk_share(const struct run *);
static double	 learned_weight(const struct mod_settings *, double, double,
		    double, double, double);
static int	 build_verdict(struct run *, struct mod_verdict *);
static int	 run_check(const struct mod_rules *, const struct mod_post *,
		    const struct mod_author *, struct mod_verdict *,
		    struct mod_features *);
static void	 run_free(struct run *);

static int
add(struct run *x, const char *rule, enum mod_category cat, double w,
    const char *ja, const char *en, enum mod_field field, size_t start,
    size_t end, const char *detail)
{
	struct mod_hit	 h;

	memset(&h, 0, sizeof(h));
	h.rule = rule;
	h.cat = cat;
	h.weight = w;
	h.ja = ja;
	h.en = en;
	h.field = field;
	h.start = start;
	h.end = end;
	h.flags = MOD_RF_KEEP;
	h.rule_index = -1;
	if (detail != NULL)
		snprintf(h.detail, sizeof(h.detail), "%s", detail);
	return mod_hits_add(&x->hits, &h);
}

static int
feature(struct run *x, const char *prefix, const char *name)
{
	uint64_t	 h;

	if (x->feat == NULL)
		return 0;
	h = mod_hash(prefix, strlen(prefix), 0);
	h = mod_hash(name, strlen(name), h);
	return mod_features_add(x->feat, h);
}

/* Index of the first limit n is below (or nlim): a feature's bucket. */
static int
bucket(size_t n, const size_t *lim, size_t nlim)
{
	size_t		 i;

	for (i = 0; i < nlim; i++)
		if (n < lim[i])
			break;
	return (int)i;
}

/*
 * Words of prose in a normalized field: whitespace-separated tokens with
 * two letters or more that are not URLs, paths or @handles (a bare
 * host counts: SMS write "ok.ok" and "unsold.now" without spaces); a
 * run of Japanese counts a word per two characters.  *urls is
 * incremented for each token that is a URL (scheme, www. or a path).
 */
static size_t
prose_words(const struct mod_text *t, size_t *urls)
{
	const unsigned char *p = (const unsigned char *)t->s, *e = p + t->len;
	const unsigned char *a, *q;
	size_t		 n = 0, letters, mb;
	int		 linky;

	/* Blanks that end a token, by table: one test a byte. */
	static const unsigned char blank[256] = {
		['\t'] = 1, ['\n'] = 1, ['\r'] = 1, [' '] = 1
	};

	while (p < e) {
		while (p < e && blank[*p])
			p++;
		for (a = p; p < e && !blank[*p]; p++)
			;
		if (a == p)
			continue;
		linky = *a == '@' || *a == '/' || (p - a > 4 &&
		    (memcmp(a, "http", 4) == 0 || memcmp(a, "www.", 4) == 0));
		letters = mb = 0;
		for (q = a; q < p; q++) {
			if ((*q >= 'a' && *q <= 'z') || *q >= 0x80)
				letters++;
			if (*q >= 0xe0)
				mb++;		/* lead byte of a 3-byte char */
			if (*q == '/' && q > a)
				linky = 1;	/* a path; "ok.ok" is prose */
		}
		if (linky && *a != '@' && memchr(a, '.', (size_t)(p - a)) !=
		    NULL)
			(*urls)++;
		if (linky || letters < 2)
			continue;
		n += mb >= 2 ? mb / 2 : 1;
	}
	return n;
}

/*
 * Shape features for the classifier, independent of the language and
 * the genre of the training data: how many links, contact points,
 * handles, cashtags and hashtags, emoji, how much is upper case, how long
 * the prose is, and whether the post is little more than a link or a
 * contact.  All from the original text except the prose length.
 */
/* The feature "s:" prefix bucket ("s:links2"; snprintf was 0.7 %). */
static int
shape_feature(struct run *x, const char *prefix, int b)
{
	char		 name[32], dig[12];
	size_t		 n, nd = 0;
	unsigned	 v = (unsigned)b;	/* bucket(): 0 to nlim */

	if ((n = strlen(prefix)) + sizeof(dig) >= sizeof(name))
		return -1;
	memcpy(name, prefix, n);
	do {
		dig[nd++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	while (nd > 0)
		name[n++] = dig[--nd];
	name[n] = '\0';
	return feature(x, "s:", name);
}

static int
shape(struct run *x, size_t links, size_t contacts, size_t words)
{
	static const size_t lim3[] = { 1, 2, 4 };
	static const size_t limw[] = { 1, 4, 11, 31, 101 };
	static const size_t limc[] = { 10, 30, 60 };
	size_t		 f, i, up = 0, low = 0, cash = 0, tags = 0, emoji = 0;
	size_t		 bang = 0, handles = 0;

	for (f = 0; f < MOD_FIELD__MAX; f++) {
		const unsigned char *s = (const unsigned char *)x->raw[f];
		size_t		 n = x->rawlen[f];

		for (i = 0; i < n; i++) {
			if (s[i] >= 'A' && s[i] <= 'Z')
				up++;
			else if (s[i] >= 'a' && s[i] <= 'z')
				low++;
			else if (s[i] == '!' && i + 1 < n && s[i + 1] == '!')
				bang = 1;
			else if ((s[i] == '$' || s[i] == '#') && i + 1 < n &&
			    ((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <=
			    'z') && (i == 0 || s[i - 1] == ' ' ||
			    s[i - 1] == '\n')) {
				if (s[i] == '$')
					cash++;
				else
					tags++;
			} else if (s[i] == 0xf0)
				emoji++;	/* 4-byte: emoji, mostly */
		}
	}
	for (i = 0; i < x->cts.n; i++)
		if (x->cts.v[i].type == MOD_CONTACT_HANDLE)
			handles++;
	if (shape_feature(x, "links", bucket(links, lim3, 3)) == -1 ||
	    shape_feature(x, "contacts", bucket(contacts, lim3, 3)) == -1 ||
	    shape_feature(x, "handles", bucket(handles, lim3, 3)) == -1 ||
	    shape_feature(x, "cash", bucket(cash, lim3, 3)) == -1 ||
	    shape_feature(x, "tags", bucket(tags, lim3, 3)) == -1 ||
	    shape_feature(x, "emoji", bucket(emoji, lim3, 3)) == -1 ||
	    shape_feature(x, "words", bucket(words, limw, 5)) == -1)
		return -1;
	if (up + low >= 10 && shape_feature(x, "caps",
	    bucket(100 * up / (up + low), limc, 3)) == -1)
		return -1;
	if (bang && feature(x, "s:", "bang") == -1)
		return -1;
	return 0;
}

static int
run_detectors(struct run *x)
{
	const struct mod_rules *r = x->r;
	hs_scratch_t	*scr;
	uint8_t		*seen;
	int		 f, rc = -1;

	if ((seen = calloc((r->nrules + 7) / 8 + 1, 1)) == NULL)
		return -1;
	if ((scr = mod_scratch_get(r)) == NULL) {
		free(seen);
		return -1;
	}
	for (f = 0; f < MOD_FIELD__MAX; f++) {
		if (mod_patterns_scan(r, scr, &x->t[f], (enum mod_field)f, seen,
		    &x->hits) == -1)
			goto out;
	}
	/* The question answered: only its distress signals count. */
	if (x->post->question != NULL && x->post->question_len > 0) {
		struct mod_text	 q;
		struct mod_hits	 qh;
		size_t		 i;
		uint8_t		*qseen;

		memset(&qh, 0, sizeof(qh));
		if ((qseen = calloc((r->nrules + 7) / 8 + 1, 1)) == NULL)
			goto out;
		if (mod_norm(x->post->question, x->post->question_len, &q) ==
		    -1) {
			free(qseen);
			goto out;
		}
		if (mod_patterns_scan(r, scr, &q, MOD_FIELD_BODY, qseen, &qh) ==
		    -1) {
			mod_text_free(&q);
			free(qseen);
			free(qh.v);
			goto out;
		}
		for (i = 0; i < qh.n; i++)
			if (qh.v[i].flags & MOD_RF_DISTRESS) {
				if (add(x, "context.distress_thread",
				    MOD_CAT_NONE, 0, "困っている人への質問スレッド",
				    "a thread asking for help after a loss",
				    MOD_FIELD_BODY, SIZE_MAX, SIZE_MAX, NULL) ==
				    -1) {
					mod_text_free(&q);
					free(qseen);
					free(qh.v);
					goto out;
				}
				x->hits.v[x->hits.n - 1].flags |=
				    MOD_RF_DISTRESS;
				break;
			}
		mod_text_free(&q);
		free(qseen);
		free(qh.v);
	}
	for (f = 0; f < MOD_FIELD__MAX; f++) {
		if (mod_contacts_find(r, &x->t[f], (enum mod_field)f,
		    &x->cts) == -1 ||
		    mod_links_check(r, &x->t[f], (enum mod_field)f, x->post,
		    &x->hits, &x->cts) == -1 ||
		    mod_secrets_find(r, &x->t[f], &x->t[MOD_FIELD_TITLE],
		    x->raw[f], x->rawlen[f], (enum mod_field)f,
		    &x->hits) == -1)
			goto out;
	}
	if (x->t[MOD_FIELD_RENDERED].len > 0 &&
	    rendered_detectors(x, scr, seen) == -1)
		goto out;
	rc = 0;
out:
	mod_scratch_put(r, scr);
	free(seen);
	return rc;
}

/* 1 when hits already holds a finding of h's rule and detail. */
static int
hit_known(const struct mod_hits *hs, const struct mod_hit *h)
{
	size_t		 i;

	for (i = 0; i < hs->n; i++)
		if (strcmp(hs->v[i].rule, h->rule) == 0 &&
		    strcmp(hs->v[i].detail, h->detail) == 0)
			return 1;
	return 0;
}

/*
 * The rendered text (post.rendered): what the reader sees, checked after
 * the source.  Pattern rules share the source's bitmap, so a rule counts
 * once; contacts are kept once per type and value (mod_contacts_add);
 * link and secret findings already made on the source are not repeated.
 */
static int
rendered_detectors(struct run *x, hs_scratch_t *scr, uint8_t *seen)
{
	const struct mod_text *t = &x->t[MOD_FIELD_RENDERED];
	struct mod_hits	 more;
	size_t		 i;
	int		 rc = -1;

	memset(&more, 0, sizeof(more));
	if (mod_patterns_scan(x->r, scr, t, MOD_FIELD_RENDERED, seen,
	    &x->hits) == -1 ||
	    mod_contacts_find(x->r, t, MOD_FIELD_RENDERED, &x->cts) == -1 ||
	    mod_links_check(x->r, t, MOD_FIELD_RENDERED, NULL, &more,
	    &x->cts) == -1 ||
	    mod_secrets_find(x->r, t, &x->t[MOD_FIELD_TITLE],
	    x->raw[MOD_FIELD_RENDERED],
	    x->rawlen[MOD_FIELD_RENDERED], MOD_FIELD_RENDERED, &more) == -1)
		goto out;
	for (i = 0; i < more.n; i++)
		if (!hit_known(&x->hits, &more.v[i]) &&
		    mod_hits_add(&x->hits, &more.v[i]) == -1)
			goto out;
	rc = 0;
out:
	free(more.v);
	return rc;
}

/*
 * A negation that follows the hit in the same clause, as Japanese puts
 * it ("…を教えないでください", "…という話は詐欺です") and English a verdict
 * ("flash USDT is a scam"): it ends at most NEGAFTER_GAP bytes after the
 * hit, with no 。、！？,; or line break between (so a scam cannot cancel
 * itself with a separate "詐欺に注意" or ", others are a scam").
 */
static int
negated_after(const struct mod_text *t, const struct mod_hit *h,
    const struct mod_hit *n)
{
	size_t		 i;

	if (n->end < h->end || n->end - h->end > NEGAFTER_GAP ||
	    n->end > t->len)
		return 0;
	for (i = h->end; i < n->end; i++) {
		if (t->s[i] == '\n' || t->s[i] == '!' || t->s[i] == '?' ||
		    t->s[i] == ',' || t->s[i] == ';')
			return 0;
		/* 。 E3 80 82, 、 E3 80 81 */
		if ((unsigned char)t->s[i] == 0xe3 && i + 2 < t->len &&
		    (unsigned char)t->s[i + 1] == 0x80 &&
		    ((unsigned char)t->s[i + 2] == 0x82 ||
		    (unsigned char)t->s[i + 2] == 0x81))
			return 0;
	}
	return 1;
}

/* 1 when a negation or a warning touches the hit h. */
static int
negated(const struct run *x, struct mod_hit *h)
{
	const struct mod_hit *n;
	size_t		 j;

	for (j = 0; j < x->hits.n; j++) {
		n = &x->hits.v[j];
		if (n == h || !(n->flags & MOD_RF_NEGATE) ||
		    n->field != h->field)
			continue;
		if (n->flags & MOD_RF_NEGAFTER) {
			if (negated_after(&x->t[h->field], h, n))
				return 1;
			continue;
		}
		if (mod_negation_touches(x->r, &x->t[h->field], n, h))
			return 1;
	}
	return 0;
}

static void
apply_negation(struct run *x)
{
	struct mod_hit	*h;
	size_t		 i;

	for (i = 0; i < x->hits.n; i++) {
		h = &x->hits.v[i];
		if ((h->flags & (MOD_RF_KEEP | MOD_RF_NEGATE)) ||
		    h->weight <= 0)
			continue;
		if (negated(x, h)) {
			h->weight = 0;
			h->flags |= MOD_RF_NEGATE;	/* cancelled */
		}
	}
}

/* Kind, trust and staff factor of a pattern or detector hit. */
static double
rule_factor(const struct run *x, const struct mod_hit *h)
{
	double		 f = 1.0;

	if (h->cat == MOD_CAT_SECRET)
		return 1.0;
	if (x->a.staff)
		return 0.0;
	if (x->question) {
		if (h->flags & MOD_RF_ANSWER)
			return 0.0;
		if (h->flags & MOD_RF_QOK)
			f *= 0.25;
	}
	/*
	 * An offer made in the author's own voice after a hook written as
	 * a question ("Need a loan? We offer …", "お金に困っていませんか？
	 * 融資します") is the offer, in a question too; quoted in a post that
	 * asks whether it is real or warns against it, it weighs a quarter.
	 */
	if ((h->flags & MOD_RF_DOUBTOK) && x->doubt)
		f *= 0.25;
	if ((h->flags & MOD_RF_NEWACCT) && !x->newacct)
		return 0.0;
	if (x->newacct && ((h->flags & MOD_RF_OFFER) ||
	    h->cat == MOD_CAT_CONTACT || h->cat == MOD_CAT_LINK))
		f *= x->r->set.new_factor;
	/*
	 * The block list is the moderators' decision about a host, not a
	 * guess about the post: trust does not soften it.  (Until the same
	 * host in the text and as the rendered link counted once, a
	 * trusted member's block-listed link blocked only by counting
	 * twice.)
	 */
	if (x->trusted && h->weight > 0 &&
	    !(h->rule_index < 0 && strcmp(h->rule, "link.blocklisted") == 0))
		f *= x->r->set.trusted_factor;
	return f;
}

/*
 * What each context finding weighs (the score holds at mod_settings.hold)
 * before the new-account and trusted factors of the settings.  Named here
 * once, so that a change of weight is a change of one line that says
 * what it is about.
 */
static const struct ctx_weights {
	double	ext_link[2];		/* external link, trust 0 and 1 */
	double	ext_link_reply;		/* ... times, in an answer to others */
	double	ext_link_cap;		/* all external links together */
	double	contact[MOD_CONTACT__MAX];	/* by enum mod_contact_type */
	double	contact_question;	/* ... times, in a question */
	double	contact_reply;		/* ... times, in an answer to others */
	double	contact_cap;		/* all contact points together */
	double	handle_cap;		/* bare @handles in prose together */
	double	link_only;		/* a new account's bare link/contact */
	double	offer_contact;		/* "help" offered with a contact */
	double	recovery_offer;		/* ... on a distress thread */
	double	support_contact;	/* a contact given as the way to help */
	double	cues;			/* several families of cues.rules */
	double	role_route;		/* a role taken, and a way out */
	double	secret_to_link;		/* the phrase entered on a page */
	double	fast_reply;		/* contacts seconds after the question */
	double	evasion;		/* a contact written to miss filters */
	double	burst[2];		/* many posts an hour: new, older */
	double	duplicate[2];		/* recent near-copy: untrusted, trusted */
	double	name_imitation;		/* author's name imitates staff */
	double	name_protected;		/* a username imitating staff */
} cw = {
	.ext_link = { 0.3, 0.1 },
	.ext_link_reply = 1.3,
	.ext_link_cap = 0.6,
	/* phone, e-mail, telegram, whatsapp, discord, line, handle, domain */
	.contact = { 0.35, 0.30, 0.60, 0.60, 0.50, 0.50, 0.10, 0 },
	.contact_question = 0.3,
	.contact_reply = 1.5,
	.contact_cap = 1.2,
	.handle_cap = 0.45,
	.link_only = 0.7,
	.offer_contact = 0.8,
	.recovery_offer = 1.0,
	.support_contact = 1.1,
	.cues = 1.0,
	.role_route = 1.0,
	.secret_to_link = 1.2,
	.fast_reply = 0.4,
	.evasion = 0.6,
	.burst = { 0.8, 0.4 },
	.duplicate = { 0.8, 0.4 },
	.name_imitation = 1.0,
	.name_protected = 2.0,
};

/* What the first passes over the findings counted, for the later ones. */
struct ctx_counts {
	size_t	links;		/* links but to the official site */
	size_t	contacts;	/* contact points but bare handles */
	size_t	words;		/* words of prose in title and body */
	size_t	urls;
	int	offer;		/* an offer of help, not negated */
	int	distress;	/* the text tells of a loss or a lock */
	int	dm;		/* "send me a DM" */
	int	sctx;		/* support words (sig.support_ctx) */
	int	direct;		/* a phone, messenger ID or e-mail */
	size_t	handles;	/* bare @handles */
};

/* The new-account and trusted factors for author-dependent findings. */
static double
author_factor(const struct run *x)
{
	return (x->newacct ? x->r->set.new_factor : 1) *
	    (x->trusted ? x->r->set.trusted_factor : 1);
}

/*
 * Pattern and detector hits: their features, their factors of kind,
 * trust and staff, the cap on external links; counts what later passes
 * need.
 */
static int
ctx_hits(struct run *x, struct ctx_counts *n)
{
	const struct mod_rules *r = x->r;
	struct mod_hit	*h;
	size_t		 i, j, n0 = x->hits.n;
	double		 w, lw = 0;
	int		 inst = 0, self = 0, named = 0, warned = 0;
	const struct mod_hit *vouch = NULL;

	for (i = 0; i < n0; i++) {
		h = &x->hits.v[i];
		if (h->rule_index < 0)
			continue;
		if (strcmp(h->rule, "sig.doubt") == 0)
			x->doubt = 1;
		else if (strcmp(h->rule, "sig.institution") == 0)
			inst = 1;
		else if (strcmp(h->rule, "sig.support_desk") == 0)
			x->desk = 1;
		else if (strcmp(h->rule, "sig.names_phishing") == 0 &&
		    named == 0)
			named = 1;	/* its own words are negations */
		else if (strcmp(h->rule, "sig.site_instruction") == 0 &&
		    !negated(x, h))
			named = -1;	/* "use the real one: … log in there" */
		else if (strcmp(h->rule, "sig.claim_self") == 0 &&
		    !negated(x, h))
			self = x->claim = 1;
		else if (strcmp(h->rule, "sig.vouch_link") == 0 &&
		    vouch == NULL && !negated(x, h))
			vouch = h;
		else if ((strncmp(h->rule, "imp.", 4) == 0 ||
		    strcmp(h->rule, "scam.ja_claims_office") == 0) &&
		    !negated(x, h))
			x->claim = 1;
	}
	/*
	 * A bank, the police or the tax office named in a post is most
	 * often an honest pointer ("call the number on your card", "report
	 * it to the police"), so it shelters the post like a doubt; but a
	 * post that claims an office itself ("国税庁 暗号資産課 担当の者です",
	 * "警察・金融庁 連携窓口", "I am from the compliance desk") borrows
	 * the institution's name and is not sheltered by it.
	 */
	x->inst = inst;
	if (inst && !x->claim)
		x->doubt = 1;
	/*
	 * An office claimed in the first person ("I'm with the bank fraud
	 * department", 国税庁…担当の者です) is not a doubt, whatever words
	 * of a warning it borrows; a quoted claim is negated (sig.quote).
	 */
	if (self)
		x->doubt = 0;
	/*
	 * A post filed as a question that asks nothing (no question mark,
	 * no "is it real?") and presents the phishing link itself as the
	 * official or right one (it follows "公式ログインページ ▶",
	 * "Official login page:" within a few bytes) is a lure dressed as
	 * a question, whatever fakes it warns against: the shelter below
	 * is the victim's.  A guide that vouches for the real site and
	 * names a fake elsewhere keeps it.
	 */
	if (vouch != NULL && x->question && (asks(x) ||
	    cue_seen(x, "cue.legit_ask")))
		vouch = NULL;
	for (i = 0; i < n0; i++) {
		h = &x->hits.v[i];
		/*
		 * A question that quotes a phishing link to ask whether it
		 * is real ("verify at help.coinbase.com.unlock.example —
		 * legit?") is a victim asking, not a lure.
		 */
		if (x->question && x->doubt && h->cat == MOD_CAT_PHISHING &&
		    !(vouch != NULL && h->rule_index < 0 &&
		    h->field == vouch->field && h->start != SIZE_MAX &&
		    h->start >= vouch->end && h->start - vouch->end <= 24))
			h->weight *= 0.3;
		/*
		 * An answer that warns and calls the host phishing or fake
		 * ("don't open blnance-login.com, it is phishing", "この
		 * bitflyer-support.net はフィッシングサイトです") repeats a
		 * lure to warn: from an author who is not new it weighs as
		 * in a victim's question; from a new account it is held at
		 * most (the doubt), never blocked.  A post that claims an
		 * office, or tells readers to log in or enter details on a
		 * site ("beware of fakes, use the real one: … and log in
		 * there"), is not such a warning; a block-listed
		 * host is the moderators' decision and keeps its weight.
		 * A warning that lists several fakes ("anything like
		 * coinbase-help.example or coinbase.com.verify.example
		 * isn't Coinbase") names them all at once: the first
		 * weighs, the others add nothing.
		 */
		else if (named == 1 && x->doubt && !x->claim && !x->newacct &&
		    h->rule_index < 0 && (strcmp(h->rule,
		    "link.lookalike") == 0 || strcmp(h->rule,
		    "link.brand_subdomain") == 0))
			h->weight *= warned++ == 0 ? 0.3 : 0;
		if (h->flags & MOD_RF_OFFER && h->weight >= 0 &&
		    !(h->flags & MOD_RF_NEGATE && h->rule_index >= 0 &&
		    !(r->rules[h->rule_index].flags & MOD_RF_NEGATE)))
			n->offer = 1;
		if (h->flags & MOD_RF_DISTRESS)
			n->distress = 1;
		if (h->rule_index >= 0 && strcmp(h->rule, "sig.support_ctx") == 0)
			n->sctx = 1;
		if (h->rule_index >= 0 && strncmp(h->rule, "dm.", 3) == 0 &&
		    h->weight > 0)
			n->dm = 1;
		/*
		 * The cues are counted by ctx_cues(), not given to the
		 * classifier one by one: its model was trained without them.
		 */
		if (h->rule_index >= 0 && !(h->flags & MOD_RF_NEGATE &&
		    !(r->rules[h->rule_index].flags & MOD_RF_NEGATE)) &&
		    strncmp(h->rule, "cue.", 4) != 0 &&
		    strncmp(h->rule, "kw.", 3) != 0)
			if (feature(x, "f:", h->rule) == -1)
				return -1;
		if (h->rule_index < 0 && strncmp(h->rule, "link.", 5) == 0 &&
		    feature(x, "f:", h->rule) == -1)
			return -1;
		if (h->cat == MOD_CAT_SECRET && feature(x, "f:", "secret") == -1)
			return -1;
		if (h->rule_index < 0 && strncmp(h->rule, "link.", 5) == 0 &&
		    strcmp(h->rule, "link.official") != 0)
			n->links++;
		h->weight *= rule_factor(x, h);
		if (strcmp(h->rule, "link.external") == 0 && !x->a.staff) {
			w = x->a.trust >= 0 && x->a.trust < 2 ?
			    cw.ext_link[x->a.trust] : 0;
			if (x->reply)
				w *= cw.ext_link_reply;
			if (lw + w > cw.ext_link_cap)
				w = cw.ext_link_cap - lw > 0 ?
				    cw.ext_link_cap - lw : 0;
			lw += w;
			h->weight = w;
		}
	}
	/*
	 * The same host quoted twice (in the title and the body, or in
	 * the text and as the rendered link) is one link, as the same
	 * contact point written twice is one contact: its later findings
	 * weigh nothing.
	 */
	for (i = 0; i < n0; i++) {
		h = &x->hits.v[i];
		if (h->rule_index >= 0 || strncmp(h->rule, "link.", 5) != 0 ||
		    h->weight == 0)
			continue;
		for (j = 0; j < i; j++)
			if (x->hits.v[j].rule_index < 0 &&
			    strcmp(x->hits.v[j].rule, h->rule) == 0 &&
			    strcmp(x->hits.v[j].detail, h->detail) == 0) {
				h->weight = 0;
				break;
			}
	}
	return 0;
}

/*
 * Contact points outside the forum (not the official ones), capped.
 * Bare @handles in prose are capped apart, at two handles' weight: a
 * sentence that names several accounts ("thanks to @a and @b for
 * joining @c's panel") is crediting or tagging them, and the third name
 * is no more of a way out of the forum than the second.  A post that is
 * mostly names (more handles than words of prose: a tag list, a follow
 * train) keeps the weight of each.  n->words must be counted.
 */
static int
ctx_contacts(struct run *x, struct ctx_counts *n)
{
	const struct mod_rules *r = x->r;
	const struct mod_settings *s = &r->set;
	struct mod_contact *c;
	size_t		 i, nh = 0;
	double		 w, sum = 0, hsum = 0;
	int		 prose, app, warn;

	for (i = 0; i < x->cts.n; i++)
		if (x->cts.v[i].type == MOD_CONTACT_HANDLE &&
		    x->cts.v[i].value[0] == '@')
			nh++;
	prose = n->words >= nh;
	/*
	 * A warning that names the contact, from an author with a
	 * history ("they post t.me/… claiming to be support; it is fake,
	 * report it"): it doubts, claims no office, offers nothing, tells
	 * of no success nor sends readers anywhere ("beware of fakes, the
	 * real desk is t.me/…, message them" does).  Its contact weighs as
	 * one quoted in a question.  (From new accounts this shelter cost
	 * a fake support line: not given.)
	 */
	warn = x->doubt && !x->newacct && !x->claim && !n->offer &&
	    !n->dm && !cue_seen(x, "cue.success") &&
	    !cue_seen(x, "cue.refer") && !cue_seen(x, "cue.reach") &&
	    !cue_seen(x, "cue.reach_imp") && !cue_seen(x, "cue.reach_all");
	for (i = 0; i < x->cts.n; i++) {
		c = &x->cts.v[i];
		if (feature(x, "f:contact:", mod_contact_type_name(c->type)) ==
		    -1)
			return -1;
		if (c->type == MOD_CONTACT_DOMAIN) {
			const char *reg = psl_registrable_domain(r->psl,
			    c->value);

			if (feature(x, "d:", reg != NULL ? reg : c->value) == -1)
				return -1;
			continue;
		}
		if (mod_strset_get(&r->official, c->value, strlen(c->value),
		    NULL) || x->a.staff)
			continue;
		/*
		 * A handle given after a messenger's name ("WeChat: name",
		 * "Viber ID: name", "LINEで…。ID：name": contacts.c stores it
		 * without the "@" of a bare handle) is a messenger ID: a
		 * direct contact, that holds with the words of help around
		 * it (context.support_contact) but weighs as a handle, so
		 * that it never blocks by itself.
		 */
		app = c->type == MOD_CONTACT_HANDLE && c->value[0] != '@';
		if (c->type != MOD_CONTACT_HANDLE || app)
			n->contacts++;
		else
			n->handles++;
		/*
		 * A Discord user's tag (name#1234) is a person to write
		 * to, as a messenger ID; an invite is a server, and the way
		 * to a person only when the post makes it a support desk
		 * ("open a ticket on discord.gg/…", "サポート窓口は
		 * discord.gg/…"): exchanges give no support on Discord.
		 */
		if ((c->type != MOD_CONTACT_HANDLE &&
		    c->type != MOD_CONTACT_DISCORD) || app ||
		    (c->type == MOD_CONTACT_DISCORD &&
		    (strchr(c->value, '#') != NULL || x->desk)))
			n->direct = 1;
		w = cw.contact[c->type];
		if (x->question || warn)
			w *= cw.contact_question;
		else if (x->reply)
			w *= cw.contact_reply;
		if (x->newacct)
			w *= s->new_factor;
		if (x->trusted)
			w *= s->trusted_factor;
		if (c->type == MOD_CONTACT_HANDLE && !app && prose) {
			if (hsum + w > cw.handle_cap)
				w = cw.handle_cap - hsum > 0 ?
				    cw.handle_cap - hsum : 0;
			hsum += w;
		}
		if (sum + w > cw.contact_cap)
			w = cw.contact_cap - sum > 0 ? cw.contact_cap - sum : 0;
		sum += w;
		if (add(x, c->type == MOD_CONTACT_PHONE ? "contact.phone" :
		    c->type == MOD_CONTACT_EMAIL ? "contact.email" :
		    c->type == MOD_CONTACT_TELEGRAM ? "contact.telegram" :
		    c->type == MOD_CONTACT_WHATSAPP ? "contact.whatsapp" :
		    c->type == MOD_CONTACT_DISCORD ? "contact.discord" :
		    c->type == MOD_CONTACT_LINE ? "contact.line" :
		    "contact.handle", MOD_CAT_CONTACT, w,
		    "フォーラム外の連絡先", "contact point outside the forum",
		    c->span.field, c->span.start, c->span.end, c->value) == -1)
			return -1;
	}
	return 0;
}

/* A finding about the whole post (no span), and its feature if any. */
static int
ctx_add(struct run *x, const char *rule, enum mod_category cat, double w,
    const char *ja, const char *en, const char *feat)
{
	if (add(x, rule, cat, w, ja, en, MOD_FIELD_BODY, SIZE_MAX, SIZE_MAX,
	    NULL) == -1)
		return -1;
	return feat != NULL ? feature(x, "f:", feat) : 0;
}

/* 1 when a hit of the cue rule named is not cancelled by a negation. */
static int
cue_seen(const struct run *x, const char *rule)
{
	struct mod_hit	*h;
	size_t		 i;

	for (i = 0; i < x->hits.n; i++) {
		h = &x->hits.v[i];
		if (h->rule_index >= 0 && strcmp(h->rule, rule) == 0 &&
		    ((h->flags & MOD_RF_KEEP) || !negated(x, h)))
			return 1;
	}
	return 0;
}

/* How the post behaves: bare links, offers, timing, bursts, copies. */
static int
ctx_behaviour(struct run *x, const struct ctx_counts *n)
{
	size_t		 i;

	/*
	 * A link or a contact point and hardly any words, from an account
	 * with no history: what drive-by spam looks like.
	 */
	if (x->newacct && ((n->links > 0 && n->urls > 0) || n->contacts > 0) &&
	    n->words <= 3 && ctx_add(x, "context.link_only", MOD_CAT_SPAM,
	    cw.link_only, "新規アカウントによるリンク・連絡先だけの投稿",
	    "a new account's post that is little more than a link or "
	    "a contact point", "link_only") == -1)
		return -1;
	/*
	 * A phone number, messenger ID or e-mail address offered as the
	 * way to get help, with no doubt or warning anywhere in the post:
	 * the fake support line, in questions too ("bitFlyer サポート
	 * 0120-…【24時間受付】", "[SOLVED] call …").  A post that asks
	 * whether it is real or warns against it is not this.
	 */
	if (n->direct && n->sctx && !x->doubt) {
		/*
		 * It holds, never blocks by itself: a contact given for help
		 * may still be an honest one, and the moderator who removes
		 * it as a scam blocks the contact for everyone.
		 */
		x->hold_only = cw.support_contact *
		    (x->trusted ? x->r->set.trusted_factor : 1);
		if (ctx_add(x, "context.support_contact", MOD_CAT_SCAM,
		    x->hold_only, "連絡先（電話・メッセンジャー・メール）への誘導",
		    "directs readers to a phone number, messenger or e-mail "
		    "contact for help", "support_contact") == -1)
			return -1;
	}
	if ((n->offer || n->dm) && n->contacts > 0 && !x->question &&
	    ctx_add(x, "context.offer_contact", MOD_CAT_SCAM,
	    cw.offer_contact * author_factor(x),
	    "フォーラムの外での「サポート」への誘導",
	    "offers help outside the forum with a contact point",
	    "offer_contact") == -1)
		return -1;
	/*
	 * A contact alone on a distress thread is a recovery offer unless
	 * the post warns and tells of no success, claim or service:
	 * "この番号は…を名乗る詐欺です。電話しないで" repeats the number
	 * to warn and offers nothing; "詐欺で失いましたが、ハッカーに依頼
	 * したら全額戻りました。連絡先：…" doubts too, and is the offer.
	 */
	if (n->distress && (n->offer || n->dm || (n->contacts > 0 &&
	    (!x->doubt || cue_seen(x, "cue.success") ||
	    cue_seen(x, "cue.claim") || cue_seen(x, "cue.refer")))) &&
	    !x->question && (x->reply || x->post->kind == MOD_KIND_ANSWER) &&
	    ctx_add(x, "context.recovery_offer", MOD_CAT_SCAM,
	    cw.recovery_offer * author_factor(x),
	    "被害に遭った人へのフォーラム外での「復旧」の勧誘（典型的な二次詐欺）",
	    "offers off-forum recovery help on a distress thread "
	    "(the typical recovery scam)", "recovery_offer") == -1)
		return -1;
	/*
	 * A contact or a link the author says was split, spaced or
	 * defanged so that filters miss it, or tells readers how to put
	 * back together ("スパム対策で分けて書いてます", "[.]を.に直して",
	 * "spaced out so the filter doesn't eat it"): hidden from the
	 * moderators.  A warning that shows the trick doubts.
	 */
	if (!x->doubt && (n->contacts > 0 || n->links > 0) &&
	    cue_seen(x, "sig.evade") && ctx_add(x, "context.evasion",
	    MOD_CAT_SCAM, cw.evasion * author_factor(x),
	    "フィルターを避けるように書かれた連絡先・リンク",
	    "a contact or link written so that filters miss it",
	    "evasion") == -1)
		return -1;
	if (x->reply && x->post->seconds_after_question >= 0 &&
	    x->post->seconds_after_question < 60 && n->contacts > 0 &&
	    x->newacct && ctx_add(x, "context.fast_reply", MOD_CAT_SCAM,
	    cw.fast_reply, "質問の直後に新規アカウントが連絡先を投稿",
	    "a new account posted contacts seconds after the question",
	    NULL) == -1)
		return -1;
	if (x->a.posts_last_hour >= 10 && !x->trusted &&
	    ctx_add(x, "context.burst", MOD_CAT_SPAM,
	    cw.burst[x->newacct ? 0 : 1], "短時間に大量の投稿",
	    "many posts in a short time", NULL) == -1)
		return -1;
	if (x->post->recent_simhashes == NULL ||
	    x->t[MOD_FIELD_BODY].len < 40)
		return 0;
	for (i = 0; i < x->post->nrecent; i++)
		if (mod_simhash_distance(x->simhash,
		    x->post->recent_simhashes[i]) <= 3)
			return ctx_add(x, "context.duplicate",
			    MOD_CAT_DUPLICATE, cw.duplicate[x->trusted ? 1 : 0],
			    "最近の投稿とほぼ同じ文章",
			    "nearly the same text as a recent post", NULL);
	return 0;
}

/*
 * Families of behaviour (cues.rules), counted, not matched: a post that
 * addresses the reader, tells them to contact someone, claims authority
 * or success, hurries or promises money, moves the help out of public
 * view, or asks for a secret, a code or a fee.  Honest answers show one
 * or two of these (they address the asker and give instructions); the
 * recovery agent, the fake support line and the off-forum "helper" show
 * several at once, together with a way to reach someone outside the
 * forum.  A cue touched by a negation does not count ("never send your
 * phrase"), unless its rule is flagged keep (its own words are
 * negations: "can't post it here"); a post that doubts or warns (sig.doubt) is not judged here.
 */
enum cue {
	CUE_ADDRESS, CUE_REACH, CUE_MESSENGER, CUE_CLAIM, CUE_SUCCESS,
	CUE_URGE, CUE_PRIVATE, CUE_HANDOVER, CUE_REFER, CUE_FIRST,
	CUE_LEGIT, CUE_REPORT, CUE_HELP, CUE_REACH_ALL, CUE_OFFSTAGE,
	CUE_REACH_IMP, CUE_SECRET_ENTRY, CUE_FIX, CUE_QUOTED, CUE_ROLE,
	CUE_GIVE, CUE_SECRET_NAMED, CUE__MAX
};

static const char *const cue_rule[CUE__MAX] = {
	"cue.address", "cue.reach", "cue.messenger", "cue.claim",
	"cue.success", "cue.urge", "cue.private", "cue.handover",
	"cue.refer", "cue.first_person", "cue.legit_ask", "cue.report",
	"cue.help_ask", "cue.reach_all", "cue.offstage", "cue.reach_imp",
	"cue.secret_entry", "cue.fix_offer", "cue.quoted_offer", "cue.role",
	"cue.give_me", "cue.secret_named"
};

#define CUE(c)	(1u << (c))

/*
 * The families a post shows, each decided on first use (cue_has): a
 * family counts when one of its hits is flagged keep or is not negated,
 * and deciding negated() may search a hit's start with ICU (a fifth of
 * the check when every family was decided up front, though an answer
 * never reads cue.first_person or cue.report).  The result does not
 * depend on the order in which families are asked for.
 */
struct cues {
	const struct run *x;
	unsigned	 present;	/* families with a hit */
	unsigned	 known;		/* families decided */
	unsigned	 fam;		/* decided and counting */
};

static int
cue_index(const char *rule)
{
	int		 c;

	if (strncmp(rule, "cue.", 4) != 0)
		return -1;
	for (c = 0; c < CUE__MAX; c++)
		if (strcmp(rule, cue_rule[c]) == 0)
			return c;
	return -1;
}

static int
cue_has(struct cues *cs, int c)
{
	const struct run *x = cs->x;
	struct mod_hit	*h;
	size_t		 i;

	if (!(cs->present & CUE(c)))
		return 0;
	if (!(cs->known & CUE(c))) {
		cs->known |= CUE(c);
		for (i = 0; i < x->hits.n; i++) {
			h = &x->hits.v[i];
			if (h->rule_index >= 0 && cue_index(h->rule) == c &&
			    ((h->flags & MOD_RF_KEEP) || !negated(x, h))) {
				cs->fam |= CUE(c);
				break;
			}
		}
	}
	return (cs->fam & CUE(c)) != 0;
}

/* 1 when the title or the body holds a question mark. */
static int
asks(const struct run *x)
{
	int		 k;

	for (k = MOD_FIELD_TITLE; k <= MOD_FIELD_BODY; k++)
		if (x->t[k].len > 0 && memchr(x->t[k].s, '?', x->t[k].len))
			return 1;
	return 0;
}

/*
 * 1 when the title or the body ends a sentence as a Japanese question
 * does without a question mark (…本物でしょうか。 信用していいんでしょうか…
 * 大丈夫ですか 返金されますか): でしょうか, ですか or ますか followed by
 * the end of the field, a full stop, a line break, a space or dots.
 * Not ませんか, the hook of an invitation (困っていませんか).
 */
static int
asks_ja(const struct run *x)
{
	static const char *const end[] = { "でしょうか", "ですか", "ますか" };
	const struct mod_text *t;
	const char	*p, *e;
	size_t		 i, l;
	int		 k;

	for (k = MOD_FIELD_TITLE; k <= MOD_FIELD_BODY; k++) {
		t = &x->t[k];
		for (i = 0; i < sizeof(end) / sizeof(end[0]); i++) {
			l = strlen(end[i]);
			for (p = t->s; t->len > 0 && (p = memmem(p,
			    t->len - (size_t)(p - t->s), end[i], l)) != NULL;
			    p += l) {
				e = p + l;
				if (e == t->s + t->len || *e == '\n' ||
				    *e == ' ' || *e == '.' ||
				    (t->s + t->len - e >= 3 &&
				    memcmp(e, "。", 3) == 0))
					return 1;
			}
		}
	}
	return 0;
}

static int
ctx_cues(struct run *x, const struct ctx_counts *n)
{
	struct cues	 cs;
	size_t		 i;
	int		 c, k, outside, strong, q, points;
	double		 w;

	memset(&cs, 0, sizeof(cs));
	cs.x = x;
	for (i = 0; i < x->hits.n; i++)
		if (x->hits.v[i].rule_index >= 0 &&
		    (c = cue_index(x->hits.v[i].rule)) >= 0)
			cs.present |= CUE(c);
	/* The text gives a contact point, a handle or a link. */
	points = n->contacts > 0 || n->handles > 0 || n->links > 0;
	/*
	 * A victim's question: the author asks, in the first person and
	 * with a question mark, whether something is genuine, and neither
	 * tells of a success nor sends readers anywhere nor asks for
	 * anything ("Is this number really Coinbase? they called me"); or
	 * tells what happened to them (entered, clicked, got a message)
	 * and asks what to do now (then what they were told to send or
	 * call is part of the story).
	 * (In Japanese the first person is mostly left unsaid; in English
	 * an offer may be reported in the third person, "a site promises
	 * 1.8 % a day … is that possible?", cue.quoted_offer.)  The
	 * urgency or secrecy it quotes is the scammer's, not its own,
	 * and so is a "contact them" it reports or means to do
	 * (連絡してみようと思うのですが, "should I contact them?"): only
	 * an instruction to the readers (cue.reach_imp: 連絡してください,
	 * "Contact them on …") or to everyone takes the shelter away.
	 * Its quoted contact or link weighs little and the classifier does
	 * not hold it alone: it is published, and the answers warn.  The
	 * same shape that also says "contact X, who got my funds back" is
	 * not this.  (The cheap tests come first: a family may cost a
	 * search; cue.first_person is flagged keep and costs none, so it
	 * is asked before the share of Japanese is counted.)
	 * A success it tells of is the offer it received when it also
	 * tells that something came to it (cue.report: メールが来て…取り戻せる、
	 * 着手金…と書いてあります; "emailed me saying they can get it
	 * back") and gives no way off the forum, claims no office and
	 * tells of no service it used: a testimonial names its contact
	 * or its firm's service (cue.refer), and keeps the success.
	 */
	/*
	 * A Japanese question without a question mark counts only in a
	 * post that gives no way off the forum: "本物の副業をお探しですか。
	 * LINE: …" is a hook, not a question.  With a way off the forum,
	 * whose offer it is decides: the victim tells of one made to them
	 * (a first person, 勧められて, 言われて, a message that came:
	 * cue.report); the pitch makes it to the reader ("本物の副業をお探し
	 * ですか？ … LINE ID: …"), with a question mark too, and a Japanese
	 * post, which leaves the first person unsaid, no longer takes the
	 * shelter without one of them.
	 */
	q = x->question ? asks(x) || (!points && asks_ja(x)) : 0;
	if (x->question && (cs.present & (CUE(CUE_LEGIT) | CUE(CUE_REPORT))) &&
	    (cue_has(&cs, CUE_FIRST) || cue_has(&cs, CUE_QUOTED) ||
	    (cjk_share(x) > 0.5 && (!points || cue_has(&cs, CUE_REPORT)))) &&
	    (!cue_has(&cs, CUE_SUCCESS) || (!points && !x->claim &&
	    cue_has(&cs, CUE_REPORT) && !cue_has(&cs, CUE_REFER))) &&
	    ((q && cue_has(&cs, CUE_LEGIT) && !cue_has(&cs, CUE_REACH_IMP) &&
	    !cue_has(&cs, CUE_REACH_ALL) && !cue_has(&cs, CUE_HANDOVER)) ||
	    (cue_has(&cs, CUE_REPORT) && (q || cue_has(&cs, CUE_HELP))))) {
		x->victim = 1;
		for (i = 0; i < x->hits.n; i++)
			if (x->hits.v[i].weight > 0 &&
			    x->hits.v[i].cat != MOD_CAT_SECRET)
				x->hits.v[i].weight *= VICTIM_FACTOR;
		x->hold_only *= VICTIM_FACTOR;
		return 0;
	}
	if (x->post->kind == MOD_KIND_USERNAME)
		return 0;
	/*
	 * A way out of the forum: a contact point, a handle, a link; or
	 * the help moved out of public view ("DM me", "in my profile",
	 * 個別で, "hit me up") by someone who claims an office, a success or
	 * a service that worked, or offers to fix it personally ("I can sort
	 * it", すぐ直ります): the contact is given where moderators cannot
	 * see.
	 */
	outside = points || cue_has(&cs, CUE_MESSENGER) ||
	    (cue_has(&cs, CUE_OFFSTAGE) && (cue_has(&cs, CUE_CLAIM) ||
	    cue_has(&cs, CUE_SUCCESS) || cue_has(&cs, CUE_REFER) ||
	    cue_has(&cs, CUE_FIX)));
	/*
	 * The recovery phrase (by any of its names) to be entered, pasted
	 * or imported, or a tool that will ask for it, need it or verify
	 * it, and a link that is not the official site, a contact point, a
	 * handle or a messenger: the seed-phrase lure itself ("restore it
	 * on the sync portal by typing in your mnemonic", "こちらのページで
	 * ニーモニックを入力すれば", "open the support bot @… on telegram,
	 * it will ask for your recovery phrase").  In an answer that gives
	 * a link, a contact point or a handle (a messenger's name alone
	 * held two honest wallet guides of the public held-out split),
	 * the phrase named at all is the same lure however
	 * the asking is worded ("it'll prompt you for the 12 words",
	 * "担当のbotがシードフレーズの確認を", cue.secret_named).
	 * Restoring a wallet in its own app names no such page; a warning
	 * negates the instruction or doubts.
	 */
	if ((points || cue_has(&cs, CUE_MESSENGER)) && !x->doubt &&
	    (cue_has(&cs, CUE_SECRET_ENTRY) || (points && !x->question &&
	    cue_has(&cs, CUE_SECRET_NAMED))) &&
	    ctx_add(x, "context.secret_to_link", MOD_CAT_SCAM,
	    cw.secret_to_link * (x->trusted ? x->r->set.trusted_factor : 1),
	    "復元フレーズ・秘密鍵を外部のページに入力させようとしています",
	    "asks to enter the recovery phrase or a private key on an "
	    "outside page", "secret_to_link") == -1)
		return -1;
	/*
	 * Role and route: the author takes a role nobody can honestly have
	 * on a public forum (recovers, restores or unlocks it personally,
	 * knows a technician who will, speaks as the staff or as "our
	 * team", helps privately, wants the case sent to them: cue.role)
	 * and gives a way off the forum (a contact, a handle, a link, a
	 * messenger, the help moved out of view) or asks for what no helper
	 * needs (the recovery phrase or a photo of it, a key, a code, an
	 * unlock fee: cue.give_me).  Either half alone is an ordinary
	 * answer ("I can check the tx if you post it here", "contact
	 * support in the app"); together they are the lure, worded any
	 * way.  A doubt does not cancel it (the recovery team's advert
	 * names the scams it recovers from); a victim's question has
	 * returned above, and a role quoted or denied is negated.
	 */
	if (cue_has(&cs, CUE_ROLE) && (outside || cue_has(&cs, CUE_GIVE) ||
	    cue_has(&cs, CUE_OFFSTAGE))) {
		w = cw.role_route * (x->trusted ? x->r->set.trusted_factor : 1);
		x->hold_only += w;
		if (ctx_add(x, "context.role_route", MOD_CAT_SCAM, w,
		    "運営・復旧役の名乗りとフォーラム外への誘導・秘密や手数料の要求",
		    "takes a role (recovers or unlocks it personally, staff, "
		    "a team) and sends readers off the forum or asks for a "
		    "secret or a fee", NULL) == -1)
			return -1;
	}
	w = 0;
	/*
	 * A post that doubts or warns is not judged by the families.
	 * But one that tells of its own success and then urges everyone
	 * to contact the same people ("これは本物？…電話したら全額戻って
	 * きました。皆さんもここに連絡してください", "was skeptical too, but
	 * they got my funds back, you should all reach out to them") uses
	 * the doubt as a frame: the lure is the imperative to all readers,
	 * with a way out.  So does an answer that was scammed too and got
	 * it back through someone who claims an office or a service, with
	 * a way to reach them ("詐欺にあいましたが、調査の専門チームに依頼
	 * して8割戻りました。連絡先はこちら …"): the loss is the frame of
	 * the recovery lure (unless a bank, the police or a lawyer's
	 * office is what it names: that is an honest way back).  A victim
	 * who asks about a contact does not tell of a success, and a
	 * warning does not urge readers to it.  So does a "PSA" that gives
	 * a number, a messenger ID or an address as the way to support
	 * ("the exchange has a recovery hotline now +44 …") and vouches
	 * that it worked, without asking whether it is real, telling what
	 * came to the author or asking what to do: the fake support line
	 * announced as news, in a question too.
	 */
	if (x->doubt) {
		if (!(outside && cue_has(&cs, CUE_SUCCESS) &&
		    (cue_has(&cs, CUE_REACH_ALL) ||
		    cue_has(&cs, CUE_REACH_IMP) || (!x->question &&
		    !x->inst && (cue_has(&cs, CUE_CLAIM) ||
		    cue_has(&cs, CUE_REFER))))) &&
		    !(n->direct && n->sctx && (cue_has(&cs, CUE_SUCCESS) ||
		    cue_has(&cs, CUE_REFER)) && !cue_has(&cs, CUE_LEGIT) &&
		    !cue_has(&cs, CUE_REPORT) && !cue_has(&cs, CUE_HELP)))
			return 0;
		w = cw.cues;
	} else if (outside) {
		/*
		 * Three families and a way out, or two with a claim, a move
		 * out of public view or a request for a secret or a fee;
		 * what the families say beyond an ordinary helpful answer.
		 */
		k = 0;
		for (c = CUE_REACH; c <= CUE_REFER; c++)
			if (c != CUE_MESSENGER && cue_has(&cs, c))
				k++;
		strong = cue_has(&cs, CUE_CLAIM) ||
		    cue_has(&cs, CUE_SUCCESS) || cue_has(&cs, CUE_PRIVATE) ||
		    cue_has(&cs, CUE_HANDOVER) || cue_has(&cs, CUE_REFER);
		if (k >= 3 || (k >= 2 && strong))
			w = cw.cues;
	}
	if (w == 0)
		return 0;
	if (x->trusted)
		w *= x->r->set.trusted_factor;
	/* It holds, never blocks by itself, like support_contact. */
	x->hold_only += w;
	return ctx_add(x, "context.cues", MOD_CAT_SCAM, w,
	    "外部への連絡・権威や成功の主張・急かし・非公開化などの組み合わせ",
	    "several signs of a lure together (contact elsewhere, claims of "
	    "authority or success, urgency, moving out of public view, "
	    "asking for a secret or a fee)", NULL);
}

/*
 * The longest run of bare keywords on a line of t: words separated by
 * spaces, commas, bars, slashes, 、 or ・, none of them an English function word
 * ("the", "to", "is", "you" …), longer than 30 bytes (a Japanese clause)
 * or ending a sentence (. ! ? 。).  Prose breaks such runs every few
 * words; "seo backlinks web design logo design cheap hosting …" and
 * "ビットコイン 取引所 おすすめ 比較 ランキング …" are one run.
 */
static size_t
list_run(const struct mod_text *t)
{
	static const char *const fw[] = { "the", "a", "an", "to", "of",
	    "and", "or", "is", "are", "was", "were", "be", "i", "you", "my",
	    "your", "it", "in", "on", "for", "with", "this", "that", "we",
	    "have", "has", "had", "can", "do", "does", "did", "not", "at",
	    "as", "by", "from", "me", "he", "she", "they", "but", "if",
	    "so", "there", "what", "how", "why", "when", "will", "would",
	    "should", "could", "just", "about", "any", "some", "no", "im",
	    "i'm", "it's", "its", "our", "their", "them", "than", "then" };
	const char	*s = t->s;
	size_t		 i = 0, b, e, k, run = 0, best = 0;
	int		 brk, end;

	while (i < t->len) {
		/* Separators: ASCII space, tab, newline , | / and 、 ・. */
		if (s[i] == ' ' || s[i] == '\t' || s[i] == ',' ||
		    s[i] == '|' || s[i] == '/') {
			i++;
			continue;
		}
		if (s[i] == '\n') {	/* a list of lines is a list */
			run = 0;
			i++;
			continue;
		}
		if (i + 3 <= t->len && (memcmp(s + i, "、", 3) == 0 ||
		    memcmp(s + i, "・", 3) == 0)) {
			i += 3;
			continue;
		}
		b = i;
		while (i < t->len && s[i] != ' ' && s[i] != '\t' &&
		    s[i] != '\n' && s[i] != ',' && s[i] != '|' && s[i] != '/' &&
		    !(i + 3 <= t->len && (memcmp(s + i, "、", 3) == 0 ||
		    memcmp(s + i, "・", 3) == 0)))
			i++;
		e = i;
		end = s[e - 1] == '.' || s[e - 1] == '!' || s[e - 1] == '?' ||
		    s[e - 1] == ':' || s[e - 1] == ';' ||
		    (e - b >= 3 && (memcmp(s + e - 3, "。", 3) == 0 ||
		    memcmp(s + e - 3, "！", 3) == 0 ||
		    memcmp(s + e - 3, "？", 3) == 0));
		brk = e - b > 30 || memmem(s + b, e - b, "。", 3) != NULL;
		for (k = 0; !brk && k < sizeof(fw) / sizeof(fw[0]); k++)
			if (strlen(fw[k]) == e - b &&
			    memcmp(fw[k], s + b, e - b) == 0)
				brk = 1;
		if (brk) {
			run = 0;
			continue;
		}
		if (++run > best)
			best = run;
		if (end)
			run = 0;
	}
	return best;
}

/*
 * Keyword stuffing: a post whose title or body is a list of bare
 * keywords (list_run, twelve words or more) from five families of
 * keywords.rules or more ("seo backlinks logo design cheap hosting vpn
 * casino loans …", "取引所 おすすめ 比較 ランキング 口座開設 キャンペーン
 * 手数料 安い 初心者 …").  Hyperscan cannot list a dozen keywords in one
 * pattern ("Pattern is too large"), so each family is a rule of its own
 * and the families are counted here.  A family touched by a negation
 * still counts: a list has no sentences to negate.
 */
static int
ctx_stuffing(struct run *x)
{
	unsigned char	 seen[64];
	size_t		 i, k = 0, best, run;
	int		 idx;

	memset(seen, 0, sizeof(seen));
	for (i = 0; i < x->hits.n; i++) {
		idx = x->hits.v[i].rule_index;
		if (idx < 0 || strncmp(x->hits.v[i].rule, "kw.", 3) != 0)
			continue;
		if (!(seen[(idx / 8) % sizeof(seen)] & (1u << (idx % 8)))) {
			seen[(idx / 8) % sizeof(seen)] |= (uint8_t)(1u <<
			    (idx % 8));
			k++;
		}
	}
	if (k < 5)
		return 0;
	best = list_run(&x->t[MOD_FIELD_TITLE]);
	if ((run = list_run(&x->t[MOD_FIELD_BODY])) > best)
		best = run;
	if (best < 12)
		return 0;
	return ctx_add(x, "context.keyword_stuffing", MOD_CAT_SPAM,
	    1.0 * (x->trusted ? x->r->set.trusted_factor : 1),
	    "無関係なキーワードの羅列", "a list of bare keywords from "
	    "several unrelated families (keyword stuffing)",
	    NULL);
}

/* The author's names, and a username that imitates staff or a brand. */
static int
ctx_names(struct run *x)
{
	const struct mod_rules *r = x->r;
	char		 name[64];
	int		 k;

	for (k = 0; k < 2; k++) {
		const char *nm = k == 0 ? x->a.name : x->a.display_name;

		if (nm == NULL || *nm == '\0')
			continue;
		if (mod_name_check(r, nm, strlen(nm), name, sizeof(name)) == 1) {
			if (add(x, "context.name_impersonation",
			    MOD_CAT_IMPERSONATION, cw.name_imitation,
			    "名前が運営・ブランドを装っています",
			    "the author's name imitates staff or a brand",
			    MOD_FIELD_BODY, SIZE_MAX, SIZE_MAX, name) == -1 ||
			    feature(x, "f:", "name_impersonation") == -1)
				return -1;
			break;
		}
	}
	if (x->post->kind != MOD_KIND_USERNAME)
		return 0;
	for (k = 0; k < MOD_FIELD__MAX; k++) {
		const char *nm = k == 0 ? x->post->title : x->post->body;
		size_t nl = k == 0 ? x->post->title_len : x->post->body_len;

		if (nm == NULL || nl == 0)
			continue;
		if (mod_name_check(r, nm, nl, name, sizeof(name)) == 1 &&
		    add(x, "name.protected", MOD_CAT_IMPERSONATION,
		    cw.name_protected,
		    "運営・取引所・ブランドを装う名前は使えません",
		    "names imitating staff, exchanges or brands are "
		    "not allowed", (enum mod_field)k, 0, x->t[k].len,
		    name) == -1)
			return -1;
	}
	return 0;
}

/* The learned classifier's opinion, bounded by who wrote the post. */
static int
ctx_learned(struct run *x)
{
	const struct mod_rules *r = x->r;
	const struct mod_settings *s = &r->set;
	double		 w, p, z = 0;
	char		 name[64];
	size_t		 k;

	if (r->linear != NULL) {
		z = mod_linear_score(r->linear, x->feat);
		p = 1.0 / (1.0 + exp(-z));
		w = learned_weight(s, z, s->linear_block, s->linear_hold,
		    s->linear_suspect, s->linear_ham);
	} else {
		p = mod_bayes_score(r->model, x->feat);
		w = learned_weight(s, p, s->bayes_block, s->bayes_hold,
		    s->bayes_suspect, s->bayes_ham);
	}
	/*
	 * The classifier alone holds only posts of new accounts, the
	 * accounts spam and scams come from: it was trained on other
	 * genres and its strong opinions on a few ordinary words
	 * ("check the spam folder") must not hold the post of an
	 * author with a history.  For them it is one finding among
	 * others (at most bayes_suspect_weight), halved again for
	 * trusted authors; staff posts keep none of it.
	 */
	if (w > 0 && (!x->newacct || x->victim) &&
	    w > s->bayes_suspect_weight)
		w = s->bayes_suspect_weight;
	if (w > 0 && x->victim)
		w *= VICTIM_FACTOR;
	if (w > 0 && x->trusted)
		w *= s->trusted_factor;
	if (x->a.staff && w > 0)
		w = 0;
	/*
	 * "Ordinary" is the model's word only for the scripts it saw
	 * spam in: trained without Japanese spam, it finds every
	 * Japanese post ordinary, which would cancel a Japanese
	 * rule's hit.  Above ham_max_cjk of Han and kana, no credit.
	 */
	if (w < 0 && s->ham_max_cjk < 1.0 && cjk_share(x) > s->ham_max_cjk)
		w = 0;
	/*
	 * Nor may it cancel a finding that holds by itself: the
	 * credit offsets weak signals adding up ("check the spam
	 * folder"), not a rule written to hold (an escort ad is
	 * "ordinary" to a model that never saw one).
	 */
	for (k = 0; w < 0 && k < x->hits.n; k++)
		if (x->hits.v[k].weight >= s->hold)
			w = 0;
	x->bayes = p;
	if (r->linear != NULL)
		snprintf(name, sizeof(name), "margin %.2f", z);
	else
		snprintf(name, sizeof(name), "p=%.3f", p);
	if (w != 0 && add(x, r->linear != NULL ? "learned.linear" :
	    "learned.bayes", MOD_CAT_LEARNED, w,
	    w > 0 ? "過去の判定から学習した分類器がスパム・詐欺と判断" :
	    "過去の判定から学習した分類器が通常の投稿と判断",
	    w > 0 ? "the classifier trained on past decisions finds "
	    "it spam-like" : "the classifier trained on past decisions "
	    "finds it ordinary", MOD_FIELD_BODY, SIZE_MAX, SIZE_MAX,
	    name) == -1)
		return -1;
	return 0;
}

/*
 * The findings that depend on more than one pattern: in order, the hits'
 * factors, contact points, the post's shape, its behaviour, the author's
 * names, and the learned classifier (have_model).  Staff posts skip the
 * behaviour and names.
 */
static int
context(struct run *x, int have_model)
{
	struct ctx_counts n;

	memset(&n, 0, sizeof(n));
	n.words = prose_words(&x->t[MOD_FIELD_TITLE], &n.urls) +
	    prose_words(&x->t[MOD_FIELD_BODY], &n.urls);
	if (ctx_hits(x, &n) == -1 || ctx_contacts(x, &n) == -1)
		return -1;
	if (shape(x, n.links, n.contacts, n.words) == -1)
		return -1;
	if (!x->a.staff && (ctx_behaviour(x, &n) == -1 ||
	    ctx_cues(x, &n) == -1 || ctx_stuffing(x) == -1 ||
	    ctx_names(x) == -1))
		return -1;
	return have_model ? ctx_learned(x) : 0;
}

/*
 * The share of Han and kana among the letters of the title and body.
 * ASCII letters are counted in one pass over all bytes (no byte of a
 * longer character is below 0x80), which the compiler vectorizes; the
 * second pass skips ASCII eight bytes at a time and decodes the three
 * bytes of U+3000..U+9FFF (lead E3..E9, Japanese) in place; any other
 * character goes through U8_NEXT as before.  The same counts as one
 * U8_NEXT loop (a fifth of the models' cost per check).
 */
static double
cjk_share(const struct run *x)
{
	const struct mod_text *t;
	const unsigned char *s;
	size_t		 cjk = 0, letters = 0, j;
	uint64_t	 v;
	int32_t		 i, len;
	UChar32		 c;
	int		 k;

	for (k = MOD_FIELD_TITLE; k <= MOD_FIELD_BODY; k++) {
		t = &x->t[k];
		s = (const unsigned char *)t->s;
		for (j = 0; j < t->len; j++)
			letters += (unsigned char)(s[j] - 'a') < 26;
		len = (int32_t)t->len;
		for (i = 0; i < len; ) {
			if (i + 8 <= len) {
				memcpy(&v, s + i, sizeof(v));
				if ((v & 0x8080808080808080ULL) == 0) {
					i += 8;
					continue;
				}
			}
			if (s[i] < 0x80) {
				i++;
				continue;
			}
			if (s[i] >= 0xe3 && s[i] <= 0xe9 && i + 2 < len &&
			    (s[i + 1] & 0xc0) == 0x80 &&
			    (s[i + 2] & 0xc0) == 0x80) {
				c = ((UChar32)(s[i] & 0x0f) << 12) |
				    ((UChar32)(s[i + 1] & 0x3f) << 6) |
				    (s[i + 2] & 0x3f);
				i += 3;
			} else
				U8_NEXT(t->s, i, len, c);
			if (mod_is_cjk(c)) {
				cjk++;
				letters++;
			} else if (c > 0 && u_isalpha(c))
				letters++;
		}
	}
	return letters ? (double)cjk / (double)letters : 0;
}

/*
 * The weight the learned classifier adds for its score v (the linear
 * model's margin or the Bayesian probability), by that model's thresholds:
 * block, hold and suspect from the top, ham (a negative weight) below.
 */
static double
learned_weight(const struct mod_settings *s, double v, double block,
    double hold, double suspect, double ham)
{
	if (v >= block)
		return s->bayes_weight2;
	if (v >= hold)
		return s->bayes_weight;
	if (v >= suspect)
		return s->bayes_suspect_weight;
	if (v <= ham)
		return -s->bayes_ham_weight;
	return 0;
}

static int
cmp_hit(const void *a, const void *b)
{
	const struct mod_hit *x = a, *y = b;

	return x->weight < y->weight ? 1 : x->weight > y->weight ? -1 : 0;
}

static int
build_verdict(struct run *x, struct mod_verdict *v)
{
	const struct mod_settings *s = &x->r->set;
	struct mod_hit	*h;
	struct mod_reason *rs;
	size_t		 i, n = 0, a, b;
	double		 score = 0, best = 0, secret = 0;
	char		 buf[512];

	if (x->hits.n > 0)
		qsort(x->hits.v, x->hits.n, sizeof(*x->hits.v), cmp_hit);
	v->category = MOD_CAT_NONE;
	for (i = 0; i < x->hits.n; i++) {
		h = &x->hits.v[i];
		score += h->weight;
		if (h->cat == MOD_CAT_SECRET && h->weight > secret)
			secret = h->weight;
		if (h->weight > best && h->cat != MOD_CAT_NONE) {
			best = h->weight;
			v->category = h->cat;
		}
	}
	if (score < 0)
		score = 0;
	v->score = round(score * 1000) / 1000;
	if (secret >= 1.0) {
		v->decision = MOD_HOLD;
		v->category = MOD_CAT_SECRET;
	} else if (score >= s->block && score - x->hold_only >= s->block &&
	    !x->doubt)
		v->decision = MOD_BLOCK;
	else if (score >= s->hold)
		v->decision = MOD_HOLD;
	else
		v->decision = MOD_ALLOW;
	if ((rs = calloc(x->hits.n + 1, sizeof(*rs))) == NULL)
		return -1;
	v->reasons = rs;
	for (i = 0; i < x->hits.n; i++) {
		h = &x->hits.v[i];
		if (h->weight == 0)
			continue;
		rs[n].category = h->cat;
		rs[n].weight = round(h->weight * 1000) / 1000;
		rs[n].span.field = h->field;
		if (h->field != MOD_FIELD_RENDERED)
			mod_hit_start(x->r, &x->t[h->field], h);
		if (h->field == MOD_FIELD_RENDERED) {
			/* Seen only in the rendered text: no span. */
			rs[n].span.field = MOD_FIELD_BODY;
			rs[n].span.start = rs[n].span.end = 0;
		} else if (h->start == SIZE_MAX) {
			rs[n].span.start = rs[n].span.end = 0;
		} else if (h->flags & MOD_RF_RAW) {
			rs[n].span.start = h->start;
			rs[n].span.end = h->end;
		} else {
			mod_text_span(&x->t[h->field], h->start, h->end, &a, &b);
			if (h->start == h->end)
				a = b = h->start < x->t[h->field].len ?
				    x->t[h->field].map[h->start] : a;
			rs[n].span.start = a;
			rs[n].span.end = b;
		}
		if ((rs[n].rule = strdup(h->rule)) == NULL)
			return -1;
		if (h->detail[0] != '\0' && h->cat != MOD_CAT_SECRET) {
			snprintf(buf, sizeof(buf), "%s（%s）", h->ja, h->detail);
			rs[n].text_ja = strdup(buf);
			snprintf(buf, sizeof(buf), "%s (%s)", h->en, h->detail);
			rs[n].text_en = strdup(buf);
		} else {
			rs[n].text_ja = strdup(h->ja);
			rs[n].text_en = strdup(h->en);
		}
		n++;
		if (rs[n - 1].text_ja == NULL || rs[n - 1].text_en == NULL) {
			v->nreasons = n;
			return -1;
		}
	}
	v->nreasons = n;
	if (x->cts.n > 0) {
		if ((v->contacts = calloc(x->cts.n, sizeof(*v->contacts))) ==
		    NULL)
			return -1;
		for (i = 0; i < x->cts.n; i++) {
			struct mod_contact *c = &x->cts.v[i];

			v->contacts[i].type = c->type;
			v->contacts[i].span.field = c->span.field;
			if (c->span.field == MOD_FIELD_RENDERED) {
				v->contacts[i].span.field = MOD_FIELD_BODY;
				a = b = 0;
			} else if (c->span.start == SIZE_MAX)
				a = b = 0;
			else
				mod_text_span(&x->t[c->span.field],
				    c->span.start, c->span.end, &a, &b);
			v->contacts[i].span.start = a;
			v->contacts[i].span.end = b;
			v->contacts[i].value = c->value;
			c->value = NULL;
			v->ncontacts++;
		}
	}
	v->simhash = x->simhash;
	v->bayes = x->bayes;
	return 0;
}

static void
run_free(struct run *x)
{
	int		 f;

	for (f = 0; f < MOD_NFIELDS; f++)
		mod_text_free(&x->t[f]);
	free(x->hits.v);
	mod_contacts_free(&x->cts);
}

static int
run_check(const struct mod_rules *r, const struct mod_post *post,
    const struct mod_author *author, struct mod_verdict *v,
    struct mod_features *feat)
{
	struct run	 x;
	struct mod_features own;
	struct mod_text	 all;
	char		*extra = NULL;
	int		 rc = -1, have_model;

	memset(&x, 0, sizeof(x));
	memset(&own, 0, sizeof(own));
	memset(&all, 0, sizeof(all));
	x.r = r;
	x.post = post;
	x.bayes = -1;
	if (author != NULL)
		x.a = *author;
	/*
	 * Trust is earned on the forum (or granted by staff), so it outranks
	 * the account's age: a trust-2 account is trusted even on its first
	 * day, and never "new".
	 */
	x.trusted = x.a.trust >= 2;
	x.newacct = !x.trusted && (x.a.trust <= 0 ||
	    x.a.account_age_days < NEW_DAYS);
	x.question = post->kind == MOD_KIND_QUESTION;
	x.reply = post->reply_to_question && !x.question;
	x.raw[MOD_FIELD_TITLE] = post->title != NULL ? post->title : "";
	x.rawlen[MOD_FIELD_TITLE] = post->title != NULL ? post->title_len : 0;
	x.raw[MOD_FIELD_BODY] = post->body != NULL ? post->body : "";
	x.rawlen[MOD_FIELD_BODY] = post->body != NULL ? post->body_len : 0;
	have_model = r->model != NULL || r->linear != NULL;
	x.feat = feat != NULL ? feat : &own;
	/* The rendered text and the tags: one extra field, without spans. */
	if (post->tags != NULL && post->tags_len > 0) {
		size_t rl = post->rendered != NULL ? post->rendered_len : 0;

		if ((extra = malloc(rl + post->tags_len + 2)) == NULL)
			goto out;
		if (rl > 0)
			memcpy(extra, post->rendered, rl);
		extra[rl] = '\n';
		memcpy(extra + rl + 1, post->tags, post->tags_len);
		extra[rl + 1 + post->tags_len] = '\0';
		x.raw[MOD_FIELD_RENDERED] = extra;
		x.rawlen[MOD_FIELD_RENDERED] = rl + 1 + post->tags_len;
	} else {
		x.raw[MOD_FIELD_RENDERED] = post->rendered != NULL ?
		    post->rendered : "";
		x.rawlen[MOD_FIELD_RENDERED] = post->rendered != NULL ?
		    post->rendered_len : 0;
	}
	/*
	 * The body is read as a reader sees it (reader.c), with spans still
	 * on the source; names are not Markdown.
	 */
	if (mod_norm(x.raw[MOD_FIELD_TITLE], x.rawlen[MOD_FIELD_TITLE],
	    &x.t[MOD_FIELD_TITLE]) == -1 ||
	    (post->kind == MOD_KIND_USERNAME ?
	    mod_norm(x.raw[MOD_FIELD_BODY], x.rawlen[MOD_FIELD_BODY],
	    &x.t[MOD_FIELD_BODY]) :
	    mod_norm_reader(x.raw[MOD_FIELD_BODY], x.rawlen[MOD_FIELD_BODY],
	    &x.t[MOD_FIELD_BODY])) == -1 ||
	    mod_norm(x.raw[MOD_FIELD_RENDERED], x.rawlen[MOD_FIELD_RENDERED],
	    &x.t[MOD_FIELD_RENDERED]) == -1)
		goto out;
	if (mod_text_tokens(r->wordbrk, &x.t[MOD_FIELD_TITLE], x.feat,
	    NULL) == -1 ||
	    mod_text_tokens(r->wordbrk, &x.t[MOD_FIELD_BODY], x.feat,
	    &x.simhash) == -1)
		goto out;
	if (run_detectors(&x) == -1)
		goto out;
	apply_negation(&x);
	if (context(&x, have_model && v != NULL) == -1)
		goto out;
	if (v != NULL && build_verdict(&x, v) == -1)
		goto out;
	rc = 0;
out:
	run_free(&x);
	mod_features_free(&own);
	free(extra);
	return rc;
}

int
mod_check(const struct mod_rules *r, const struct mod_post *post,
    const struct mod_author *author, struct mod_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->bayes = -1;
	if ((r->db == NULL && r->db2 == NULL) ||
	    run_check(r, post, author, v, NULL) == -1) {
		mod_verdict_free(v);
		v->decision = MOD_HOLD;
		v->score = 0;
		return -1;
	}
	return 0;
}

int
mod_post_features(const struct mod_rules *r, const struct mod_post *post,
    const struct mod_author *author, struct mod_features *f)
{
	return run_check(r, post, author, NULL, f);
}

void
mod_verdict_free(struct mod_verdict *v)
{
	size_t		 i;

	if (v == NULL)
		return;
	for (i = 0; i < v->nreasons; i++) {
		free(v->reasons[i].rule);
		free(v->reasons[i].text_ja);
		free(v->reasons[i].text_en);
	}
	free(v->reasons);
	for (i = 0; i < v->ncontacts; i++)
		free(v->contacts[i].value);
	free(v->contacts);
	memset(v, 0, sizeof(*v));
}
