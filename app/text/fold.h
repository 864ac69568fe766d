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

#endif
