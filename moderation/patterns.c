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

#include <stdlib.h>

#include <unicode/uchar.h>
#include <unicode/uregex.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "moderation/mod_int.h"

struct scanctx {
	const struct mod_rules	*r;
	enum mod_field		 field;
	uint8_t			*seen;
	struct mod_hits		*out;
	int			 failed;
	int			 nneg;
};

/* A stretch of a field as UTF-16, for ICU (mod_find_start). */
struct slice16 {
	UChar		*u;
	uint32_t	*off;		/* per unit: its code point's offset */
	int32_t		 n;
	int64_t		 from;		/* unit index of the window's start */
	int64_t		 end;		/* and of its end */
};

static int	 on_match(unsigned int, unsigned long long, unsigned long long,
		    unsigned int, void *);
static int64_t	 window_from(const struct mod_text *, size_t, size_t);
static int	 slice16(const struct mod_text *, int64_t, size_t,
		    struct slice16 *);
static int64_t	 find_start(URegularExpression *, int64_t, size_t);
static void	 span_start(const struct mod_rules *, size_t,
		    const struct mod_text *, struct mod_hit *);

/*
 * Start of a hit: the rule's pattern as an ICU expression (compiled once
 * per rule set, mod_rule_regex), searched in the window before the end
 * Hyperscan reported (transparent bounds, so \b sees past the window);
 * the first match ending exactly there is the leftmost.  The window is
 * the rule's longest match (mod_rule_regex) with a margin, a run of
 * spaces ("\s*", "\s+") counted as at most eight (rules.c,
 * pattern_width: most rules have one, and a window of 256 bytes for
 * matches of a few dozen was a third of the search's cost); for a rule
 * whose matches have no bound even so (\w+, say) it is SPAN_NEAR bytes,
 * which holds every such match of the shipped rules on the evaluation
 * sets.  The expression matches with regard to case when the pattern
 * allows (rules.c, needs_caseless).  A
 * match found at the window's first byte, or none, is searched again
 * over 2 KB.  (Searching 2 KB for every hit was a quarter of the check's
 * time.)  Left at the end when nothing is found or ICU cannot read the
 * pattern.
 *
 * ICU searches UTF-16 held in memory about twice as fast as UTF-8 read
 * through a UText (its MatchChunkAt against MatchAt: 64 M against 132 M
 * instructions for cue.report over the benchmark's posts), so the window
 * is converted first, with enough context on both sides for what ICU
 * reads outside it with transparent bounds: \b backs up over combining
 * marks and format characters to the first other character, "^" and
 * "$" look one or two characters around.  The matches are the same code
 * points either way, and their starts are mapped back to UTF-8 offsets.
 * A window ending inside a character (a byte-mode rule), a field that is
 * not well-formed UTF-8 or too long for UTF-16 indexes, or no memory:
 * searched through the UText as before.
 */
#define SPAN_MARGIN	16
#define SPAN_NEAR	256
#define SPAN_FAR	2048
#define SLICE_CONTEXT	16	/* code points kept beyond what \b reads */

static int64_t
window_from(const struct mod_text *t, size_t end, size_t w)
{
	int64_t		 from;

	from = end > w ? (int64_t)(end - w) : 0;
	while (from > 0 && ((unsigned char)t->s[from] & 0xc0) == 0x80)
		from--;
	return from;
}

/*
 * t->s[from, end) and context around it as UTF-16 in s (caller frees
 * s->off).  0, or -1 when it cannot be done exactly (end inside a
 * character, ill-formed UTF-8, too long) or memory ran out.
 */
static int
slice16(const struct mod_text *t, int64_t from, size_t end,
    struct slice16 *s)
{
	int32_t		 a, b, i, at, k, len;
	UChar32		 c;

	memset(s, 0, sizeof(*s));
	if (t->len >= INT32_MAX / 2 || from < 0 || (size_t)from > end ||
	    end > t->len || (end < t->len &&
	    ((unsigned char)t->s[end] & 0xc0) == 0x80))
		return -1;
	len = (int32_t)t->len;
	/* Back over combining marks and format characters, then more. */
	a = (int32_t)from;
	while (a > 0) {
		U8_PREV(t->s, 0, a, c);
		if (c < 0)
			return -1;
		if (!u_hasBinaryProperty(c, UCHAR_GRAPHEME_EXTEND) &&
		    u_charType(c) != U_FORMAT_CHAR)
			break;
	}
	for (k = 0; k < SLICE_CONTEXT && a > 0; k++) {
		U8_PREV(t->s, 0, a, c);
		if (c < 0)
			return -1;
	}
	b = (int32_t)end;
	for (k = 0; k < SLICE_CONTEXT && b < len; k++) {
		U8_NEXT(t->s, b, len, c);
		if (c < 0)
			return -1;
	}
	/* At most one unit per byte; both arrays in one allocation. */
	if ((s->off = malloc((size_t)(b - a) * (sizeof(uint32_t) +
	    sizeof(UChar)))) == NULL)
		return -1;
	s->u = (UChar *)(s->off + (b - a));
	s->from = s->end = -1;
	for (i = a; i < b; ) {
		at = i;
		if (at == (int32_t)from)
			s->from = s->n;
		if (at == (int32_t)end)
			s->end = s->n;
		U8_NEXT(t->s, i, b, c);
		if (c < 0) {
			free(s->off);
			s->off = NULL;
			return -1;
		}
		s->off[s->n] = (uint32_t)at;
		if (U_IS_BMP(c))
			s->u[s->n++] = (UChar)c;
		else {
			s->u[s->n++] = U16_LEAD(c);
			s->off[s->n] = (uint32_t)at;
			s->u[s->n++] = U16_TRAIL(c);
		}
	}
	if ((size_t)b == end)
		s->end = s->n;
	if (s->from == -1 && from == b)
		s->from = s->n;
	if (s->from == -1 || s->end == -1) {
		free(s->off);
		s->off = NULL;
		return -1;
	}
	return 0;
}

/*
 * Start of the first match of re in t[from, end) ending at end (see
 * span_start), or -1: searched in UTF-16 (slice16) when utf16 is 1 and
 * the slice can be made, else in the UTF-8 text through a UText.  The
 * two give the same answer (test_span_utf16_same).  re keeps no pointer
 * to the text afterwards.
 */
int64_t
mod_find_start(URegularExpression *re, const struct mod_text *t,
    int64_t from, size_t end, int utf16)
{
	UText		 ut = UTEXT_INITIALIZER;
	UErrorCode	 st = U_ZERO_ERROR;
	struct slice16	 sl;
	int64_t		 s, e;

	if (!utf16 || slice16(t, from, end, &sl) == -1) {
		if (utext_openUTF8(&ut, t->s, (int64_t)t->len, &st) == NULL ||
		    U_FAILURE(st))
			return -1;
		uregex_setUText(re, &ut, &st);
		s = U_FAILURE(st) ? -1 : find_start(re, from, end);
		st = U_ZERO_ERROR;
		uregex_setText(re, u"", 0, &st);
		utext_close(&ut);
		return s;
	}
	uregex_setText(re, sl.u, sl.n, &st);
	uregex_setRegion64(re, sl.from, sl.end, &st);
	uregex_useTransparentBounds(re, 1, &st);
	s = -1;
	while (U_SUCCESS(st) && uregex_findNext(re, &st)) {
		e = uregex_end64(re, 0, &st);
		if (U_SUCCESS(st) && e == sl.end) {
			s = uregex_start64(re, 0, &st);
			s = U_SUCCESS(st) && s >= 0 && s < sl.n ?
			    (int64_t)sl.off[s] : (int64_t)end;
			break;
		}
	}
	st = U_ZERO_ERROR;
	uregex_setText(re, u"", 0, &st);
	free(sl.off);
	return s;
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
span_start(const struct mod_rules *r, size_t idx, const struct mod_text *t,
    struct mod_hit *h)
{
	URegularExpression	*re;
	int64_t			 from, s;
	unsigned		 maxw;

	if ((re = mod_rule_regex(r, idx, &maxw)) == NULL)
		return;
	from = window_from(t, h->end, maxw < SPAN_FAR - SPAN_MARGIN ?
	    maxw + SPAN_MARGIN : SPAN_NEAR);
	s = mod_find_start(re, t, from, h->end, 1);
	if ((s == -1 || s == from) && from > 0)
		s = mod_find_start(re, t, window_from(t, h->end, SPAN_FAR),
		    h->end, 1);
	if (s != -1)
		h->start = (size_t)s;
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
	e = r->db != NULL ? hs_scan(r->db, t->s, (unsigned)t->len, 0, scr,
	    on_match, &c) : HS_SUCCESS;
	if (c.failed || (e != HS_SUCCESS && e != HS_SCAN_TERMINATED))
		return -1;
	if (r->db2 != NULL) {
		e = hs_scan(r->db2, t->s, (unsigned)t->len, 0, scr, on_match,
		    &c);
		if (c.failed || (e != HS_SUCCESS && e != HS_SCAN_TERMINATED))
			return -1;
	}
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
	if (!h->start_pending)
		return;
	h->start_pending = 0;
	if (h->rule_index < 0 || (size_t)h->rule_index >= r->nrules ||
	    h->end > t->len)
		return;
	span_start(r, (size_t)h->rule_index, t, h);
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
