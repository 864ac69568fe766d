/*
 * mod_int.h: private declarations shared by the moderation library's files.
 * Nothing here is part of the public API; prototypes are grouped by file.
 */
#ifndef SODAN_MOD_INT_H
#define SODAN_MOD_INT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include <hs/hs.h>
#include <libpsl.h>
#include <unicode/ubrk.h>
#include <unicode/uregex.h>
#include <unicode/uspoof.h>

#include "moderation/moderation.h"

#define MOD_ERR(err, errlen, ...) \
	do { if ((err) != NULL && (errlen) > 0) \
		snprintf((err), (errlen), __VA_ARGS__); } while (0)

/*
 * A linear model (linear.c loads and scores it, learn.c trains it).  w is
 * the whole table (training, dump); scoring reads the packed form that
 * mod_linear_pack builds from it: a bit per bucket whose weight is not
 * +0.0, with the count of such buckets before each 64-bit word, and those
 * weights alone in bucket order (a ninth of a shipped table's 4 MB).
 */
struct mod_linpack {
	uint64_t	 bits;		/* bucket 64 * i + k present: bit k */
	uint32_t	 rank;		/* present buckets before this word */
	uint32_t	 pad;
};

struct mod_linear {
	float		*w;		/* 2^bits weights */
	unsigned	 bits;
	double		 bias;
	struct mod_linpack *pk;		/* 2^bits / 64 words */
	float		*dense;		/* the present weights, bucket order */
	uint32_t	 ndense;
};

/* Rule flags (the fourth field of a .rules line). */
enum mod_rflag {
	MOD_RF_OFFER	= 1 << 0,	/* offers help or contact off-forum */
	MOD_RF_DISTRESS	= 1 << 1,	/* distress wording (hacked, 盗まれた) */
	MOD_RF_NEGATE	= 1 << 2,	/* negation/description: cancels overlaps */
	MOD_RF_QOK	= 1 << 3,	/* weight x0.25 in questions */
	MOD_RF_ANSWER	= 1 << 4,	/* counts only outside questions */
	MOD_RF_TITLE	= 1 << 5,	/* title only */
	MOD_RF_BODY	= 1 << 6,	/* body only */
	MOD_RF_NOSPAN	= 1 << 7,	/* compile without start of match */
	MOD_RF_DOTALL	= 1 << 8,
	MOD_RF_NEWACCT	= 1 << 9,	/* counts only for new accounts */
	MOD_RF_KEEP	= 1 << 10,	/* not cancelled by negations */
	MOD_RF_RAW	= 1 << 11,	/* hit offsets are original offsets */
	MOD_RF_NEGAFTER	= 1 << 12,	/* negation after the hit (Japanese) */
	MOD_RF_DOUBTOK	= 1 << 13	/* weight x0.25 when the post doubts */
};

struct mod_rule {
	char		*id;
	double		 weight;
	enum mod_category cat;
	unsigned	 flags;
	char		*ja;
	char		*en;
	char		*file;		/* for error messages */
	int		 line;
	char		*pattern;	/* for spans (ICU); NULL: none */
	int		 tclass;	/* triage rules: enum mod_tclass */
};

/* Open-addressing string set with an int value per key. */
struct mod_strset {
	char		**keys;
	int		*vals;
	size_t		 cap;
	size_t		 n;
	size_t		 minlen;	/* shortest and longest key: */
	size_t		 maxlen;	/* other lengths are not looked up */
};

struct mod_brand {
	char		*label;		/* "binance" */
	char		*skel;		/* its skeleton */
	char		**official;	/* registrable domains of the brand */
	size_t		 nofficial;
	int		 exact;		/* never matched as a part */
};

/* An allowed domain and its skeleton (leetspeak undone). */
struct mod_allowskel {
	char		*domain;	/* "exchange.example" */
	char		*skel;
};

struct mod_pword {
	char		*word;		/* as written */
	char		*skel;		/* skeleton, leetspeak undone */
	int		 token;		/* match only at word boundaries */
	int		 kind;		/* MOD_PW_* */
};

/* Kinds of protected_words.txt entries (the third field). */
enum {
	MOD_PW_ROLE,		/* staff words: refused wherever they are */
	MOD_PW_BRAND,		/* refused alone or with a companion word */
	MOD_PW_COMPANION,	/* help, desk, 窓口 …: refuses only with a brand */
	MOD_PW_FILLER		/* japan, jp …: ignored when a brand stands alone */
};

struct mod_settings {
	double		 hold;		/* score to hold (default 1.0) */
	double		 block;		/* score to block (default 2.0) */
	double		 bayes_hold;	/* classifier probability adding ... */
	double		 bayes_weight;	/* ... this weight */
	double		 bayes_block;	/* probability adding bayes_weight2 */
	double		 bayes_weight2;
	double		 bayes_suspect;	/* probability adding ... */
	double		 bayes_suspect_weight; /* ... this weight */
	double		 bayes_ham;	/* below: subtract bayes_ham_weight */
	double		 bayes_ham_weight;
	double		 linear_hold;	/* linear margin adding bayes_weight */
	double		 linear_block;	/* margin adding bayes_weight2 */
	double		 linear_suspect; /* margin adding bayes_suspect_weight */
	double		 linear_ham;	/* below: subtract bayes_ham_weight */
	double		 trusted_factor; /* multiplier for trust >= 2 */
	double		 new_factor;	/* multiplier for new accounts */
	double		 ham_max_cjk;	/* no ham credit above this Han/kana share */
	char		 wordlist_dir[512];
};

struct mod_pool;

struct mod_rules {
	hs_database_t	*db;
	hs_database_t	*db2;		/* the apart file's rules, or NULL */
	hs_scratch_t	*proto;
	struct mod_pool	*pool;		/* private to rules.c */

	struct mod_rule	*rules;
	size_t		 nrules;

	struct mod_strset allow;	/* registrable domains or hosts */
	struct mod_strset block;
	struct mod_strset shorteners;
	struct mod_strset official;	/* official contacts, normalized */
	struct mod_strset bip39_en;	/* word -> index */
	struct mod_strset bip39_ja;	/* NFKC word -> index */

	struct mod_brand *brands;
	size_t		 nbrands;
	struct mod_allowskel *allowskel; /* skeletons of the allowed domains */
	size_t		 nallowskel;
	struct mod_pword *pwords;
	size_t		 npwords;

	USpoofChecker	*spoof;
	UBreakIterator	*wordbrk;	/* template, cloned per call */
	const psl_ctx_t	*psl;
	psl_ctx_t	*psl_owned;
	struct mod_bayes *model;
	struct mod_linear *linear;	/* when set, the learned signal */
	struct mod_settings set;
	int		 triage;	/* a triage rule set (mod_triage_load) */
};

/* Normalized text with a map back to the original bytes. */
struct mod_text {
	char		*s;		/* NUL-terminated */
	size_t		 len;
	uint32_t	*map;		/* len entries: original start of byte */
	uint32_t	*mapend;	/* len entries: original end of byte */
	size_t		 olen;		/* original length */
};

/* A detector's finding, before it becomes a struct mod_reason. */
struct mod_hit {
	const char	*rule;		/* static or rules-owned string */
	enum mod_category cat;
	double		 weight;
	const char	*ja;
	const char	*en;
	enum mod_field	 field;
	size_t		 start;		/* normalized offsets */
	size_t		 end;
	unsigned	 flags;
	int		 start_pending;	/* start not searched yet: mod_hit_start */
	int		 rule_index;	/* -1: not a pattern rule */
	char		 detail[96];	/* e.g. the lookalike domain */
};

struct mod_hits {
	struct mod_hit	*v;
	size_t		 n;
	size_t		 cap;
};

struct mod_contacts {
	struct mod_contact *v;		/* spans: normalized offsets */
	size_t		 n;
	size_t		 cap;
};

/* The internal field of mod_post.rendered (reported as the body). */
#define MOD_FIELD_RENDERED	((enum mod_field)MOD_FIELD__MAX)
#define MOD_NFIELDS		(MOD_FIELD__MAX + 1)

/* reader.c */
int	 mod_reader(const char *in, size_t len, char **out, size_t *outlen,
	    uint32_t **st, uint32_t **en);
int	 mod_norm_reader(const char *in, size_t len, struct mod_text *t);

/* normalize.c */
int	 mod_norm(const char *in, size_t len, struct mod_text *t);
void	 mod_text_free(struct mod_text *t);
void	 mod_text_span(const struct mod_text *t, size_t a, size_t b,
	    size_t *oa, size_t *ob);
int	 mod_skeleton(const USpoofChecker *sc, const char *s, size_t len,
	    char **out);
int	 mod_utf8_valid(const char *s, size_t len);
/* Length of the first of ntoks tokens starting at s[i], or 0 (contacts.c). */
size_t	 mod_tok_at(const char *s, size_t len, size_t i,
	    const char *const *toks, size_t ntoks);

/* rules.c */
int	 mod_strset_add(struct mod_strset *set, const char *key, size_t len,
	    int val);
int	 mod_strset_get(const struct mod_strset *set, const char *key,
	    size_t len, int *val);
void	 mod_strset_free(struct mod_strset *set);
hs_scratch_t *mod_scratch_get(const struct mod_rules *r);
void	 mod_scratch_put(const struct mod_rules *r, hs_scratch_t *s);
int	 mod_hits_add(struct mod_hits *h, const struct mod_hit *hit);
URegularExpression *mod_rule_regex(const struct mod_rules *r, size_t i,
	    unsigned *maxw);

/* patterns.c */
int	 mod_patterns_scan(const struct mod_rules *r, hs_scratch_t *scr,
	    const struct mod_text *t, enum mod_field field, uint8_t *seen,
	    struct mod_hits *out);
void	 mod_hit_start(const struct mod_rules *r, const struct mod_text *t,
	    struct mod_hit *h);
int	 mod_negation_touches(const struct mod_rules *r,
	    const struct mod_text *t, const struct mod_hit *n,
	    struct mod_hit *h);
int64_t	 mod_find_start(URegularExpression *re, const struct mod_text *t,
	    int64_t from, size_t end, int utf16);

/* contacts.c */
int	 mod_contacts_find(const struct mod_rules *r, const struct mod_text *t,
	    enum mod_field field, struct mod_contacts *out);
int	 mod_contacts_add(struct mod_contacts *c, enum mod_contact_type type,
	    const char *value, size_t vlen, enum mod_field field, size_t start,
	    size_t end);
void	 mod_contacts_free(struct mod_contacts *c);

/* links.c */
/* Code points no host name holds (test_host_cjk checks them with ICU). */
#define MOD_HOST_CJK(u) (((u) >= 0x3041 && (u) <= 0x3096) || \
	((u) >= 0x30a1 && (u) <= 0x30fa) || ((u) >= 0x4e00 && (u) <= 0x9fff))
int	 mod_links_check(const struct mod_rules *r, const struct mod_text *t,
	    enum mod_field field, const struct mod_post *post,
	    struct mod_hits *out, struct mod_contacts *contacts);
int	 mod_domain_lookalike(const struct mod_rules *r, const char *host,
	    char *brand, size_t brandlen);

/* secrets.c */
int	 mod_secrets_find(const struct mod_rules *r, const struct mod_text *t,
	    const struct mod_text *topic, const char *raw, size_t rawlen,
	    enum mod_field field, struct mod_hits *out);
int	 mod_base58check(const char *s, size_t len, uint8_t *out,
	    size_t *outlen);

/* bayes.c */
int	 mod_features_add(struct mod_features *f, uint64_t h);
uint64_t mod_hash(const char *s, size_t len, uint64_t seed);
/* Han or kana (the scripts cut into character bigrams). */
int	 mod_is_cjk(UChar32 c);
int	 mod_text_tokens(const UBreakIterator *tmpl, const struct mod_text *t,
	    struct mod_features *f, uint64_t *simhash);

/* linear.c */
/* Build m's packed form from m->w (again after w changed); 0 or -1. */
int	 mod_linear_pack(struct mod_linear *m);

/* names.c */
int	 mod_name_match(const struct mod_rules *r, const char *skel,
	    const char *plain,
	    char *matched, size_t matchedlen);
int	 mod_edit_distance(const char *a, size_t alen, const char *b,
	    size_t blen, int max);
void	 mod_deleet(char *s);

#endif
