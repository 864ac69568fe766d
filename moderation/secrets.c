/*
 * secrets.c: a user pasting what must never be shared.
 *
 * Victims paste their recovery phrase or private key when a "support
 * agent" asks, or when asking for help.  Such a post is held (category
 * secret): it stays private and the author is told, in their language,
 * never to share it.  Nothing here blocks.
 *
 * - BIP39 recovery phrases: the normalized text is cut into words (runs
 *   of a-z, or of kana; the middle dot separates, katakana is read as
 *   hiragana); numbering, punctuation and line breaks between them are
 *   ignored.  Twelve or more consecutive words of one list (English, or
 *   Japanese read as NFKC) is a phrase; so are eleven, alone (a word
 *   missing) or with one misspelt word of four letters or more among
 *   them, in a post that speaks of a phrase or its words; a window of 12, 15, 18, 21 or 24 words with a
 *   valid checksum (SHA-256) raises the weight.  A run given as an
 *   example of what phrases look like ("phrases like \"…\"", 「…」のよう
 *   な) and not as the author's own is left alone.
 * - Hex private keys: 64 hex digits (with or without 0x, or in two to
 *   four parts of 16+ split by blanks or line breaks) next to words
 *   about keys or wallets; next to words about transactions or hashes
 *   (a txid in a code snippet), or about a transfer seen from the wallet
 *   (pending, deposit, 着金, 反映; before the digits or just after them)
 *   and not called a key, they are left alone, and alone they weigh
 *   little.
 * - WIF keys (base58check, version 0x80 or 0xef, 51-52 characters) and
 *   extended private keys (xprv, yprv, zprv, tprv …): read from the
 *   original text, since base58 is case-sensitive; a WIF key whose
 *   checksum (double SHA-256) fails but whose version byte is a key's
 *   is a key with a character misread (a paper wallet typed by hand)
 *   and weighs 1.5; a WIF key split by blanks or line breaks into two
 *   to six parts counts when the checksum of the whole holds; a mini
 *   private key (Casascius: "S" and 21 or 29 characters, SHA-256 of it
 *   and "?" starting with a zero byte) counts too.
 * - Exchange API secrets: a long mixed token (32+ characters of letters
 *   and digits) shortly after "api secret", "secret key", "api key",
 *   "シークレット", "APIキー", a bare "secret:" / "secret=", or an
 *   HMAC command line's "-hmac"; an API key called public ("public API
 *   key", "APIキー（公開鍵）", "pk_live_…") is not a secret.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "moderation/mod_int.h"

#define MAXWORDS	512

struct word {
	size_t		 start;
	size_t		 end;
	int		 idx;		/* -1: not a list word */
	int		 lang;		/* 0 en, 1 ja */
};

static int	 bip39(const struct mod_rules *, const struct mod_text *,
		    const struct mod_text *, enum mod_field, struct mod_hits *);
static int	 bip39_checksum(const int *, size_t);
static int	 phrase_talk(const struct mod_text *, const struct mod_text *);
static int	 is_kana(UChar32);
static int	 kana_word(const struct mod_rules *, const char *, size_t,
		    int *);
static int	 hexkeys(const struct mod_text *, enum mod_field,
		    struct mod_hits *);
static int	 hexparts(const char *, size_t, size_t, size_t);
static int	 example_run(const char *, size_t, size_t, size_t);
static int	 near_word(const char *, size_t, size_t,
		    const char *const *, size_t);
static int	 is_b58(unsigned char);
static int	 short_key(const char *, size_t, size_t, size_t,
		    enum mod_field, struct mod_hits *);
static int	 base58tokens(const char *, size_t, enum mod_field,
		    struct mod_hits *);
static int	 public_key(const struct mod_text *, const char *, const char *,
		    const char *, size_t);
static int	 apisecrets(const struct mod_text *, const char *, size_t,
		    enum mod_field, struct mod_hits *);
static int	 hit(struct mod_hits *, const char *, double, enum mod_field,
		    size_t, size_t, unsigned, const char *);

static const char secret_ja[] =
    "秘密の情報（復元フレーズ・秘密鍵・APIシークレット）が含まれているため、"
    "投稿を非公開にしました。誰にも教えないでください。サポートや運営が尋ねる"
    "ことは絶対にありません。資産を新しいウォレットへ移すことをお勧めします。";
static const char secret_en[] =
    "This post contains a secret (recovery phrase, private key or API "
    "secret), so it was kept private. Never share it with anyone: real "
    "support never asks for it. Consider moving your funds to a new wallet.";

static int
hit(struct mod_hits *out, const char *rule, double w, enum mod_field field,
    size_t start, size_t end, unsigned flags, const char *detail)
{
	struct mod_hit	 h;

	memset(&h, 0, sizeof(h));
	h.rule = rule;
	h.cat = MOD_CAT_SECRET;
	h.weight = w;
	h.ja = secret_ja;
	h.en = secret_en;
	h.field = field;
	h.start = start;
	h.end = end;
	h.flags = flags | MOD_RF_KEEP;
	h.rule_index = -1;
	snprintf(h.detail, sizeof(h.detail), "%s", detail);
	return mod_hits_add(out, &h);
}

/*
 * A letter of a Japanese list word: hiragana or katakana, not the middle
 * dot or the double hyphen that separate words (そんしつ・せっこつ).
 */
static int
is_kana(UChar32 c)
{
	return c >= 0x3041 && c <= 0x30ff && c != 0x30fb && c != 0x30a0;
}

/*
 * Look up a kana word in the Japanese list (hiragana), reading katakana
 * as hiragana: a phrase copied in katakana is the same phrase.
 */
static int
kana_word(const struct mod_rules *r, const char *s, size_t n, int *v)
{
	char		 buf[64];
	int32_t		 p = 0, o = 0;
	UChar32		 c;
	UBool		 err = 0;

	/*
	 * Katakana read as hiragana keep their three bytes: a word of a
	 * length no list word has is not looked up (nor converted).
	 */
	if (n < r->bip39_ja.minlen || n > r->bip39_ja.maxlen)
		return 0;
	while (p < (int32_t)n) {
		U8_NEXT(s, p, (int32_t)n, c);
		if (c >= 0x30a1 && c <= 0x30f6)
			c -= 0x60;
		if (o + 4 >= (int32_t)sizeof(buf))
			return 0;
		U8_APPEND((uint8_t *)buf, o, (int32_t)sizeof(buf), c, err);
		if (err)
			return 0;
	}
	return mod_strset_get(&r->bip39_ja, buf, (size_t)o, v);
}

/* Checksum of a mnemonic of n (12..24, multiple of 3) word indexes. */
static int
bip39_checksum(const int *idx, size_t n)
{
	uint8_t		 bits[33], digest[crypto_hash_sha256_BYTES];
	size_t		 i, b, ent, cs, nbytes;
	unsigned	 v, want, got;

	memset(bits, 0, sizeof(bits));
	for (i = 0; i < n; i++)
		for (b = 0; b < 11; b++)
			if (idx[i] & (1 << (10 - b))) {
				v = (unsigned)(i * 11 + b);
				bits[v / 8] |= (uint8_t)(0x80 >> (v % 8));
			}
	ent = n * 11 * 32 / 33;
	cs = ent / 32;
	nbytes = ent / 8;
	crypto_hash_sha256(digest, bits, nbytes);
	want = digest[0] >> (8 - cs);
	got = 0;
	for (b = 0; b < cs; b++) {
		v = (unsigned)(ent + b);
		got = (got << 1) | ((bits[v / 8] >> (7 - v % 8)) & 1);
	}
	return want == got;
}

/*
 * 1 when the post speaks of a phrase or its words (t, or the topic when
 * not NULL), and not of the published test vectors.
 */
static int
phrase_talk(const struct mod_text *t, const struct mod_text *topic)
{
	static const char *const talk[] = { "seed", "phrase", "mnemonic",
	    "word", "recovery", "restore", "シード", "フレーズ", "単語",
	    "復元", "リカバリー", "ニーモニック" };
	size_t		 k;
	int		 yes;

	for (k = 0, yes = 0; k < sizeof(talk) / sizeof(talk[0]) && !yes; k++)
		yes = strstr(t->s, talk[k]) != NULL || (topic != NULL &&
		    topic->s != NULL && strstr(topic->s, talk[k]) != NULL);
	/* A post about the published test vectors quotes them exactly. */
	if (strstr(t->s, "test vector") != NULL ||
	    strstr(t->s, "テストベクトル") != NULL)
		yes = 0;
	return yes;
}

static int
bip39(const struct mod_rules *r, const struct mod_text *t,
    const struct mod_text *topic, enum mod_field field, struct mod_hits *out)
{
	struct word	*w;
	const char	*s = t->s;
	size_t		 nw = 0, i, j, k, runstart, sz, nlist, gaps, seg, n, nm;
	int32_t		 p, q;
	UChar32		 c;
	int		 kana, v, idx[24], valid, wide, talk = -1, rc = -1;
	static const size_t sizes[] = { 24, 21, 18, 15, 12 };

	if ((w = reallocarray(NULL, MAXWORDS, sizeof(*w))) == NULL)
		return -1;
	p = 0;
	while ((size_t)p < t->len && nw < MAXWORDS) {
		q = p;
		U8_NEXT(s, q, (int32_t)t->len, c);
		kana = is_kana(c) || c == 0x309b || c == 0x309c;
		if (!((c >= 'a' && c <= 'z') || kana)) {
			p = q;
			continue;
		}
		w[nw].start = (size_t)p;
		while ((size_t)q < t->len) {
			int32_t		 q2 = q;
			UChar32		 c2;

			U8_NEXT(s, q2, (int32_t)t->len, c2);
			if (kana ? !is_kana(c2) : !(c2 >= 'a' && c2 <= 'z'))
				break;
			q = q2;
		}
		w[nw].end = (size_t)q;
		w[nw].lang = kana;
		w[nw].idx = -1;
		if (kana ? kana_word(r, s + p, (size_t)(q - p), &v) :
		    mod_strset_get(&r->bip39_en, s + p, (size_t)(q - p), &v))
			w[nw].idx = v;
		nw++;
		p = q;
	}
	for (i = 0; i < nw; ) {
		if (w[i].idx < 0) {
			i++;
			continue;
		}
		/*
		 * A run of list words of one language; in a post that speaks
		 * of a phrase or its words, a single word of four letters or
		 * more that is not on the list, between two that are (a word
		 * misspelt or misread from the paper: "which word is
		 * wrong?"), continues it once; eleven list words are then a
		 * phrase.
		 * Prose ("lend, borrow, long/short, earn interest, and
		 * more") is kept apart by its short words and its topic.
		 * A phrase told in parts ("… slim and last slush …", "first
		 * half: … second half (in my notes): …") continues over up
		 * to four words off the list between two stretches of at
		 * least four list words, twice at most, in a post that
		 * speaks of a phrase (the words between may be of either
		 * script: "… で、次の行が …"); twelve list words are then a
		 * phrase (prose seldom has four list words in a row: its
		 * short words, "a", "the", "my", "it", are on no list).
		 */
		runstart = i;
		nlist = gaps = seg = 0;
		wide = 0;
		while (i < nw) {
			if (w[i].idx >= 0 && w[i].lang == w[runstart].lang) {
				nlist++;
				seg++;
				i++;
				continue;
			}
			if (w[i].idx >= 0)
				break;		/* the other language's list */
			/* The talk is read only here (strstr x 14). */
			if (w[i].lang == w[runstart].lang && i + 1 < nw &&
			    w[i + 1].idx >= 0 &&
			    w[i + 1].lang == w[runstart].lang &&
			    gaps == 0 && w[i].end - w[i].start >= 4 &&
			    (talk >= 0 ? talk :
			    (talk = phrase_talk(t, topic)))) {
				gaps++;
				i++;
				continue;
			}
			if (gaps < 2 && seg >= 4) {
				for (n = 0; n <= 4 && i + n < nw &&
				    w[i + n].idx < 0; n++)
					;
				for (nm = 0; n <= 4 && i + n + nm < nw &&
				    w[i + n + nm].idx >= 0 &&
				    w[i + n + nm].lang == w[runstart].lang; nm++)
					;
				if (n <= 4 && nm >= 4 && (talk >= 0 ? talk :
				    (talk = phrase_talk(t, topic)))) {
					gaps++;
					wide = 1;
					seg = 0;
					i += n;
					continue;
				}
			}
			break;
		}
		/*
		 * Eleven list words in a row, in a post that speaks of a
		 * phrase or its words, are a phrase with a word missing
		 * ("the twelfth is smudged", 最後の単語が読めません): the
		 * author's own, posted to ask for the last one.
		 */
		if (nlist < (wide ? 12 : 11) || (nlist == 11 && gaps == 0 &&
		    !(talk >= 0 ? talk : (talk = phrase_talk(t, topic)))))
			continue;
		if (example_run(s, t->len, w[runstart].start,
		    w[i - 1].end))
			continue;
		/*
		 * A run of one or a few repeated words that the post calls a
		 * test vector ("abandon" x 11 + "about") is the published one
		 * being discussed, not anyone's phrase.  Pasted as "my words",
		 * it is still held: a victim may have used it.
		 */
		if (strstr(t->s, "test vector") != NULL ||
		    strstr(t->s, "テストベクトル") != NULL) {
			size_t	 a, b, distinct = 0;

			for (a = runstart; a < i && distinct <= 4; a++) {
				for (b = runstart; b < a; b++)
					if (w[b].idx == w[a].idx)
						break;
				if (b == a)
					distinct++;
			}
			if (distinct <= 4)
				continue;
		}
		valid = 0;
		for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]) && !valid;
		    k++) {
			sz = sizes[k];
			for (j = runstart; j + sz <= i && !valid; j++) {
				size_t	 m;

				for (m = 0; m < sz && w[j + m].idx >= 0; m++)
					idx[m] = w[j + m].idx;
				valid = m == sz && bip39_checksum(idx, sz);
			}
		}
		if (hit(out, valid ? "secret.bip39" : "secret.bip39_words",
		    valid ? 3.0 : 1.5, field, w[runstart].start, w[i - 1].end,
		    0, valid ? "checksum valid" : "no valid checksum") == -1)
			goto out;
	}
	rc = 0;
out:
	free(w);
	return rc;
}

/*
 * 1 when the run of list words s[a..b) is given as an example of what a
 * phrase looks like, quoted after "like" ("phrases like \"apple river
 * …\""), after 例えば or before 「…」のような, and the words just before it
 * do not make it the author's own ("my seed looks like this:", 私の).
 * "For example" and "such as" are not read: a member pasting their own
 * words writes them too ("for example the words I have are …").  Only
 * runs long enough to be a phrase come here.
 */
static int
example_run(const char *s, size_t len, size_t a, size_t b)
{
	static const char *const own[] = { "my ", "私の", "自分の", "僕の",
	    "俺の", "うちの" };
	static const char *const before[] = { "like \"", "like '",
	    "like “", "like 「", "例えば", "たとえば", "例:", "例「" };
	static const char *const after[] = { "のような", "みたいな",
	    "のように", "といった" };
	size_t		 e = b + 16 < len ? b + 16 : len;
	size_t		 f = a + 8 < b ? a + 8 : b;

	if (near_word(s, a, 40, own, sizeof(own) / sizeof(own[0])))
		return 0;
	/* "like" is a list word itself: the run may start with it. */
	return near_word(s, f, f - a + 16, before, sizeof(before) /
	    sizeof(before[0])) || near_word(s, e, e - b, after,
	    sizeof(after) / sizeof(after[0]));
}

/* Does any word of words[] occur in s[from-back .. from)? */
static int
near_word(const char *s, size_t from, size_t back, const char *const *words,
    size_t nwords)
{
	size_t		 a = from > back ? from - back : 0, k, p, m, len[16];
	uint16_t	 byfirst[256];
	unsigned	 set;
	unsigned char	 c;

	/*
	 * One pass over the window, comparing only the words whose first
	 * byte is there (a memmem per word was a memcmp per position
	 * before it, a tenth of a check; the memmems were still 3 %; and
	 * trying every word at each E3, the lead byte of all kana, a third
	 * of what was left).
	 */
	if (nwords > sizeof(len) / sizeof(len[0])) {
		for (k = 0; k < nwords; k++)
			if (memmem(s + a, from - a, words[k],
			    strlen(words[k])) != NULL)
				return 1;
		return 0;
	}
	memset(byfirst, 0, sizeof(byfirst));
	for (k = 0; k < nwords; k++) {
		len[k] = strlen(words[k]);
		byfirst[(unsigned char)words[k][0]] |= (uint16_t)(1u << k);
	}
	for (p = a; p < from; p++) {
		c = (unsigned char)s[p];
		for (set = byfirst[c]; set != 0; set &= set - 1) {
			k = (size_t)__builtin_ctz(set);
			if (len[k] > from - p)
				continue;
			/* Short words: compared here, not by a memcmp call. */
			for (m = 1; m < len[k] && s[p + m] == words[k][m]; m++)
				;
			if (m == len[k])
				return 1;
		}
	}
	return 0;
}

/*
 * A key split over lines or spaces: the hex run s[i..j) of 16 to 63
 * digits and the runs that follow it, each of 16 or more and apart from
 * the last only by a few blanks, make 64 digits in at most four parts.
 * Returns the end of the last part, or 0.
 */
static int
hexparts(const char *s, size_t len, size_t i, size_t j)
{
	size_t		 total = j - i, parts = 1, b, m;

	while (total < 64 && parts < 4) {
		for (b = j; b < len && b - j < 8 && (s[b] == ' ' ||
		    s[b] == '\n' || s[b] == '\r' || s[b] == '\t'); b++)
			;
		if (b == j)
			return 0;
		for (m = b; m < len && isxdigit((unsigned char)s[m]); m++)
			;
		if (m - b < 16 || (m < len && (isalnum((unsigned char)s[m]) ||
		    s[m] == '_')))
			return 0;
		total += m - b;
		parts++;
		j = m;
	}
	return total == 64 && parts > 1 ? (int)j : 0;
}

static int
hexkeys(const struct mod_text *t, enum mod_field field, struct mod_hits *out)
{
	static const char *const keyw[] = { "private", "priv", "key",
	    "secret", "wallet", "import", "秘密鍵", "鍵", "シークレット",
	    "ウォレット", "インポート", "metamask", "メタマスク", "seed" };
	static const char *const txw[] = { "tx", "hash", "transaction",
	    "block", "explorer", "scan", "トランザクション", "ハッシュ",
	    "取引id", "ブロック", "送金", "contract", "address", "アドレス" };
	/* isxdigit's bytes, looked up in one table while skipping. */
	static const unsigned char hex[256] = { ['0'] = 1, ['1'] = 1,
	    ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
	    ['8'] = 1, ['9'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1,
	    ['e'] = 1, ['f'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1,
	    ['E'] = 1, ['F'] = 1 };
	/*
	 * Words of a transfer seen from the wallet ("my wallet shows this
	 * as pending", ウォレットに着金しません, "deposit … id"), before the
	 * digits or after them ("… をEtherscanで見ると"): a tx hash.
	 */
	static const char *const movew[] = { "pending", "deposit",
	    "withdraw", "etherscan", "bscscan", "confirm", "txid", "tx id",
	    " id ", "着金", "入金", "出金", "反映", "承認", "詰まっ" };
	/* ... unless the digits are called a key ("my wallet key is"). */
	static const char *const keyname[] = { "key", "鍵", "secret",
	    "シークレット", "seed", "priv" };
	const char	*s = t->s;
	size_t		 i, j, st, after;
	int		 key, tx, split;

	for (i = 0; i < t->len; i++) {
		while (i < t->len && !hex[(unsigned char)s[i]])
			i++;
		if (i >= t->len)
			break;
		if (i > 0 && (isalnum((unsigned char)s[i - 1]) ||
		    s[i - 1] == '_')) {
			/* allow a 0x prefix */
			if (!(i >= 2 && s[i - 1] == 'x' && s[i - 2] == '0' &&
			    (i == 2 || !isalnum((unsigned char)s[i - 3])))) {
				while (i < t->len && isalnum((unsigned char)s[i]))
					i++;
				continue;
			}
		}
		for (j = i; j < t->len && isxdigit((unsigned char)s[j]); j++)
			;
		split = 0;
		if (j - i >= 16 && j - i < 64 && (j >= t->len ||
		    !(isalnum((unsigned char)s[j]) || s[j] == '_')) &&
		    (split = hexparts(s, t->len, i, j)) > 0)
			j = (size_t)split;
		if ((split == 0 && j - i != 64) || (j < t->len &&
		    (isalnum((unsigned char)s[j]) || s[j] == '_'))) {
			i = j;
			continue;
		}
		/*
		 * The forum's own pictures are named by the SHA-256 of
		 * their bytes (/uploads/HEX.EXT): a name, not a secret.
		 */
		if (i >= 9 && memcmp(s + i - 9, "/uploads/", 9) == 0 &&
		    j < t->len && s[j] == '.') {
			i = j;
			continue;
		}
		st = (i >= 2 && s[i - 1] == 'x') ? i - 2 : i;
		after = j + 40 < t->len ? j + 40 : t->len;
		key = near_word(s, st, 60, keyw, sizeof(keyw) / sizeof(keyw[0])) ||
		    near_word(s, st, 200, (const char *const []){
		    "private key", "秘密鍵", "priv key", "privkey" }, 4);
		tx = near_word(s, st, 60, txw, sizeof(txw) / sizeof(txw[0]));
		/* The transfer words matter only where key words are. */
		if (!tx && key)
			tx = (near_word(s, st, 60, movew, sizeof(movew) /
			    sizeof(movew[0])) || near_word(s, after, after - j,
			    movew, sizeof(movew) / sizeof(movew[0])) ||
			    near_word(s, after, after - j, txw, sizeof(txw) /
			    sizeof(txw[0]))) && !near_word(s, st, 60, keyname,
			    sizeof(keyname) / sizeof(keyname[0]));
		if (split > 0 && !key) {
			i = j;
			continue;
		}
		if (key && (!tx || near_word(s, st, 60,
		    (const char *const []){ "private key", "秘密鍵",
		    "priv key", "privkey" }, 4))) {
			if (hit(out, "secret.hex_key", 2.0, field, st, j, 0,
			    "64 hex digits next to key words") == -1)
				return -1;
		} else if (!tx) {
			if (hit(out, "secret.hex64", 0.5, field, st, j, 0,
			    "64 hex digits") == -1)
				return -1;
		}
		i = j;
	}
	return 0;
}

/*
 * Decode base58check s[0..len) into out (at most *outlen bytes, payload
 * without checksum).  Returns 1 when the checksum holds, 0 when not, -1
 * when s is not base58.
 */
int
mod_base58check(const char *s, size_t len, uint8_t *out, size_t *outlen)
{
	static const char alpha[] =
	    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
	uint8_t		 buf[128], h1[32], h2[32];
	size_t		 i, k, n = 0, zeros = 0, blen;
	const char	*p;
	unsigned	 carry;

	if (len == 0 || len > 160)
		return -1;
	memset(buf, 0, sizeof(buf));
	for (i = 0; i < len && s[i] == '1'; i++)
		zeros++;
	for (i = 0; i < len; i++) {
		if ((p = strchr(alpha, s[i])) == NULL || s[i] == '\0')
			return -1;
		carry = (unsigned)(p - alpha);
		for (k = 0; k < n || carry; k++) {
			if (k >= sizeof(buf))
				return -1;
			carry += 58u * buf[sizeof(buf) - 1 - k];
			buf[sizeof(buf) - 1 - k] = (uint8_t)carry;
			carry >>= 8;
		}
		n = k;
	}
	blen = zeros + n;
	if (blen < 5 || blen > sizeof(buf))
		return -1;
	{
		uint8_t	 dec[128];

		memset(dec, 0, zeros);
		memcpy(dec + zeros, buf + sizeof(buf) - n, n);
		crypto_hash_sha256(h1, dec, blen - 4);
		crypto_hash_sha256(h2, h1, sizeof(h1));
		if (out != NULL && outlen != NULL) {
			if (*outlen > blen - 4)
				*outlen = blen - 4;
			memcpy(out, dec, *outlen);
		}
		return memcmp(h2, dec + blen - 4, 4) == 0;
	}
}

/* 1-9, A-Z but I and O, a-z but l: a table, read for every byte. */
static int
is_b58(unsigned char c)
{
	static const char tab[] =
	    "0000000000000000000000000000000000000000000000000111111111000000"
	    "0111111110111110111111111110000001111111111101111111111111100000";

	return c < 128 && tab[c] == '1';
}

/*
 * A base58 run s[i..j) shorter than a WIF key that is one: a mini
 * private key ("S" and 29 or 21 more characters, SHA-256 of the key and
 * "?" starting with a zero byte: one random run in 256 passes), or the
 * first part of a WIF key split by blanks or line breaks (paper wallets
 * print it in blocks; two to six parts of four characters or more, 51
 * or 52 in all, the checksum holding).  Returns the end of what it
 * found (in the original), 0 when nothing, -1 on failure.
 */
static int
short_key(const char *s, size_t len, size_t i, size_t j,
    enum mod_field field, struct mod_hits *out)
{
	uint8_t		 h[crypto_hash_sha256_BYTES], payload[64];
	char		 key[64];
	size_t		 n = j - i, k, e, plen, want;
	int		 parts;

	if ((n == 30 || n == 22) && s[i] == 'S' && (j == len ||
	    !isalnum((unsigned char)s[j]))) {
		memcpy(key, s + i, n);
		key[n] = '?';
		crypto_hash_sha256(h, (const unsigned char *)key, n + 1);
		if (h[0] == 0)
			return hit(out, "secret.mini_key", 3.0, field, i, j,
			    MOD_RF_RAW, "mini private key") == -1 ? -1 :
			    (int)j;
		return 0;
	}
	if (n < 4 || strchr("59KLc", s[i]) == NULL)
		return 0;
	want = s[i] == '5' || s[i] == '9' ? 51 : 52;
	memcpy(key, s + i, n);
	for (parts = 1, e = j; parts < 6 && n < want; parts++) {
		/* one blank or line break (with a CR) between the parts */
		k = e;
		if (k < len && s[k] == '\r')
			k++;
		if (k >= len || (s[k] != ' ' && s[k] != '\n'))
			return 0;
		k++;
		for (e = k; e < len && is_b58((unsigned char)s[e]); e++)
			;
		if (e - k < 4 || n + (e - k) > want)
			return 0;
		memcpy(key + n, s + k, e - k);
		n += e - k;
	}
	if (n != want || (e < len && isalnum((unsigned char)s[e])))
		return 0;
	plen = sizeof(payload);
	if (mod_base58check(key, n, payload, &plen) == 1 &&
	    (payload[0] == 0x80 || payload[0] == 0xef))
		return hit(out, "secret.wif", 3.0, field, i, e, MOD_RF_RAW,
		    "WIF private key (split)") == -1 ? -1 : (int)e;
	return 0;
}

static int
base58tokens(const char *s, size_t len, enum mod_field field,
    struct mod_hits *out)
{
	uint8_t		 payload[128];
	size_t		 i, j, n, plen;
	int		 ok, rc;

	for (i = 0; i < len; i++) {
		if (!is_b58((unsigned char)s[i]))
			continue;
		if (i > 0 && isalnum((unsigned char)s[i - 1])) {
			/* Inside a word: so is the rest of its base58 run. */
			while (i + 1 < len && is_b58((unsigned char)s[i + 1]))
				i++;
			continue;
		}
		for (j = i; j < len && is_b58((unsigned char)s[j]); j++)
			;
		if (j - i < 51) {
			if ((rc = short_key(s, len, i, j, field, out)) == -1)
				return -1;
			if (rc > 0)
				j = (size_t)rc;
			i = j;
			continue;
		}
		n = j - i;
		if (j < len && (isalnum((unsigned char)s[j]) || s[j] == '_')) {
			i = j;
			continue;
		}
		if (n >= 100 && n <= 115 && s[i + 1] != '\0' &&
		    strchr("xyztuvYZUV", s[i]) != NULL &&
		    strncmp(s + i + 1, "prv", 3) == 0) {
			plen = sizeof(payload);
			ok = mod_base58check(s + i, n, payload, &plen);
			if (hit(out, "secret.xprv", ok == 1 ? 3.0 : 1.5, field, i,
			    j, MOD_RF_RAW, ok == 1 ? "extended private key" :
			    "extended private key (bad checksum)") == -1)
				return -1;
		} else if ((n == 51 && (s[i] == '5' || s[i] == '9')) ||
		    (n == 52 && (s[i] == 'K' || s[i] == 'L' || s[i] == 'c'))) {
			plen = sizeof(payload);
			ok = mod_base58check(s + i, n, payload, &plen);
			/*
			 * A wrong character (a misread paper wallet) leaves
			 * the version byte and 50 characters of the key: it
			 * is still the key, held with less weight.
			 */
			if (ok >= 0 && (payload[0] == 0x80 ||
			    payload[0] == 0xef) && hit(out, "secret.wif",
			    ok == 1 ? 3.0 : 1.5, field, i, j, MOD_RF_RAW,
			    ok == 1 ? "WIF private key" :
			    "WIF private key (bad checksum)") == -1)
				return -1;
		}
		i = j;
	}
	return 0;
}

/*
 * A key that is public by its name: "public API key", "publishable
 * key", "APIキー（公開鍵）", or a token of a publishable kind ("pk_live_…",
 * "pub_…").  kw: the keyword in the normalized text t; tok[0..n): the
 * token in the original; gap: the original text between the keyword and
 * the token.  A secret key named in the same post is found by its own
 * keyword ("secret key", "シークレット"), not excused by this.
 */
static int
public_key(const struct mod_text *t, const char *kw, const char *tok,
    const char *gap, size_t n)
{
	static const char *const before[] = { "public ", "publishable ",
	    "公開", "パブリック" };
	const char	*b = kw - t->s > 24 ? kw - 24 : t->s;
	size_t		 k;

	(void)n;
	for (k = 0; k < sizeof(before) / sizeof(before[0]); k++)
		if (memmem(b, (size_t)(kw - b), before[k],
		    strlen(before[k])) != NULL)
			return 1;
	if (tok > gap && (memmem(gap, (size_t)(tok - gap), "公開", 6) !=
	    NULL || memmem(gap, (size_t)(tok - gap), "public", 6) != NULL))
		return 1;
	return strncmp(tok, "pk_", 3) == 0 || strncmp(tok, "pk-", 3) == 0 ||
	    strncmp(tok, "pub_", 4) == 0;
}

static int
apisecrets(const struct mod_text *t, const char *s, size_t len,
    enum mod_field field, struct mod_hits *out)
{
	static const char *const kw[] = { "api secret", "api_secret",
	    "apisecret", "secret key", "secret_key", "secretkey", "api key",
	    "api_key", "apikey", "シークレット", "apiキー", "access key",
	    "private_key", "secret:", "secret=", "secret\":", "-hmac " };
	/*
	 * Each keyword holds one of these; a keyword whose part is absent
	 * is not searched (thirteen strstr over the text were 1 % of the
	 * check, and most posts name no key at all).
	 */
	static const char *const part[] = { "secret", "key", "シークレット",
	    "キー", "hmac" };
	static const unsigned char kwpart[] = { 0, 0, 0, 0, 0, 0, 1, 1, 1, 2,
	    3, 1, 1, 0, 0, 0, 4 };
	/* The keywords that name the key, not its secret. */
	static const unsigned char names_key[] = { 0, 0, 0, 0, 0, 0, 1, 1, 1,
	    0, 1, 1, 0, 0, 0, 0, 0 };
	const char	*p;
	size_t		 k, a, j, n, kl, letters, digits, from;
	int		 has[5] = { -1, -1, -1, -1, -1 }, pk;

	for (k = 0; k < sizeof(kw) / sizeof(kw[0]); k++) {
		pk = kwpart[k];
		if (has[pk] == -1)
			has[pk] = strstr(t->s, part[pk]) != NULL;
		if (!has[pk])
			continue;
		kl = strlen(kw[k]);
		/* Keywords in the normalized text, the token in the raw. */
		for (p = t->s; (p = strstr(p, kw[k])) != NULL; p += kl) {
			from = (size_t)(p - t->s) + kl;
			from = from < t->len ? t->map[from] : len;
			/* a token of 32+ within the next 40 bytes */
			for (a = from; a < len && a < from + 40; a++) {
				if (!isalnum((unsigned char)s[a]))
					continue;
				letters = digits = 0;
				for (j = a; j < len && (isalnum((unsigned char)
				    s[j]) || s[j] == '+' || s[j] == '/' ||
				    s[j] == '=' || s[j] == '_' || s[j] == '-');
				    j++) {
					if (isdigit((unsigned char)s[j]))
						digits++;
					else if (isalpha((unsigned char)s[j]))
						letters++;
				}
				n = j - a;
				if (n >= 32 && n <= 128 && digits >= 4 &&
				    letters >= 8 && !(names_key[k] &&
				    public_key(t, p, s + a, s + from, n)))
					return hit(out, "secret.api", 2.0, field,
					    a, j, MOD_RF_RAW, "API secret");
				a = j;
			}
		}
	}
	return 0;
}

/*
 * Find secrets in one field: t is its normalized text, raw[0..rawlen)
 * the original (hits flagged 1 << 11 carry original offsets); topic, the
 * post's normalized title or NULL, says with t whether the post speaks of
 * a phrase (a misspelt word then continues a run of list words).
 * Returns 0 or -1.
 */
int
mod_secrets_find(const struct mod_rules *r, const struct mod_text *t,
    const struct mod_text *topic, const char *raw, size_t rawlen,
    enum mod_field field, struct mod_hits *out)
{
	if (bip39(r, t, topic, field, out) == -1 ||
	    hexkeys(t, field, out) == -1 ||
	    base58tokens(raw, rawlen, field, out) == -1 ||
	    apisecrets(t, raw, rawlen, field, out) == -1)
		return -1;
	return 0;
}
