/*
 * text/fold.c: search folding (see fold.h).
 *
 * ICU does the Unicode work: NFKC_Casefold (unorm2) in UTF-16, then we walk
 * the code points once, folding hiragana to katakana and classifying each
 * as Japanese (ideographs, katakana, the iteration mark), word (any other
 * letter or digit) or separator.  The output is plain UTF-8 built in a buf.
 */
#include <stdint.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "text/fold.h"

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

char *
fold_doc(struct arena *a, const char *s, size_t len)
{
	struct buf	 b;

	buf_init(&b, a);
	buf_puts(&b, "");
	walk(a, s, len, doc_run, &b);
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
