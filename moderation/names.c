/*
 * names.c: usernames and display names that impersonate staff or brands.
 *
 * A name is reduced the way protected words are: normalized (NFKC, case
 * folding, no zero-width characters), confusables skeleton (so Greek
 * omicron, Cyrillic а and full-width letters read as Latin), leetspeak
 * undone (0→o 1→l 3→e 4→a 5→s 7→t $→s @→a |→l !→i).  It is refused
 * when it contains a protected word (conf/moderation/protected_words.txt
 * and the brand labels of brands.txt) either as written or with
 * separators removed ("B i n a n c e", "coin-base"), words marked
 * "token" only as whole words ("admin" but not "badminton"), or when one
 * of its words holds a part within edit distance 1 of a brand of six
 * letters or more ("cz_binatce", "BlnanceLabs").  Brackets and the
 * katakana middle dot are separators too ("sup(port)", "【公式】",
 * "バイ・ナンス"), and a "token" word may be split by brackets only
 * ("adm(in)", but not "badminton").  Staff accounts are exempt: the
 * caller does not call this for them.
 *
 * mod_name_check_ex() adds what a name must not carry besides protected
 * words: a contact point (phone, e-mail, messenger link or ID, a link; a
 * bare "@handle" only next to a messenger word), which would reach
 * every reader of a notification, and a near copy of a staff member's
 * name (the caller passes the staff names): the same skeleton without
 * separators, or one edit away from a Latin name of four letters or
 * more ("sato_stafff", "emma.staf", "sat0_staff").
 */
#include <stdlib.h>
#include <string.h>

#include "moderation/mod_int.h"

static int	 is_alpha(unsigned char);
static int	 token_match(const char *, const char *);
static size_t	 bracket_len(const char *);
static void	 compact(const char *, char *, size_t, int);
static int	 name_fold(const struct mod_rules *, const char *, size_t,
		    char *, size_t);
static int	 messenger_word(const char *);
static int	 brand_posing(const struct mod_rules *, const char *,
		    const char *);
static int	 requested(const char *, const char *);
static int	 other_word(const char *, const char *);

static int
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || c >= 0x80;
}

/* Undo common leetspeak in a skeleton, in place. */
void
mod_deleet(char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '0': *s = 'o'; break;
		case '1': case '|': *s = 'l'; break;
		case '3': *s = 'e'; break;
		case '4': case '@': *s = 'a'; break;
		case '5': case '$': *s = 's'; break;
		case '7': *s = 't'; break;
		case '!': *s = 'i'; break;
		default: break;
		}
}

/*
 * Optimal string alignment distance of a and b (edits and adjacent
 * transpositions), or max + 1 once it exceeds max.
 */
int
mod_edit_distance(const char *a, size_t alen, const char *b, size_t blen,
    int max)
{
	int		 d[3][65], i, j, best, v;
	int		 *cur, *prev, *pp;

	if (alen > 64 || blen > 64)
		return max + 1;
	if ((alen > blen ? alen - blen : blen - alen) > (size_t)max)
		return max + 1;
	for (j = 0; j <= (int)blen; j++)
		d[0][j] = j;
	pp = NULL;
	prev = d[0];
	for (i = 1; i <= (int)alen; i++) {
		cur = d[i % 3];
		cur[0] = i;
		best = cur[0];
		for (j = 1; j <= (int)blen; j++) {
			v = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (pp != NULL && i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
		pp = prev;
		prev = cur;
	}
	return prev[blen];
}

/* word occurs in s with no ASCII letter on either side. */
static int
token_match(const char *s, const char *word)
{
	const char	*p = s;
	size_t		 n = strlen(word);

	while ((p = strstr(p, word)) != NULL) {
		if ((p == s || !is_alpha((unsigned char)p[-1]) ||
		    ((unsigned char)p[-1] >= 0x80)) &&
		    !((unsigned char)p[n] >= 'a' && (unsigned char)p[n] <= 'z'))
			return 1;
		p++;
	}
	return 0;
}

/*
 * Length of a bracket, quote or middle dot at s (ASCII or the Japanese
 * ones: 【】「」『』〔〕〈〉《》・), or 0.
 */
static size_t
bracket_len(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (*u != '\0' && strchr("()[]{}<>\"'`", *u) != NULL)
		return 1;
	if (u[0] == 0xe3 && u[1] == 0x80 && ((u[2] >= 0x88 && u[2] <= 0x91) ||
	    u[2] == 0x94 || u[2] == 0x95))
		return 3;
	if (u[0] == 0xe3 && u[1] == 0x83 && u[2] == 0xbb)
		return 3;
	return 0;
}

/*
 * skel without brackets (and, when all, without every separator) into
 * out[0..size).
 */
static void
compact(const char *skel, char *out, size_t size, int all)
{
	size_t		 i, n, b;

	for (i = 0, n = 0; skel[i] != '\0' && n < size - 1; ) {
		if ((b = bracket_len(skel + i)) > 0) {
			i += b;
			continue;
		}
		if (all && strchr(" _-.·,'\"*+~=:/\\;?#&%^", skel[i]) != NULL) {
			i++;
			continue;
		}
		out[n++] = skel[i++];
	}
	out[n] = '\0';
}

/*
 * Does skeleton skel (leetspeak undone) hold a protected word?  plain is
 * the name normalized without separators (or NULL): a brand that is not
 * in it as written is disguised ("b1nance fan") and always refused.
 * Copies the word to matched.  Returns 1 or 0.
 */
int
mod_name_match(const struct mod_rules *r, const char *skel,
    const char *plain, char *matched, size_t matchedlen)
{
	char		 all[512], debr[512], tok[128];
	size_t		 i, n, k, tl, wl, j;
	const struct mod_pword *w;

	compact(skel, all, sizeof(all), 1);
	compact(skel, debr, sizeof(debr), 0);
	for (k = 0; k < r->npwords; k++) {
		w = &r->pwords[k];
		if (w->skel[0] == '\0' || w->kind == MOD_PW_COMPANION ||
		    w->kind == MOD_PW_FILLER)
			continue;
		if (!(w->token ? (token_match(skel, w->skel) ||
		    token_match(debr, w->skel)) :
		    (strstr(skel, w->skel) != NULL ||
		    strstr(all, w->skel) != NULL)))
			continue;
		/*
		 * A brand in a member's name is a fan or a customer
		 * ("krakenfan2017", "バイナンス難民") unless it stands alone
		 * or beside a word of service ("Binance Help", "コインチェック
		 * 窓口").
		 */
		if (w->kind == MOD_PW_BRAND && plain != NULL &&
		    strstr(plain, w->word) != NULL &&
		    !brand_posing(r, all, w->skel))
			continue;
		/*
		 * A staff word that the name asks for ("needsupport_cat",
		 * サポートしてほしい猫, "waiting4admin") is a member who wants
		 * help, not one who claims to give it.
		 */
		if (w->kind == MOD_PW_ROLE && plain != NULL &&
		    (requested(plain, w->word) || other_word(plain, w->word)))
			continue;
		goto found;
	}
	/* Words one edit away from a long brand. */
	for (i = 0; skel[i]; ) {
		while (skel[i] && !((skel[i] >= 'a' && skel[i] <= 'z')))
			i++;
		for (tl = 0; skel[i] >= 'a' && skel[i] <= 'z' &&
		    tl < sizeof(tok) - 1; i++)
			tok[tl++] = skel[i];
		tok[tl] = '\0';
		if (tl < 5)
			continue;
		for (k = 0; k < r->nbrands; k++) {
			wl = strlen(r->brands[k].skel);
			if (wl < 6 || r->brands[k].exact)
				continue;
			/* Written as it is: the brand rule above decided. */
			if (plain != NULL && strstr(tok, r->brands[k].skel) !=
			    NULL && strstr(plain, r->brands[k].label) != NULL)
				continue;
			/* windows of the brand's length, one more, one less */
			for (n = wl - 1; n <= wl + 1; n++)
				for (j = 0; n <= tl && j + n <= tl; j++)
					if (mod_edit_distance(tok + j, n,
					    r->brands[k].skel, wl, 1) <= 1) {
						snprintf(matched, matchedlen,
						    "%s", r->brands[k].label);
						return 1;
					}
		}
	}
	return 0;
found:
	if (matched != NULL && matchedlen > 0)
		snprintf(matched, matchedlen, "%s", w->word);
	return 1;
}

int
mod_name_check(const struct mod_rules *r, const char *name, size_t len,
    char *matched, size_t matchedlen)
{
	char		*skel, dummy[64], plain[512];
	struct mod_text	 t;
	int		 rc;

	if (matched == NULL || matchedlen == 0) {
		matched = dummy;
		matchedlen = sizeof(dummy);
	}
	matched[0] = '\0';
	if (name == NULL || !mod_utf8_valid(name, len))
		return -1;
	if (mod_norm(name, len, &t) == -1)
		return -1;
	compact(t.s, plain, sizeof(plain), 1);
	mod_text_free(&t);
	/* A bar separates ("Ashley | Coinbase Help"); ICU would read "l". */
	{
		char	*sep;
		size_t	 i, o;

		if ((sep = malloc(len + 1)) == NULL)
			return -1;
		for (i = 0, o = 0; i < len; i++) {
			if (name[i] == '|')
				sep[o++] = ' ';
			else if (i + 2 < len && (unsigned char)name[i] ==
			    0xef && (unsigned char)name[i + 1] == 0xbd &&
			    (unsigned char)name[i + 2] == 0x9c) {
				sep[o++] = ' ';		/* ｜ */
				i += 2;
			} else
				sep[o++] = name[i];
		}
		rc = mod_skeleton(r->spoof, sep, o, &skel);
		free(sep);
		if (rc == -1)
			return -1;
	}
	/*
	 * "1" and "|" stand for "i" as often as for "l" ("adm1n"), and the
	 * skeleton has made them "l": try "i" for every "l" too.
	 */
	if (strpbrk(plain, "1|") != NULL) {
		char	*alt, *p;

		if ((alt = strdup(skel)) == NULL) {
			free(skel);
			return -1;
		}
		for (p = alt; *p != '\0'; p++)
			if (*p == '1' || *p == '|' || *p == 'l')
				*p = 'i';
		mod_deleet(alt);
		rc = mod_name_match(r, alt, plain, matched, matchedlen);
		free(alt);
		if (rc == 1) {
			free(skel);
			return rc;
		}
	}
	mod_deleet(skel);
	rc = mod_name_match(r, skel, plain, matched, matchedlen);
	free(skel);
	return rc;
}

/*
 * 1 when every occurrence of the staff word in plain (the name
 * normalized, without separators) is asked for: after "need", "want",
 * "looking for", "please" … or before "needed", "wanted", してほしい,
 * 求む, 希望, 待ち, がほしい, したい ….  A disguised word ("supp0rt") is
 * not in plain as written and is never excused.
 */
static int
requested(const char *plain, const char *word)
{
	static const char *const pre[] = { "need", "needs", "needing",
	    "want", "wants", "wanting", "lookingfor", "waitingfor",
	    "waiting4", "askingfor", "askfor", "please", "pls", "plz",
	    "searchingfor", "seeking" };
	static const char *const post[] = { "needed", "wanted", "please",
	    "pls", "plz", "seeker", "してほしい", "して欲しい", "してほし",
	    "してください", "して下さい", "求む", "求めて", "希望", "待ち",
	    "待って", "がほしい", "が欲しい", "ほしい", "欲しい", "したい",
	    "に問い合わせたい", "に聞きたい", "を探して", "探して", "募集中" };
	const char	*p, *q;
	size_t		 wl = strlen(word), k, n;
	int		 ok, any = 0;

	for (p = plain; (p = strstr(p, word)) != NULL; p += wl) {
		ok = 0;
		for (k = 0; !ok && k < sizeof(pre) / sizeof(pre[0]); k++) {
			n = strlen(pre[k]);
			if ((size_t)(p - plain) >= n &&
			    memcmp(p - n, pre[k], n) == 0)
				ok = 1;
		}
		q = p + wl;
		for (k = 0; !ok && k < sizeof(post) / sizeof(post[0]); k++)
			if (strncmp(q, post[k], strlen(post[k])) == 0)
				ok = 1;
		if (!ok)
			return 0;
		any = 1;
	}
	return any;
}

/*
 * 1 when every occurrence of the staff word in plain (the name
 * normalized, without separators) is part of an English word that
 * means something else: negated ("unofficial", "nonofficial",
 * "unsupported") or an adjective ("supportive", "SupportiveMom").  A
 * disguised word ("supp0rtive") is not in plain as written and is never
 * excused.
 */
static int
other_word(const char *plain, const char *word)
{
	static const char *const pre[] = { "un", "non" };
	static const char *const post[] = { "ive" };
	const char	*p;
	size_t		 wl = strlen(word), k, n;
	int		 ok, any = 0;

	if ((unsigned char)word[0] >= 0x80)
		return 0;
	for (p = plain; (p = strstr(p, word)) != NULL; p += wl) {
		ok = 0;
		for (k = 0; !ok && k < sizeof(pre) / sizeof(pre[0]); k++) {
			n = strlen(pre[k]);
			if ((size_t)(p - plain) >= n &&
			    memcmp(p - n, pre[k], n) == 0 &&
			    ((size_t)(p - plain) == n ||
			    !((unsigned char)p[-n - 1] >= 'a' &&
			    (unsigned char)p[-n - 1] <= 'z')))
				ok = 1;
		}
		for (k = 0; !ok && k < sizeof(post) / sizeof(post[0]); k++)
			if (strncmp(p + wl, post[k], strlen(post[k])) == 0)
				ok = 1;
		if (!ok)
			return 0;
		any = 1;
	}
	return any;
}

/*
 * Does a name holding brand (all: its skeleton without separators) pose
 * as the brand?  Yes when a companion word is there, or when what is
 * left without the brand, filler words and digits is under three
 * letters (a Han or kana character counts two).
 */
static int
brand_posing(const struct mod_rules *r, const char *all, const char *brand)
{
	char		 rest[512], *p;
	size_t		 k, n, bl = strlen(brand), fl, count = 0;
	const struct mod_pword *w;

	for (k = 0; k < r->npwords; k++) {
		w = &r->pwords[k];
		if (w->kind == MOD_PW_COMPANION && w->skel[0] != '\0' &&
		    strstr(all, w->skel) != NULL)
			return 1;
	}
	snprintf(rest, sizeof(rest), "%s", all);
	if ((p = strstr(rest, brand)) != NULL)
		memmove(p, p + bl, strlen(p + bl) + 1);
	for (k = 0; k < r->npwords; k++) {
		w = &r->pwords[k];
		if ((w->kind != MOD_PW_FILLER && w->kind != MOD_PW_BRAND) ||
		    (fl = strlen(w->skel)) == 0)
			continue;
		while ((p = strstr(rest, w->skel)) != NULL)
			memmove(p, p + fl, strlen(p + fl) + 1);
	}
	for (n = 0; rest[n] != '\0'; n++) {
		unsigned char c = (unsigned char)rest[n];

		if (c >= 'a' && c <= 'z')
			count++;
		else if (c >= 0xc0)
			count += 2;	/* a lead byte: one code point */
	}
	return count < 3;
}

/* The name's skeleton, leetspeak undone, into out.  Returns 0 or -1. */
static int
name_fold(const struct mod_rules *r, const char *name, size_t len, char *out,
    size_t size)
{
	char		*skel;

	if (name == NULL || !mod_utf8_valid(name, len))
		return -1;
	if (mod_skeleton(r->spoof, name, len, &skel) == -1)
		return -1;
	mod_deleet(skel);
	snprintf(out, size, "%s", skel);
	free(skel);
	return 0;
}

/* A word of messenger or contact talk in the normalized name. */
static int
messenger_word(const char *s)
{
	static const char *const tok[] = {
		"tg", "telegram", "whatsapp", "wa", "line", "signal",
		"discord", "dm", "wechat", "kakao", "viber", "contact",
	};
	static const char *const ja[] = {
		"テレグラム", "ライン", "連絡", "問い合わせ", "ワッツアップ",
	};
	size_t		 i;

	for (i = 0; i < sizeof(tok) / sizeof(tok[0]); i++)
		if (token_match(s, tok[i]))
			return 1;
	for (i = 0; i < sizeof(ja) / sizeof(ja[0]); i++)
		if (strstr(s, ja[i]) != NULL)
			return 1;
	return 0;
}

int
mod_name_check_ex(const struct mod_rules *r, const char *name, size_t len,
    const char *const *staff, size_t nstaff, char *matched,
    size_t matchedlen)
{
	struct mod_contacts cts;
	struct mod_hits	 hits;
	struct mod_text	 t;
	char		 fold[512], sfold[512], a[512], b[512], dummy[64];
	size_t		 i, al, bl, k;
	int		 rc;

	if (matched == NULL || matchedlen == 0) {
		matched = dummy;
		matchedlen = sizeof(dummy);
	}
	matched[0] = '\0';
	if ((rc = mod_name_check(r, name, len, matched, matchedlen)) != 0)
		return rc == 1 ? MOD_NAME_PROTECTED : -1;
	/* Contact points. */
	memset(&cts, 0, sizeof(cts));
	if (mod_norm(name, len, &t) == -1)
		return -1;
	memset(&hits, 0, sizeof(hits));
	if (mod_contacts_find(r, &t, MOD_FIELD_TITLE, &cts) == -1 ||
	    mod_links_check(r, &t, MOD_FIELD_TITLE, NULL, &hits, &cts) ==
	    -1) {
		mod_text_free(&t);
		mod_contacts_free(&cts);
		free(hits.v);
		return -1;
	}
	free(hits.v);
	for (k = 0, rc = 0; k < cts.n && rc == 0; k++) {
		const char *tld = strrchr(cts.v[k].value, '.');

		/*
		 * A host counts when its last label is a listed suffix, not
		 * any word after a dot ("sato.staf"): names hold dots.
		 */
		if (cts.v[k].type == MOD_CONTACT_DOMAIN && (tld == NULL ||
		    !psl_is_public_suffix2(r->psl, tld + 1,
		    PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE)))
			continue;
		if (cts.v[k].type != MOD_CONTACT_HANDLE ||
		    messenger_word(t.s)) {
			snprintf(matched, matchedlen, "%s", cts.v[k].value);
			rc = MOD_NAME_CONTACT;
		}
	}
	mod_text_free(&t);
	mod_contacts_free(&cts);
	if (rc != 0)
		return rc;
	/* Near copies of a staff member's name. */
	if (name_fold(r, name, len, fold, sizeof(fold)) == -1)
		return -1;
	compact(fold, a, sizeof(a), 1);
	al = strlen(a);
	for (i = 0; staff != NULL && i < nstaff; i++) {
		if (staff[i] == NULL || staff[i][0] == '\0' ||
		    name_fold(r, staff[i], strlen(staff[i]), sfold,
		    sizeof(sfold)) == -1)
			continue;
		compact(sfold, b, sizeof(b), 1);
		bl = strlen(b);
		if (bl == 0)
			continue;
		if ((al == bl && memcmp(a, b, al) == 0) ||
		    (bl >= 4 && mod_edit_distance(a, al, b, bl, 1) <= 1)) {
			snprintf(matched, matchedlen, "%s", staff[i]);
			return MOD_NAME_STAFF;
		}
	}
	return MOD_NAME_OK;
}
