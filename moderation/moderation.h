/*
 * moderation.h: the scam, spam and secret filter library (public API).
 *
 * A rule set (struct mod_rules) is compiled once from a configuration
 * directory (conf/moderation/) and is immutable afterwards: any number of
 * threads may call mod_check() on the same rule set at once.  Reloading
 * means loading a new rule set, swapping the pointer and freeing the old
 * one once no thread uses it any more (the caller's job, e.g. with a
 * reference count or an RCU-like grace period).
 *
 * Per-call scratch: mod_check() needs a Hyperscan scratch space.  The rule
 * set keeps a small mutex-protected pool of scratches cloned with
 * hs_clone_scratch(); a call takes one (cloning a new one when the pool is
 * empty) and gives it back when done, so the pool grows to the number of
 * threads that ever ran concurrently and no further.  Everything else a
 * call needs is allocated per call and freed before it returns, except the
 * verdict, which the caller frees with mod_verdict_free().
 *
 * The library has no global mutable state, does no I/O except in the
 * load/save functions named as such, and knows nothing of HTTP, SQL, Redis
 * or HTML.
 */
#ifndef SODAN_MODERATION_H
#define SODAN_MODERATION_H

#include <stddef.h>
#include <stdint.h>

enum mod_decision {
	MOD_ALLOW,		/* publish */
	MOD_HOLD,		/* publish nothing; queue for a moderator */
	MOD_BLOCK,		/* refuse, tell the author why, keep a draft */
	MOD_DECISION__MAX
};

enum mod_category {
	MOD_CAT_NONE,
	MOD_CAT_SCAM,		/* fraud: recovery, fake support, doubling */
	MOD_CAT_SPAM,		/* promotion, self-advertising */
	MOD_CAT_PHISHING,	/* links to lookalike or listed domains */
	MOD_CAT_SECRET,		/* the author pasted a seed phrase or key */
	MOD_CAT_IMPERSONATION,	/* claims to be staff or a brand */
	MOD_CAT_CONTACT,	/* off-forum contact points */
	MOD_CAT_LINK,		/* suspicious links (shorteners, new account) */
	MOD_CAT_DUPLICATE,	/* the same text across threads */
	MOD_CAT_LEARNED,	/* the Bayesian classifier */
	MOD_CAT__MAX
};

enum mod_kind {
	MOD_KIND_QUESTION,
	MOD_KIND_ANSWER,
	MOD_KIND_PROFILE,
	MOD_KIND_USERNAME,
	MOD_KIND__MAX
};

enum mod_field {
	MOD_FIELD_TITLE,
	MOD_FIELD_BODY,		/* also findings in post.rendered (no span) */
	MOD_FIELD__MAX
};

enum mod_contact_type {
	MOD_CONTACT_PHONE,	/* value: "+" and digits, or national digits */
	MOD_CONTACT_EMAIL,	/* value: lower-cased address */
	MOD_CONTACT_TELEGRAM,	/* value: handle without "@" */
	MOD_CONTACT_WHATSAPP,	/* value: digits or link */
	MOD_CONTACT_DISCORD,	/* value: invite code */
	MOD_CONTACT_LINE,	/* value: LINE id */
	MOD_CONTACT_HANDLE,	/* value: "@handle" of unknown service */
	MOD_CONTACT_DOMAIN,	/* value: host name of a link (ASCII/punycode) */
	MOD_CONTACT__MAX
};

/* What is being checked.  Strings need not be NUL-terminated. */
struct mod_post {
	enum mod_kind	 kind;
	const char	*title;		/* may be NULL */
	size_t		 title_len;
	const char	*body;		/* Markdown source; may be NULL */
	size_t		 body_len;
	const char *const *links;	/* URLs the renderer found; may be NULL */
	size_t		 nlinks;
	int		 reply_to_question; /* answers someone else's question */
	long		 seconds_after_question; /* -1 when unknown */
	const char	*question;	/* text of the question answered, or NULL */
	size_t		 question_len;
	const uint64_t	*recent_simhashes; /* the author's/site's recent posts */
	size_t		 nrecent;
	/*
	 * The body as a reader sees it, when the caller rendered it (the
	 * plain text of the rendered Markdown: entities decoded, raw HTML
	 * dropped, code spans and link texts included), or NULL.  Checked
	 * in addition to the source: a rule, contact or link found only
	 * here counts once, without a span (spans are on the source).
	 * Without it the library reads the source through its own
	 * approximation of the reader's view (reader.c).
	 */
	const char	*rendered;
	size_t		 rendered_len;
	/*
	 * A question's tags as the author typed them (any separators), or
	 * NULL: checked like the rendered text (rules, contacts, links),
	 * without spans.
	 */
	const char	*tags;
	size_t		 tags_len;
};

/* Who wrote it.  Names may be NULL. */
struct mod_author {
	int		 trust;		/* 0 new … 4 */
	int		 account_age_days;
	int		 posts;		/* visible posts so far */
	int		 posts_last_hour;
	int		 staff;		/* staff, moderator or admin */
	const char	*name;
	const char	*display_name;
};

struct mod_span {
	enum mod_field	 field;
	size_t		 start;		/* byte offsets into the ORIGINAL text */
	size_t		 end;		/* exclusive; start == end: no span */
};

struct mod_reason {
	char		*rule;		/* rule id, e.g. "scam.seed_request" */
	enum mod_category category;
	double		 weight;
	char		*text_ja;
	char		*text_en;
	struct mod_span	 span;
};

struct mod_contact {
	enum mod_contact_type type;
	char		*value;		/* normalized */
	struct mod_span	 span;
};

struct mod_verdict {
	enum mod_decision decision;
	double		 score;		/* 1.0 = hold threshold, 2.0 = block */
	enum mod_category category;	/* of the heaviest reason */
	double		 bayes;		/* classifier probability, -1: no model
					   (the linear model's when loaded) */
	uint64_t	 simhash;	/* of title + body, for the caller to keep */
	struct mod_reason *reasons;	/* heaviest first */
	size_t		 nreasons;
	struct mod_contact *contacts;
	size_t		 ncontacts;
};

/* Feature hashes of one post, for the classifier. */
struct mod_features {
	uint64_t	*h;
	size_t		 n;
	size_t		 cap;
};

/* An in-memory table of classifier counts (the caller may keep its own). */
struct mod_bayes;

/* Count changes produced by training one post. */
struct mod_bayes_delta {
	uint64_t	*h;		/* features, each once */
	size_t		 n;
	int		 spam;		/* the counts to add to: 1 spam, 0 ham */
	int		 sign;		/* +1 learn, -1 unlearn */
};

struct mod_rules;

/* Options for mod_rules_load_ex(); any field may be NULL. */
struct mod_load_opts {
	const char	*model_path;	/* default: <confdir>/bayes.model */
	const char	*wordlist_dir;	/* default: settings.conf, then Debian's */
	const char	*extra_rules;	/* one more .rules file (benchmarks) */
	/*
	 * The base name of a .rules file in confdir compiled into a database
	 * of its own, never cached: a small file that changes often (the
	 * watched words of /admin/lists) then costs a compile of its own
	 * rules only.  NULL: one database.
	 */
	const char	*apart_rules;
	int		 no_model;	/* do not load any model */
	const char	*cache_dir;	/* compiled-database cache, or NULL */
	const char	*linear_path;	/* default: <confdir>/linear.model */
	int		 no_linear;	/* do not load the linear model */
	/*
	 * Load only what name checks need (lists, brands, protected words,
	 * BIP39 lists: milliseconds, no Hyperscan compile).  Such a set
	 * serves mod_name_check and mod_name_check_ex; mod_check on it
	 * returns -1 (hold).
	 */
	int		 names_only;
};

/*
 * Compile the rule set in confdir: every *.rules file, protected_words.txt,
 * brands.txt, allow_domains.txt, block_domains.txt, shorteners.txt,
 * official_contacts.txt, distress.txt, settings.conf and, when present,
 * the classifier counts bayes.model and the linear model's weights
 * linear.model (when both are there, the linear model gives the learned
 * signal and bayes.model is not consulted by mod_check).  The BIP39 word lists are read from
 * the directory named by settings.conf's wordlist_dir.
 * Returns the rule set (caller frees with mod_rules_free) or NULL with a
 * message naming the file and line in err.
 */
struct mod_rules *mod_rules_load(const char *confdir, char *err, size_t errlen);
/* The same with options (opts may be NULL). */
struct mod_rules *mod_rules_load_ex(const char *confdir,
	    const struct mod_load_opts *opts, char *err, size_t errlen);
/* Free a rule set no thread uses any more.  NULL is fine. */
void	 mod_rules_free(struct mod_rules *rules);
/* Number of pattern rules compiled into the rule set. */
size_t	 mod_rules_count(const struct mod_rules *rules);

/*
 * Check a post.  Thread-safe on a shared rule set.  Fills *v (the caller
 * frees it with mod_verdict_free, also on error).  author may be NULL (an
 * unknown new account).  Returns 0, or -1 on resource failure (then *v is
 * a hold verdict with no reasons, so failures never publish).
 */
int	 mod_check(const struct mod_rules *rules, const struct mod_post *post,
	    const struct mod_author *author, struct mod_verdict *v);
/* Free what mod_check put in *v; *v may be zeroed or partly filled. */
void	 mod_verdict_free(struct mod_verdict *v);

/*
 * Is a username or display name impersonating staff or a brand?  Compares
 * the name's confusables skeleton, with common leetspeak undone, against
 * the protected words.  Returns 1 (refuse; when matched is not NULL the
 * protected word is copied there, NUL-terminated), 0 (fine) or -1 (not
 * valid UTF-8, or resource failure).
 */
int	 mod_name_check(const struct mod_rules *rules, const char *name,
	    size_t len, char *matched, size_t matchedlen);

/* What mod_name_check_ex() found in a name. */
enum mod_name_finding {
	MOD_NAME_OK,		/* fine */
	MOD_NAME_PROTECTED,	/* a protected word or brand (as above) */
	MOD_NAME_CONTACT,	/* a phone, e-mail, messenger contact or link */
	MOD_NAME_STAFF,		/* a near copy of a staff member's name */
	MOD_NAME__MAX
};

/*
 * Everything a username or display name of a member must not be:
 * mod_name_check()'s protected words, then contact points (phones,
 * e-mail addresses, messenger links and IDs, links; a bare "@handle"
 * only beside a messenger word such as "TG" or "LINE"), then a near copy
 * of one of the nstaff staff names given (usernames and display names of
 * staff, moderators and admins; may be NULL): the same confusables
 * skeleton without separators, or one edit away when the staff name has
 * four or more such letters.  Returns an enum mod_name_finding (when
 * matched is not NULL it gets the word, contact or staff name), or -1
 * (invalid UTF-8, resource failure: refuse the name).  Works on a
 * names-only rule set (mod_load_opts.names_only).
 */
int	 mod_name_check_ex(const struct mod_rules *rules, const char *name,
	    size_t len, const char *const *staff, size_t nstaff,
	    char *matched, size_t matchedlen);

/* Short names of the closed sets, for logs and JSON ("hold", "scam"). */
const char *mod_decision_name(enum mod_decision d);
const char *mod_category_name(enum mod_category c);
const char *mod_contact_type_name(enum mod_contact_type t);

/*
 * 64-bit simhash of the normalized words of text (Charikar); near
 * duplicates differ in few bits.  mod_simhash_distance() counts them;
 * mod_check() reports a duplicate when a recent hash is within 3.
 */
uint64_t mod_simhash(const char *text, size_t len);
int	 mod_simhash_distance(uint64_t a, uint64_t b);

/*
 * Features of a post for the classifier, exactly as mod_check() sees
 * them: normalized words, Japanese character bigrams, link domains and
 * detector outcomes.  Appends to f (caller frees with
 * mod_features_free).  Returns 0 or -1.
 */
int	 mod_post_features(const struct mod_rules *rules,
	    const struct mod_post *post, const struct mod_author *author,
	    struct mod_features *f);
/* Features of plain text only (words and bigrams).  Returns 0 or -1. */
int	 mod_text_features(const char *text, size_t len, struct mod_features *f);
void	 mod_features_free(struct mod_features *f);

/*
 * Classifier probability that a post with features f is spam, from the
 * counts the caller looked up: ham[i] and spam[i] are the numbers of ham
 * and spam posts holding f->h[i]; nham and nspam the numbers of posts
 * trained.  Robinson's chi-square combining, as SpamBayes does.  Returns
 * a probability in [0,1]; 0.5 when nothing is known.
 */
double	 mod_bayes_score_counts(const struct mod_features *f,
	    const uint32_t *ham, const uint32_t *spam, uint32_t nham,
	    uint32_t nspam);
/*
 * What training one post changes: fills d with the distinct features of f
 * (caller frees with mod_bayes_delta_free).  spam: 1 or 0; sign: +1 to
 * learn, -1 to unlearn a past decision.  Returns 0 or -1.
 */
int	 mod_bayes_train(const struct mod_features *f, int spam, int sign,
	    struct mod_bayes_delta *d);
void	 mod_bayes_delta_free(struct mod_bayes_delta *d);

/* An in-memory count table.  Caller frees with mod_bayes_free. */
struct mod_bayes *mod_bayes_new(void);
void	 mod_bayes_free(struct mod_bayes *b);
/* Add a delta to the table.  Returns 0 or -1. */
int	 mod_bayes_apply(struct mod_bayes *b, const struct mod_bayes_delta *d);
/* Probability with the table's counts (see mod_bayes_score_counts). */
double	 mod_bayes_score(const struct mod_bayes *b, const struct mod_features *f);
/* Counts of one feature; returns 1 when present, 0 when not. */
int	 mod_bayes_lookup(const struct mod_bayes *b, uint64_t h, uint32_t *ham,
	    uint32_t *spam);
void	 mod_bayes_totals(const struct mod_bayes *b, uint32_t *nham,
	    uint32_t *nspam);
/*
 * Text file: a line "sodan-bayes 1 NHAM NSPAM" then one line per feature
 * "HEX16 HAM SPAM".  mod_bayes_load returns a table (caller frees) or NULL
 * with a message in err; mod_bayes_save returns 0 or -1.  min_total drops
 * features seen fewer times in all (0 or 1 keeps everything).
 */
struct mod_bayes *mod_bayes_load(const char *path, char *err, size_t errlen);
int	 mod_bayes_save(const struct mod_bayes *b, const char *path,
	    uint32_t min_total);

/*
 * The linear classifier (logistic regression over the same features,
 * hashed into 2^bits buckets).  The library loads and scores; the weights
 * are trained by `sodan-scan --train-linear`.  Text file: a line
 * "sodan-linear 2 BITS BIAS" then "BUCKET WEIGHT" per non-zero weight.
 * The version is that of the features the weights were trained on
 * (MOD_LINEAR_VERSION; 2 since the word prefixes of 2026-12-05): a file
 * of another version is refused, with a message saying to retrain.
 * mod_linear_load returns the model (caller frees) or NULL with a message
 * in err.  mod_linear_score returns the margin (bias + the weights of the
 * distinct buckets of f; spam probability 1 / (1 + e^-margin)).
 */
#define MOD_LINEAR_VERSION 2
struct mod_linear;
struct mod_linear *mod_linear_load(const char *path, char *err, size_t errlen);
void	 mod_linear_free(struct mod_linear *m);
double	 mod_linear_score(const struct mod_linear *m,
	    const struct mod_features *f);
unsigned mod_linear_bits(const struct mod_linear *m);
/* The bucket of feature hash h among 2^bits (for trainers). */
size_t	 mod_linear_bucket(uint64_t h, unsigned bits);
/* mod_linear_load from text in memory (len bytes); "model" names it. */
struct mod_linear *mod_linear_parse(const char *text, size_t len, char *err,
	    size_t errlen);

/*
 * Training and evaluating linear models on labelled examples (learn.c):
 * what the server learns from moderators' decisions.  No I/O: the caller
 * loads the examples (feature hashes as mod_post_features gives them) and
 * stores the model (mod_linear_dump).
 */
struct mod_example {
	const uint64_t	*h;		/* feature hashes (repeats count once) */
	size_t		 n;
	int		 spam;		/* 1 spam or scam, 0 ham */
	int		 ja;		/* 1 Japanese, 0 English (for metrics) */
};

struct mod_train_opts {
	unsigned	 bits;		/* 8..24; 0: 18 */
	unsigned	 epochs;	/* 0: 10 */
	double		 l2;		/* 0: 0.001 */
	double		 eta;		/* 0: 0.1 */
	uint64_t	 seed;		/* shuffle seed; 0: 20261201 */
	const struct mod_linear *init;	/* start from these weights (its
					   bits win), or NULL: zeros */
};

/*
 * A model trained on the n examples: stochastic gradient descent on the
 * logistic loss, epochs passes in an order shuffled by the seed (the same
 * input and options give the same model), step eta / (1 + eta l2 t), L2
 * shrinking of the example's own buckets, as sodan-scan --train-linear.
 * Caller frees (mod_linear_free); NULL when n is 0 or out of memory.
 */
struct mod_linear *mod_linear_train(const struct mod_example *ex, size_t n,
	    const struct mod_train_opts *opts);

/* Confusion counts: a post is predicted spam when its margin >= cut. */
struct mod_eval_counts {
	unsigned	 tp, fp, fn, tn;
};

struct mod_eval {
	struct mod_eval_counts all, ja, en;
};

/*
 * Scores the n examples with m (NULL: a model that says ham to all) and
 * counts them, overall and by language.  precision = tp / (tp + fp) and
 * recall = tp / (tp + fn); mod_eval_precision / _recall return -1 when
 * their denominator is 0 (undefined: nothing predicted, or no spam).
 */
void	 mod_linear_eval(const struct mod_linear *m,
	    const struct mod_example *ex, size_t n, double cut,
	    struct mod_eval *out);
double	 mod_eval_precision(const struct mod_eval_counts *c);
double	 mod_eval_recall(const struct mod_eval_counts *c);

/*
 * splitmix64: the next number of the fixed-seed generator whose state is
 * *s, for reproducible shuffles (training) and test data.
 */
uint64_t mod_splitmix64(uint64_t *s);

/*
 * The weights file of m as text ("sodan-linear 2 BITS BIAS" then "BUCKET
 * WEIGHT" per weight of magnitude >= 0.0001), NUL-terminated, *len its
 * length.  Caller frees; NULL when out of memory.
 */
char	*mod_linear_dump(const struct mod_linear *m, size_t *len);

/*
 * 1 when text reads as Japanese: at least a fifth of its letters are
 * Han, hiragana or katakana (invalid UTF-8 counts as no letter); else 0.
 */
int	 mod_text_is_ja(const char *text, size_t len);

/*
 * Urgency triage of a new question (triage.c).  A triage rule set is one
 * .rules file in the format of the moderation rules whose category
 * field is a class instead: urgent or low (the weight counts towards that
 * class; a negative weight speaks against it), or signal (weightless:
 * negations with the flags negate and negate-after, which cancel the hit
 * they touch, as in mod_check).  The question is urgent when its urgent
 * weights add up to 1.0 or more, else low when its low weights do, else
 * normal.  Loaded with mod_triage_load (cache_dir as in mod_load_opts, or
 * NULL; freed with mod_rules_free);
 * mod_triage is thread-safe on a shared set and fills *res (the caller
 * frees it with mod_triage_result_free, also on error).  The reasons are
 * those of the class found (for normal: what spoke against urgency),
 * heaviest first, one per rule.  Returns 0, or -1 on bad UTF-8 or
 * resource failure (then res->tclass is normal with no reasons).
 */
enum mod_tclass {
	MOD_TRIAGE_NORMAL,
	MOD_TRIAGE_URGENT,
	MOD_TRIAGE_LOW,
	MOD_TRIAGE__MAX
};

struct mod_triage_result {
	enum mod_tclass	 tclass;
	double		 urgent;	/* sum of the urgent weights */
	double		 low;		/* sum of the low weights */
	struct mod_reason *reasons;
	size_t		 nreasons;
};

struct mod_rules *mod_triage_load(const char *path, const char *cache_dir,
	    char *err, size_t errlen);
int	 mod_triage(const struct mod_rules *rules, const char *title,
	    size_t title_len, const char *body, size_t body_len,
	    struct mod_triage_result *res);
void	 mod_triage_result_free(struct mod_triage_result *res);
/* "normal", "urgent", "low"; parse returns the class or -1. */
const char *mod_triage_class_name(enum mod_tclass c);
int	 mod_triage_class_parse(const char *s);

#endif
