/*
 * fold.h: text folding for search (ICU).
 *
 * Indexing and querying must see the same text, so both go through here:
 * NFKC with case folding (full-width Latin and digits become ASCII,
 * half-width katakana becomes full-width, "ＡＢＣ" and "abc" meet), then
 * hiragana folded to katakana (ゆうちょ and ユウチョ meet).  Japanese is
 * written without spaces, so a search document writes every run of
 * Japanese characters as overlapping two-character grams ("送金先" ->
 * "送金 金先"): a two-character word is then a lexeme of its own, and a
 * longer word is a phrase of adjacent grams.  Latin words stay words.
 *
 * On top of the grams, MeCab (text/morph.c) gives the dictionary forms of
 * verbs and adjectives, appended to the document (使えない -> 使エル), and
 * splits a query into words: compounds of nouns (each also as the AND of
 * its parts: 出金手数料 finds 出金 ... 手数料), verbs and adjectives by their
 * dictionary form, particles and auxiliaries dropped.  A synonym file
 * (conf/search-synonyms.txt) makes words of one group interchangeable in
 * queries (2FA, 二段階認証, two-factor).
 */
#ifndef SODAN_FOLD_H
#define SODAN_FOLD_H

#include <stddef.h>

struct arena;

/*
 * The folded form of s[0..len) (valid UTF-8), arena-owned, NUL-terminated.
 * Invalid input gives "".
 */
char	*fold_text(struct arena *, const char *s, size_t len);
/*
 * The search document of s[0..len): folded, then tokens separated by
 * single spaces (Latin/digit words; Japanese runs as two-character grams,
 * a lone Japanese character as itself).  Arena-owned; "" when empty.
 */
char	*fold_doc(struct arena *, const char *s, size_t len);
/*
 * A PostgreSQL to_tsquery() text ('simple' configuration) for a user's
 * query: Latin words as prefix matches, Japanese words as phrases of
 * adjacent grams, all terms ANDed; at most 12 terms.  Every lexeme is
 * quoted and holds only letters and digits, so the result is always valid
 * tsquery syntax.  Arena-owned, or NULL when the query has no searchable
 * term.
 */
char	*fold_tsquery(struct arena *, const char *q, size_t len);

/*
 * The version of fold_doc's output.  Documents written by an older version
 * are rewritten at start (store_qa_search_version, main.c).
 */
#define FOLD_DOC_VERSION	2

/*
 * Loads MeCab (dicdir NULL or "": the system dictionary) and the synonym
 * groups of the file at synonyms (NULL or "": none).  Call once before
 * threads start; without it, the system dictionary is loaded on first use
 * and there are no synonyms.  Returns 0, or -1 with "FILE:LINE: reason"
 * (or MeCab's reason) in err.
 *
 * Synonym file: UTF-8, one group per line, words separated by commas;
 * blank lines and lines starting with # are ignored; a group needs two
 * words or more, each with a letter or digit, at most 64 bytes.
 */
int	fold_setup(const char *dicdir, const char *synonyms, char *err,
	    size_t errlen);
/* Releases the model and the synonyms (at exit). */
void	fold_cleanup(void);
/* Number of synonym groups loaded. */
size_t	fold_synonym_groups(void);

/*
 * The query q[0..len) with its misspelt English words put right, or NULL
 * when none is.  The words known are the Latin words of the synonym
 * groups (withdrawal, authenticator, deposit ...): a word of four letters
 * or more that is none of them, nor a prefix or an extension of one, is
 * replaced by the nearest within one edit (two from seven letters on;
 * transpositions count as one): "withdrawl" -> "withdrawal".  Everything
 * else of q is kept as written.  Arena-owned.
 */
char	*fold_suggest(struct arena *, const char *q, size_t len);

/*
 * A user's query, analysed.  Terms are compounds of nouns, Latin words
 * (prefix matches, a light English suffix trimmed: withdrawals ->
 * withdrawal*), synonym groups (any of their words), verbs and adjectives
 * (dictionary form).  Required terms are the nouns, Latin words and
 * synonym groups; verbs, adjectives and generic nouns (方法, 質問) are
 * optional: they count for ranking only, unless the query has nothing
 * else.  English stop words (how, to, my ...) are dropped unless the query
 * has nothing else.
 */
struct fold_query {
	const char	*match;		/* tsquery: required terms ANDed (ORed: any) */
	const char	*rank;		/* tsquery: every term ORed, for ts_rank */
	const char	**marks;	/* strings to mark in snippets */
	size_t		 nmarks;
	int		 nreq;		/* terms in match */
	int		 nterms;	/* terms in rank */
};

/*
 * Analyses q[0..len) into out (arena-owned).  any: match any required term
 * instead of all (similar questions).  Every lexeme is quoted and holds
 * only letters and digits, so match and rank are valid tsquery text; at
 * most 12 terms.  Returns 0, or -1 when the query has no searchable term.
 */
int	fold_query(struct arena *, const char *q, size_t len, int any,
	    struct fold_query *out);

#endif
