/*
 * rules.c: loading and compiling a rule set; the Hyperscan scratch pool.
 *
 * A rule set is everything read from the configuration directory, compiled
 * and then never changed: the pattern rules of every *.rules file (one
 * Hyperscan block-mode database, UTF-8 and Unicode properties, caseless
 * because the text is case-folded first), the word and domain lists, the
 * BIP39 word lists, the settings and, when present, the classifier counts.
 *
 * Line format of a .rules file (fields separated by one or more TABs, the
 * pattern is the rest of the line; "#" starts a comment line):
 *
 *   id  weight  category  flags  reason_ja  reason_en  pattern
 *
 * weight: a decimal added to the post's score (1.0 holds, 2.0 blocks);
 * category: scam spam phishing secret impersonation contact link signal;
 * flags: "-" or a comma list of offer distress negate question-ok answer
 * title body nospan dotall newacct keep negate-after doubt-ok (see
 * docs/moderation.md).
 * Rules match the normalized text (see normalize.c): write them in lower
 * case, with ASCII digits and "-" for any dash.
 *
 * Unicode: patterns holding non-ASCII characters are compiled with
 * HS_FLAG_UTF8 | HS_FLAG_UCP, except those using \b or \B, which
 * Hyperscan supports only without UCP (there \b, \w and \s are ASCII).
 * Pure-ASCII patterns are compiled in byte mode: they match the same
 * (the text is valid UTF-8; "." may stop inside a character, which only
 * shifts a gap's reach) and compile many times faster.
 *
 * Combinations: a pattern "A &&& B" holds when A and B both occur in the
 * field, in any order (Hyperscan logical combination of quiet
 * sub-expressions): the cheap way to say "these two things in one post"
 * where "A.{0,300}B" would take seconds to compile.  No span.
 *
 * Spans: every rule is compiled with HS_FLAG_SINGLEMATCH (one report, its
 * end offset), negations without it (every end).  Start of match
 * (HS_FLAG_SOM_LEFTMOST) was measured too costly to compile: 62 s instead
 * of 5.6 s for 5,000 rules, and "Pattern is too large" for gaps such as
 * ".{0,80}".  Instead each rule also gets an ICU regular expression
 * (uregex, same syntax for what rules use), run only for rules that did
 * match, backwards over at most the pattern's maximum width, to find the
 * start for highlighting (patterns.c).  Rules ICU cannot read, nospan
 * rules and combinations have no span.
 *
 * Cache: compiling thousands of rules takes seconds, so when a cache
 * directory is given (mod_load_opts.cache_dir) the compiled database is
 * serialized there under the SHA-256 of Hyperscan's version, the platform
 * it was compiled for (hs_populate_platform: CPU features and tuning) and
 * every expression and flag, and later loads of the same rules on the
 * same platform deserialize it in milliseconds.  A database compiled for
 * other CPU features is refused by Hyperscan (HS_DB_PLATFORM_ERROR): the
 * same rules under valgrind, which hides AVX-512, or on another host
 * sharing the directory keep a file of their own instead of recompiling
 * over each other's.  A file read is touched (its mtime is its last use);
 * when a new file is written, files not used for CACHE_KEEP_DAYS and
 * temporary files left for an hour by a writer that died are removed, so
 * the directory does not grow with every change of the rules.
 *
 * Scratch: Hyperscan needs one scratch per concurrent scan.  The rule set
 * owns a prototype and a mutex-protected pool (mod_scratch_get/put); the
 * pool is the only thing that changes after loading and it is private.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "moderation/mod_int.h"

#define COMBINE		" &&& "
#define PART_ID0	(1u << 20)	/* combinations' parts (Hyperscan refuses 2^30) */
#define CACHE_KEEP_DAYS	30	/* unused compiled databases kept this long */
#define CACHE_TMP_SECS	3600	/* a writer's temporary file, at most */
#define DEFAULT_WORDLISTS "/usr/lib/python3/dist-packages/mnemonic/wordlist"

/* Patterns are collected beside r->rules while loading. */
struct patv {
	char		**v;
	size_t		 n;
	size_t		 cap;
};

struct mod_pool {
	pthread_mutex_t	 lock;
	hs_scratch_t	**v;
	size_t		 n;
	size_t		 cap;
	URegularExpression **re;	/* per rule, compiled on first hit */
	uint8_t		*re_tried;	/* per rule: compiled (or failed) */
	unsigned	*re_maxw;	/* per rule: longest match, bytes */
};

static uint64_t	 strhash(const char *, size_t);
static int	 strset_grow(struct mod_strset *);
static char	*trim(char *);
static int	 load_list(const char *, const char *, struct mod_strset *,
		    int, char *, size_t);
static int	 load_rules_file(struct mod_rules *, const char *, char *,
		    size_t, struct mod_strset *, struct patv *);
static int	 compile_rules(struct mod_rules *, struct patv *,
		    const char *, const char *, char *, size_t);
static void	 cache_path(const char *, const hs_platform_info_t *,
		    char *const *, const unsigned *, const unsigned *, size_t,
		    char *, size_t);
static int	 cache_load(hs_database_t **, const char *,
		    const hs_platform_info_t *, char *const *,
		    const unsigned *, const unsigned *, size_t);
static void	 cache_save(const hs_database_t *, const char *,
		    const hs_platform_info_t *, char *const *,
		    const unsigned *, const unsigned *, size_t);
static void	 cache_prune(const char *, const char *);
static unsigned	 pattern_flags(const char *, unsigned);
static int	 load_settings(struct mod_rules *, const char *, char *,
		    size_t);
static int	 load_wordlist(struct mod_rules *, const char *,
		    struct mod_strset *, int, char *, size_t);
static int	 load_brands(struct mod_rules *, const char *, char *, size_t);
static int	 load_pwords(struct mod_rules *, const char *, char *, size_t);
static int	 parse_category(const char *, enum mod_category *);
static int	 parse_flags(char *, unsigned *);

static const char *const cat_names[MOD_CAT__MAX] = {
	"none", "scam", "spam", "phishing", "secret", "impersonation",
	"contact", "link", "duplicate", "learned"
};
static const char *const dec_names[MOD_DECISION__MAX] = {
	"allow", "hold", "block"
};
static const char *const contact_names[MOD_CONTACT__MAX] = {
	"phone", "email", "telegram", "whatsapp", "discord", "line",
	"handle", "domain"
};

const char *
mod_decision_name(enum mod_decision d)
{
	return (unsigned)d < MOD_DECISION__MAX ? dec_names[d] : "?";
}

const char *
mod_category_name(enum mod_category c)
{
	return (unsigned)c < MOD_CAT__MAX ? cat_names[c] : "?";
}

const char *
mod_contact_type_name(enum mod_contact_type t)
{
	return (unsigned)t < MOD_CONTACT__MAX ? contact_names[t] : "?";
}

/* FNV-1a, 64 bits. */
static uint64_t
strhash(const char *s, size_t len)
{
	uint64_t	 h = 0xcbf29ce484222325ULL;
	size_t		 i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int
strset_grow(struct mod_strset *set)
{
	struct mod_strset n;
	size_t		 i, j;

	memset(&n, 0, sizeof(n));
	n.cap = set->cap ? set->cap * 2 : 64;
	if ((n.keys = calloc(n.cap, sizeof(char *))) == NULL)
		return -1;
	if ((n.vals = calloc(n.cap, sizeof(int))) == NULL) {
		free(n.keys);
		return -1;
	}
	for (i = 0; i < set->cap; i++) {
		if (set->keys[i] == NULL)
			continue;
		j = strhash(set->keys[i], strlen(set->keys[i])) & (n.cap - 1);
		while (n.keys[j] != NULL)
			j = (j + 1) & (n.cap - 1);
		n.keys[j] = set->keys[i];
		n.vals[j] = set->vals[i];
	}
	n.n = set->n;
	n.minlen = set->minlen;
	n.maxlen = set->maxlen;
	free(set->keys);
	free(set->vals);
	*set = n;
	return 0;
}

/* Add key[0..len) with val; an existing key keeps its value.  0 or -1. */
int
mod_strset_add(struct mod_strset *set, const char *key, size_t len, int val)
{
	size_t		 j;

	if ((set->n + 1) * 2 > set->cap && strset_grow(set) == -1)
		return -1;
	j = strhash(key, len) & (set->cap - 1);
	while (set->keys[j] != NULL) {
		if (strncmp(set->keys[j], key, len) == 0 &&
		    set->keys[j][len] == '\0')
			return 0;
		j = (j + 1) & (set->cap - 1);
	}
	if ((set->keys[j] = strndup(key, len)) == NULL)
		return -1;
	set->vals[j] = val;
	len = strlen(set->keys[j]);
	if (set->n == 0 || len < set->minlen)
		set->minlen = len;
	if (len > set->maxlen)
		set->maxlen = len;
	set->n++;
	return 0;
}

/*
 * 1 and *val (may be NULL) when key[0..len) is present, else 0.  A key
 * shorter than every stored one cannot be present, nor a longer one
 * without a NUL where the longest stored one ends (most words looked up
 * in the BIP39 list are not 3 to 8 letters long).
 */
int
mod_strset_get(const struct mod_strset *set, const char *key, size_t len,
    int *val)
{
	size_t		 j;

	if (set->cap == 0 || set->n == 0 || len < set->minlen ||
	    (len > set->maxlen && memchr(key, '\0', set->maxlen + 1) == NULL))
		return 0;
	j = strhash(key, len) & (set->cap - 1);
	while (set->keys[j] != NULL) {
		if (strncmp(set->keys[j], key, len) == 0 &&
		    set->keys[j][len] == '\0') {
			if (val != NULL)
				*val = set->vals[j];
			return 1;
		}
		j = (j + 1) & (set->cap - 1);
	}
	return 0;
}

void
mod_strset_free(struct mod_strset *set)
{
	size_t		 i;

	for (i = 0; i < set->cap; i++)
		free(set->keys[i]);
	free(set->keys);
	free(set->vals);
	memset(set, 0, sizeof(*set));
}

int
mod_hits_add(struct mod_hits *h, const struct mod_hit *hit)
{
	void		*p;
	size_t		 ncap;

	if (h->n == h->cap) {
		ncap = h->cap ? h->cap * 2 : 16;
		if ((p = realloc(h->v, ncap * sizeof(*h->v))) == NULL)
			return -1;
		h->v = p;
		h->cap = ncap;
	}
	h->v[h->n++] = *hit;
	return 0;
}

static char *
trim(char *s)
{
	char		*e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' ||
	    e[-1] == '\t'))
		*--e = '\0';
	return s;
}

/*
 * One entry per line (first word; "#" comments).  norm: 1 to store the
 * normalized form.  A missing file is an empty list.
 */
static int
load_list(const char *dir, const char *name, struct mod_strset *set,
    int norm, char *err, size_t errlen)
{
	char		 path[1024], *line = NULL, *p, *sp;
	size_t		 cap = 0;
	FILE		*f;
	struct mod_text	 t;
	int		 rc = -1;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		MOD_ERR(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, f) != -1) {
		p = trim(line);
		if (*p == '#' || *p == '\0')
			continue;
		if ((sp = strpbrk(p, " \t")) != NULL)
			*sp = '\0';
		if (norm) {
			if (mod_norm(p, strlen(p), &t) == -1)
				goto out;
			if (mod_strset_add(set, t.s, t.len, 1) == -1) {
				mod_text_free(&t);
				goto out;
			}
			mod_text_free(&t);
		} else if (mod_strset_add(set, p, strlen(p), 1) == -1)
			goto out;
	}
	rc = 0;
out:
	if (rc == -1)
		MOD_ERR(err, errlen, "%s: out of memory", path);
	free(line);
	fclose(f);
	return rc;
}

static int
parse_category(const char *s, enum mod_category *c)
{
	int		 i;

	if (strcmp(s, "signal") == 0) {
		*c = MOD_CAT_NONE;
		return 0;
	}
	for (i = 1; i < MOD_CAT__MAX; i++)
		if (strcmp(s, cat_names[i]) == 0) {
			*c = (enum mod_category)i;
			return 0;
		}
	return -1;
}

static int
parse_flags(char *s, unsigned *fl)
{
	static const struct {
		const char	*name;
		unsigned	 bit;
	} names[] = {
		{ "offer", MOD_RF_OFFER }, { "distress", MOD_RF_DISTRESS },
		{ "negate", MOD_RF_NEGATE }, { "question-ok", MOD_RF_QOK },
		{ "answer", MOD_RF_ANSWER }, { "title", MOD_RF_TITLE },
		{ "body", MOD_RF_BODY }, { "nospan", MOD_RF_NOSPAN },
		{ "dotall", MOD_RF_DOTALL }, { "newacct", MOD_RF_NEWACCT },
		{ "keep", MOD_RF_KEEP }, { "doubt-ok", MOD_RF_DOUBTOK },
		{ "negate-after", MOD_RF_NEGATE | MOD_RF_NEGAFTER }
	};
	char		*tok, *save = NULL;
	size_t		 i;

	*fl = 0;
	if (strcmp(s, "-") == 0)
		return 0;
	for (tok = strtok_r(s, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strcmp(tok, names[i].name) == 0)
				break;
		if (i == sizeof(names) / sizeof(names[0]))
			return -1;
		*fl |= names[i].bit;
	}
	return 0;
}


static int
load_rules_file(struct mod_rules *r, const char *path, char *err,
    size_t errlen, struct mod_strset *ids, struct patv *cur_pats)
{
	char		*line = NULL, *f[7], *p, *e;
	size_t		 cap = 0, nf, ncap;
	int		 lineno = 0, rc = -1;
	FILE		*fp;
	struct mod_rule	*rule;
	void		*np;
	double		 w;

	if ((fp = fopen(path, "r")) == NULL) {
		MOD_ERR(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, fp) != -1) {
		lineno++;
		p = line;
		e = p + strlen(p);
		while (e > p && (e[-1] == '\n' || e[-1] == '\r'))
			*--e = '\0';
		while (*p == ' ')
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		for (nf = 0; nf < 6; nf++) {
			f[nf] = p;
			if ((p = strchr(p, '\t')) == NULL)
				break;
			*p++ = '\0';
			while (*p == '\t')
				p++;
		}
		if (nf < 6 || *p == '\0') {
			MOD_ERR(err, errlen, "%s:%d: expected 7 TAB-separated "
			    "fields: id weight category flags ja en pattern",
			    path, lineno);
			goto out;
		}
		f[6] = p;
		w = strtod(f[1], &e);
		if (*e != '\0' || e == f[1] || w < -10 || w > 10) {
			MOD_ERR(err, errlen, "%s:%d: bad weight \"%s\"", path,
			    lineno, f[1]);
			goto out;
		}
		if (mod_strset_get(ids, f[0], strlen(f[0]), NULL)) {
			MOD_ERR(err, errlen, "%s:%d: duplicate rule id \"%s\"",
			    path, lineno, f[0]);
			goto out;
		}
		if (r->nrules % 64 == 0) {
			ncap = r->nrules + 64;
			if ((np = realloc(r->rules, ncap * sizeof(*r->rules)))
			    == NULL)
				goto oom;
			r->rules = np;
			if ((np = realloc(cur_pats->v, ncap * sizeof(char *)))
			    == NULL)
				goto oom;
			cur_pats->v = np;
		}
		rule = &r->rules[r->nrules];
		memset(rule, 0, sizeof(*rule));
		rule->weight = w;
		rule->line = lineno;
		if (r->triage) {
			if ((rule->tclass = mod_triage_class_parse(f[2])) ==
			    -1 && strcmp(f[2], "signal") != 0) {
				MOD_ERR(err, errlen, "%s:%d: unknown class "
				    "\"%s\" (urgent, low, normal or signal)",
				    path, lineno, f[2]);
				goto out;
			}
			if (rule->tclass == -1)
				rule->tclass = MOD_TRIAGE_NORMAL;
			rule->cat = MOD_CAT_NONE;
		} else if (parse_category(f[2], &rule->cat) == -1) {
			MOD_ERR(err, errlen, "%s:%d: unknown category \"%s\"",
			    path, lineno, f[2]);
			goto out;
		}
		if (parse_flags(f[3], &rule->flags) == -1) {
			MOD_ERR(err, errlen, "%s:%d: unknown flag in \"%s\"",
			    path, lineno, f[3]);
			goto out;
		}
		if ((rule->id = strdup(f[0])) == NULL ||
		    (rule->ja = strdup(f[4])) == NULL ||
		    (rule->en = strdup(f[5])) == NULL ||
		    (rule->file = strdup(path)) == NULL ||
		    (cur_pats->v[r->nrules] = strdup(f[6])) == NULL) {
			free(rule->id);
			free(rule->ja);
			free(rule->en);
			free(rule->file);
			goto oom;
		}
		if (mod_strset_add(ids, f[0], strlen(f[0]), 1) == -1)
			goto oom;
		r->nrules++;
		cur_pats->n = r->nrules;
	}
	rc = 0;
	goto out;
oom:
	MOD_ERR(err, errlen, "%s:%d: out of memory", path, lineno);
out:
	free(line);
	fclose(fp);
	return rc;
}

/* 1 when rule i was read from the file named apart (a base name). */
static int
rule_apart(const struct mod_rules *r, size_t i, const char *apart)
{
	const char	*f, *b;

	if (apart == NULL || (f = r->rules[i].file) == NULL)
		return 0;
	b = strrchr(f, '/');
	return strcmp(b != NULL ? b + 1 : f, apart) == 0;
}

/*
 * Compiles the expressions of one database: those whose owner (the rule
 * an expression or a combination's part belongs to) is in part `want`
 * (rule_apart).  The database is loaded from and saved to the cache when
 * cache is not NULL.  *db stays NULL when the part has no expression.
 */
static int
compile_part(struct mod_rules *r, char **expr,
    unsigned *flags, unsigned *ids, const size_t *owner, size_t n,
    const char *apart, int want, const hs_platform_info_t *plat,
    const char *cache, hs_database_t **db, char *err, size_t errlen)
{
	hs_compile_error_t *cerr = NULL;
	char		**ex;
	unsigned	*fl, *id;
	size_t		*gi, i, m = 0, rix;
	int		 rc = -1;
	struct mod_rule	*rule;

	ex = calloc(n, sizeof(*ex));
	fl = calloc(n, sizeof(*fl));
	id = calloc(n, sizeof(*id));
	gi = calloc(n, sizeof(*gi));
	if (ex == NULL || fl == NULL || id == NULL || gi == NULL) {
		MOD_ERR(err, errlen, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++)
		if (rule_apart(r, owner[i], apart) == want) {
			ex[m] = expr[i];
			fl[m] = flags[i];
			id[m] = ids[i];
			gi[m] = i;
			m++;
		}
	if (m == 0) {
		rc = 0;
		goto out;
	}
	if (cache != NULL && cache_load(db, cache, plat, ex, fl, id, m) == 0) {
		rc = 0;
		goto out;
	}
	if (hs_compile_multi((const char *const *)ex, fl, id, (unsigned)m,
	    HS_MODE_BLOCK, plat, db, &cerr) != HS_SUCCESS) {
		/* The rule (a combination's part: the rule holding it). */
		rix = cerr->expression >= 0 && (size_t)cerr->expression < m ?
		    owner[gi[cerr->expression]] : r->nrules;
		if (rix < r->nrules) {
			rule = &r->rules[rix];
			MOD_ERR(err, errlen, "%s:%d: rule %s: %s", rule->file,
			    rule->line, rule->id, cerr->message);
		} else
			MOD_ERR(err, errlen, "rules: %s", cerr->message);
		hs_free_compile_error(cerr);
		*db = NULL;
		goto out;
	}
	if (cache != NULL)
		cache_save(*db, cache, plat, ex, fl, id, m);
	rc = 0;
out:
	free(ex);
	free(fl);
	free(id);
	free(gi);
	return rc;
}

/*
 * Compiles the pattern rules into r->db and, when apart names a rules
 * file (its base name) that holds rules, that file's rules into a second
 * database r->db2 that is never cached: a small file that changes often
 * (the watched words of /admin/lists) then costs a compile of its own
 * rules only, and the large database stays the cached one.
 */
static int
compile_rules(struct mod_rules *r, struct patv *cur_pats, const char *cache,
    const char *apart, char *err, size_t errlen)
{
	hs_platform_info_t plat;
	unsigned	*flags = NULL, *ids = NULL;
	char		**expr = NULL, *p, *q, *part;
	size_t		*owner = NULL;
	size_t		 i, n = 0, cap, k;
	int		 rc = -1;
	struct mod_rule	*rule;

	if (r->nrules == 0) {
		MOD_ERR(err, errlen, "no pattern rules (*.rules) found");
		return -1;
	}
	/* Room for every rule plus the parts of combinations. */
	cap = r->nrules;
	for (i = 0; i < r->nrules; i++)
		for (p = cur_pats->v[i]; (p = strstr(p, COMBINE)) != NULL;
		    p += strlen(COMBINE))
			cap += 2;
	if ((flags = calloc(cap, sizeof(*flags))) == NULL ||
	    (ids = calloc(cap, sizeof(*ids))) == NULL ||
	    (owner = calloc(cap, sizeof(*owner))) == NULL ||
	    (expr = calloc(cap, sizeof(*expr))) == NULL) {
		MOD_ERR(err, errlen, "out of memory");
		goto out;
	}
	n = r->nrules;
	for (i = 0; i < r->nrules; i++) {
		rule = &r->rules[i];
		ids[i] = (unsigned)i;
		owner[i] = i;
		if (strstr(cur_pats->v[i], COMBINE) != NULL) {
			/* "A &&& B": quiet parts, and "ia & ib" on top. */
			char	 comb[256] = "";

			rule->flags |= MOD_RF_NOSPAN;
			if ((p = strdup(cur_pats->v[i])) == NULL) {
				MOD_ERR(err, errlen, "out of memory");
				goto out;
			}
			for (part = p; part != NULL; part = q) {
				if ((q = strstr(part, COMBINE)) != NULL) {
					*q = '\0';
					q += strlen(COMBINE);
				}
				if ((expr[n] = strdup(part)) == NULL) {
					free(p);
					MOD_ERR(err, errlen, "out of memory");
					goto out;
				}
				flags[n] = pattern_flags(part, rule->flags) |
				    HS_FLAG_QUIET | HS_FLAG_SINGLEMATCH;
				/* Numbered apart from the rules, so that a part's
				   id (in the cache key) does not move when the
				   number of rules does. */
				ids[n] = PART_ID0 + (unsigned)(n - r->nrules);
				owner[n] = i;
				k = strlen(comb);
				snprintf(comb + k, sizeof(comb) - k, "%s%u",
				    k ? " & " : "", ids[n]);
				n++;
			}
			free(p);
			if ((expr[i] = strdup(comb)) == NULL) {
				MOD_ERR(err, errlen, "out of memory");
				goto out;
			}
			flags[i] = HS_FLAG_COMBINATION | HS_FLAG_SINGLEMATCH;
			continue;
		}
		if ((expr[i] = strdup(cur_pats->v[i])) == NULL) {
			MOD_ERR(err, errlen, "out of memory");
			goto out;
		}
		flags[i] = pattern_flags(expr[i], rule->flags);
		/* Negations report every end; the rest their first. */
		if (!(rule->flags & MOD_RF_NEGATE))
			flags[i] |= HS_FLAG_SINGLEMATCH;
		if (!(rule->flags & (MOD_RF_NOSPAN | MOD_RF_NEGATE)) &&
		    (rule->pattern = strdup(expr[i])) == NULL) {
			MOD_ERR(err, errlen, "out of memory");
			goto out;
		}
	}
	/* The host's platform: the database's and the cache key's. */
	if (hs_populate_platform(&plat) != HS_SUCCESS) {
		MOD_ERR(err, errlen, "hs_populate_platform failed");
		goto out;
	}
	if (compile_part(r, expr, flags, ids, owner, n, apart, 0,
	    &plat, cache, &r->db, err, errlen) == -1 ||
	    compile_part(r, expr, flags, ids, owner, n, apart, 1,
	    &plat, NULL, &r->db2, err, errlen) == -1)
		goto out;
	/* One scratch serves both databases (grown for the second). */
	if ((r->db != NULL && hs_alloc_scratch(r->db, &r->proto) !=
	    HS_SUCCESS) || (r->db2 != NULL &&
	    hs_alloc_scratch(r->db2, &r->proto) != HS_SUCCESS)) {
		MOD_ERR(err, errlen, "hs_alloc_scratch failed");
		goto out;
	}
	rc = 0;
out:
	for (i = 0; expr != NULL && i < n; i++)
		free(expr[i]);
	free(expr);
	free(flags);
	free(ids);
	free(owner);
	return rc;
}


/*
 * Cache file name: SHA-256 of Hyperscan's version, the target platform
 * and every expression.  The platform is also spelled out in the name
 * (CPU feature bits and tuning family) for whoever lists the directory.
 */
static void
cache_path(const char *dir, const hs_platform_info_t *plat,
    char *const *expr, const unsigned *flags, const unsigned *ids, size_t n,
    char *path, size_t pathlen)
{
	crypto_hash_sha256_state h;
	uint8_t		 d[crypto_hash_sha256_BYTES], pl[12];
	char		 hex[sizeof(d) * 2 + 1];
	const char	*v = hs_version();
	size_t		 i;

	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, (const uint8_t *)v, strlen(v) + 1);
	for (i = 0; i < 8; i++)
		pl[i] = (uint8_t)(plat->cpu_features >> (8 * i));
	for (i = 0; i < 4; i++)
		pl[8 + i] = (uint8_t)(plat->tune >> (8 * i));
	crypto_hash_sha256_update(&h, pl, sizeof(pl));
	for (i = 0; i < n; i++) {
		crypto_hash_sha256_update(&h, (const uint8_t *)&flags[i],
		    sizeof(flags[i]));
		crypto_hash_sha256_update(&h, (const uint8_t *)&ids[i],
		    sizeof(ids[i]));
		crypto_hash_sha256_update(&h, (const uint8_t *)expr[i],
		    strlen(expr[i]) + 1);
	}
	crypto_hash_sha256_final(&h, d);
	for (i = 0; i < sizeof(d); i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	snprintf(path, pathlen, "%s/rules-%s-f%llx-t%u.hsdb", dir, hex,
	    (unsigned long long)plat->cpu_features, plat->tune);
}

static int
cache_load(hs_database_t **db, const char *dir,
    const hs_platform_info_t *plat, char *const *expr,
    const unsigned *flags, const unsigned *ids, size_t n)
{
	char		 path[1024], *buf;
	FILE		*f;
	long		 len;
	int		 rc = -1;

	cache_path(dir, plat, expr, flags, ids, n, path, sizeof(path));
	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)len)) != NULL) {
		if (fread(buf, 1, (size_t)len, f) == (size_t)len &&
		    hs_deserialize_database(buf, (size_t)len, db) ==
		    HS_SUCCESS)
			rc = 0;
		free(buf);
	}
	fclose(f);
	/* Its last use, for cache_prune; a read-only directory is fine. */
	if (rc == 0)
		(void)utimensat(AT_FDCWD, path, NULL, 0);
	return rc;
}

/*
 * Removes from dir the compiled databases ("rules-*.hsdb") not used for
 * CACHE_KEEP_DAYS and writers' temporary files ("rules-*.tmp") older than
 * CACHE_TMP_SECS, never keep (the file just written).  Best effort: a file
 * another process removes first, or one that cannot be removed, is
 * skipped.  Other names in the directory are never touched.
 */
static void
cache_prune(const char *dir, const char *keep)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		 path[1024];
	const char	*base;
	size_t		 len;
	time_t		 now = time(NULL), limit;

	base = strrchr(keep, '/');
	base = base != NULL ? base + 1 : keep;
	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (strncmp(de->d_name, "rules-", 6) != 0 ||
		    strcmp(de->d_name, base) == 0)
			continue;
		if (len > 5 && strcmp(de->d_name + len - 5, ".hsdb") == 0)
			limit = now - (time_t)CACHE_KEEP_DAYS * 86400;
		else if (len > 4 && strcmp(de->d_name + len - 4, ".tmp") == 0)
			limit = now - CACHE_TMP_SECS;
		else
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
		    de->d_name) >= sizeof(path))
			continue;
		if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    sb.st_mtime < limit)
			(void)unlink(path);
	}
	closedir(d);
}

/* Best effort: write to a temporary name, then rename. */
static void
cache_save(const hs_database_t *db, const char *dir,
    const hs_platform_info_t *plat, char *const *expr,
    const unsigned *flags, const unsigned *ids, size_t n)
{
	char		 path[1024], tmp[1100], *buf = NULL;
	size_t		 len;
	FILE		*f;
	int		 ok;

	cache_path(dir, plat, expr, flags, ids, n, path, sizeof(path));
	if (hs_serialize_database(db, &buf, &len) != HS_SUCCESS)
		return;
	snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
	if ((f = fopen(tmp, "wb")) != NULL) {
		ok = fwrite(buf, 1, len, f) == len;
		if (fclose(f) != 0)
			ok = 0;
		if (ok && rename(tmp, path) == 0)
			cache_prune(dir, path);
		else
			unlink(tmp);
	}
	free(buf);
}

/*
 * Hyperscan flags for a pattern: ASCII-only patterns are compiled in byte
 * mode (much faster to compile: "." is one byte, \b and \w are ASCII);
 * others in UTF-8 mode, with Unicode properties unless they use \b or
 * \B, which Hyperscan does not support in UCP mode.
 */
static unsigned
pattern_flags(const char *pat, unsigned rflags)
{
	unsigned	 fl = HS_FLAG_CASELESS;
	const char	*p;

	for (p = pat; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80)
			break;
	if (*p != '\0') {
		fl |= HS_FLAG_UTF8;
		if (strstr(pat, "\\b") == NULL && strstr(pat, "\\B") == NULL)
			fl |= HS_FLAG_UCP;
	}
	if (rflags & MOD_RF_DOTALL)
		fl |= HS_FLAG_DOTALL;
	return fl;
}


static int
load_settings(struct mod_rules *r, const char *dir, char *err,
    size_t errlen)
{
	char		 path[1024], *line = NULL, *p, *eq, *k, *v, *e;
	size_t		 cap = 0;
	int		 lineno = 0, rc = -1;
	FILE		*f;
	double		 d;
	static const struct {
		const char	*key;
		size_t		 off;
	} keys[] = {
		{ "hold", offsetof(struct mod_settings, hold) },
		{ "block", offsetof(struct mod_settings, block) },
		{ "bayes_hold", offsetof(struct mod_settings, bayes_hold) },
		{ "bayes_weight", offsetof(struct mod_settings, bayes_weight) },
		{ "bayes_block", offsetof(struct mod_settings, bayes_block) },
		{ "bayes_weight2", offsetof(struct mod_settings,
		    bayes_weight2) },
		{ "bayes_ham", offsetof(struct mod_settings, bayes_ham) },
		{ "bayes_suspect", offsetof(struct mod_settings,
		    bayes_suspect) },
		{ "bayes_suspect_weight", offsetof(struct mod_settings,
		    bayes_suspect_weight) },
		{ "bayes_ham_weight", offsetof(struct mod_settings,
		    bayes_ham_weight) },
		{ "linear_hold", offsetof(struct mod_settings, linear_hold) },
		{ "linear_block", offsetof(struct mod_settings,
		    linear_block) },
		{ "linear_suspect", offsetof(struct mod_settings,
		    linear_suspect) },
		{ "linear_ham", offsetof(struct mod_settings, linear_ham) },
		{ "trusted_factor", offsetof(struct mod_settings,
		    trusted_factor) },
		{ "new_factor", offsetof(struct mod_settings, new_factor) },
		{ "ham_max_cjk", offsetof(struct mod_settings, ham_max_cjk) },
	};
	size_t		 i;

	r->set.hold = 1.0;
	r->set.block = 2.0;
	r->set.bayes_suspect = 0.99;
	r->set.bayes_suspect_weight = 0.5;
	r->set.bayes_hold = 0.999;
	r->set.bayes_weight = 1.0;
	r->set.bayes_block = 0.99999;
	r->set.bayes_weight2 = 1.3;
	r->set.bayes_ham = 0.10;
	r->set.bayes_ham_weight = 0.3;
	r->set.linear_suspect = 0.0;
	r->set.linear_hold = 2.0;
	r->set.linear_block = 6.0;
	r->set.linear_ham = -6.0;
	r->set.trusted_factor = 0.5;
	r->set.new_factor = 1.5;
	r->set.ham_max_cjk = 1.0;
	snprintf(r->set.wordlist_dir, sizeof(r->set.wordlist_dir), "%s",
	    DEFAULT_WORDLISTS);
	snprintf(path, sizeof(path), "%s/settings.conf", dir);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (getline(&line, &cap, f) != -1) {
		lineno++;
		p = trim(line);
		if (*p == '#' || *p == '\0')
			continue;
		if ((eq = strchr(p, '=')) == NULL) {
			MOD_ERR(err, errlen, "%s:%d: expected key = value",
			    path, lineno);
			goto out;
		}
		*eq = '\0';
		k = trim(p);
		v = trim(eq + 1);
		if (strcmp(k, "wordlist_dir") == 0) {
			snprintf(r->set.wordlist_dir,
			    sizeof(r->set.wordlist_dir), "%s", v);
			continue;
		}
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (strcmp(k, keys[i].key) == 0)
				break;
		if (i == sizeof(keys) / sizeof(keys[0])) {
			MOD_ERR(err, errlen, "%s:%d: unknown key \"%s\"", path,
			    lineno, k);
			goto out;
		}
		d = strtod(v, &e);
		if (*e != '\0' || e == v) {
			MOD_ERR(err, errlen, "%s:%d: bad number \"%s\"", path,
			    lineno, v);
			goto out;
		}
		*(double *)(void *)((char *)&r->set + keys[i].off) = d;
	}
	rc = 0;
out:
	free(line);
	fclose(f);
	return rc;
}

static int
load_wordlist(struct mod_rules *r, const char *name, struct mod_strset *set,
    int norm, char *err, size_t errlen)
{
	char		 path[1024], *line = NULL, *p;
	size_t		 cap = 0;
	FILE		*f;
	int		 idx = 0, rc = -1;
	struct mod_text	 t;

	snprintf(path, sizeof(path), "%s/%s", r->set.wordlist_dir, name);
	if ((f = fopen(path, "r")) == NULL) {
		MOD_ERR(err, errlen, "%s: %s (BIP39 word list; set "
		    "wordlist_dir in settings.conf)", path, strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, f) != -1) {
		p = trim(line);
		if (*p == '\0')
			continue;
		if (norm) {
			if (mod_norm(p, strlen(p), &t) == -1)
				goto out;
			if (mod_strset_add(set, t.s, t.len, idx) == -1) {
				mod_text_free(&t);
				goto out;
			}
			mod_text_free(&t);
		} else if (mod_strset_add(set, p, strlen(p), idx) == -1)
			goto out;
		idx++;
	}
	if (idx != 2048) {
		MOD_ERR(err, errlen, "%s: %d words, expected 2048", path, idx);
		goto out;
	}
	rc = 0;
out:
	if (rc == -1 && idx == 0)
		MOD_ERR(err, errlen, "%s: cannot read", path);
	free(line);
	fclose(f);
	return rc;
}

/* brands.txt: "label official.domain ..." per line. */
static int
load_brands(struct mod_rules *r, const char *dir, char *err, size_t errlen)
{
	char		 path[1024], *line = NULL, *p, *tok, *save = NULL;
	size_t		 cap = 0;
	FILE		*f;
	struct mod_brand *b;
	void		*np;
	int		 rc = -1, lineno = 0;

	snprintf(path, sizeof(path), "%s/brands.txt", dir);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (getline(&line, &cap, f) != -1) {
		lineno++;
		p = trim(line);
		if (*p == '#' || *p == '\0')
			continue;
		if ((np = realloc(r->brands, (r->nbrands + 1) *
		    sizeof(*r->brands))) == NULL)
			goto oom;
		r->brands = np;
		b = &r->brands[r->nbrands];
		memset(b, 0, sizeof(*b));
		r->nbrands++;
		tok = strtok_r(p, " \t", &save);
		if (*tok == '=') {
			b->exact = 1;
			tok++;
		}
		if ((b->label = strdup(tok)) == NULL ||
		    mod_skeleton(r->spoof, tok, strlen(tok), &b->skel) == -1)
			goto oom;
		mod_deleet(b->skel);
		while ((tok = strtok_r(NULL, " \t", &save)) != NULL) {
			if ((np = realloc(b->official, (b->nofficial + 1) *
			    sizeof(char *))) == NULL)
				goto oom;
			b->official = np;
			if ((b->official[b->nofficial] = strdup(tok)) == NULL)
				goto oom;
			b->nofficial++;
			if (mod_strset_add(&r->allow, tok, strlen(tok), 1) == -1)
				goto oom;
		}
	}
	rc = 0;
	goto out;
oom:
	MOD_ERR(err, errlen, "%s:%d: out of memory", path, lineno);
out:
	free(line);
	fclose(f);
	return rc;
}

/*
 * The skeleton of every allowed domain (allow_domains.txt and the brands'
 * official domains), so that a homoglyph or one-letter copy of the
 * forum's own domain is known for one even when its name is an ordinary
 * word that cannot be a brand ("exchange.example").
 */
static int
load_allowskel(struct mod_rules *r, char *err, size_t errlen)
{
	struct mod_allowskel *a;
	size_t		 i;

	if (r->allow.n == 0)
		return 0;
	if ((r->allowskel = calloc(r->allow.n, sizeof(*r->allowskel))) == NULL)
		goto oom;
	for (i = 0; i < r->allow.cap; i++) {
		if (r->allow.keys[i] == NULL || strchr(r->allow.keys[i], '.') ==
		    NULL)
			continue;
		a = &r->allowskel[r->nallowskel];
		if ((a->domain = strdup(r->allow.keys[i])) == NULL)
			goto oom;
		r->nallowskel++;
		if (mod_skeleton(r->spoof, a->domain, strlen(a->domain),
		    &a->skel) == -1)
			goto oom;
		mod_deleet(a->skel);
	}
	return 0;
oom:
	MOD_ERR(err, errlen, "allowed domains: out of memory");
	return -1;
}

/* protected_words.txt: "word [token]" per line. */
static int
load_pwords(struct mod_rules *r, const char *dir, char *err, size_t errlen)
{
	char		 path[1024], *line = NULL, *p, *tok, *save = NULL;
	size_t		 cap = 0, i;
	FILE		*f;
	struct mod_pword *w;
	void		*np;
	int		 rc = -1;

	snprintf(path, sizeof(path), "%s/protected_words.txt", dir);
	if ((f = fopen(path, "r")) == NULL) {
		MOD_ERR(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, f) != -1) {
		p = trim(line);
		if (*p == '#' || *p == '\0')
			continue;
		if ((np = realloc(r->pwords, (r->npwords + 1) *
		    sizeof(*r->pwords))) == NULL)
			goto oom;
		r->pwords = np;
		w = &r->pwords[r->npwords];
		memset(w, 0, sizeof(*w));
		r->npwords++;
		tok = strtok_r(p, " \t", &save);
		if ((w->word = strdup(tok)) == NULL ||
		    mod_skeleton(r->spoof, tok, strlen(tok), &w->skel) == -1)
			goto oom;
		mod_deleet(w->skel);
		while ((tok = strtok_r(NULL, " \t", &save)) != NULL) {
			if (strcmp(tok, "token") == 0)
				w->token = 1;
			else if (strcmp(tok, "brand") == 0)
				w->kind = MOD_PW_BRAND;
			else if (strcmp(tok, "companion") == 0)
				w->kind = MOD_PW_COMPANION;
			else if (strcmp(tok, "filler") == 0)
				w->kind = MOD_PW_FILLER;
		}
	}
	/* Brand labels are protected words too. */
	for (i = 0; i < r->nbrands; i++) {
		if ((np = realloc(r->pwords, (r->npwords + 1) *
		    sizeof(*r->pwords))) == NULL)
			goto oom;
		r->pwords = np;
		w = &r->pwords[r->npwords];
		memset(w, 0, sizeof(*w));
		r->npwords++;
		if ((w->word = strdup(r->brands[i].label)) == NULL ||
		    (w->skel = strdup(r->brands[i].skel)) == NULL)
			goto oom;
		w->token = r->brands[i].exact || strlen(w->skel) < 5;
		w->kind = MOD_PW_BRAND;
	}
	rc = 0;
	goto out;
oom:
	MOD_ERR(err, errlen, "%s: out of memory", path);
out:
	free(line);
	fclose(f);
	return rc;
}

/*
 * Where a learned model is: `given` (a path the caller named), else
 * confdir/name.  Returns 1 when the file is there (path holds it), 0 when
 * the default file is absent (no model: the rules work alone), -1 with a
 * message when a named file cannot be opened.
 */
static int
model_file(const char *confdir, const char *name, const char *given,
    char *path, size_t pathlen, char *err, size_t errlen)
{
	FILE	*f;

	if (given != NULL)
		snprintf(path, pathlen, "%s", given);
	else
		snprintf(path, pathlen, "%s/%s", confdir, name);
	if ((f = fopen(path, "r")) != NULL) {
		fclose(f);
		return 1;
	}
	if (given != NULL) {
		MOD_ERR(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Load and compile the rule set in confdir (see moderation.h).
 * Caller frees with mod_rules_free; NULL and a message in err on failure.
 */
struct mod_rules *
mod_rules_load_ex(const char *confdir, const struct mod_load_opts *opts,
    char *err, size_t errlen)
{
	struct mod_rules *r;
	struct mod_strset ids;
	struct patv	 pats;
	struct mod_pool	*pool;
	char		 pattern[1024], path[1024];
	const char	*base;
	glob_t		 g;
	size_t		 i, k;
	int		 grc, have;
	UErrorCode	 st = U_ZERO_ERROR;

	memset(&ids, 0, sizeof(ids));
	memset(&pats, 0, sizeof(pats));
	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (pool = calloc(1, sizeof(*pool))) == NULL) {
		free(r);
		MOD_ERR(err, errlen, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&pool->lock, NULL);
	r->pool = pool;
	if (load_settings(r, confdir, err, errlen) == -1)
		goto fail;
	if (opts != NULL && opts->wordlist_dir != NULL)
		snprintf(r->set.wordlist_dir, sizeof(r->set.wordlist_dir),
		    "%s", opts->wordlist_dir);
	if ((r->spoof = uspoof_open(&st)) == NULL || U_FAILURE(st)) {
		MOD_ERR(err, errlen, "uspoof_open: %s", u_errorName(st));
		goto fail;
	}
	st = U_ZERO_ERROR;
	if ((r->wordbrk = ubrk_open(UBRK_WORD, "ja", NULL, 0, &st)) == NULL ||
	    U_FAILURE(st)) {
		MOD_ERR(err, errlen, "ubrk_open: %s", u_errorName(st));
		goto fail;
	}
	if (sodium_init() < 0) {
		MOD_ERR(err, errlen, "sodium_init failed");
		goto fail;
	}
	if ((r->psl_owned = psl_latest(NULL)) != NULL)
		r->psl = r->psl_owned;
	else if ((r->psl = psl_builtin()) == NULL) {
		MOD_ERR(err, errlen, "no public suffix list");
		goto fail;
	}
	snprintf(pattern, sizeof(pattern), "%s/*.rules", confdir);
	grc = opts != NULL && opts->names_only ? GLOB_NOMATCH :
	    glob(pattern, 0, NULL, &g);
	if (grc != 0 && grc != GLOB_NOMATCH) {
		MOD_ERR(err, errlen, "%s: glob failed", pattern);
		goto fail;
	}
	/* The apart file last: the other rules keep their numbers (their
	   database's cache key) however many rules it holds. */
	for (k = 0; k < 2; k++)
		for (i = 0; grc == 0 && i < g.gl_pathc; i++) {
			base = strrchr(g.gl_pathv[i], '/');
			base = base != NULL ? base + 1 : g.gl_pathv[i];
			if ((opts != NULL && opts->apart_rules != NULL &&
			    strcmp(base, opts->apart_rules) == 0) != (int)k)
				continue;
			if (load_rules_file(r, g.gl_pathv[i], err, errlen,
			    &ids, &pats) == -1) {
				globfree(&g);
				goto fail;
			}
		}
	if (grc == 0)
		globfree(&g);
	if (opts != NULL && opts->extra_rules != NULL && !opts->names_only &&
	    load_rules_file(r, opts->extra_rules, err, errlen, &ids,
	    &pats) == -1)
		goto fail;
	if ((opts == NULL || !opts->names_only) &&
	    compile_rules(r, &pats, opts != NULL ? opts->cache_dir : NULL,
	    opts != NULL ? opts->apart_rules : NULL, err, errlen) == -1)
		goto fail;
	if (load_list(confdir, "allow_domains.txt", &r->allow, 0, err,
	    errlen) == -1 ||
	    load_list(confdir, "block_domains.txt", &r->block, 0, err,
	    errlen) == -1 ||
	    load_list(confdir, "shorteners.txt", &r->shorteners, 0, err,
	    errlen) == -1 ||
	    load_list(confdir, "official_contacts.txt", &r->official, 1, err,
	    errlen) == -1)
		goto fail;
	if (load_brands(r, confdir, err, errlen) == -1 ||
	    load_pwords(r, confdir, err, errlen) == -1 ||
	    load_allowskel(r, err, errlen) == -1)
		goto fail;
	if (load_wordlist(r, "english.txt", &r->bip39_en, 0, err,
	    errlen) == -1 ||
	    load_wordlist(r, "japanese.txt", &r->bip39_ja, 1, err,
	    errlen) == -1)
		goto fail;
	if (opts == NULL || (!opts->no_model && !opts->names_only)) {
		if ((have = model_file(confdir, "bayes.model", opts != NULL ?
		    opts->model_path : NULL, path, sizeof(path), err,
		    errlen)) == -1 || (have == 1 &&
		    (r->model = mod_bayes_load(path, err, errlen)) == NULL))
			goto fail;
	}
	if (opts == NULL || (!opts->no_model && !opts->no_linear &&
	    !opts->names_only)) {
		if ((have = model_file(confdir, "linear.model", opts != NULL ?
		    opts->linear_path : NULL, path, sizeof(path), err,
		    errlen)) == -1 || (have == 1 &&
		    (r->linear = mod_linear_load(path, err, errlen)) == NULL))
			goto fail;
	}
	for (i = 0; i < pats.n; i++)
		free(pats.v[i]);
	free(pats.v);
	mod_strset_free(&ids);
	return r;
fail:
	for (i = 0; i < pats.n; i++)
		free(pats.v[i]);
	free(pats.v);
	mod_strset_free(&ids);
	mod_rules_free(r);
	return NULL;
}

/*
 * A triage rule set: one .rules file whose category field is a class
 * (triage.c).  Only the pattern rules are loaded: no lists, word lists
 * or models.  cache_dir (or NULL) keeps the compiled database as for
 * mod_rules_load_ex: compiling takes seconds of CPU, loading it again
 * milliseconds.  Caller frees with mod_rules_free; NULL and a message in
 * err on failure.
 */
struct mod_rules *
mod_triage_load(const char *path, const char *cache_dir, char *err,
    size_t errlen)
{
	struct mod_rules *r;
	struct mod_strset ids;
	struct patv	 pats;
	struct mod_pool	*pool;
	size_t		 i;

	memset(&ids, 0, sizeof(ids));
	memset(&pats, 0, sizeof(pats));
	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (pool = calloc(1, sizeof(*pool))) == NULL) {
		free(r);
		MOD_ERR(err, errlen, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&pool->lock, NULL);
	r->pool = pool;
	r->triage = 1;
	if (load_rules_file(r, path, err, errlen, &ids, &pats) == -1 ||
	    compile_rules(r, &pats, cache_dir, NULL, err, errlen) == -1) {
		for (i = 0; i < pats.n; i++)
			free(pats.v[i]);
		free(pats.v);
		mod_strset_free(&ids);
		mod_rules_free(r);
		return NULL;
	}
	for (i = 0; i < pats.n; i++)
		free(pats.v[i]);
	free(pats.v);
	mod_strset_free(&ids);
	return r;
}

struct mod_rules *
mod_rules_load(const char *confdir, char *err, size_t errlen)
{
	return mod_rules_load_ex(confdir, NULL, err, errlen);
}

void
mod_rules_free(struct mod_rules *r)
{
	struct mod_pool	*pool;
	size_t		 i, j;

	if (r == NULL)
		return;
	if ((pool = r->pool) != NULL) {
		for (i = 0; i < pool->n; i++)
			hs_free_scratch(pool->v[i]);
		if (pool->re != NULL)
			for (i = 0; i < r->nrules; i++)
				if (pool->re[i] != NULL)
					uregex_close(pool->re[i]);
		free(pool->re);
		free(pool->re_tried);
		free(pool->re_maxw);
		free(pool->v);
		pthread_mutex_destroy(&pool->lock);
		free(pool);
	}
	hs_free_scratch(r->proto);
	hs_free_database(r->db);
	hs_free_database(r->db2);
	for (i = 0; i < r->nrules; i++) {
		free(r->rules[i].id);
		free(r->rules[i].ja);
		free(r->rules[i].en);
		free(r->rules[i].file);
		free(r->rules[i].pattern);
	}
	free(r->rules);
	mod_strset_free(&r->allow);
	mod_strset_free(&r->block);
	mod_strset_free(&r->shorteners);
	mod_strset_free(&r->official);
	mod_strset_free(&r->bip39_en);
	mod_strset_free(&r->bip39_ja);
	for (i = 0; i < r->nbrands; i++) {
		free(r->brands[i].label);
		free(r->brands[i].skel);
		for (j = 0; j < r->brands[i].nofficial; j++)
			free(r->brands[i].official[j]);
		free(r->brands[i].official);
	}
	free(r->brands);
	for (i = 0; i < r->nallowskel; i++) {
		free(r->allowskel[i].domain);
		free(r->allowskel[i].skel);
	}
	free(r->allowskel);
	for (i = 0; i < r->npwords; i++) {
		free(r->pwords[i].word);
		free(r->pwords[i].skel);
	}
	free(r->pwords);
	if (r->spoof != NULL)
		uspoof_close(r->spoof);
	if (r->wordbrk != NULL)
		ubrk_close(r->wordbrk);
	if (r->psl_owned != NULL)
		psl_free(r->psl_owned);
	mod_bayes_free(r->model);
	mod_linear_free(r->linear);
	free(r);
}

size_t
mod_rules_count(const struct mod_rules *r)
{
	return r->nrules;
}

/* A scratch for one scan: from the pool, or a new clone.  NULL on failure. */
hs_scratch_t *
mod_scratch_get(const struct mod_rules *r)
{
	struct mod_pool	*pool = r->pool;
	hs_scratch_t	*s = NULL;

	pthread_mutex_lock(&pool->lock);
	if (pool->n > 0)
		s = pool->v[--pool->n];
	pthread_mutex_unlock(&pool->lock);
	if (s == NULL && hs_clone_scratch(r->proto, &s) != HS_SUCCESS)
		return NULL;
	return s;
}

/* Give a scratch back to the pool (freed if the pool cannot grow). */
void
mod_scratch_put(const struct mod_rules *r, hs_scratch_t *s)
{
	struct mod_pool	*pool = r->pool;
	void		*np;
	size_t		 ncap;

	if (s == NULL)
		return;
	pthread_mutex_lock(&pool->lock);
	if (pool->n == pool->cap) {
		ncap = pool->cap ? pool->cap * 2 : 8;
		if ((np = realloc(pool->v, ncap * sizeof(*pool->v))) == NULL) {
			pthread_mutex_unlock(&pool->lock);
			hs_free_scratch(s);
			return;
		}
		pool->v = np;
		pool->cap = ncap;
	}
	pool->v[pool->n++] = s;
	pthread_mutex_unlock(&pool->lock);
}

/*
 * The longest match of pat in bytes (Hyperscan's hs_expression_info), for
 * the window in which a hit's start is searched (patterns.c), UINT_MAX
 * when unbounded or unknown.  A run of spaces ("\s*", "\s+") counts as at
 * most SPACE_RUN of them: most rules have one, which left them unbounded
 * and searched over a fixed 256 bytes, when their matches are a few
 * dozen; a match with a longer run is still found, by the wider search
 * that follows when the window holds none.
 */
#define SPACE_RUN	8

static unsigned
pattern_width(const char *pat, unsigned rflags)
{
	hs_expr_info_t	*info = NULL;
	hs_compile_error_t *cerr = NULL;
	unsigned	 w = UINT_MAX;
	size_t		 i, k, n = strlen(pat), esc = 0;
	char		*b;

	/* Room for each "\s*" (3 bytes) becoming "\s{0,8}" (7). */
	if ((b = malloc(n * 3 + 1)) == NULL)
		return UINT_MAX;
	for (i = 0, k = 0; i < n; i++) {
		if (esc == 0 && pat[i] == '\\' && pat[i + 1] == 's' &&
		    (pat[i + 2] == '*' || pat[i + 2] == '+')) {
			k += (size_t)sprintf(b + k, "\\s{%d,%d}",
			    pat[i + 2] == '+', SPACE_RUN);
			i += 2;
			continue;
		}
		esc = pat[i] == '\\' ? !esc : 0;
		b[k++] = pat[i];
	}
	b[k] = '\0';
	if (hs_expression_info(b, pattern_flags(b, rflags), &info, &cerr) ==
	    HS_SUCCESS && info != NULL)
		w = info->max_width;
	free(info);	/* hs_misc_alloc: malloc by default */
	if (cerr != NULL)
		hs_free_compile_error(cerr);
	free(b);
	return w;
}

/*
 * 1 when ICU must match pat without regard to case to find what Hyperscan
 * (HS_FLAG_CASELESS) found.  Patterns run over normalized text, which is
 * case-folded (NFKC_Casefold, normalize.c) and so folds to itself: a
 * pattern none of whose characters change when case-folded matches it
 * the same with and without UREGEX_CASE_INSENSITIVE, and ICU's caseless
 * matching, which folds every character it compares, was most of the
 * cost of finding a hit's start (patterns.c).  A letter after "\" is
 * part of an escape (\S, \W, \B), not a literal; a property (\p, \P),
 * a set ICU closes over case, or a group of flags ("(?i", "(?-i") keeps
 * the flag.
 */
static int
needs_caseless(const char *pat)
{
	int32_t		 i = 0, len = (int32_t)strlen(pat);
	UChar32		 c;

	while (i < len) {
		U8_NEXT(pat, i, len, c);
		if (c < 0)
			return 1;
		if (c == '\\') {
			if (i >= len)
				break;
			U8_NEXT(pat, i, len, c);
			if (c == 'p' || c == 'P')
				return 1;
			continue;
		}
		if (c == '(' && i + 1 < len && pat[i] == '?' &&
		    strchr("imswx-", pat[i + 1]) != NULL)
			return 1;
		if (u_hasBinaryProperty(c, UCHAR_CHANGES_WHEN_CASEFOLDED))
			return 1;
	}
	return 0;
}

/*
 * The ICU expression of pattern rule i, for finding where a hit starts
 * (patterns.c): a clone, which the caller closes, of the rule's compiled
 * expression.  Rules are compiled on their first hit, once per rule set
 * (compiling was tens of microseconds per hit; cloning shares the
 * compiled pattern).  The prototypes live in the pool, under its lock,
 * like the scratches.  NULL if the rule has no pattern, ICU cannot read
 * it, or memory ran out.  *maxw is the longest match of the rule in
 * bytes as Hyperscan's analysis finds it (hs_expression_info, also once
 * per rule set), UINT_MAX when unbounded or unknown.
 */
URegularExpression *
mod_rule_regex(const struct mod_rules *r, size_t i, unsigned *maxw)
{
	struct mod_pool	*pool = r->pool;
	const struct mod_rule *rule;
	URegularExpression *re = NULL;
	UErrorCode	 st = U_ZERO_ERROR;

	*maxw = UINT_MAX;
	if (i >= r->nrules || (rule = &r->rules[i])->pattern == NULL)
		return NULL;
	pthread_mutex_lock(&pool->lock);
	if (pool->re == NULL &&
	    ((pool->re = calloc(r->nrules, sizeof(*pool->re))) == NULL ||
	    (pool->re_tried = calloc(r->nrules, 1)) == NULL ||
	    (pool->re_maxw = calloc(r->nrules, sizeof(unsigned))) == NULL)) {
		free(pool->re);
		free(pool->re_tried);
		pool->re = NULL;
		pool->re_tried = NULL;
		goto out;
	}
	if (!pool->re_tried[i]) {
		pool->re_tried[i] = 1;
		pool->re_maxw[i] = pattern_width(rule->pattern, rule->flags);
		pool->re[i] = uregex_openC(rule->pattern,
		    (needs_caseless(rule->pattern) ?
		    UREGEX_CASE_INSENSITIVE : 0) |
		    ((rule->flags & MOD_RF_DOTALL) ? UREGEX_DOTALL : 0),
		    NULL, &st);
		if (pool->re[i] != NULL && U_FAILURE(st)) {
			uregex_close(pool->re[i]);
			pool->re[i] = NULL;
		}
	}
	if (pool->re[i] != NULL) {
		*maxw = pool->re_maxw[i];
		st = U_ZERO_ERROR;
		re = uregex_clone(pool->re[i], &st);
		if (re != NULL && U_FAILURE(st)) {
			uregex_close(re);
			re = NULL;
		}
	}
out:
	pthread_mutex_unlock(&pool->lock);
	return re;
}
