/*
 * patterns.c: running the compiled pattern rules over one normalized field.
 *
 * One Hyperscan block scan per field.  A rule is reported once per post
 * (its first match end): the caller passes a bitmap of rules already
 * seen; negation rules are reported at every end, up to 256.  The start
 * of a hit is found afterwards with the rule's ICU expression, and only
 * when it is needed (mod_hit_start): for a reason's highlight, or for a
 * negation ending more than a few bytes before the hit's end (rules.c
 * explains why Hyperscan does not report starts).  Field restrictions
 * (title, body) are applied here; weighting by kind, context and trust is
 * the caller's (check.c).
 */
#include <limits.h>
#include <string.h>

#include <unicode/uregex.h>
#include <unicode/utext.h>

#include "moderation/mod_int.h"

struct scanctx {
	const struct mod_rules	*r;
	enum mod_field		 field;
	uint8_t			*seen;
	struct mod_hits		*out;
	int			 failed;
	int			 nneg;
};

static int	 on_match(unsigned int, unsigned long long, unsigned long long,
		    unsigned int, void *);
static void	 span_start(const struct mod_rules *, size_t, UText *,
		    const struct mod_text *, struct mod_hit *);

/*
 * Start of a hit: the rule's pattern as an ICU expression (compiled once
 * per rule set, mod_rule_regex), searched in the window before the end
 * Hyperscan reported (transparent bounds, so \b sees past the window);
 * the first match ending exactly there is the leftmost.  The window is
 * the rule's longest match (mod_rule_regex) with a margin; for a rule
 * whose matches have no bound (\s+, say) it is SPAN_NEAR bytes, which
 * holds every such match of the shipped rules on the evaluation sets.  A
 * match found at the window's first byte, or none, is searched again
 * over 2 KB.  (Searching 2 KB for every hit was a quarter of the check's
 * time.)  Left at the end when nothing is found or ICU cannot read the
 * pattern.  ut is the field as UTF-8 text.
 */
#define SPAN_MARGIN	16
#define SPAN_NEAR	256
#define SPAN_FAR	2048

static int64_t
window_from(const struct mod_text *t, size_t end, size_t w)
{
	int64_t		 from;

	from = end > w ? (int64_t)(end - w) : 0;
	while (from > 0 && ((unsigned char)t->s[from] & 0xc0) == 0x80)
		from--;
	return from;
}

/* Start of the first match in [from, end) ending at end, or -1. */
static int64_t
find_start(URegularExpression *re, int64_t from, size_t end)
{
	UErrorCode	 st = U_ZERO_ERROR;
	int64_t		 s, e;

	uregex_setRegion64(re, from, (int64_t)end, &st);
	uregex_useTransparentBounds(re, 1, &st);
	while (U_SUCCESS(st) && uregex_findNext(re, &st)) {
		s = uregex_start64(re, 0, &st);
		e = uregex_end64(re, 0, &st);
		if (U_SUCCESS(st) && e == (int64_t)end)
			return s;
	}
	return -1;
}

static void
span_start(const struct mod_rules *r, size_t idx, UText *ut,
    const struct mod_text *t, struct mod_hit *h)
{
	UErrorCode		 st = U_ZERO_ERROR;
	URegularExpression	*re;
	int64_t			 from, s;
	unsigned		 maxw;

	if ((re = mod_rule_regex(r, idx, &maxw)) == NULL)
		return;
	uregex_setUText(re, ut, &st);
	if (U_FAILURE(st))
		goto out;
	from = window_from(t, h->end, maxw < SPAN_FAR - SPAN_MARGIN ?
	    maxw + SPAN_MARGIN : SPAN_NEAR);
	s = find_start(re, from, h->end);
	if ((s == -1 || s == from) && from > 0)
		s = find_start(re, window_from(t, h->end, SPAN_FAR), h->end);
	if (s != -1)
		h->start = (size_t)s;
out:
	uregex_close(re);
}

static int
on_match(unsigned int id, unsigned long long from, unsigned long long to,
    unsigned int flags, void *arg)
{
	struct scanctx		*c = arg;
	const struct mod_rule	*rule;
	struct mod_hit		 h;

	(void)flags;
	(void)from;
	if (id >= c->r->nrules || (c->seen[id / 8] & (1u << (id % 8))))
		return 0;
	rule = &c->r->rules[id];
	if ((rule->flags & MOD_RF_TITLE) && c->field != MOD_FIELD_TITLE)
		return 0;
	if ((rule->flags & MOD_RF_BODY) && c->field != MOD_FIELD_BODY &&
	    c->field != MOD_FIELD_RENDERED)
		return 0;
	if (rule->flags & MOD_RF_NEGATE) {
		/* Negations count wherever they end (no SINGLEMATCH). */
		if (++c->nneg > 256)
			return 0;
	} else
		c->seen[id / 8] |= (uint8_t)(1u << (id % 8));
	memset(&h, 0, sizeof(h));
	h.rule = rule->id;
	h.cat = rule->cat;
	h.weight = rule->weight;
	h.ja = rule->ja;
	h.en = rule->en;
	h.field = c->field;
	h.start = (size_t)to;		/* see mod_hit_start() */
	h.end = (size_t)to;
	h.start_pending = rule->pattern != NULL;
	h.flags = rule->flags;
	h.rule_index = (int)id;
	if (mod_hits_add(c->out, &h) == -1) {
		c->failed = 1;
		return 1;
	}
	return 0;
}

/*
 * Scan t with every pattern rule, appending hits to out.  seen is a
 * bitmap of (nrules + 7) / 8 bytes shared by the fields of one post.
 * Returns 0 or -1.
 */
int
mod_patterns_scan(const struct mod_rules *r, hs_scratch_t *scr,
    const struct mod_text *t, enum mod_field field, uint8_t *seen,
    struct mod_hits *out)
{
	struct scanctx	 c;
	hs_error_t	 e;

	if (t->len == 0)
		return 0;
	if (t->len > UINT32_MAX)
		return -1;
	c.r = r;
	c.field = field;
	c.seen = seen;
	c.out = out;
	c.failed = 0;
	c.nneg = 0;
	e = hs_scan(r->db, t->s, (unsigned)t->len, 0, scr, on_match, &c);
	if (c.failed || (e != HS_SUCCESS && e != HS_SCAN_TERMINATED))
		return -1;
	return 0;
}

/*
 * The start of pattern hit h in t, the text it was found in, searched
 * on first use (searching it for every hit, signals included, was half
 * of the check's time).  Before, h->start is h->end.
 */
void
mod_hit_start(const struct mod_rules *r, const struct mod_text *t,
    struct mod_hit *h)
{
	UText		 ut = UTEXT_INITIALIZER;
	UErrorCode	 st = U_ZERO_ERROR;

	if (!h->start_pending)
		return;
	h->start_pending = 0;
	if (h->rule_index < 0 || (size_t)h->rule_index >= r->nrules ||
	    h->end > t->len)
		return;
	if (utext_openUTF8(&ut, t->s, (int64_t)t->len, &st) == NULL ||
	    U_FAILURE(st))
		return;
	span_start(r, (size_t)h->rule_index, &ut, t, h);
	utext_close(&ut);
}

/*
 * 1 when negation hit n ends inside hit h or at most 4 bytes before it
 * (both found in t): check.c and triage.c cancel such hits.  h's start
 * is searched only when its end cannot tell.
 */
int
mod_negation_touches(const struct mod_rules *r, const struct mod_text *t,
    const struct mod_hit *n, struct mod_hit *h)
{
	if (n->end > h->end)
		return 0;
	if (n->end + 4 >= h->end)
		return 1;
	mod_hit_start(r, t, h);
	return n->end + 4 >= h->start;
}
