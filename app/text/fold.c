/*
 * text/fold.c: search folding (see fold.h).
 *
 * ICU does the Unicode work: NFKC_Casefold (unorm2) in UTF-16, then we walk
 * the code points once, folding hiragana to katakana and classifying each
 * as Japanese (ideographs, katakana, the iteration mark), word (any other
 * letter or digit) or separator.  The output is plain UTF-8 built in a buf.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/utf8.h"
#include "text/fold.h"
#include "text/morph.h"

#define FOLD_MAX_TERMS	12

enum cls { C_SEP, C_WORD, C_JA };

static UChar	*fold16(struct arena *, const char *, size_t, int32_t *);
static UChar32	 kana(UChar32);
static enum cls	 classify(UChar32);
static void	 put_cp(struct buf *, UChar32);
static void	 emit_run(struct buf *, const UChar32 *, size_t, int);
static void	 emit_lexeme(struct buf *, const UChar32 *, size_t);

/* NFKC_Casefold of s as UTF-16 (arena-owned) or NULL. */
static UChar *
fold16(struct arena *a, const char *s, size_t len, int32_t *outlen)
{
	UErrorCode		 e = U_ZERO_ERROR;
	const UNormalizer2	*n;
	UChar			*in, *out;
	int32_t			 inlen = 0, cap;

	if (len > 1000000)
		return NULL;
	n = unorm2_getNFKCCasefoldInstance(&e);
	if (U_FAILURE(e))
		return NULL;
	in = arena_calloc(a, len + 1, sizeof(UChar));
	u_strFromUTF8(in, (int32_t)len + 1, &inlen, s, (int32_t)len, &e);
	if (U_FAILURE(e))
		return NULL;
	cap = inlen * 3 + 16;
	out = arena_calloc(a, (size_t)cap, sizeof(UChar));
	*outlen = unorm2_normalize(n, in, inlen, out, cap, &e);
	if (U_FAILURE(e))
		return NULL;
	return out;
}

static UChar32
kana(UChar32 c)
{
	if (c >= 0x3041 && c <= 0x3096)		/* ぁ..ゖ -> ァ..ヶ */
		return c + 0x60;
	if (c == 0x309D || c == 0x309E)		/* ゝゞ -> ヽヾ */
		return c + 0x60;
	return c;
}

static enum cls
classify(UChar32 c)
{
	if ((c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC || c == 0x30FD ||
	    c == 0x30FE || (c >= 0x31F0 && c <= 0x31FF) || c == 0x3005 ||
	    u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC))
		return C_JA;
	if (u_isalnum(c))
		return C_WORD;
	return C_SEP;
}

static void
put_cp(struct buf *b, UChar32 c)
{
	uint8_t	 u[4];
	int32_t	 i = 0;

	U8_APPEND_UNSAFE(u, i, c);
	buf_put(b, u, (size_t)i);
}

/* A run of word or Japanese code points, as document tokens. */
static void
emit_run(struct buf *b, const UChar32 *cp, size_t n, int ja)
{
	size_t	i;

	if (n == 0)
		return;
	if (b->len > 0)
		buf_putc(b, ' ');
	if (!ja || n == 1) {
		for (i = 0; i < n; i++)
			put_cp(b, cp[i]);
		return;
	}
	for (i = 0; i + 1 < n; i++) {
		if (i > 0)
			buf_putc(b, ' ');
		put_cp(b, cp[i]);
		put_cp(b, cp[i + 1]);
	}
}

static void
emit_lexeme(struct buf *b, const UChar32 *cp, size_t n)
{
	size_t	i;

	buf_putc(b, '\'');
	for (i = 0; i < n; i++)
		put_cp(b, cp[i]);
	buf_putc(b, '\'');
}

char *
fold_text(struct arena *a, const char *s, size_t len)
{
	UChar		*u;
	int32_t		 ulen, i = 0;
	UChar32		 c;
	struct buf	 b;

	buf_init(&b, a);
	buf_puts(&b, "");
	if ((u = fold16(a, s, len, &ulen)) == NULL)
		return b.p;
	while (i < ulen) {
		U16_NEXT(u, i, ulen, c);
		put_cp(&b, kana(c));
	}
	return b.p;
}

/*
 * Walks the folded text and hands each run to fn.  Runs of one class are
 * kept whole; a change between word and Japanese ends a run.
 */
typedef void (*run_fn)(void *, const UChar32 *, size_t, int ja);

static void	 walk(struct arena *, const char *, size_t, run_fn, void *);
static void	 doc_run(void *, const UChar32 *, size_t, int);
static void	 query_run(void *, const UChar32 *, size_t, int);

static void
walk(struct arena *a, const char *s, size_t len, run_fn fn, void *arg)
{
	UChar		*u;
	UChar32		*run, c;
	int32_t		 ulen, i = 0;
	size_t		 n = 0;
	enum cls	 cur = C_SEP, k;

	if ((u = fold16(a, s, len, &ulen)) == NULL)
		return;
	run = arena_calloc(a, (size_t)ulen + 1, sizeof(UChar32));
	while (i < ulen) {
		U16_NEXT(u, i, ulen, c);
		c = kana(c);
		k = classify(c);
		if (k != cur && n > 0) {
			fn(arg, run, n, cur == C_JA);
			n = 0;
		}
		cur = k;
		if (k != C_SEP)
			run[n++] = c;
	}
	if (n > 0)
		fn(arg, run, n, cur == C_JA);
}

static void
doc_run(void *arg, const UChar32 *cp, size_t n, int ja)
{
	emit_run(arg, cp, n, ja);
}

struct qctx;

static int	 light_word(const char *);
static char	*nfkc(struct arena *, const char *, size_t);
static int	 lexeme_ok(const char *);
static int	 in_list(const char *const *, const char *);
static size_t	 fold_cps(struct arena *, const char *, size_t, UChar32 **,
		    UChar32 **);
static char	*cps_utf8(struct arena *, const UChar32 *, size_t);
static int	 phrase(struct buf *, const UChar32 *, size_t);
static void	 syn_free(void);
static void	 trim(char **, size_t *);
static int	 syn_load(const char *, char *, size_t);
static int	 fix_line(char *, char *, const char *, size_t, char *, size_t);
static void	 vocab_load(void);
static long	 syn_at(const UChar32 *, size_t, size_t, size_t *);
static size_t	 plural(const UChar32 *, size_t, size_t);
static void	 add_mark(struct qctx *, const char *, int);
static void	 add_syn(struct qctx *, long);
static long	 syn_exact(const UChar32 *, size_t);
static const char *syn_frag(struct qctx *, long);
static size_t	 stem_len(const char *, size_t);
static void	 latin_term(struct qctx *, const UChar32 *, size_t);
static void	 compound(struct qctx *, const struct morph_tok *, size_t);
static void	 ja_terms(struct qctx *, const UChar32 *, size_t);
static void	 plain_terms(struct qctx *, const UChar32 *, const UChar32 *,
		    size_t, size_t);

/*
 * The grams of the text, then the dictionary forms of its verbs and
 * adjectives (light ones such as する and できる left out), which queries
 * look up as whole lexemes.  They come last so that they never sit
 * between two grams of a phrase.
 */
char *
fold_doc(struct arena *a, const char *s, size_t len)
{
	struct buf		 b;
	struct morph_tok	*t;
	const char		*n, *k;
	size_t			 nt, i;

	buf_init(&b, a);
	buf_puts(&b, "");
	walk(a, s, len, doc_run, &b);
	if (b.len == 0 || (n = nfkc(a, s, len)) == NULL)
		return b.p;
	nt = morph_tokens(a, n, strlen(n), &t);
	for (i = 0; i < nt; i++) {
		if ((t[i].pos != MORPH_VERB && t[i].pos != MORPH_ADJ) ||
		    t[i].base == NULL || light_word(t[i].base))
			continue;
		k = fold_text(a, t[i].base, strlen(t[i].base));
		if (!lexeme_ok(k))
			continue;
		buf_putc(&b, ' ');
		buf_puts(&b, k);
	}
	return b.p;
}

struct query_ctx {
	struct buf	 b;
	int		 terms;
};

static void
query_run(void *arg, const UChar32 *cp, size_t n, int ja)
{
	struct query_ctx	*q = arg;
	size_t			 i;

	if (q->terms >= FOLD_MAX_TERMS || n > 64)
		return;
	if (q->terms > 0)
		buf_puts(&q->b, " & ");
	q->terms++;
	if (!ja || n == 1) {
		emit_lexeme(&q->b, cp, n);
		buf_puts(&q->b, ":*");
		return;
	}
	buf_putc(&q->b, '(');
	for (i = 0; i + 1 < n; i++) {
		if (i > 0)
			buf_puts(&q->b, " <-> ");
		emit_lexeme(&q->b, cp + i, 2);
	}
	buf_putc(&q->b, ')');
}

char *
fold_tsquery(struct arena *a, const char *s, size_t len)
{
	struct query_ctx	 q;

	memset(&q, 0, sizeof(q));
	buf_init(&q.b, a);
	buf_puts(&q.b, "");
	walk(a, s, len, query_run, &q);
	return q.terms > 0 ? q.b.p : NULL;
}

/*
 * Morphology, synonyms and queries.
 *
 * A query is folded like a document, but kept as two parallel arrays of
 * code points: `orig` (NFKC with case folding: what MeCab reads, hiragana
 * intact) and `key` (hiragana folded to katakana: what synonyms and
 * lexemes are compared in), with every run of separators one space in
 * both.  Synonyms are spotted first (longest word of any group at each
 * position; a Latin word only at word boundaries), the rest goes to MeCab
 * (Japanese runs) or becomes Latin words.
 */
#define FOLD_MAX_MARKS	48
#define SYN_TERM_MAX	64

struct syn_term {
	UChar32		*key;
	size_t		 n;
	const char	*raw;		/* as written in the file */
	const char	*frag;		/* tsquery: the word as a phrase */
	int		 latin;		/* has a Latin letter or digit */
};

struct syn_group {
	struct syn_term	*t;
	size_t		 n;
};

static struct arena	*syn_arena;
static struct syn_group	*syn;
static size_t		 nsyn;

/* "wrong => right" lines: words the IME often writes for others. */
struct syn_fix {
	const char	*wrong;
	const char	*right;
};
static struct syn_fix	*fixes;
static size_t		 nfix, capfix;

/* The English words of the groups, lower case: what misspellings become. */
static const char	**vocab;
static size_t		 nvocab;

/* Verbs and adjectives too common to search for (dictionary forms). */
static const char *const light_words[] = {
	"する", "できる", "出来る", "ある", "いる", "居る", "なる", "成る",
	"おる", "れる", "られる", "せる", "させる", "くれる", "くださる",
	"下さる", "もらう", "貰う", "いただく", "頂く", "いく", "行く", "くる",
	"来る", "みる", "見る", "しまう", "おく", "置く", "いう", "言う",
	"思う", "考える", "ない", "無い", "よい", "良い", "いい", "ほしい",
	"欲しい", "わかる", "分かる", "知る", "教える", "困る", "やる",
	"つく", "いける", "すぎる", "やすい", "にくい", NULL
};

/* Nouns that say little about the subject: optional terms only. */
static const char *const weak_nouns[] = {
	"方法", "やり方", "仕方", "質問", "件", "場合", "状態", "問題", "理由",
	"原因", "対処", "対応", "解決", "お願い", "助け", "ヘルプ", "相談",
	"手順", "方", "事", "時", "とき", "今", "現在", "最近", "私", "自分",
	"皆さん", "誰か", "何", "どこ", "いつ", "ため", "よう", "感じ",
	"どう", "なぜ", "件名", "教え", "表示", "いくら", "どれ", "どの",
	"どちら", "どれくらい", "くらい", "ぐらい", "何故", "何で", NULL
};

/* English words that say little about the subject. */
static const char *const stop_words[] = {
	"a", "an", "the", "to", "of", "in", "on", "for", "and", "or", "is",
	"are", "was", "were", "be", "been", "am", "i", "my", "me", "we", "our",
	"you", "your", "it", "its", "this", "that", "how", "what", "why",
	"when", "where", "who", "which", "can", "cant", "cannot", "could",
	"do", "does", "did", "dont", "doesnt", "didnt", "not", "no", "with",
	"from", "at", "by", "as", "if", "so", "but", "have", "has", "had",
	"will", "would", "should", "please", "help", "there", "any", "some",
	"get", "got", "still", "after", "before", "about", "into", "out",
	"up", "t", "s", "m", "im", "ive", "isnt", "wont", "want", "need",
	"way", "problem", "issue", "question", NULL
};

static int
in_list(const char *const *l, const char *w)
{
	for (; *l != NULL; l++)
		if (strcmp(*l, w) == 0)
			return 1;
	return 0;
}

static int
light_word(const char *w)
{
	return in_list(light_words, w);
}

/* NFKC_Casefold of s as UTF-8 (hiragana intact), arena-owned, or NULL. */
static char *
nfkc(struct arena *a, const char *s, size_t len)
{
	UChar		*u;
	int32_t		 ulen, i = 0;
	UChar32		 c;
	struct buf	 b;

	if ((u = fold16(a, s, len, &ulen)) == NULL)
		return NULL;
	buf_init(&b, a);
	buf_puts(&b, "");
	while (i < ulen) {
		U16_NEXT(u, i, ulen, c);
		put_cp(&b, c);
	}
	return b.p;
}

/* Whether k is one lexeme: non-empty, letters, digits and Japanese only. */
static int
lexeme_ok(const char *k)
{
	int32_t	 i = 0, n = (int32_t)strlen(k);
	UChar32	 c;

	if (n == 0 || n > 256)
		return 0;
	while (i < n) {
		U8_NEXT(k, i, n, c);
		if (c < 0 || classify(c) == C_SEP)
			return 0;
	}
	return 1;
}

/*
 * The folded code points of s: orig (NFKC casefold) and key (hiragana as
 * katakana), separators collapsed to one space, trimmed.  Returns the
 * count; both arrays arena-owned.
 */
static size_t
fold_cps(struct arena *a, const char *s, size_t len, UChar32 **orig,
    UChar32 **key)
{
	UChar		*u;
	int32_t		 ulen, i = 0;
	UChar32		 c, k;
	size_t		 n = 0;

	*orig = *key = NULL;
	if ((u = fold16(a, s, len, &ulen)) == NULL)
		return 0;
	*orig = arena_calloc(a, (size_t)ulen + 1, sizeof(UChar32));
	*key = arena_calloc(a, (size_t)ulen + 1, sizeof(UChar32));
	while (i < ulen) {
		U16_NEXT(u, i, ulen, c);
		k = kana(c);
		if (classify(k) == C_SEP) {
			if (n > 0 && (*key)[n - 1] != ' ') {
				(*orig)[n] = (*key)[n] = ' ';
				n++;
			}
			continue;
		}
		(*orig)[n] = c;
		(*key)[n] = k;
		n++;
	}
	if (n > 0 && (*key)[n - 1] == ' ')
		n--;
	return n;
}

static char *
cps_utf8(struct arena *a, const UChar32 *cp, size_t n)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b, a);
	buf_puts(&b, "");
	for (i = 0; i < n; i++)
		put_cp(&b, cp[i]);
	return b.p;
}

/*
 * The strict phrase of key[0..n) (already folded, spaces between words):
 * every word and gram, adjacent, in order; a last Latin word, or a lone
 * Japanese character, as a prefix.  "(...)" into b; 0, or -1 when empty.
 */
static int
phrase(struct buf *b, const UChar32 *key, size_t n)
{
	size_t		 i = 0, s, j, tokens = 0;
	enum cls	 k;
	int		 last_word = 0, lone = 0;

	buf_putc(b, '(');
	while (i < n) {
		k = classify(key[i]);
		if (k == C_SEP) {
			i++;
			continue;
		}
		for (s = i; i < n && classify(key[i]) == k; i++)
			;
		if (k == C_WORD || i - s == 1) {
			if (tokens++ > 0)
				buf_puts(b, " <-> ");
			emit_lexeme(b, key + s, i - s);
			last_word = k == C_WORD;
			lone = k == C_JA;
			continue;
		}
		for (j = s; j + 1 < i; j++) {
			if (tokens++ > 0)
				buf_puts(b, " <-> ");
			emit_lexeme(b, key + j, 2);
		}
		last_word = lone = 0;
	}
	if (tokens == 0) {
		b->len--;
		b->p[b->len] = '\0';
		return -1;
	}
	if (last_word || (lone && tokens == 1))
		buf_puts(b, ":*");
	buf_putc(b, ')');
	return 0;
}

static void
syn_free(void)
{
	if (syn_arena != NULL)
		arena_free(syn_arena);
	syn_arena = NULL;
	syn = NULL;
	nsyn = 0;
	fixes = NULL;
	nfix = capfix = 0;
	vocab = NULL;
	nvocab = 0;
}

static void
trim(char **s, size_t *n)
{
	for (;;) {
		if (*n > 0 && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
			(*s)++;
			(*n)--;
		} else if (*n >= 3 && memcmp(*s, "\u3000", 3) == 0) {
			*s += 3;
			*n -= 3;
		} else if (*n > 0 && ((*s)[*n - 1] == ' ' ||
		    (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\n' ||
		    (*s)[*n - 1] == '\r')) {
			(*n)--;
		} else if (*n >= 3 && memcmp(*s + *n - 3, "\u3000", 3) == 0) {
			*n -= 3;
		} else
			break;
	}
}

/*
 * A line "wrong => right" (arrow at e): a correction, used only when a
 * search finds nothing (fold_suggest).  Both sides need a letter or digit
 * and must differ.
 */
static int
fix_line(char *p, char *e, const char *path, size_t line_no, char *err,
    size_t errlen)
{
	char		*w = p, *r = e + 2;
	size_t		 wl = (size_t)(e - p), rl = strlen(r);
	UChar32		*orig, *key;

	trim(&w, &wl);
	trim(&r, &rl);
	if (wl == 0 || rl == 0 || wl > SYN_TERM_MAX || rl > SYN_TERM_MAX ||
	    strstr(r, "=>") != NULL || strchr(r, ',') != NULL ||
	    fold_cps(syn_arena, w, wl, &orig, &key) == 0 ||
	    fold_cps(syn_arena, r, rl, &orig, &key) == 0 ||
	    (wl == rl && memcmp(w, r, wl) == 0)) {
		snprintf(err, errlen, "%s:%zu: a correction is \"wrong => "
		    "right\": two different words, each with a letter or "
		    "digit, at most %d bytes", path, line_no, SYN_TERM_MAX);
		return -1;
	}
	if (nfix == capfix) {
		struct syn_fix *nf;

		capfix = capfix ? capfix * 2 : 16;
		nf = arena_calloc(syn_arena, capfix, sizeof(*nf));
		if (nfix > 0)
			memcpy(nf, fixes, nfix * sizeof(*nf));
		fixes = nf;
	}
	fixes[nfix].wrong = arena_strndup(syn_arena, w, wl);
	fixes[nfix].right = arena_strndup(syn_arena, r, rl);
	nfix++;
	return 0;
}

static int
syn_load(const char *path, char *err, size_t errlen)
{
	FILE		*f;
	char		 line[4096], *p, *e, *w;
	size_t		 cap = 0, wl, line_no = 0, gcap;
	struct syn_group *g;
	struct syn_term	*t;
	struct buf	 fb;
	UChar32		*orig;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: cannot open the synonym file", path);
		return -1;
	}
	syn_arena = arena_new();
	while (fgets(line, sizeof(line), f) != NULL) {
		line_no++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(err, errlen, "%s:%zu: line longer than %zu "
			    "bytes", path, line_no, sizeof(line) - 2);
			goto fail;
		}
		p = line;
		wl = strlen(p);
		trim(&p, &wl);
		if (wl == 0 || p[0] == '#')
			continue;
		p[wl] = '\0';
		if ((e = strstr(p, "=>")) != NULL) {
			if (fix_line(p, e, path, line_no, err, errlen) == -1)
				goto fail;
			continue;
		}
		if (nsyn == cap) {
			struct syn_group *ns;

			cap = cap ? cap * 2 : 64;
			ns = arena_calloc(syn_arena, cap, sizeof(*ns));
			if (nsyn > 0)
				memcpy(ns, syn, nsyn * sizeof(*ns));
			syn = ns;
		}
		g = &syn[nsyn];
		gcap = 1;
		for (e = p; *e != '\0'; e++)
			if (*e == ',')
				gcap++;
		g->t = arena_calloc(syn_arena, gcap, sizeof(*g->t));
		g->n = 0;
		for (w = p; w != NULL; w = e) {
			if ((e = strchr(w, ',')) != NULL)
				*e++ = '\0';
			wl = strlen(w);
			trim(&w, &wl);
			if (wl == 0)
				continue;
			if (wl > SYN_TERM_MAX) {
				snprintf(err, errlen, "%s:%zu: a word longer "
				    "than %d bytes", path, line_no,
				    SYN_TERM_MAX);
				goto fail;
			}
			t = &g->t[g->n];
			t->raw = arena_strndup(syn_arena, w, wl);
			t->n = fold_cps(syn_arena, w, wl, &orig, &t->key);
			buf_init(&fb, syn_arena);
			if (t->n == 0 || phrase(&fb, t->key, t->n) == -1) {
				snprintf(err, errlen, "%s:%zu: \"%s\" has no "
				    "letter or digit (or is not UTF-8)", path,
				    line_no, t->raw);
				goto fail;
			}
			t->frag = fb.p;
			for (wl = 0; wl < t->n; wl++)
				if (classify(t->key[wl]) == C_WORD)
					t->latin = 1;
			g->n++;
		}
		if (g->n < 2) {
			snprintf(err, errlen, "%s:%zu: a group needs at least "
			    "two words, separated by commas", path, line_no);
			goto fail;
		}
		nsyn++;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		goto fail;
	}
	fclose(f);
	vocab_load();
	return 0;
fail:
	fclose(f);
	syn_free();
	return -1;
}

/*
 * vocab from the groups' Latin terms: each run of four or more ASCII
 * letters not followed by a digit ("Google Authenticator" gives google and
 * authenticator; "ERC20" nothing), lower-cased, once at load.
 */
static void
vocab_load(void)
{
	const char	*p, *e;
	char		*v;
	size_t		 g, k, vl, i, cap = 0;

	for (g = 0; g < nsyn; g++)
		for (k = 0; k < syn[g].n; k++) {
			if (!syn[g].t[k].latin)
				continue;
			for (p = syn[g].t[k].raw; *p != '\0'; p = e) {
				for (e = p; (*e >= 'a' && *e <= 'z') ||
				    (*e >= 'A' && *e <= 'Z'); e++)
					continue;
				vl = (size_t)(e - p);
				if (vl == 0) {
					e++;
					continue;
				}
				if (vl < 4 || vl >= 64 ||
				    (*e >= '0' && *e <= '9'))
					continue;
				v = arena_strndup(syn_arena, p, vl);
				for (i = 0; i < vl; i++)
					v[i] = (char)(v[i] | 0x20);
				if (nvocab == cap) {
					const char **nv;

					cap = cap ? cap * 2 : 64;
					nv = arena_calloc(syn_arena, cap,
					    sizeof(*nv));
					if (nvocab > 0)
						memcpy(nv, vocab, nvocab *
						    sizeof(*nv));
					vocab = nv;
				}
				vocab[nvocab++] = v;
			}
		}
}

/*
 * Optimal string alignment distance of a[0..al) and b[0..bl) (edits and
 * adjacent transpositions), or max + 1 once it is over max.  Words of at
 * most 63 bytes.
 */
static int
edit_distance(const char *a, size_t al, const char *b, size_t bl, int max)
{
	int		 d[3][64], *pp, *prev, *cur, best, v;
	size_t		 i, j;

	if (al > 63 || bl > 63)
		return max + 1;
	pp = d[0], prev = d[1], cur = d[2];
	for (j = 0; j <= bl; j++)
		prev[j] = (int)j;
	for (i = 1; i <= al; i++) {
		cur[0] = (int)i;
		best = cur[0];
		for (j = 1; j <= bl; j++) {
			v = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
		{
			int *t = pp;

			pp = prev;
			prev = cur;
			cur = t;
		}
	}
	return prev[bl];
}

/*
 * Whether w is the known word v, the start of it (a query word is a
 * prefix match) or v with an English ending (withdrawals, locked).
 */
static int
known_form(const char *w, size_t wl, const char *v, size_t vl)
{
	static const char *const end[] = { "s", "es", "ed", "d", "ing", "er",
	    "ers", "al", "als" };
	size_t		 k;

	if (wl <= vl)
		return strncmp(w, v, wl) == 0;
	if (strncmp(w, v, vl) != 0)
		return 0;
	for (k = 0; k < sizeof(end) / sizeof(end[0]); k++)
		if (strcmp(w + vl, end[k]) == 0)
			return 1;
	return 0;
}

/*
 * The known word nearest to w[0..wl) (lower-case ASCII letters), NULL when
 * w is known (a word of the synonyms, a prefix or an extension of one) or
 * none is near enough.  Copies the word to out.
 */
static int
suggest_word(const char *w, size_t wl, char *out, size_t outlen)
{
	size_t		 k, vl;
	int		 maxd = wl >= 7 ? 2 : 1, best = maxd + 1, dist;

	for (k = 0; k < nvocab; k++) {
		vl = strlen(vocab[k]);
		if (known_form(w, wl, vocab[k], vl))
			return 0;
		if (vl + 2 < wl || wl + 2 < vl)
			continue;
		dist = edit_distance(w, wl, vocab[k], vl, maxd);
		if (dist < best) {
			best = dist;
			snprintf(out, outlen, "%s", vocab[k]);
		}
	}
	return best <= maxd;
}

char *
fold_suggest(struct arena *a, const char *q, size_t len)
{
	struct buf	 b;
	char		 w[64], fix[64];
	size_t		 i, j, k;
	int		 changed = 0;

	buf_init(&b, a);
	for (i = 0; i < len; i = j) {
		for (j = i; j < len && ((q[j] >= 'a' && q[j] <= 'z') ||
		    (q[j] >= 'A' && q[j] <= 'Z')); j++)
			continue;
		if (j == i) {
			buf_putc(&b, q[i]);
			j = i + 1;
			continue;
		}
		/* a word of letters, not glued to digits (trc20, erc20) */
		if (j - i >= 4 && j - i < sizeof(w) && !(i > 0 &&
		    q[i - 1] >= '0' && q[i - 1] <= '9') && !(j < len &&
		    q[j] >= '0' && q[j] <= '9')) {
			for (k = 0; k < j - i; k++)
				w[k] = (char)(q[i + k] | 0x20);
			w[j - i] = '\0';
			if (suggest_word(w, j - i, fix, sizeof(fix))) {
				buf_puts(&b, fix);
				changed = 1;
				continue;
			}
		}
		buf_put(&b, q + i, j - i);
	}
	/* the corrections of the synonym file, as written */
	for (k = 0; k < nfix; k++) {
		const char	*at, *from = b.p != NULL ? b.p : "";
		struct buf	 nb;

		if (strstr(from, fixes[k].wrong) == NULL)
			continue;
		buf_init(&nb, a);
		while ((at = strstr(from, fixes[k].wrong)) != NULL) {
			buf_put(&nb, from, (size_t)(at - from));
			buf_puts(&nb, fixes[k].right);
			from = at + strlen(fixes[k].wrong);
		}
		buf_puts(&nb, from);
		b = nb;
		changed = 1;
	}
	return changed ? b.p : NULL;
}

int
fold_setup(const char *dicdir, const char *synonyms, char *err,
    size_t errlen)
{
	if (morph_setup(dicdir, err, errlen) == -1)
		return -1;
	syn_free();
	if (synonyms != NULL && synonyms[0] != '\0' &&
	    syn_load(synonyms, err, errlen) == -1)
		return -1;
	return 0;
}

void
fold_cleanup(void)
{
	syn_free();
	morph_cleanup();
}

size_t
fold_synonym_groups(void)
{
	return nsyn;
}

/* 1 or 2 when key[at..] is an English plural ending ("s", "es") alone. */
static size_t
plural(const UChar32 *key, size_t n, size_t at)
{
	size_t	k;

	if (at < n && key[at] == 's')
		k = 1;
	else if (at + 1 < n && key[at] == 'e' && key[at + 1] == 's')
		k = 2;
	else
		return 0;
	return at + k == n || classify(key[at + k]) != C_WORD ? k : 0;
}

/*
 * The longest synonym word at key[i..]: its group (index) and end, or -1.
 * A word that starts (ends) with a Latin letter or digit must start (end)
 * at a word boundary, or before a plural ending (fees, withdrawals).
 */
static long
syn_at(const UChar32 *key, size_t n, size_t i, size_t *end)
{
	size_t		 g, j, best = 0;
	long		 bg = -1;
	struct syn_term	*t;

	for (g = 0; g < nsyn; g++)
		for (j = 0; j < syn[g].n; j++) {
			t = &syn[g].t[j];
			if (!t->latin || t->n <= best || i + t->n > n ||
			    memcmp(key + i, t->key, t->n * sizeof(UChar32)) != 0)
				continue;
			if (classify(t->key[0]) == C_WORD && i > 0 &&
			    classify(key[i - 1]) == C_WORD)
				continue;
			if (classify(t->key[t->n - 1]) == C_WORD &&
			    i + t->n < n && classify(key[i + t->n]) == C_WORD &&
			    plural(key, n, i + t->n) == 0)
				continue;
			best = t->n + (classify(t->key[t->n - 1]) == C_WORD ?
			    plural(key, n, i + t->n) : 0);
			bg = (long)g;
		}
	*end = i + best;
	return bg;
}

enum qkind { Q_REQ, Q_OPT, Q_STOP };

struct qterm {
	const char	*frag;
	enum qkind	 kind;
};

struct qctx {
	struct arena	*a;
	struct qterm	 t[FOLD_MAX_TERMS];
	int		 n;
	const char	*marks[FOLD_MAX_MARKS];
	int		 mkind[FOLD_MAX_MARKS];
	size_t		 nmarks;
};

static void
add_mark(struct qctx *q, const char *m, int kind)
{
	size_t	i;

	if (m == NULL || m[0] == '\0' || q->nmarks == FOLD_MAX_MARKS)
		return;
	for (i = 0; i < q->nmarks; i++)
		if (strcmp(q->marks[i], m) == 0) {
			if (kind < q->mkind[i])
				q->mkind[i] = kind;
			return;
		}
	q->mkind[q->nmarks] = kind;
	q->marks[q->nmarks++] = m;
}

static void
add_term(struct qctx *q, const char *frag, enum qkind k)
{
	int	i;

	if (frag == NULL || q->n == FOLD_MAX_TERMS)
		return;
	for (i = 0; i < q->n; i++)
		if (strcmp(q->t[i].frag, frag) == 0) {
			if (k < q->t[i].kind)
				q->t[i].kind = k;
			return;
		}
	q->t[q->n].frag = frag;
	q->t[q->n].kind = k;
	q->n++;
}

static void
add_syn(struct qctx *q, long g)
{
	add_term(q, syn_frag(q, g), Q_REQ);
}

/*
 * A light English suffix trim for prefix matching: withdrawals ->
 * withdrawal, fees -> fee, sending -> send, locked -> lock, replies ->
 * repl.  Documents keep whole words; the query's stem matches them as a
 * prefix.
 */
static size_t
stem_len(const char *w, size_t n)
{
	if (n > 5 && (memcmp(w + n - 3, "ies", 3) == 0 ||
	    memcmp(w + n - 3, "ied", 3) == 0))
		return n - 3;
	if (n > 5 && memcmp(w + n - 3, "ing", 3) == 0)
		return n - 3;
	if (n > 4 && memcmp(w + n - 2, "ed", 2) == 0)
		return n - 2;
	if (n > 4 && memcmp(w + n - 2, "es", 2) == 0 &&
	    (w[n - 3] == 's' || w[n - 3] == 'x' || w[n - 3] == 'h'))
		return n - 2;
	if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u')
		return n - 1;
	return n;
}

static void
latin_term(struct qctx *q, const UChar32 *key, size_t n)
{
	struct buf	 b;
	char		*w;
	size_t		 sl, wl;
	enum qkind	 k;

	if (n > 64)
		return;
	w = cps_utf8(q->a, key, n);
	wl = strlen(w);
	sl = stem_len(w, wl);
	buf_init(&b, q->a);
	buf_puts(&b, "('");
	buf_put(&b, w, sl);
	buf_puts(&b, "':*)");
	k = in_list(stop_words, w) ? Q_STOP : Q_REQ;
	add_mark(q, w, k);
	if (sl >= 3 && sl < wl)
		add_mark(q, arena_strndup(q->a, w, sl), k);
	add_term(q, b.p, k);
}

/* The group whose word is exactly key[0..n), or -1. */
static long
syn_exact(const UChar32 *key, size_t n)
{
	size_t	g, j;

	for (g = 0; g < nsyn; g++)
		for (j = 0; j < syn[g].n; j++)
			if (syn[g].t[j].n == n && memcmp(syn[g].t[j].key, key,
			    n * sizeof(UChar32)) == 0)
				return (long)g;
	return -1;
}

/* The fragment of a synonym group: any of its words. */
static const char *
syn_frag(struct qctx *q, long g)
{
	struct buf	 b;
	size_t		 j;

	buf_init(&b, q->a);
	buf_putc(&b, '(');
	for (j = 0; j < syn[g].n; j++) {
		if (strstr(b.p, syn[g].t[j].frag) != NULL)
			continue;	/* "two-factor" and "two factor" */
		if (j > 0)
			buf_puts(&b, " | ");
		buf_puts(&b, syn[g].t[j].frag);
		add_mark(q, syn[g].t[j].raw, Q_REQ);
	}
	buf_putc(&b, ')');
	return b.p;
}

/*
 * A compound of nouns (with prefixes, numbers, suffixes), as the tokens
 * t[0..nt) of s: a synonym word as a whole gives its group; otherwise the
 * whole as a phrase, or all its parts, each part a synonym group (the
 * longest run of tokens that is a synonym word) or a noun of two
 * characters or more (出金手数料: the phrase, or 出金-group & 手数料-group;
 * 送金先: the phrase, or the 送金 group).
 */
static void
compound(struct qctx *q, const struct morph_tok *t, size_t nt)
{
	struct buf	 b, parts;
	UChar32		*orig, *key, *cat;
	size_t		 n, i, j, cn, best, nseg = 0, *tn;
	UChar32		**tk;
	const char	*whole;
	long		 g, gg, bg;

	if (nt == 0)
		return;
	whole = arena_strndup(q->a, t[0].surface, (size_t)(t[nt - 1].surface +
	    t[nt - 1].len - t[0].surface));
	if ((n = fold_cps(q->a, whole, strlen(whole), &orig, &key)) == 0 ||
	    n > 64)
		return;
	/* a synonym word as a whole: its group */
	if ((g = syn_exact(key, n)) >= 0) {
		add_term(q, syn_frag(q, g), Q_REQ);
		return;
	}
	tk = arena_calloc(q->a, nt, sizeof(*tk));
	tn = arena_calloc(q->a, nt, sizeof(*tn));
	for (i = 0; i < nt; i++)
		tn[i] = fold_cps(q->a, t[i].surface, t[i].len, &orig, &tk[i]);
	cat = arena_calloc(q->a, n + 1, sizeof(UChar32));
	buf_init(&parts, q->a);
	buf_puts(&parts, "");
	for (i = 0; i < nt; i = best) {
		/* the longest run of tokens from i that is a synonym word */
		best = i + 1;
		bg = -1;
		cn = 0;
		for (j = i; j < nt && cn + tn[j] <= n; j++) {
			memcpy(cat + cn, tk[j], tn[j] * sizeof(UChar32));
			cn += tn[j];
			if ((i > 0 || j + 1 < nt) &&
			    (gg = syn_exact(cat, cn)) >= 0) {
				bg = gg;
				best = j + 1;
			}
		}
		if (bg < 0 && (t[i].pos != MORPH_NOUN || tn[i] < 2))
			continue;
		if (nseg++ > 0)
			buf_puts(&parts, " & ");
		if (bg >= 0) {
			buf_puts(&parts, syn_frag(q, bg));
			continue;
		}
		if (phrase(&parts, tk[i], tn[i]) == -1)
			continue;
		add_mark(q, arena_strndup(q->a, t[i].surface, t[i].len), Q_REQ);
	}
	buf_init(&b, q->a);
	buf_putc(&b, '(');
	if (phrase(&b, key, n) == -1)
		return;
	add_mark(q, whole, Q_REQ);
	if (nseg > 0 && !(nt == 1 && nseg == 1)) {
		buf_puts(&b, " | (");
		buf_puts(&b, parts.p);
		buf_putc(&b, ')');
	}
	buf_putc(&b, ')');
	add_term(q, b.p, in_list(weak_nouns, whole) ? Q_OPT : Q_REQ);
}

/*
 * A Japanese run through MeCab: nouns with their prefixes, numbers and
 * suffixes join into compounds; verbs and adjectives become optional
 * dictionary forms; the rest is dropped.  Without MeCab the run is one
 * compound.
 */
static void
ja_terms(struct qctx *q, const UChar32 *orig, size_t n)
{
	char			*s = cps_utf8(q->a, orig, n), *k;
	struct morph_tok	*t, one;
	size_t			 nt, i, cs = 0;
	int			 open = 0;
	struct buf		 b;

	if ((nt = morph_tokens(q->a, s, strlen(s), &t)) == 0) {
		one.surface = s;
		one.len = strlen(s);
		one.pos = MORPH_NOUN;
		one.base = NULL;
		compound(q, &one, 1);
		return;
	}
	for (i = 0; i <= nt; i++) {
		enum morph_pos	 p = i < nt ? t[i].pos : MORPH_OTHER;

		if (p == MORPH_NOUN || p == MORPH_PREFIX || p == MORPH_NUM ||
		    (p == MORPH_SUFFIX && open)) {
			if (!open) {
				open = 1;
				cs = i;
			}
			continue;
		}
		if (open) {
			compound(q, t + cs, i - cs);
			open = 0;
		}
		if (i == nt || (p != MORPH_VERB && p != MORPH_ADJ) ||
		    t[i].base == NULL || light_word(t[i].base))
			continue;
		k = fold_text(q->a, t[i].base, strlen(t[i].base));
		if (!lexeme_ok(k))
			continue;
		buf_init(&b, q->a);
		buf_puts(&b, "('");
		buf_puts(&b, k);
		buf_puts(&b, "')");
		add_mark(q, arena_strndup(q->a, t[i].surface, t[i].len),
		    Q_OPT);
		add_term(q, b.p, Q_OPT);
	}
}

/* Latin words and Japanese runs of orig/key[s..e) (no synonym inside). */
static void
plain_terms(struct qctx *q, const UChar32 *orig, const UChar32 *key,
    size_t s, size_t e)
{
	size_t		 i = s, r;
	enum cls	 k;

	while (i < e) {
		k = classify(key[i]);
		if (k == C_SEP) {
			i++;
			continue;
		}
		for (r = i; i < e && classify(key[i]) == k; i++)
			;
		if (k == C_WORD)
			latin_term(q, key + r, i - r);
		else
			ja_terms(q, orig + r, i - r);
	}
}

static const char *
join(struct qctx *q, int use_opt, int use_stop, const char *op, int *count)
{
	struct buf	 b;
	int		 i;

	buf_init(&b, q->a);
	buf_puts(&b, "");
	*count = 0;
	for (i = 0; i < q->n; i++) {
		if ((q->t[i].kind == Q_OPT && !use_opt) ||
		    (q->t[i].kind == Q_STOP && !use_stop))
			continue;
		if ((*count)++ > 0)
			buf_puts(&b, op);
		buf_puts(&b, q->t[i].frag);
	}
	return b.p;
}

int
fold_query(struct arena *a, const char *s, size_t len, int any,
    struct fold_query *out)
{
	struct qctx	*q;
	UChar32		*orig, *key;
	size_t		 n, i = 0, seg = 0, end;
	int		 nreq = 0, nopt = 0, nstop = 0, k, use_opt, use_stop;
	long		 g;

	memset(out, 0, sizeof(*out));
	if ((n = fold_cps(a, s, len, &orig, &key)) == 0)
		return -1;
	q = arena_calloc(a, 1, sizeof(*q));
	q->a = a;
	while (i < n) {
		if (key[i] != ' ' && (g = syn_at(key, n, i, &end)) >= 0) {
			plain_terms(q, orig, key, seg, i);
			add_syn(q, g);
			i = seg = end;
			continue;
		}
		i++;
	}
	plain_terms(q, orig, key, seg, n);
	for (k = 0; k < q->n; k++) {
		nreq += q->t[k].kind == Q_REQ;
		nopt += q->t[k].kind == Q_OPT;
		nstop += q->t[k].kind == Q_STOP;
	}
	if (q->n == 0)
		return -1;
	use_opt = nreq == 0;
	use_stop = nreq == 0 && nopt == 0;
	/* match: the required terms (else the optional, else stop words) */
	{
		struct qctx	 only = *q;
		int		 c, j = 0;

		for (k = 0; k < q->n; k++)
			if (q->t[k].kind == Q_REQ ||
			    (use_opt && q->t[k].kind == Q_OPT) ||
			    (use_stop && q->t[k].kind == Q_STOP))
				only.t[j++] = q->t[k];
		only.n = j;
		out->match = join(&only, 1, 1, any ? " | " : " & ", &c);
		out->nreq = c;
	}
	out->rank = join(q, 1, use_stop, " | ", &out->nterms);
	out->marks = arena_calloc(a, q->nmarks + 1, sizeof(char *));
	for (i = 0; i < q->nmarks; i++)
		if (q->mkind[i] != Q_STOP || use_stop)
			out->marks[out->nmarks++] = q->marks[i];
	return 0;
}
