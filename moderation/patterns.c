/*
 * patterns.c: running the compiled pattern rules over one normalized field.
 *
 * One Hyperscan block scan per field.  A rule is reported once per post
 * (the first match, which with start-of-match is the leftmost-ending one):
 * the caller passes a bitmap of rules already seen; negation rules are
 * reported at every start (merged per start), up to 256.  Field restrictions
 * (title, body) are applied here; weighting by kind, context and trust is
 * the caller's (check.c).
 */
#include <string.h>

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

static int
on_match(unsigned int id, unsigned long long from, unsigned long long to,
    unsigned int flags, void *arg)
{
	struct scanctx		*c = arg;
	const struct mod_rule	*rule;
	struct mod_hit		 h, *p;
	size_t			 i;

	(void)flags;
	if (id >= c->r->nrules || (c->seen[id / 8] & (1u << (id % 8))))
		return 0;
	rule = &c->r->rules[id];
	if ((rule->flags & MOD_RF_TITLE) && c->field != MOD_FIELD_TITLE)
		return 0;
	if ((rule->flags & MOD_RF_BODY) && c->field != MOD_FIELD_BODY)
		return 0;
	if (rule->flags & MOD_RF_NEGATE) {
		/* Negations count everywhere they occur: merge by start. */
		for (i = c->out->n; i > 0 && c->out->n - i < 64; i--) {
			p = &c->out->v[i - 1];
			if (p->rule_index == (int)id && p->field == c->field &&
			    p->start == (size_t)from) {
				p->end = (size_t)to;
				return 0;
			}
		}
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
	h.start = (rule->flags & MOD_RF_NOSPAN) ? (size_t)to : (size_t)from;
	h.end = (size_t)to;
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
