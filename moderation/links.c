/*
 * links.c: links and domains.
 *
 * Candidates are found in the normalized text: URLs with a scheme
 * (http, https and the defanged hxxp), "www." and bare host names whose
 * last label is a public suffix and whose registrable label has no
 * underscore (coincheck_v5.apk is a file).  Defanged dots ("[.]", "(.)", "[dot]")
 * and the ideographic full stop count as dots.  Host labels may hold
 * non-ASCII letters (homoglyph domains) but not Han or kana, so Japanese
 * text glued to a URL is not taken for its host.  Links given by the
 * Markdown renderer (post->links) are checked too, with their host taken
 * the way a browser (and the page's link label, app/view/md.c) takes it:
 * after the last "@" of the authority, without the port, percent-decoded
 * ("b%69nance-…" is "binance-…"), full-width letters and ideographic
 * full stops folded, lower-cased.  Hosts found in the text with a scheme
 * are percent-decoded the same way.
 *
 * Each URL is parsed with uriparser, so "https://binance.com@evil.example/"
 * yields the real host evil.example; the host is converted to punycode and
 * back with libidn2, and its registrable domain found with libpsl (the
 * system's public suffix list, else the built-in one).  Then, in order:
 * allowlist (no finding), blocklist, URL shortener, lookalike of a
 * protected brand, brand used as a subdomain, and otherwise an external
 * link (weighted by the author's trust in check.c).
 *
 * Lookalikes: the first label of the registrable domain, in Unicode, is
 * reduced to its confusables skeleton with leetspeak undone (0→o, 1→l,
 * 3→e, 4→a, 5→s, 7→t, $→s, @→a) and hyphens dropped, then compared with
 * each brand's skeleton: equal, containing the brand (brands of five
 * letters or more), or an edit distance (with transpositions) of at most
 * 2 for brands of 8 letters or more, 1 for 5 to 7, 0 below.  A domain
 * that is some brand's official domain is never a lookalike.  Labels
 * left of the registrable domain are compared whole (or holding a
 * brand), and with each i read as an l as well: a capital I written
 * for an l ("bitfIyer.jp-login.example") is an i once case is folded.
 *
 * Host names spelled with the word "dot" ("binance dot com-verify dot
 * net") are read in a separate pass (spelled_hosts) and reported only as
 * a lookalike or a brand subdomain, since prose has " dot " too.  Host
 * names with spaces around their one dot ("recover-help . com"), the way
 * a link is split to pass filters, are read in another (spaced_hosts)
 * when the label has four characters or more and the top-level label is
 * one of the common generic ones (prose puts "it . it" or "log . info"
 * together but hardly "walletfix-jp . net"), and judged as any host.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <idn2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>
#include <uriparser/Uri.h>

#include "moderation/mod_int.h"

static int	 hexval(int);
static inline int host_char_at(const char *, size_t, size_t, size_t *);
static int	 host_char_wide(const char *, size_t, size_t, size_t *);
static int	 dot_at(const char *, size_t, size_t, size_t *);
static int	 scan_host(const char *, size_t, size_t, char *, size_t,
		    size_t *, int *);
static int	 prose_glue(const char *);
static int	 file_name(const struct mod_rules *, const char *);
static int	 host_fold(char *);
static int	 link_host(const char *, char *, size_t);
static int	 check_url(const struct mod_rules *, const char *, size_t,
		    enum mod_field, size_t, size_t, struct mod_hits *,
		    struct mod_contacts *, int);
static int	 check_host(const struct mod_rules *, const char *,
		    enum mod_field, size_t, size_t, struct mod_hits *,
		    struct mod_contacts *, int);
static int	 add_hit(struct mod_hits *, const char *, enum mod_category,
		    double, const char *, const char *, enum mod_field, size_t,
		    size_t, const char *);
static int	 is_official(const struct mod_rules *, const char *);
static int	 to_ascii(const char *, char **);
static int	 brand_match(const struct mod_rules *, const char *, int, int,
		    char *, size_t);
static int	 brand_il(const struct mod_rules *, const char *, char *,
		    size_t);
static int	 label_ch(char);
static const char *spaced_dot(const char *, const char *);
static int	 spaced_hosts(const struct mod_rules *,
		    const struct mod_text *, enum mod_field, struct mod_hits *,
		    struct mod_contacts *);
static int	 spelled_hosts(const struct mod_rules *,
		    const struct mod_text *, enum mod_field, struct mod_hits *);

/*
 * A host character at s[i] (ASCII alnum, "-", "_", non-CJK letters), or
 * a percent escape of a letter, digit, "-" or a UTF-8 byte: a browser
 * decodes "b%69nance.example" to the host binance.example, so the escape
 * is part of the host (scan_host() decodes it).
 */
static inline int
host_char_at(const char *s, size_t len, size_t i, size_t *next)
{
	unsigned char	 c = (unsigned char)s[i];
	int		 hi, lo, d;
	unsigned	 u;

	/* ASCII here, inline (a call per character was 2 % of a check). */
	if (c < 0x80) {
		*next = i + 1;
		if (c == '%' && i + 2 < len && (hi = hexval(s[i + 1])) >= 0 &&
		    (lo = hexval(s[i + 2])) >= 0) {
			d = hi << 4 | lo;
			if ((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') ||
			    (d >= '0' && d <= '9') || d == '-' || d >= 0x80) {
				*next = i + 3;
				return 1;
			}
			return 0;
		}
		return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_';
	}
	/* So is kana and Han (E3-E9: three bytes, nothing to check). */
	if (c >= 0xe3 && c <= 0xe9 && i + 2 < len &&
	    ((unsigned char)s[i + 1] & 0xc0) == 0x80 &&
	    ((unsigned char)s[i + 2] & 0xc0) == 0x80) {
		u = (c & 0x0fu) << 12 | ((unsigned char)s[i + 1] & 0x3fu) << 6 |
		    ((unsigned char)s[i + 2] & 0x3fu);
		if (MOD_HOST_CJK(u)) {
			*next = i + 3;
			return 0;
		}
	}
	return host_char_wide(s, len, i, next);
}

/* host_char_at for a character that is not ASCII. */
static int
host_char_wide(const char *s, size_t len, size_t i, size_t *next)
{
	int32_t		 j = (int32_t)i;
	UChar32		 u;
	UErrorCode	 st = U_ZERO_ERROR;
	UScriptCode	 sc;

	U8_NEXT(s, j, (int32_t)len, u);
	*next = (size_t)j;
	/*
	 * Hiragana, katakana and the CJK ideographs block end a host
	 * without asking ICU (each is Han, Hiragana or Katakana, or
	 * unassigned); not ー, the voicing marks or the iteration marks.
	 */
	if (MOD_HOST_CJK(u))
		return 0;
	if (u < 0 || !(u_isalnum(u) || u_getIntPropertyValue(u,
	    UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK))
		return 0;
	sc = uscript_getScript(u, &st);
	return !(sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA ||
	    sc == USCRIPT_KATAKANA || sc == USCRIPT_HANGUL);
}

/* A dot, a defanged dot or the ideographic full stop at s[i]. */
static int
dot_at(const char *s, size_t len, size_t i, size_t *next)
{
	static const char *const toks[] = { ".", "[.]", "(.)", "[dot]",
	    "(dot)", "{.}", "。" };
	size_t		 n;

	if ((n = mod_tok_at(s, len, i, toks, sizeof(toks) /
	    sizeof(toks[0]))) == 0)
		return 0;
	*next = i + n;
	return 1;
}

/*
 * Read a host name at s[i]: labels joined by dots.  Writes it with plain
 * dots to host; *end is past it; *ndots the number of dots.  Returns the
 * host length (0: none).
 */
static int
scan_host(const char *s, size_t len, size_t i, char *host, size_t hostlen,
    size_t *end, int *ndots)
{
	size_t		 j = i, next, n = 0, lab = 0;

	*ndots = 0;
	while (j < len) {
		if (host_char_at(s, len, j, &next)) {
			if (n + (next - j) + 1 >= hostlen)
				return 0;
			memcpy(host + n, s + j, next - j);
			n += next - j;
			lab++;
			j = next;
			continue;
		}
		if (lab > 0 && dot_at(s, len, j, &next) && next < len &&
		    host_char_at(s, len, next, &next)) {
			dot_at(s, len, j, &next);
			if (n + 2 >= hostlen)
				return 0;
			host[n++] = '.';
			(*ndots)++;
			lab = 0;
			j = next;
			continue;
		}
		break;
	}
	while (n > 0 && (host[n - 1] == '-' || host[n - 1] == '_'))
		n--, j--;
	host[n] = '\0';
	*end = j;
	if (memchr(host, '%', n) != NULL) {
		if (host_fold(host) == -1)
			return 0;
		n = strlen(host);
	}
	return (int)n;
}

static int
add_hit(struct mod_hits *out, const char *rule, enum mod_category cat,
    double w, const char *ja, const char *en, enum mod_field field,
    size_t start, size_t end, const char *detail)
{
	struct mod_hit	 h;
	size_t		 n;

	memset(&h, 0, sizeof(h));
	h.rule = rule;
	h.cat = cat;
	h.weight = w;
	h.ja = ja;
	h.en = en;
	h.field = field;
	h.start = start;
	h.end = end;
	h.rule_index = -1;
	h.flags = MOD_RF_KEEP;
	n = strlen(detail);
	if (n >= sizeof(h.detail))
		n = sizeof(h.detail) - 1;
	memcpy(h.detail, detail, n);
	h.detail[n] = '\0';
	return mod_hits_add(out, &h);
}

/*
 * Punycode form of host (caller frees with idn2_free).  Plain ASCII hosts
 * skip libidn2, which normalizes and allocates.  Returns 0 or -1.
 */
static int
to_ascii(const char *host, char **out)
{
	const char	*p;

	for (p = host; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80)
			break;
	if (*p == '\0') {
		if ((*out = malloc(strlen(host) + 1)) == NULL)
			return -1;
		memcpy(*out, host, strlen(host) + 1);
		return 0;
	}
	if (idn2_to_ascii_8z(host, out, IDN2_NONTRANSITIONAL) == IDN2_OK ||
	    idn2_to_ascii_8z(host, out, IDN2_TRANSITIONAL) == IDN2_OK)
		return 0;
	*out = NULL;
	return -1;
}

/* Is registrable domain reg some brand's official domain (or allowed)? */
static int
is_official(const struct mod_rules *r, const char *reg)
{
	return mod_strset_get(&r->allow, reg, strlen(reg), NULL);
}

/*
 * Does skeleton label lab (leetspeak undone, hyphens removed) imitate a
 * brand?  exact_only: only equality and containment.  any_brand: a
 * brand compared whole only ("=ledger") is also looked for inside the
 * label, for labels that pose as a whole domain name.  Writes the brand.
 */
static int
brand_match(const struct mod_rules *r, const char *lab, int exact_only,
    int any_brand, char *brand, size_t brandlen)
{
	size_t		 i, bl, ll = strlen(lab);
	int		 maxd;

	for (i = 0; i < r->nbrands; i++) {
		bl = strlen(r->brands[i].skel);
		if (bl < 3)
			continue;
		if (strcmp(lab, r->brands[i].skel) == 0 || (bl >= 5 &&
		    (!r->brands[i].exact || any_brand) &&
		    strstr(lab, r->brands[i].skel) != NULL)) {
			snprintf(brand, brandlen, "%s", r->brands[i].label);
			return 1;
		}
		if (exact_only)
			continue;
		maxd = bl >= 8 ? 2 : bl >= 5 ? 1 : 0;
		if (maxd > 0 && ll + 2 >= bl && ll <= bl + 2 &&
		    mod_edit_distance(lab, ll, r->brands[i].skel, bl, maxd) <=
		    maxd) {
			snprintf(brand, brandlen, "%s", r->brands[i].label);
			return 1;
		}
	}
	return 0;
}

/*
 * Is lab a brand's skeleton with some l written i, as a capital I reads
 * once case is folded ("bitfiyer" for bitflyer, "iedger" for ledger)?
 * Whole labels only, brands of five letters or more.
 */
static int
brand_il(const struct mod_rules *r, const char *lab, char *brand,
    size_t brandlen)
{
	const char	*a, *b;
	size_t		 i, ll = strlen(lab);

	for (i = 0; i < r->nbrands; i++) {
		b = r->brands[i].skel;
		if (strlen(b) != ll || ll < 5 || strchr(b, 'l') == NULL)
			continue;
		for (a = lab; *a && (*a == *b || (*a == 'i' && *b == 'l'));
		    a++, b++)
			;
		if (*a == '\0') {
			snprintf(brand, brandlen, "%s", r->brands[i].label);
			return 1;
		}
	}
	return 0;
}

/* Whether domains a and b end the same after their first label. */
static int
same_suffix(const char *a, const char *b)
{
	const char	*da = strchr(a, '.'), *db = strchr(b, '.');

	return da != NULL && db != NULL && strcmp(da, db) == 0;
}

/*
 * Is registrable domain dom (Unicode) a copy of an allowed domain: the
 * same skeleton with leetspeak undone ("ехсhange.example" in Cyrillic,
 * "exchang3.example"), or, under the same suffix, one edit away from a
 * domain of ten characters or more ("exchangee.example"; not
 * "ethereum.org3", a footnote's digit glued to ethereum.org)?  Writes the
 * allowed domain.
 */
static int
allow_lookalike(const struct mod_rules *r, const char *dom, char *brand,
    size_t brandlen)
{
	char		*skel;
	size_t		 i, sl, al;
	int		 rc = 0;

	if (r->nallowskel == 0)
		return 0;
	if (mod_skeleton(r->spoof, dom, strlen(dom), &skel) == -1)
		return -1;
	mod_deleet(skel);
	sl = strlen(skel);
	for (i = 0; i < r->nallowskel && rc == 0; i++) {
		al = strlen(r->allowskel[i].skel);
		if (al + 1 < sl || sl + 1 < al)
			continue;
		if ((al == sl && strcmp(skel, r->allowskel[i].skel) == 0) ||
		    (al >= 10 && same_suffix(skel, r->allowskel[i].skel) &&
		    mod_edit_distance(skel, sl, r->allowskel[i].skel, al, 1) <=
		    1)) {
			snprintf(brand, brandlen, "%s", r->allowskel[i].domain);
			rc = 1;
		}
	}
	free(skel);
	return rc;
}

/*
 * Is host (ASCII or Unicode) a lookalike of a protected brand?  Returns 1
 * (brand written to brand), 2 (brand used as a subdomain), 0 or -1.
 */
int
mod_domain_lookalike(const struct mod_rules *r, const char *host,
    char *brand, size_t brandlen)
{
	char		*ascii = NULL, *uni = NULL, *skel = NULL, *lab, *p;
	const char	*reg;
	char		 buf[256], tok[256];
	size_t		 n, k;
	int		 rc = 0;

	if (to_ascii(host, &ascii) == -1) {
		ascii = NULL;
		for (p = (char *)(uintptr_t)host; *p; p++)
			if ((unsigned char)*p >= 0x80)
				break;
		if (*p != '\0')
			goto nonidn;	/* undecodable IDN: skeleton only */
		if ((ascii = strdup(host)) == NULL)
			return -1;
	}
	if ((reg = psl_registrable_domain(r->psl, ascii)) == NULL)
		goto out;
	if (is_official(r, reg) || mod_strset_get(&r->allow, ascii,
	    strlen(ascii), NULL))
		goto out;
	if (idn2_to_unicode_8z8z(reg, &uni, 0) != IDN2_OK)
		uni = NULL;
	snprintf(buf, sizeof(buf), "%s", uni != NULL ? uni : reg);
	if ((p = strchr(buf, '.')) != NULL)
		*p = '\0';
	if (mod_skeleton(r->spoof, buf, strlen(buf), &skel) == -1) {
		rc = -1;
		goto out;
	}
	mod_deleet(skel);
	/*
	 * The skeleton may be longer than the label ("m" is "rn"): a label
	 * of 200 m's is 400 bytes of skeleton.  Keep what fits; no brand is
	 * that long.
	 */
	for (n = 0, k = 0; skel[k] && n < sizeof(tok) - 1; k++)
		if (skel[k] != '-' && skel[k] != '_')
			tok[n++] = skel[k];
	tok[n] = '\0';
	if (brand_match(r, tok, 0, 0, brand, brandlen)) {
		rc = 1;
		goto out;
	}
	/* Each hyphen-separated part on its own. */
	for (lab = strtok_r(skel, "-_", &p); lab != NULL;
	    lab = strtok_r(NULL, "-_", &p))
		if (strlen(lab) >= 5 && brand_match(r, lab, 0, 0, brand,
		    brandlen)) {
			rc = 1;
			goto out;
		}
	free(skel);
	skel = NULL;
	/* The whole domain: a copy of an allowed one. */
	if ((rc = allow_lookalike(r, uni != NULL ? uni : reg, brand,
	    brandlen)) != 0)
		goto out;
	/*
	 * Labels left of the registrable domain: brand as a subdomain.  A
	 * label followed by a public suffix poses as a domain name of its
	 * own ("ledgerlive.com.restore.example", "c0inbase-help.com.x.example"):
	 * it is compared as a registrable label (lookalikes too), and a
	 * brand compared whole only counts inside it as well.
	 */
	n = (size_t)(reg - ascii);
	if (n > 1) {
		char	*next;
		int	 dom;

		snprintf(buf, sizeof(buf), "%.*s", (int)(n - 1), ascii);
		for (lab = strtok_r(buf, ".", &p); lab != NULL; lab = next) {
			next = strtok_r(NULL, ".", &p);
			dom = next != NULL && psl_is_public_suffix2(r->psl,
			    next, PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE);
			free(skel);
			if (mod_skeleton(r->spoof, lab, strlen(lab), &skel) ==
			    -1) {
				rc = -1;
				goto out;
			}
			mod_deleet(skel);
			if (brand_match(r, skel, !dom, dom, brand, brandlen)) {
				rc = 2;
				goto out;
			}
			/*
			 * A capital I for an l ("bitfIyer.jp-login.example")
			 * is an i once case is folded, and the skeleton
			 * keeps it: read each i as an l too.
			 */
			if (strchr(skel, 'i') != NULL &&
			    brand_il(r, skel, brand, brandlen)) {
				rc = 2;
				goto out;
			}
		}
	}
	goto out;
nonidn:
	if (mod_skeleton(r->spoof, host, strlen(host), &skel) == -1)
		return -1;
	mod_deleet(skel);
	if ((p = strchr(skel, '.')) != NULL)
		*p = '\0';
	if (brand_match(r, skel, 0, 0, brand, brandlen))
		rc = 1;
out:
	free(skel);
	if (ascii != NULL)
		idn2_free(ascii);
	if (uni != NULL)
		idn2_free(uni);
	return rc;
}

static int
check_host(const struct mod_rules *r, const char *host, enum mod_field field,
    size_t start, size_t end, struct mod_hits *out, struct mod_contacts *cts,
    int glue)
{
	char		*ascii = NULL, brand[64], detail[128];
	const char	*reg, *h;
	int		 rc = -1, look;

	if (to_ascii(host, &ascii) == -1)
		ascii = NULL;
	h = ascii != NULL ? ascii : host;
	/*
	 * glue: a bare "word.so" glued into a sentence ("2 days.so I
	 * asked").  Unless a list or a brand knows it, it is two words, not
	 * a host: no finding and no contact point.
	 */
	reg = psl_registrable_domain(r->psl, h);
	if (reg == NULL) {
		rc = 0;		/* a public suffix, an IP or garbage */
		if (glue)
			goto out;
		goto contact;
	}
	if (mod_strset_get(&r->allow, h, strlen(h), NULL) ||
	    mod_strset_get(&r->allow, reg, strlen(reg), NULL)) {
		rc = add_hit(out, "link.official", MOD_CAT_NONE, 0,
		    "公式サイトへのリンク", "link to an official site", field,
		    start, end, h);
		goto contact;
	}
	if (mod_strset_get(&r->block, h, strlen(h), NULL) ||
	    mod_strset_get(&r->block, reg, strlen(reg), NULL)) {
		rc = add_hit(out, "link.blocklisted", MOD_CAT_PHISHING, 2.5,
		    "既知の詐欺・フィッシングサイトへのリンク",
		    "link to a known scam or phishing site", field, start, end,
		    h);
		goto contact;
	}
	if (mod_strset_get(&r->shorteners, reg, strlen(reg), NULL) ||
	    mod_strset_get(&r->shorteners, h, strlen(h), NULL)) {
		rc = add_hit(out, "link.shortener", MOD_CAT_LINK, 0.5,
		    "短縮URL（リンク先が隠されています）",
		    "shortened link (its destination is hidden)", field, start,
		    end, h);
		goto contact;
	}
	if ((look = mod_domain_lookalike(r, host, brand, sizeof(brand))) == -1)
		goto out;
	if (look == 1) {
		snprintf(detail, sizeof(detail), "%s ~ %s", h, brand);
		rc = add_hit(out, "link.lookalike", MOD_CAT_PHISHING, 2.5,
		    "取引所・ウォレットの偽物に似せたドメインへのリンク",
		    "link to a lookalike of an exchange or wallet domain",
		    field, start, end, detail);
		goto contact;
	}
	if (look == 2) {
		snprintf(detail, sizeof(detail), "%s ~ %s", h, brand);
		rc = add_hit(out, "link.brand_subdomain", MOD_CAT_PHISHING, 2.5,
		    "ブランド名をサブドメインに使った偽サイトへのリンク",
		    "link using a brand name as a subdomain of another site",
		    field, start, end, detail);
		goto contact;
	}
	if (strncmp(h, "xn--", 4) == 0 || strstr(h, ".xn--") != NULL)
		rc = add_hit(out, "link.punycode", MOD_CAT_LINK, 0.6,
		    "国際化ドメイン（punycode）へのリンク",
		    "link to an internationalized (punycode) domain", field,
		    start, end, h);
	else if (glue) {
		rc = 0;
		goto out;
	} else
		rc = add_hit(out, "link.external", MOD_CAT_LINK, 0,
		    "外部サイトへのリンク", "link to an outside site", field,
		    start, end, h);
contact:
	if (rc == 0 && mod_contacts_add(cts, MOD_CONTACT_DOMAIN, h, strlen(h),
	    field, start, end) == -1)
		rc = -1;
out:
	if (ascii != NULL)
		idn2_free(ascii);
	return rc;
}

/*
 * Whether a bare host (no scheme, no "www.", nothing after it) may be two
 * words glued at a full stop: one label of letters, then a country code
 * that is also a short English word ("days.so", "happened.it").
 */
static int
prose_glue(const char *host)
{
	static const char *const words[] = {
		"am", "as", "at", "be", "by", "do", "go", "hi", "in", "is",
		"it", "me", "my", "no", "of", "on", "so", "to", "us", "we",
	};
	const char	*dot = strchr(host, '.');
	const char	*p;
	size_t		 i;

	if (dot == NULL || dot - host < 2 || strchr(dot + 1, '.') != NULL)
		return 0;
	for (p = host; p < dot; p++)
		if (*p < 'a' || *p > 'z')
			return 0;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(dot + 1, words[i]) == 0)
			return 1;
	return 0;
}

/*
 * Whether a bare host is a file name rather than a host: the label that
 * would be registered holds an underscore ("coincheck_v5.apk",
 * "wallet_backup.dat"), which no registry accepts (host names are
 * letters, digits and hyphens).  A warning that names the scammers' file
 * does not link to it.
 */
static int
file_name(const struct mod_rules *r, const char *host)
{
	const char	*reg, *dot;

	if ((reg = psl_registrable_domain(r->psl, host)) == NULL)
		return 0;
	if ((dot = strchr(reg, '.')) == NULL)
		return 0;
	return memchr(reg, '_', (size_t)(dot - reg)) != NULL;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * In place: percent-decode host, fold full-width ASCII and ideographic
 * full stops, lower-case ASCII.  Returns 0, or -1 when the result is not
 * a sane host (invalid UTF-8, controls, spaces).
 */
static int
host_fold(char *host)
{
	unsigned char	*s = (unsigned char *)host;
	size_t		 i, o = 0, n = strlen(host);
	int		 hi, lo;

	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n + 1 && (hi = hexval(s[i + 1])) >=
		    0 && (lo = hexval(s[i + 2])) >= 0) {
			s[o++] = (unsigned char)(hi << 4 | lo);
			i += 2;
		} else
			s[o++] = s[i];
	}
	s[o] = '\0';
	n = o;
	for (i = 0, o = 0; i < n; i++) {
		if (s[i] == 0xef && i + 2 < n && s[i + 1] == 0xbc &&
		    s[i + 2] >= 0x81) {		/* U+FF01..U+FF3F */
			s[o++] = (unsigned char)(s[i + 2] - 0x81 + 0x21);
			i += 2;
		} else if (s[i] == 0xef && i + 2 < n && s[i + 1] == 0xbd &&
		    s[i + 2] >= 0x80 && s[i + 2] <= 0x9e) {	/* ..U+FF5E */
			s[o++] = (unsigned char)(s[i + 2] - 0x80 + 0x60);
			i += 2;
		} else if ((s[i] == 0xe3 && i + 2 < n && s[i + 1] == 0x80 &&
		    s[i + 2] == 0x82) || (s[i] == 0xef && i + 2 < n &&
		    s[i + 1] == 0xbd && s[i + 2] == 0xa1)) {
			s[o++] = '.';
			i += 2;
		} else
			s[o++] = s[i];
	}
	s[o] = '\0';
	for (i = 0; i < o; i++) {
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] += 'a' - 'A';
		else if (s[i] <= ' ' || s[i] == 0x7f)
			return -1;
	}
	return mod_utf8_valid(host, o) ? 0 : -1;
}

/*
 * The host a browser goes to for url, as app/view/md.c labels the link:
 * scheme, any slashes, the authority up to "/?#", after its last "@",
 * without the port, then host_fold().  Returns 1 with the host in
 * host[0..size), 0 when there is none (relative, mailto:, too long).
 */
static int
link_host(const char *url, char *host, size_t size)
{
	const char	*p = url, *h, *end, *at, *hend;
	size_t		 n;

	while (*p != '\0' && (unsigned char)*p <= ' ')
		p++;
	for (h = p; (*h >= 'a' && *h <= 'z') || (*h >= 'A' && *h <= 'Z') ||
	    (*h >= '0' && *h <= '9') || *h == '+' || *h == '-' || *h == '.';
	    h++)
		continue;
	if (*h == ':' && h > p) {
		if (h - p == 6 && strncasecmp(p, "mailto", 6) == 0)
			return 0;
		p = h + 1;
	} else if (!(p[0] == '/' && p[1] == '/'))
		return 0;
	while (*p == '/' || *p == '\\')
		p++;
	end = p + strcspn(p, "/?#\\");
	for (at = end; at > p && at[-1] != '@'; at--)
		continue;
	h = at;
	for (hend = h; hend < end && *hend != ':'; hend++)
		continue;
	n = (size_t)(hend - h);
	if (n == 0 || n >= size)
		return 0;
	memcpy(host, h, n);
	host[n] = '\0';
	if (host_fold(host) == -1)
		return 0;
	n = strlen(host);
	while (n > 0 && host[n - 1] == '.')
		host[--n] = '\0';
	return n > 0;
}

/* Parse url[0..len) with uriparser and check its host. */
static int
check_url(const struct mod_rules *r, const char *url, size_t len,
    enum mod_field field, size_t start, size_t end, struct mod_hits *out,
    struct mod_contacts *cts, int glue)
{
	UriUriA		 uri;
	const char	*errpos;
	char		 host[256];
	size_t		 n, k;
	int		 rc = 0;

	if (uriParseSingleUriExA(&uri, url, url + len, &errpos) != URI_SUCCESS)
		return 0;
	if (uri.hostText.first != NULL && uri.hostText.afterLast != NULL &&
	    uri.hostData.ip4 == NULL && uri.hostData.ip6 == NULL) {
		n = (size_t)(uri.hostText.afterLast - uri.hostText.first);
		if (n > 0 && n < sizeof(host)) {
			memcpy(host, uri.hostText.first, n);
			host[n] = '\0';
			for (k = 0; k < n; k++)
				if (host[k] >= 'A' && host[k] <= 'Z')
					host[k] += 'a' - 'A';
			while (n > 0 && host[n - 1] == '.')
				host[--n] = '\0';
			if (strchr(host, '%') != NULL && host_fold(host) == -1)
				n = 0;
			if (n > 0 && strchr(host, '.') != NULL)
				rc = check_host(r, host, field, start, end, out,
				    cts, glue);
		}
	}
	uriFreeUriMembersA(&uri);
	return rc;
}

/* A character of a host label as written in prose: a-z, 0-9 or "-". */
static int
label_ch(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
	    ch == '-';
}

/*
 * Host names spelled with the word "dot" ("binance dot com-verify dot
 * net"): labels of ASCII letters, digits and "-" joined by " dot ", the
 * last a public suffix.  Prose has " dot " too ("the dot com era"), so
 * such a name is reported only when it passes for a brand (a lookalike
 * or the brand as a subdomain of another site); it is no contact point
 * and no external link.  One memmem pass over the text.
 */
static int
spelled_hosts(const struct mod_rules *r, const struct mod_text *t,
    enum mod_field field, struct mod_hits *out)
{
	const char	*s = t->s, *e = t->s + t->len, *p, *a, *q, *b, *c;
	char		 host[256], brand[64], detail[336];
	size_t		 n;
	int		 look;

	for (p = s; p < e && (p = memmem(p, (size_t)(e - p), " dot ", 5)) !=
	    NULL; p = q) {
		for (a = p; a > s && label_ch(a[-1]); a--)
			;
		q = p + 5;
		if (a == p || (size_t)(p - a) >= sizeof(host))
			continue;
		n = (size_t)(p - a);
		memcpy(host, a, n);
		for (q = p; q + 5 <= e && memcmp(q, " dot ", 5) == 0; q = c) {
			for (b = c = q + 5; c < e && label_ch(*c); c++)
				;
			if (c == b || n + 1 + (size_t)(c - b) >= sizeof(host))
				break;
			host[n++] = '.';
			memcpy(host + n, b, (size_t)(c - b));
			n += (size_t)(c - b);
		}
		host[n] = '\0';
		if (q == p) {
			q = p + 5;
			continue;
		}
		if (!psl_is_public_suffix(r->psl, strrchr(host, '.') + 1))
			continue;
		if ((look = mod_domain_lookalike(r, host, brand,
		    sizeof(brand))) == -1)
			return -1;
		if (look == 0)
			continue;
		snprintf(detail, sizeof(detail), "%s ~ %s", host, brand);
		if (add_hit(out, look == 1 ? "link.lookalike" :
		    "link.brand_subdomain", MOD_CAT_PHISHING, 2.5, look == 1 ?
		    "取引所・ウォレットの偽物に似せたドメインへのリンク" :
		    "ブランド名をサブドメインに使った偽サイトへのリンク",
		    look == 1 ?
		    "link to a lookalike of an exchange or wallet domain" :
		    "link using a brand name as a subdomain of another site",
		    field, (size_t)(a - s), (size_t)(q - s), detail) == -1)
			return -1;
	}
	return 0;
}

/*
 * Find and judge the links in normalized t (and post->links once, with
 * the body).  Findings go to out, hosts to contacts.  Returns 0 or -1.
 */
int
mod_links_check(const struct mod_rules *r, const struct mod_text *t,
    enum mod_field field, const struct mod_post *post, struct mod_hits *out,
    struct mod_contacts *contacts)
{
	const char	*s = t->s;
	char		 host[256], url[1024];
	size_t		 i, j, end, hs, k, n, next;
	int		 ndots, scheme, hl, nonascii, blocked, cur;
	const char	*tld, *at;

	blocked = 0;
	for (i = 0; i < t->len; i++) {
		/* A candidate starts at a host character after a non-host. */
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		cur = host_char_at(s, t->len, i, &next);
		if (blocked || !cur) {
			blocked = cur || s[i] == '.' || s[i] == '@' ||
			    s[i] == '/';
			i = next - 1;
			continue;
		}
		blocked = 1;
		/* Fast path: an ASCII word not followed by a dot or "://". */
		for (j = i; j < t->len && ((s[j] >= 'a' && s[j] <= 'z') ||
		    (s[j] >= '0' && s[j] <= '9') || s[j] == '-' || s[j] == '_');
		    j++)
			;
		if (j > i && (j == t->len || ((unsigned char)s[j] < 0x80 &&
		    s[j] != '.' && s[j] != '[' && s[j] != '(' && s[j] != '{' &&
		    s[j] != ':' && s[j] != '%'))) {
			i = j - 1;
			continue;
		}
		scheme = 0;
		hs = i;
		if (strncmp(s + i, "http://", 7) == 0 ||
		    strncmp(s + i, "hxxp://", 7) == 0) {
			scheme = 1;
			hs = i + 7;
		} else if (strncmp(s + i, "https://", 8) == 0 ||
		    strncmp(s + i, "hxxps://", 8) == 0) {
			scheme = 1;
			hs = i + 8;
		}
		if (!host_char_at(s, t->len, hs, &next))
			continue;
		/* userinfo (user@host) is left to uriparser below. */
		end = hs;
		if (scheme) {
			while (end < t->len && (unsigned char)s[end] > ' ' &&
			    strchr("\"'<>()[]{}`", s[end]) == NULL &&
			    (unsigned char)s[end] < 0x80)
				end++;
			/* Non-ASCII host (homoglyphs): take the host itself. */
			if ((hl = scan_host(s, t->len, hs, host, sizeof(host),
			    &k, &ndots)) > 0 && k > end)
				end = k;
			n = end - i;
			if (n >= sizeof(url))
				n = sizeof(url) - 1;
			memcpy(url, "http://", 7);
			if (n - (hs - i) + 7 >= sizeof(url))
				n = sizeof(url) - 8 + (hs - i);
			memcpy(url + 7, s + hs, n - (hs - i));
			url[7 + n - (hs - i)] = '\0';
			/*
			 * uriparser decides the host when the authority may
			 * hold userinfo ("https://brand.com@evil.example");
			 * defanged or non-ASCII hosts are taken as scanned.
			 */
			at = memchr(url, '@', strcspn(url + 7, "/?#") + 7);
			nonascii = 0;
			for (k = 0; hl > 0 && host[k]; k++)
				if ((unsigned char)host[k] >= 0x80)
					nonascii = 1;
			if (at != NULL && !nonascii) {
				if (check_url(r, url, strlen(url), field, i, end,
				    out, contacts, 0) == -1)
					return -1;
			} else if (hl > 0 && strchr(host, '.') != NULL &&
			    check_host(r, host, field, i, end, out,
			    contacts, 0) == -1)
				return -1;
			i = end > i ? end - 1 : i;
			continue;
		}
		hl = scan_host(s, t->len, hs, host, sizeof(host), &end, &ndots);
		if (hl <= 0 || ndots == 0) {
			/* skip the rest of this word */
			while (i + 1 < t->len && host_char_at(s, t->len, i + 1,
			    &next))
				i = next - 1;
			continue;
		}
		/* A bare host: its last label must be a public suffix. */
		tld = strrchr(host, '.') + 1;
		if (strlen(tld) < 2 || !psl_is_public_suffix(r->psl, tld) ||
		    (end < t->len && (s[end] == '@' || s[end] == '(')) ||
		    (i > 0 && s[i - 1] == '@')) {
			i = end > i ? end - 1 : i;
			continue;
		}
		for (k = 0; host[k]; k++)
			if (host[k] >= '0' && host[k] <= '9')
				continue;
			else if (host[k] != '.')
				break;
		if (host[k] == '\0' || file_name(r, host)) {
			/* 1.2.3 – a number; coincheck_v5.apk – a file */
			i = end - 1;
			continue;
		}
		snprintf(url, sizeof(url), "http://%s/", host);
		j = end;
		while (j < t->len && (unsigned char)s[j] > ' ' &&
		    (unsigned char)s[j] < 0x80 && strchr("\"'<>()[]{}`",
		    s[j]) == NULL)
			j++;
		/*
		 * A host with non-ASCII letters before an ASCII top-level
		 * label (homoglyphs: "gеmini-support.example" with a Cyrillic
		 * е) is judged as scanned, as after a scheme; uriparser takes
		 * ASCII hosts only.
		 */
		for (k = 0, nonascii = 0; host[k]; k++)
			if ((unsigned char)host[k] >= 0x80)
				nonascii = 1;
		for (k = 0; nonascii && tld[k]; k++)
			if ((unsigned char)tld[k] >= 0x80)
				nonascii = 0;	/* "days.èn": words, not a host */
		if (nonascii) {
			if (check_host(r, host, field, i, j, out, contacts,
			    0) == -1)
				return -1;
			i = j > i ? j - 1 : i;
			continue;
		}
		if (check_url(r, url, strlen(url), field, i, j, out,
		    contacts, j == end && prose_glue(host)) == -1)
			return -1;
		i = j > i ? j - 1 : i;
	}
	/* Links the renderer found: parsed as given; no span in the body. */
	if (field == MOD_FIELD_BODY && post != NULL && post->links != NULL) {
		for (k = 0; k < post->nlinks; k++) {
			if (post->links[k] == NULL ||
			    !link_host(post->links[k], host, sizeof(host)) ||
			    strchr(host, '.') == NULL)
				continue;
			if (check_host(r, host, field, SIZE_MAX, SIZE_MAX, out,
			    contacts, 0) == -1)
				return -1;
		}
	}
	if (spaced_hosts(r, t, field, out, contacts) == -1)
		return -1;
	return spelled_hosts(r, t, field, out);
}

/*
 * The first " . " at or after p (its space), or NULL: the dots found
 * with memchr, fewer in a text than the spaces memmem would try.
 */
static const char *
spaced_dot(const char *p, const char *e)
{
	const char	*d;

	while (e - p >= 3 &&
	    (d = memchr(p + 1, '.', (size_t)(e - p) - 2)) != NULL) {
		if (d[-1] == ' ' && d[1] == ' ')
			return d - 1;
		p = d;
	}
	return NULL;
}

/*
 * Host names written "label . tld" with spaces around the dot: the
 * label of four characters or more (letters, digits, hyphens), the
 * top-level label a common generic one, nothing of a word after it.
 * Judged by check_host as a host found in the text.
 */
static int
spaced_hosts(const struct mod_rules *r, const struct mod_text *t,
    enum mod_field field, struct mod_hits *out, struct mod_contacts *cts)
{
	static const char *const tlds[] = { "com", "net", "org", "io",
	    "xyz", "app", "info", "site", "online", "top", "vip", "pro",
	    "live" };
	const char	*s = t->s, *e = t->s + t->len, *p, *a, *b, *c;
	char		 host[256];
	size_t		 k, n;

	for (p = s; p < e && (p = spaced_dot(p, e)) != NULL; p += 3) {
		for (a = p; a > s && label_ch(a[-1]); a--)
			;
		for (b = c = p + 3; c < e && label_ch(*c); c++)
			;
		n = (size_t)(p - a);
		if (n < 4 || n + 1 + (size_t)(c - b) >= sizeof(host) ||
		    (a > s && (a[-1] == '.' || a[-1] == '@' || a[-1] == '_')) ||
		    (c < e && (*c == '_' || *c == '@')))
			continue;
		for (k = 0; k < sizeof(tlds) / sizeof(tlds[0]); k++)
			if (strlen(tlds[k]) == (size_t)(c - b) &&
			    memcmp(tlds[k], b, (size_t)(c - b)) == 0)
				break;
		if (k == sizeof(tlds) / sizeof(tlds[0]))
			continue;
		memcpy(host, a, n);
		host[n] = '.';
		memcpy(host + n + 1, b, (size_t)(c - b));
		host[n + 1 + (size_t)(c - b)] = '\0';
		if (check_host(r, host, field, (size_t)(a - s), (size_t)(c - s),
		    out, cts, 0) == -1)
			return -1;
	}
	return 0;
}
