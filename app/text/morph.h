/*
 * morph.h: Japanese morphological analysis for search (MeCab, IPA
 * dictionary).
 *
 * One MeCab model and one tagger are loaded at start and shared by every
 * thread: MeCab's model is thread-safe, and a tagger that parses through a
 * lattice only reads the model under its lock.  Each call makes its own
 * lattice, so any thread may call morph_tokens() at any time.
 *
 * The parts of speech are the IPA dictionary's, reduced to what search
 * needs: nouns (which join into compounds with prefixes, suffixes and
 * numbers), weak nouns (pronouns, dependent and adverbial nouns: こと,
 * これ, 今日), verbs and adjectives (with their dictionary form: 使えない
 * -> 使える), and everything else (particles, auxiliaries, symbols).
 */
#ifndef SODAN_MORPH_H
#define SODAN_MORPH_H

#include <stddef.h>

struct arena;

enum morph_pos {
	MORPH_OTHER,	/* particle, auxiliary, symbol, filler, conjunction */
	MORPH_NOUN,	/* 名詞 (general, サ変, proper, unknown words) */
	MORPH_WEAK,	/* 名詞 代名詞 / 非自立 / 副詞可能, 連体詞, 副詞 */
	MORPH_PREFIX,	/* 接頭詞 */
	MORPH_SUFFIX,	/* 名詞 接尾 */
	MORPH_NUM,	/* 名詞 数 */
	MORPH_VERB,	/* 動詞 自立 */
	MORPH_ADJ,	/* 形容詞 自立 */
	MORPH__MAX
};

struct morph_tok {
	const char	*surface;	/* points into the input; len bytes */
	size_t		 len;
	enum morph_pos	 pos;
	const char	*base;		/* dictionary form, arena-owned, or NULL */
};

/*
 * Loads the MeCab model from dicdir (NULL or "": the system's mecabrc,
 * i.e. Debian's mecab-ipadic-utf8).  Call once, before threads start.
 * Returns 0, or -1 with the reason in err.
 */
int	morph_setup(const char *dicdir, char *err, size_t errlen);
/* Releases the model (at exit). */
void	morph_cleanup(void);
/*
 * Whether analysis is available: morph_setup succeeded, or (when it was
 * never called, as in tests and tools) the default dictionary loaded on
 * first use.
 */
int	morph_ready(void);
/*
 * The tokens of s[0..len) (UTF-8), arena-owned, in order; their surfaces
 * point into s.  Returns the number of tokens, 0 when s is empty or
 * analysis is unavailable.
 */
size_t	morph_tokens(struct arena *, const char *s, size_t len,
	    struct morph_tok **out);

#endif
