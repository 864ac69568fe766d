/*
 * contacts.c: phone numbers, e-mail addresses and messenger handles.
 *
 * Works on normalized text (normalize.c), so full-width digits, kanji
 * digits in numbers, dash look-alikes and zero-width characters are gone
 * already.  What remains is done here:
 *
 * - Phone numbers: a run starting at a digit or "+" (not inside a word),
 *   taking digits, the letters o (0) and l/i (1) once two digits are in
 *   (or one, right after it, before another o or a digit: "8OO-"),
 *   and up to three separator characters between digits (spaces, line
 *   breaks, punctuation, emoji, の: anything that is not a letter), so
 *   "+1(877~343~0116", "1,9,3,6,2,4,4,2,4,9,0", "0120 ー 12 34 56" and a
 *   number spread over lines are found.  The digits must look like a
 *   number: "+" or "00" and 8-15 digits (E.164), a Japanese national
 *   number (0 and 10-11 digits: 0120, 0800, 0570, 050, 090 …, given as
 *   +81…), or North American (10 digits, or 11 starting with 1, with valid
 *   area and exchange codes, given as +1…).  Dates, amounts and hex ids
 *   fail these shapes.  A digit spelled as a word inside parentheses
 *   counts ("1-888-(five)-(five)-0199"); a run that fails the shapes,
 *   or is glued to a word, after a "(" that follows eight digits or more
 *   is tried without what the parenthesis holds ("050-3211-8874（24時間）",
 *   "(24h)").
 * - E-mail addresses, also written "name (at) host (dot) com".
 * - Telegram (t.me/, telegram.me/, "telegram: name"), WhatsApp (wa.me/,
 *   api.whatsapp.com/send?phone=, chat.whatsapp.com/), Discord invites
 *   (discord.gg/, discord.com/invite/), LINE (line.me/ti/p/, lin.ee/,
 *   "LINE ID: name", "ライン ID"), also spaced out ("t . me / +Ab3"), IDs
 *   on other messengers ("wechat: name", "viber:", "snapchat:", "ID: name"
 *   after a messenger named: handles without "@"), and bare @handles.
 *
 * Values are normalized (lower case, digits only for phones with a
 * leading "+") so the caller can compare them across posts.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "moderation/mod_int.h"

#define KANA_PAIR_BITS	4096

static int	 is_word(unsigned char);
static int	 is_sep_at(const char *, size_t, size_t, size_t *, int *);
static int	 ol_digit(const char *, size_t, size_t);
static int	 phones(const struct mod_text *, enum mod_field,
		    struct mod_contacts *);
static int	 phone_shape(const char *, size_t, char *, size_t);
static int	 is_quantity(const char *, size_t, size_t);
static int	 paren_digit(const char *, size_t, size_t, size_t *);
static int	 emails(const struct mod_text *, enum mod_field,
		    struct mod_contacts *);
static int	 at_token(const char *, size_t, size_t, size_t *);
static int	 dot_token(const char *, size_t, size_t, size_t *);
static size_t	 defanged_dot(const char *, size_t, size_t);
static size_t	 pfx_at(const char *, size_t, size_t, const char *);
static int	 links(const struct mod_text *, enum mod_field,
		    struct mod_contacts *);
static int	 prose_word(const struct mod_rules *, const char *, size_t);
static int	 app_before(const char *, const char *);
static int	 text_line(const char *, const char *);
static int	 spaced_apps(const struct mod_text *, enum mod_field,
		    struct mod_contacts *);
static int	 session_ids(const struct mod_text *, enum mod_field,
		    struct mod_contacts *);
static size_t	 ja_at(const char *, size_t, size_t);
static unsigned	 kana_index(const unsigned char *);
static int	 is_kana3(const unsigned char *, size_t);
static void	 kana_pairs(const char *, size_t, uint64_t *);
static int	 kana_pair_in(const uint64_t *, const char *, size_t);
static int	 keyword_handles(const struct mod_rules *,
		    const struct mod_text *, enum mod_field,
		    struct mod_contacts *);
static int	 handles(const struct mod_text *, enum mod_field,
		    struct mod_contacts *);
static int	 discord_tags(const struct mod_text *, enum mod_field,
		    struct mod_contacts *);
static int	 nontag(const char *, size_t);
static int	 has_contact(const struct mod_contacts *, enum mod_contact_type,
		    const char *);

static int
is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/*
 * Is there a separator code point at s[i]?  Sets *next past it and
 * *newline.  Letters and digits are not separators.
 */
static int
is_sep_at(const char *s, size_t len, size_t i, size_t *next, int *newline)
{
	int32_t		 j = (int32_t)i;
	UChar32		 c;

	*newline = 0;
	if ((unsigned char)s[i] < 0x80) {
		c = (unsigned char)s[i];
		*next = i + 1;
		if (c == '\n')
			*newline = 1;
		return !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '@' || c == '#' || c == '+' || c == '=' || c == '%' ||
		    c == '$' || c == '&' || c == '<' || c == '>' || c == '"');
	}
	U8_NEXT(s, j, (int32_t)len, c);
	*next = (size_t)j;
	if (c < 0)
		return 0;
	if (c == 0x306e)	/* の between groups: 090の1234の5678 */
		return 1;
	return !u_isalnum(c) && c != 0x5186 && c != 0x00a5;	/* 円 ¥ */
}

/*
 * Does the digit string d[0..n) have the shape of a phone number?  Writes
 * the normalized value to out.  plus: the run began with "+".
 */
static int
phone_shape(const char *d, size_t n, char *out, size_t outlen)
{
	if (n < 8 || n > 15)
		return 0;
	if (d[0] == '+') {
		if (n - 1 < 8 || d[1] == '0')
			return 0;
		snprintf(out, outlen, "%.*s", (int)n, d);
		return 1;
	}
	if (d[0] == '0' && d[1] == '0' && n >= 10 && n <= 15 && d[2] != '0') {
		snprintf(out, outlen, "+%.*s", (int)(n - 2), d + 2);
		return 1;
	}
	if (d[0] == '0' && d[1] != '0' && (n == 10 || n == 11)) {
		/* 11 digits: mobile/IP (070 080 090 050), 0800, UK-style. */
		if (n == 11 && !(d[2] == '0' || (d[1] == '8' && d[2] == '0') ||
		    d[1] == '1' || d[1] == '2' || d[1] == '3' || d[1] == '7' ||
		    d[1] == '9'))
			return 0;
		snprintf(out, outlen, "+81%.*s", (int)(n - 1), d + 1);
		return 1;
	}
	if (n == 11 && d[0] == '1') {
		d++;
		n--;
	}
	if (n == 10 && d[0] >= '2' && d[0] <= '9' && d[3] >= '2' &&
	    d[3] <= '9') {
		snprintf(out, outlen, "+1%.*s", (int)n, d);
		return 1;
	}
	return 0;
}

/*
 * A digit spelled as a word inside parentheses at s[i] ("(five)" of
 * "1-888-(five)-(five)-0199"), s[i] being the letter after "(": the
 * digit's character, *next past the ")"; else 0.  Outside parentheses
 * digit words are prose ("one of the five"), read by rules only.
 */
/*
 * Is s[i..last) a quantity written with thousands separators
 * ("2.126.521.750 views", "1,234,567")?  One to three digits, not 0
 * first, then at least two groups of exactly three digits, every
 * separator the same single "." or ",".  No phone number is written so;
 * a view or price count would otherwise read as a US number.
 */
static int
is_quantity(const char *s, size_t i, size_t last)
{
	size_t		 k, g = 0, groups = 0;
	char		 sep = 0;

	if (s[i] < '1' || s[i] > '9')
		return 0;
	for (k = i; k < last; k++) {
		if (s[k] >= '0' && s[k] <= '9') {
			g++;
			continue;
		}
		if ((s[k] != '.' && s[k] != ',') || (sep != 0 && s[k] != sep))
			return 0;
		if (groups == 0 ? g > 3 : g != 3)
			return 0;
		sep = s[k];
		groups++;
		g = 0;
	}
	return groups >= 2 && g == 3;
}

static int
paren_digit(const char *s, size_t len, size_t i, size_t *next)
{
	static const char *const w[] = { "zero", "one", "two", "three",
	    "four", "five", "six", "seven", "eight", "nine" };
	size_t		 k, n;

	if (i == 0 || s[i - 1] != '(')
		return 0;
	for (k = 0; k < sizeof(w) / sizeof(w[0]); k++) {
		n = strlen(w[k]);
		if (i + n < len && memcmp(s + i, w[k], n) == 0 &&
		    s[i + n] == ')') {
			*next = i + n + 1;
			return '0' + (int)k;
		}
	}
	return 0;
}

/*
 * 1 when the letters o, l and i at s[j] (at most three: "Ol42",
 * "OO19") lead to a digit: after a separator they start a group as
 * digits.
 */
static int
ol_digit(const char *s, size_t len, size_t j)
{
	size_t		 k;

	for (k = j; k < len && k - j < 3 &&
	    (s[k] == 'o' || s[k] == 'l' || s[k] == 'i'); k++)
		;
	return k > j && k < len && s[k] >= '0' && s[k] <= '9';
}

static int
phones(const struct mod_text *t, enum mod_field field,
    struct mod_contacts *out)
{
	const char	*s = t->s;
	char		 d[32], val[40];
	size_t		 i, j, nd, next, last, seps, nl, k, pnd, plast;
	size_t		 gap, prev, prevlen, onds, ond, olast, glen, lnd, llast;
	int		 newline, plus, lead_o, pd;
	unsigned char	 c;

	/* Bytes a number may start at, and the text's closing NUL. */
	static const unsigned char start[256] = { [0] = 1, ['+'] = 1,
	    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
	    ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	    ['o'] = 1 };

	for (i = 0; i < t->len; i++) {
		/* Other bytes are passed over here, not by the tests below. */
		while (!start[(unsigned char)s[i]])
			i++;
		if (i >= t->len)
			break;
		c = (unsigned char)s[i];
		plus = lead_o = 0;
		/* "O12O-4O6-..." : the letter O for a leading zero. */
		if (c == 'o' && i + 1 < t->len && s[i + 1] >= '0' &&
		    s[i + 1] <= '9')
			lead_o = 1;
		else if (c == '+') {
			k = i + 1;
			while (k < t->len && (s[k] == ' ' || s[k] == '('))
				k++;
			if (k >= t->len || s[k] < '1' || s[k] > '9')
				continue;
			plus = 1;
		} else if (c < '0' || c > '9')
			continue;
		if (i > 0 && (is_word((unsigned char)s[i - 1]) ||
		    s[i - 1] == '.' || s[i - 1] == '/' || s[i - 1] == '#' ||
		    s[i - 1] == '=' || s[i - 1] == '-'))
			continue;
		nd = 0;
		if (plus)
			d[nd++] = '+';
		if (lead_o)
			d[nd++] = '0';
		j = plus || lead_o ? i + 1 : i;
		last = j;
		seps = nl = gap = prev = prevlen = 0;
		pnd = plast = onds = ond = olast = glen = lnd = llast = 0;
		while (j < t->len && nd < sizeof(d) - 1) {
			c = (unsigned char)s[j];
			if (c >= 'a' && c <= 'z' && nd - plus >= 1 &&
			    (pd = paren_digit(s, t->len, j, &next)) != 0) {
				d[nd++] = (char)pd;
				j = next;
				last = j;
				glen = gap > 0 ? 1 : glen + 1;
				seps = gap = prevlen = onds = 0;
				continue;
			}
			/*
			 * A "(" after a number's digits may open a note
			 * ("（24時間）", "(24h)"): the digits before it are
			 * tried alone if the whole run is no number.
			 */
			if (c == '(' && pnd == 0 &&
			    nd - plus >= 8) {
				pnd = nd;
				plast = last;
			}
			if (c >= '0' && c <= '9') {
				d[nd++] = (char)c;
				j++;
				last = j;
				glen = gap > 0 ? 1 : glen + 1;
				seps = gap = prevlen = onds = 0;
				continue;
			}
			/* After a separator, a letter starts a group only
			 * before a digit ("O198"; not the O of "(Oはゼロ)"),
			 * or alone among digits spaced out one by one
			 * ("5 5 5 - 0 l 9 l": o or l, no letter after it). */
			if ((c == 'o' || c == 'l' || c == 'i') &&
			    (nd - plus >= 2 || (nd - plus == 1 && gap == 0 &&
			    j + 1 < t->len && (s[j + 1] == 'o' ||
			    (s[j + 1] >= '0' && s[j + 1] <= '9')))) &&
			    (gap == 0 || ol_digit(s, t->len, j) ||
			    (glen == 1 && c != 'i' && (j + 1 >= t->len ||
			    s[j + 1] < 'a' || s[j + 1] > 'z'))) &&
			    (j + 1 >= t->len ||
			    !((s[j + 1] >= 'a' && s[j + 1] <= 'z' &&
			    s[j + 1] != 'o' && s[j + 1] != 'l' &&
			    s[j + 1] != 'i')))) {
				d[nd++] = c == 'o' ? '0' : '1';
				j++;
				last = j;
				glen = gap > 0 ? 1 : glen + 1;
				seps = gap = prevlen = onds = 0;
				continue;
			}
			/*
			 * Spaces are free and a separator repeated counts
			 * once ("1-800 . . 555", "2 - (four)", "🔥🔥"), up
			 * to eight code points between two digits.
			 */
			if (is_sep_at(s, t->len, j, &next, &newline)) {
				/*
				 * Where a line ended a number: tried alone if
				 * the whole is no number (the next line's
				 * list numbering, "…0142**\n3. Say …").
				 */
				if (newline && nd > 0 && lnd != nd &&
				    phone_shape(d, nd, val, sizeof(val))) {
					lnd = nd;
					llast = last;
				}
				if (++gap > 8 || (nl += newline) > 3)
					break;
				/* Where four separators of any kind ended the
				 * run before: tried alone if the whole is no
				 * number ("0120-382-066  ※ 24時間"). */
				if (++onds == 4 && ond == 0) {
					ond = nd;
					olast = last;
				}
				if (c != ' ' && (next - j != prevlen ||
				    memcmp(s + j, s + prev, prevlen) != 0) &&
				    ++seps > 3)
					break;
				if (c != ' ') {
					prev = j;
					prevlen = next - j;
				}
				j = next;
				continue;
			}
			break;
		}
		/*
		 * A run glued to a word on its right is an identifier, unless
		 * the glued part is inside a note in parentheses ("(24h)").
		 */
		d[nd] = '\0';
		if (ond > 0 && ((last < t->len && last == j &&
		    is_word((unsigned char)s[last])) ||
		    !phone_shape(d, nd, val, sizeof(val)))) {
			nd = ond;
			last = olast;
			d[nd] = '\0';
			if (pnd > nd)
				pnd = 0;
		}
		if (pnd > 0 && ((last < t->len && last == j &&
		    is_word((unsigned char)s[last])) ||
		    !phone_shape(d, nd, val, sizeof(val)))) {
			nd = pnd;
			last = plast;
			d[nd] = '\0';
		} else if (last < t->len && last == j &&
		    is_word((unsigned char)s[last])) {
			i = j;
			continue;
		}
		if (lnd > 0 && lnd <= nd && !phone_shape(d, nd, val,
		    sizeof(val))) {
			nd = lnd;
			last = llast;
			d[nd] = '\0';
		}
		if (phone_shape(d, nd, val, sizeof(val)) &&
		    !is_quantity(s, i, last) &&
		    !has_contact(out, MOD_CONTACT_PHONE, val) &&
		    mod_contacts_add(out, MOD_CONTACT_PHONE, val, strlen(val),
		    field, i, last) == -1)
			return -1;
		i = last > i ? last - 1 : i;
	}
	return 0;
}

/*
 * The length of the first of the ntoks tokens that starts at s[i], or 0
 * (the defanged "@" and "." of contacts, the dots of links.c's hosts).
 */
size_t
mod_tok_at(const char *s, size_t len, size_t i, const char *const *toks,
    size_t ntoks)
{
	size_t		 k, n;

	for (k = 0; k < ntoks; k++) {
		n = strlen(toks[k]);
		if (i + n <= len && memcmp(s + i, toks[k], n) == 0)
			return n;
	}
	return 0;
}

/* "@", "(at)", "[at]", "{at}", " at " (only between words)… */
static int
at_token(const char *s, size_t len, size_t i, size_t *next)
{
	static const char *const toks[] = { "@", "(at)", "[at]", "{at}",
	    " (at) ", " [at] " };
	size_t		 n;

	if ((n = mod_tok_at(s, len, i, toks, sizeof(toks) /
	    sizeof(toks[0]))) == 0)
		return 0;
	*next = i + n;
	return 1;
}

static int
dot_token(const char *s, size_t len, size_t i, size_t *next)
{
	static const char *const toks[] = { " (dot) ", " [dot] ", "(dot)",
	    "[dot]", "{dot}", "[.]", "(.)", "." };
	size_t		 n;

	if ((n = mod_tok_at(s, len, i, toks, sizeof(toks) /
	    sizeof(toks[0]))) == 0)
		return 0;
	*next = i + n;
	return 1;
}

static int
emails(const struct mod_text *t, enum mod_field field,
    struct mod_contacts *out)
{
	const char	*s = t->s;
	char		 val[256];
	size_t		 i, a, j, next, nv, lastdot, start;
	unsigned char	 c;
	int		 labels;

	/* Every at_token() holds "@", ")", "]" or "}": none, no address. */
	if (t->len == 0 || (memchr(s, '@', t->len) == NULL &&
	    memchr(s, ')', t->len) == NULL && memchr(s, ']', t->len) == NULL &&
	    memchr(s, '}', t->len) == NULL))
		return 0;
	for (i = 0; i < t->len; i++) {
		if (s[i] != '@' && s[i] != '(' && s[i] != '[' && s[i] != '{' &&
		    s[i] != ' ')
			continue;
		if (!at_token(s, t->len, i, &next))
			continue;
		/* Local part to the left. */
		a = i;
		while (a > 0) {
			c = (unsigned char)s[a - 1];
			if (is_word(c) || c == '.' || c == '+' || c == '-' ||
			    c == '%')
				a--;
			else
				break;
		}
		if (a == i || s[a] == '.')
			continue;
		start = a;
		nv = 0;
		while (a < i && nv < sizeof(val) - 2)
			val[nv++] = s[a++];
		val[nv++] = '@';
		/* Domain to the right: labels joined by dots. */
		j = next;
		labels = 0;
		lastdot = 0;
		while (j < t->len && nv < sizeof(val) - 2) {
			c = (unsigned char)s[j];
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			    c == '-') {
				val[nv++] = (char)c;
				j++;
				continue;
			}
			if (nv > 0 && val[nv - 1] != '.' && val[nv - 1] != '@' &&
			    dot_token(s, t->len, j, &next) && next < t->len &&
			    s[next] >= 'a' && s[next] <= 'z') {
				val[nv++] = '.';
				lastdot = nv;
				labels++;
				j = next;
				continue;
			}
			break;
		}
		val[nv] = '\0';
		if (labels == 0 || nv - lastdot < 2 || val[nv - 1] == '-')
			continue;
		for (a = lastdot; a < nv; a++)
			if (val[a] < 'a' || val[a] > 'z')
				break;
		if (a < nv)
			continue;
		if (!has_contact(out, MOD_CONTACT_EMAIL, val) &&
		    mod_contacts_add(out, MOD_CONTACT_EMAIL, val, nv, field,
		    start, j) == -1)
			return -1;
		i = j > 0 ? j - 1 : i;
	}
	return 0;
}

/*
 * A dot defanged at s[i] so that no link is seen: "[.]", "(.)", "{.}",
 * "[dot]", "(dot)", "{dot}", or "dot" between spaces ("t[.]me/…",
 * "discord(.)gg/…", "wa dot me/…"; NFKC has made "［．］" "[.]").
 * Returns its length, or 0.
 */
static size_t
defanged_dot(const char *s, size_t len, size_t i)
{
	static const char *const toks[] = { "[.]", "(.)", "{.}", "[dot]",
	    "(dot)", "{dot}" };
	size_t		 n;

	if ((n = mod_tok_at(s, len, i, toks, sizeof(toks) /
	    sizeof(toks[0]))) > 0)
		return n;
	if (i > 0 && s[i - 1] == ' ' && i + 4 <= len &&
	    memcmp(s + i, "dot ", 4) == 0)
		return 3;
	return 0;
}

/*
 * Whether the link prefix pfx ("t.me/") starts at s[i], its dots and
 * slashes written with spaces around them, as "。" or defanged ("t . me
 * / +Ab3", "wa。me/81…", "t[.]me/…": written so that no link is seen).
 * Returns the offset past it, or 0.
 */
static size_t
pfx_at(const char *s, size_t len, size_t i, const char *pfx)
{
	size_t		 j = i, n;
	const char	*q;

	for (q = pfx; *q != '\0'; q++) {
		if (*q != '.' && *q != '/') {
			if (j >= len || s[j] != *q)
				return 0;
			j++;
			continue;
		}
		while (j < len && s[j] == ' ')
			j++;
		if (j < len && s[j] == *q)
			j++;
		else if (*q == '.' && j + 3 <= len &&
		    memcmp(s + j, "\xe3\x80\x82", 3) == 0)
			j += 3;
		else if (*q == '.' && (n = defanged_dot(s, len, j)) > 0)
			j += n;
		else
			return 0;
		while (j < len && s[j] == ' ')
			j++;
	}
	return j;
}

struct linkpfx {
	const char		*pfx;
	enum mod_contact_type	 type;
};

static int
links(const struct mod_text *t, enum mod_field field,
    struct mod_contacts *out)
{
	static const struct linkpfx pfx[] = {
		{ "t.me/", MOD_CONTACT_TELEGRAM },
		{ "telegram.me/", MOD_CONTACT_TELEGRAM },
		{ "telegram.dog/", MOD_CONTACT_TELEGRAM },
		{ "wa.me/", MOD_CONTACT_WHATSAPP },
		{ "api.whatsapp.com/send?phone=", MOD_CONTACT_WHATSAPP },
		{ "chat.whatsapp.com/", MOD_CONTACT_WHATSAPP },
		{ "discord.gg/", MOD_CONTACT_DISCORD },
		{ "discord.com/invite/", MOD_CONTACT_DISCORD },
		{ "discordapp.com/invite/", MOD_CONTACT_DISCORD },
		{ "line.me/ti/p/", MOD_CONTACT_LINE },
		{ "line.me/r/ti/p/", MOD_CONTACT_LINE },
		{ "lin.ee/", MOD_CONTACT_LINE },
	};
	const char	*s = t->s, *p;
	size_t		 k, i, off, j, v, lim;

	/*
	 * Every prefix holds a "/", which has no stand-in: none starts at
	 * or after the text's last one (most posts have none at all).
	 */
	if (t->len == 0 || (p = memrchr(s, '/', t->len)) == NULL)
		return 0;
	lim = (size_t)(p - s);
	for (k = 0; k < sizeof(pfx) / sizeof(pfx[0]); k++) {
		for (i = 0; i < lim; i++) {
			/* memchr: twelve byte-by-byte passes were a tenth
			 * of the check. */
			if ((p = memchr(s + i, pfx[k].pfx[0], lim - i)) ==
			    NULL)
				break;
			i = (size_t)(p - s);
			if ((off = pfx_at(s, t->len, i, pfx[k].pfx)) == 0)
				continue;
			p = s + i;
			i = off - 1;
			if (p > s && (is_word((unsigned char)p[-1]) ||
			    p[-1] == '-'))
				continue;
			j = off;
			if (j < t->len && (s[j] == '@' || s[j] == '+' ||
			    s[j] == '~'))
				j++;
			v = j;
			while (j < t->len && (is_word((unsigned char)s[j]) ||
			    s[j] == '-' || s[j] == '.'))
				j++;
			while (j > v && s[j - 1] == '.')
				j--;
			if (j == v)
				continue;
			if (!has_contact(out, pfx[k].type, "") &&
			    mod_contacts_add(out, pfx[k].type, s + v, j - v,
			    field, (size_t)(p - s), j) == -1)
				return -1;
		}
	}
	return 0;
}

struct kwhandle {
	const char		*kw;
	enum mod_contact_type	 type;
	int			 app;	/* only after a messenger named */
	int			 gate;	/* index in keyword_handles' gates[] */
};

/*
 * Whether w[0..n) reads as an English word rather than a handle: no digit,
 * "_" or ".", and a common word (the BIP39 list), its plural or third
 * person ("offers", "claims", "pushes"), or an adverb, participle or
 * gerund ("-ly", "-ed", "-ing").
 */
static int
prose_word(const struct mod_rules *r, const char *w, size_t n)
{
	size_t		 i;

	for (i = 0; i < n; i++)
		if (w[i] < 'a' || w[i] > 'z')
			return 0;
	if (mod_strset_get(&r->bip39_en, w, n, NULL))
		return 1;
	if (n > 3 && w[n - 1] == 's' &&
	    (mod_strset_get(&r->bip39_en, w, n - 1, NULL) ||
	    (w[n - 2] == 'e' && mod_strset_get(&r->bip39_en, w, n - 2, NULL))))
		return 1;
	return (n > 4 && memcmp(w + n - 2, "ly", 2) == 0) ||
	    (n > 4 && memcmp(w + n - 2, "ed", 2) == 0) ||
	    (n > 5 && memcmp(w + n - 3, "ing", 3) == 0);
}

/*
 * 1 when a messenger is named in the 80 bytes before p, within its line
 * or the sentence before ("LINEで教えます。ID：name", "Line, ID: name",
 * "カカオトーク ID：name"): an "ID:" there is that messenger's.  ASCII
 * names are whole words; the katakana ones are names only (ライン is not
 * among them: オンライン ends with it).
 */
static int
app_before(const char *s, const char *p)
{
	static const char *const names[] = { "telegram", "whatsapp",
	    "signal", "line", "wechat", "weixin", "viber", "skype",
	    "kakao", "kakaotalk", "snapchat", "threema", "discord",
	    "instagram", "insta", "テレグラム", "ワッツアップ", "シグナル",
	    "カカオ", "ウィーチャット", "スカイプ", "バイバー", "スナップチャット",
	    "インスタ", "ディスコード" };
	const char	*b = p - 80 > s ? p - 80 : s, *q;
	size_t		 k, n;

	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		n = strlen(names[k]);
		for (q = b; q + n <= p &&
		    (q = memmem(q, (size_t)(p - q), names[k], n)) != NULL;
		    q++) {
			if ((unsigned char)names[k][0] >= 0x80)
				return 1;
			if ((q == s || !is_word((unsigned char)q[-1])) &&
			    !is_word((unsigned char)q[n]))
				return 1;
		}
	}
	return 0;
}

/*
 * 1 when the word before "line" at p makes it a line of text, not the
 * messenger: "next line: cabin", "first line: your address", "the last
 * line: timeout" (an ordinal or a determiner; "add me on line: name"
 * and a "LINE: name" that opens a sentence are the app).
 */
static int
text_line(const char *s, const char *p)
{
	static const char *const words[] = { "next", "first", "second",
	    "third", "fourth", "fifth", "last", "previous", "following",
	    "new", "each", "every", "one", "another", "same", "top",
	    "bottom", "final", "empty", "blank", "single", "subject",
	    "command", "header", "status", "error", "this", "that", "the",
	    "a", "1st", "2nd", "3rd", "nth", "below", "above" };
	const char	*e = p, *b;
	size_t		 k;

	while (e > s && e[-1] == ' ')
		e--;
	for (b = e; b > s && is_word((unsigned char)b[-1]); b--)
		;
	if (b == e)
		return 0;
	for (k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if (strlen(words[k]) == (size_t)(e - b) &&
		    memcmp(words[k], b, (size_t)(e - b)) == 0)
			return 1;
	return 0;
}

/*
 * Past up to two particles or opening brackets (の, で, は, 「, 『, 【, "(")
 * and spaces at off, when an "@" follows them: its offset; else off.
 */
static size_t
ja_at(const char *s, size_t len, size_t off)
{
	static const char *const skip[] = { "の", "で", "は", "「", "『",
	    "【", "(" };
	size_t		 j = off, k, n;
	int		 steps;

	for (steps = 0; steps < 2; steps++) {
		for (k = 0; k < sizeof(skip) / sizeof(skip[0]); k++) {
			n = strlen(skip[k]);
			if (j + n <= len && memcmp(s + j, skip[k], n) == 0) {
				j += n;
				break;
			}
		}
		if (k == sizeof(skip) / sizeof(skip[0]))
			break;
	}
	while (j < len && s[j] == ' ')
		j++;
	return j > off && j < len && s[j] == '@' ? j : off;
}

/*
 * Pairs of kana side by side (U+3080-U+30FF: e3 82 xx or e3 83 xx),
 * hashed into KANA_PAIR_BITS bits; a bit shared by two pairs only
 * makes kana_pair_in() say yes more often, never no wrongly.
 */
static unsigned
kana_index(const unsigned char *u)
{
	return ((unsigned)(u[1] - 0x82) << 6) | (u[2] & 0x3f);
}

static int
is_kana3(const unsigned char *u, size_t left)
{
	return left >= 3 && u[0] == 0xe3 && (u[1] == 0x82 || u[1] == 0x83) &&
	    (u[2] & 0xc0) == 0x80;
}

static void
kana_pairs(const char *s, size_t len, uint64_t *bits)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t		 i;
	unsigned	 h;

	memset(bits, 0, KANA_PAIR_BITS / 8);
	for (i = 0; i + 6 <= len; ) {
		if (!is_kana3(u + i, len - i)) {
			i++;
			continue;
		}
		if (is_kana3(u + i + 3, len - i - 3)) {
			h = (kana_index(u + i) * 128 +
			    kana_index(u + i + 3)) % KANA_PAIR_BITS;
			bits[h / 64] |= (uint64_t)1 << (h % 64);
		}
		i += 3;
	}
}

/* 1 unless kw starts with two kana that kana_pairs() did not see. */
static int
kana_pair_in(const uint64_t *bits, const char *kw, size_t n)
{
	const unsigned char *u = (const unsigned char *)kw;
	unsigned	 h;

	if (!is_kana3(u, n) || !is_kana3(u + 3, n - 3))
		return 1;
	h = (kana_index(u) * 128 + kana_index(u + 3)) % KANA_PAIR_BITS;
	return (bits[h / 64] >> (h % 64)) & 1;
}

/*
 * "telegram: name", "line id: name", "wechat: name", "whatsapp +1…" (the
 * number is a phone), the katakana names of WeChat, KakaoTalk and
 * WhatsApp ("ウィーチャット name", "カカオトーク：name"), and "ID: name"
 * after a messenger named (app_before).
 */
static int
keyword_handles(const struct mod_rules *r, const struct mod_text *t,
    enum mod_field field, struct mod_contacts *out)
{
	static const struct kwhandle kws[] = {
		{ "telegram", MOD_CONTACT_TELEGRAM, 0, 0 },
		{ "テレグラム", MOD_CONTACT_TELEGRAM, 0, 0 },
		{ "tg:", MOD_CONTACT_TELEGRAM, 0, 0 },
		{ "line id", MOD_CONTACT_LINE, 0, 1 },
		{ "lineid", MOD_CONTACT_LINE, 0, 1 },
		{ "line:", MOD_CONTACT_LINE, 0, 1 },
		{ "ライン id", MOD_CONTACT_LINE, 0, 2 },
		{ "ラインid", MOD_CONTACT_LINE, 0, 2 },
		{ "ラインアカウント", MOD_CONTACT_LINE, 0, 2 },
		{ "ライン(id", MOD_CONTACT_LINE, 0, 2 },
		{ "whatsapp", MOD_CONTACT_WHATSAPP, 0, 0 },
		{ "signal:", MOD_CONTACT_HANDLE, 0, 0 },
		{ "wickr", MOD_CONTACT_HANDLE, 0, 0 },
		{ "discord:", MOD_CONTACT_DISCORD, 0, 0 },
		{ "wechat:", MOD_CONTACT_HANDLE, 0, 3 },
		{ "wechat id", MOD_CONTACT_HANDLE, 0, 3 },
		{ "weixin:", MOD_CONTACT_HANDLE, 0, 0 },
		{ "viber:", MOD_CONTACT_HANDLE, 0, 0 },
		{ "skype:", MOD_CONTACT_HANDLE, 0, 4 },
		{ "skype id", MOD_CONTACT_HANDLE, 0, 4 },
		{ "kakao:", MOD_CONTACT_HANDLE, 0, 5 },
		{ "kakao id", MOD_CONTACT_HANDLE, 0, 5 },
		{ "kakaotalk:", MOD_CONTACT_HANDLE, 0, 5 },
		{ "kakaotalk id", MOD_CONTACT_HANDLE, 0, 5 },
		{ "snapchat:", MOD_CONTACT_HANDLE, 0, 0 },
		{ "threema:", MOD_CONTACT_HANDLE, 0, 6 },
		{ "threema id", MOD_CONTACT_HANDLE, 0, 6 },
		/*
		 * The messengers' katakana names (テレグラム above): a handle
		 * after one is ASCII, so Japanese prose after the name ends
		 * the search at once.  シグナル is left out: it is also a
		 * trading signal ("売買シグナル: long").
		 */
		{ "ワッツアップ", MOD_CONTACT_WHATSAPP, 0, 0 },
		{ "ディスコード", MOD_CONTACT_DISCORD, 0, 0 },
		{ "カカオトーク", MOD_CONTACT_HANDLE, 0, 0 },
		{ "カカオ", MOD_CONTACT_HANDLE, 0, 0 },
		{ "ウィーチャット", MOD_CONTACT_HANDLE, 0, 0 },
		{ "スカイプ", MOD_CONTACT_HANDLE, 0, 0 },
		{ "バイバー", MOD_CONTACT_HANDLE, 0, 0 },
		{ "インスタグラム", MOD_CONTACT_HANDLE, 0, 0 },
		{ "インスタ", MOD_CONTACT_HANDLE, 0, 0 },
		{ "id:", MOD_CONTACT_HANDLE, 1, 0 },
		/* A user name, after a messenger named (app_before). */
		{ "username", MOD_CONTACT_HANDLE, 1, 7 },
		{ "user name", MOD_CONTACT_HANDLE, 1, 7 },
		{ "ユーザー名", MOD_CONTACT_HANDLE, 1, 8 },
		{ "ユーザーネーム", MOD_CONTACT_HANDLE, 1, 8 },
	};
	static const char *const skipw[] = { "me", "us", "at", "on", "via",
	    "app", "id", "is", "the", "my", "our", "and", "or", "to", "for",
	    "channel", "group", "number", "account", "official", "com",
	    "org", "a", "an", "with", "handle", "username", "contact",
	    "user", "in", "of", "it", "this", "that", "only", "support",
	    "messenger", "chat", "please", "directly", "now", "today", "dm",
	    "inbox", "message", "text", "admin", "web", "desktop", "x",
	    "bot", "pay", "wallet", "premium", "link", "links", "also",
	    "but", "not", "no", "yes", "so", "if", "by", "from", "here",
	    "there", "you", "your", "i", "we", "http", "https" };
	/*
	 * Names of messengers and networks: in "Telegram or WhatsApp" the
	 * second is a list of places, not the handle on the first.
	 */
	static const char *const apps[] = { "telegram", "whatsapp", "signal",
	    "line", "discord", "wechat", "viber", "skype", "instagram",
	    "insta", "kakao", "kakaotalk", "snapchat", "facebook", "twitter",
	    "tiktok", "reddit", "wickr", "threema", "session", "email",
	    "e-mail", "sms", "phone",
	    /* "Telegram is a scam", "WeChat: fake": a warning, no handle */
	    "scam", "scams", "scammer", "scammers", "fake", "fraud",
	    "phishing", "impersonator", "impersonators" };
	/* The beginnings kws[].gate names: every keyword with one has it. */
	static const char *const gates[] = { NULL, "line", "ライン", "wechat",
	    "skype", "kakao", "threema", "user", "ユーザー" };
	const char	*s = t->s, *p;
	size_t		 k, n, off, j, v, w, q;
	int		 words, skip, kana, g;
	char		 gated[sizeof(gates) / sizeof(gates[0])] = { 0 };
	uint64_t	 pairs[KANA_PAIR_BITS / 64];

	/*
	 * The katakana names need a byte of kana (0xe3 leads them all),
	 * and their first two letters side by side: one pass notes the
	 * pairs of kana the text has, so that a name whose pair is not
	 * there is not searched for (a Japanese post has kana everywhere).
	 */
	kana = memchr(s, 0xe3, t->len) != NULL;
	if (kana)
		kana_pairs(s, t->len, pairs);
	for (k = 0; k < sizeof(kws) / sizeof(kws[0]); k++) {
		if ((unsigned char)kws[k].kw[0] >= 0x80 && (!kana ||
		    !kana_pair_in(pairs, kws[k].kw, strlen(kws[k].kw))))
			continue;
		/*
		 * Keywords that begin alike ("line id", "lineid", "line:"):
		 * the beginning is looked up once, and when the text lacks
		 * it none of them is searched for.
		 */
		g = kws[k].gate;
		if (g != 0 && (gated[g] == 0 ? (gated[g] = strstr(s,
		    gates[g]) != NULL ? 1 : 2) : gated[g]) == 2)
			continue;
		n = strlen(kws[k].kw);
		off = 0;
		while (off < t->len &&
		    (p = strstr(s + off, kws[k].kw)) != NULL) {
			off = (size_t)(p - s) + n;
			if (p > s && is_word((unsigned char)p[-1]))
				continue;
			/* "カカオトークID「name」", "telegram id name" */
			if (kws[k].kw[n - 1] != ':' && kws[k].kw[n - 1] != 'd' &&
			    off + 2 <= t->len && memcmp(s + off, "id", 2) == 0 &&
			    (off + 2 == t->len ||
			    !is_word((unsigned char)s[off + 2])))
				off += 2;
			if (kws[k].kw[n - 1] != ':' && off < t->len &&
			    is_word((unsigned char)s[off]))
				continue;
			if (kws[k].app && !app_before(s, p))
				continue;
			if (strncmp(kws[k].kw, "line", 4) == 0 &&
			    text_line(s, p))
				continue;
			/*
			 * A katakana name, a particle or a bracket, then an
			 * "@": テレグラムの「@name」, テレグラムで @name.
			 */
			if ((unsigned char)kws[k].kw[0] >= 0x80)
				off = ja_at(s, t->len, off);
			/* Up to 4 filler words, then the handle. */
			j = off;
			for (words = 0; words < 5; words++) {
				while (j < t->len && (s[j] == ' ' ||
				    s[j] == ':' || s[j] == '-' || s[j] == '@' ||
				    s[j] == '(' || s[j] == '"' || s[j] == '\'' ||
				    s[j] == '\n'))
					j++;
				if (j + 3 <= t->len &&
				    (memcmp(s + j, "：", 3) == 0 ||
				    memcmp(s + j, "「", 3) == 0 ||
				    memcmp(s + j, "『", 3) == 0)) {
					j += 3;
					continue;
				}
				v = j;
				while (j < t->len &&
				    (is_word((unsigned char)s[j]) ||
				    s[j] == '.'))
					j++;
				while (j > v && s[j - 1] == '.')
					j--;
				if (j == v)
					break;
				/* "ディスコード discord.gg/…": a link, found elsewhere. */
				if (j < t->len && s[j] == '/')
					break;
				skip = 0;
				for (w = 0; w < sizeof(skipw) /
				    sizeof(skipw[0]); w++)
					if (strlen(skipw[w]) == j - v &&
					    memcmp(skipw[w], s + v, j - v) == 0)
						skip = 1;
				/* Numbers are phones, found elsewhere. */
				for (q = v; q < j && s[q] >= '0' && s[q] <= '9';
				    q++)
					;
				if (q == j)
					break;
				for (w = 0; w < sizeof(apps) / sizeof(apps[0]);
				    w++)
					if (strlen(apps[w]) == j - v &&
					    memcmp(apps[w], s + v, j - v) == 0)
						skip = 2;
				if (skip == 2)
					break;
				if (skip)
					continue;
				/*
				 * After a bare keyword, an English word is
				 * prose, not a handle ("how is telegram able
				 * to", "telegram is reportedly slowed"); after
				 * an "@" or ":" it is a handle.
				 */
				if (kws[k].kw[n - 1] != ':' &&
				    memchr(s + off, ':', v - off) == NULL &&
				    memchr(s + off, '@', v - off) == NULL &&
				    prose_word(r, s + v, j - v))
					break;
				if (j - v >= 4 && j - v <= 40) {
					if (mod_contacts_add(out, kws[k].type,
					    s + v, j - v, field,
					    (size_t)(p - s), j) == -1)
						return -1;
				}
				break;
			}
		}
	}
	return 0;
}

/*
 * A messenger's name spelled out letter by letter ("L I N E：name",
 * "T-E-L-E-G-R-A-M: @name", "s.i.g.n.a.l: name"), the way names are
 * split to pass filters, then the handle.  One pass looks for a single
 * letter followed by a separator and another single letter; only then
 * is the run read.
 */
static int
spaced_apps(const struct mod_text *t, enum mod_field field,
    struct mod_contacts *out)
{
	static const struct kwhandle apps[] = {
		{ "telegram", MOD_CONTACT_TELEGRAM, 0, 0 },
		{ "line", MOD_CONTACT_LINE, 0, 0 },
		{ "lineid", MOD_CONTACT_LINE, 0, 0 },
		{ "discord", MOD_CONTACT_DISCORD, 0, 0 },
		{ "whatsapp", MOD_CONTACT_WHATSAPP, 0, 0 },
		{ "signal", MOD_CONTACT_HANDLE, 0, 0 },
		{ "wechat", MOD_CONTACT_HANDLE, 0, 0 },
		{ "kakao", MOD_CONTACT_HANDLE, 0, 0 },
		{ "kakaotalk", MOD_CONTACT_HANDLE, 0, 0 },
		{ "skype", MOD_CONTACT_HANDLE, 0, 0 },
		{ "viber", MOD_CONTACT_HANDLE, 0, 0 },
		{ "session", MOD_CONTACT_HANDLE, 0, 0 },
		{ "wickr", MOD_CONTACT_HANDLE, 0, 0 },
		{ "instagram", MOD_CONTACT_HANDLE, 0, 0 },
		{ "insta", MOD_CONTACT_HANDLE, 0, 0 },
		{ "snapchat", MOD_CONTACT_HANDLE, 0, 0 },
		{ "threema", MOD_CONTACT_HANDLE, 0, 0 },
	};
	const char	*s = t->s;
	char		 w[16];
	size_t		 i, j, n, k, v, len = t->len, c, from, done = 0;
	char		 sep;

	/*
	 * Every other byte is looked at: in a run of four letters or more
	 * ("l i n e", "l  i  n  e") it is a separator with the same one
	 * two bytes on (or a doubled one), or a letter, a separator and
	 * the same separator two bytes on.  Only there is the text read
	 * byte by byte, from up to 48 bytes before (16 letters).
	 */
	for (c = 0; c + 2 < len; c += 2) {
		if (s[c] == ' ' || s[c] == '.' || s[c] == '-') {
			if (s[c + 2] != s[c] && s[c + 1] != s[c])
				continue;
		} else if (!(s[c] >= 'a' && s[c] <= 'z') ||
		    (s[c + 1] != ' ' && s[c + 1] != '.' && s[c + 1] != '-') ||
		    c + 3 >= len || s[c + 3] != s[c + 1])
			continue;
		if (c + 2 < done)
			continue;
		from = c > 48 ? c - 48 : 0;
		if (from < done)
			from = done;
		for (i = from; i <= c + 1 && i + 2 < len; i++) {
			if (!(s[i] >= 'a' && s[i] <= 'z') ||
			    (i > 0 && is_word((unsigned char)s[i - 1])) ||
			    (s[i + 1] != ' ' && s[i + 1] != '.' &&
			    s[i + 1] != '-'))
				continue;
			sep = s[i + 1];
			/* letter (sep+ letter)*, each letter alone */
			n = 0;
			j = i;
			while (j < len && s[j] >= 'a' && s[j] <= 'z' &&
			    (j + 1 >= len ||
			    !is_word((unsigned char)s[j + 1])) &&
			    n < sizeof(w) - 1) {
				w[n++] = s[j++];
				for (k = 0; j < len && s[j] == sep && k < 2;
				    j++, k++)
					;
				if (k == 0)
					break;
			}
			w[n] = '\0';
			/* No skipping ahead: "x t.e.l.e.g.r.a.m" starts at t */
			if (n < 4)
				continue;
			for (k = 0; k < sizeof(apps) / sizeof(apps[0]); k++)
				if (strcmp(w, apps[k].kw) == 0)
					break;
			if (k == sizeof(apps) / sizeof(apps[0]))
				continue;
			/* ": @name", " id: name", "：name" */
			while (j < len && (s[j] == ' ' || s[j] == ':' ||
			    s[j] == '@' || s[j] == sep))
				j++;
			if (j + 2 < len && s[j] == 'i' && s[j + 1] == 'd' &&
			    !is_word((unsigned char)s[j + 2]))
				for (j += 2; j < len && (s[j] == ' ' ||
				    s[j] == ':' || s[j] == '@'); j++)
					;
			for (v = j; j < len && (is_word((unsigned char)s[j]) ||
			    s[j] == '.'); j++)
				;
			while (j > v && s[j - 1] == '.')
				j--;
			if (j - v >= 4 && j - v <= 40 &&
			    mod_contacts_add(out, apps[k].type, s + v, j - v,
			    field, i, j) == -1)
				return -1;
			i = j > i ? j - 1 : i;
		}
		done = i > c + 2 ? i : c + 2;
	}
	return 0;
}

/*
 * A Session ID (66 hex digits beginning with 05) in a text that names
 * Session: the messenger's whole address, with no keyword before it.
 */
static int
session_ids(const struct mod_text *t, enum mod_field field,
    struct mod_contacts *out)
{
	const char	*s = t->s, *p;
	size_t		 i, j;

	if (strstr(s, "session") == NULL && (memchr(s, 0xe3, t->len) == NULL ||
	    strstr(s, "セッション") == NULL))
		return 0;
	for (p = s; (p = strstr(p, "05")) != NULL; p++) {
		i = (size_t)(p - s);
		if (i > 0 && is_word((unsigned char)s[i - 1]))
			continue;
		for (j = i; j < t->len && ((s[j] >= '0' && s[j] <= '9') ||
		    (s[j] >= 'a' && s[j] <= 'f')); j++)
			;
		if (j - i == 66 && (j == t->len ||
		    !is_word((unsigned char)s[j])) &&
		    mod_contacts_add(out, MOD_CONTACT_HANDLE, s + i, 66, field,
		    i, j) == -1)
			return -1;
		p = s + j - 1;
	}
	return 0;
}

static int
handles(const struct mod_text *t, enum mod_field field,
    struct mod_contacts *out)
{
	const char	*s = t->s, *p;
	size_t		 i, j;
	char		 val[48];

	for (i = 0; i < t->len; i++) {
		if ((p = memchr(s + i, '@', t->len - i)) == NULL)
			break;
		i = (size_t)(p - s);
		if (i > 0 && (is_word((unsigned char)s[i - 1]) ||
		    s[i - 1] == '.' || s[i - 1] == '-' || s[i - 1] == '/'))
			continue;
		for (j = i + 1; j < t->len && is_word((unsigned char)s[j]); j++)
			;
		if (j - i - 1 < 3 || j - i - 1 > 32)
			continue;
		if (j < t->len && (s[j] == '.' && j + 1 < t->len &&
		    s[j + 1] >= 'a' && s[j + 1] <= 'z'))
			continue;	/* a domain, not a handle */
		snprintf(val, sizeof(val), "@%.*s", (int)(j - i - 1), s + i + 1);
		if (!has_contact(out, MOD_CONTACT_HANDLE, val) &&
		    !has_contact(out, MOD_CONTACT_TELEGRAM, val + 1) &&
		    !has_contact(out, MOD_CONTACT_LINE, val + 1) &&
		    mod_contacts_add(out, MOD_CONTACT_HANDLE, val, strlen(val),
		    field, i, j) == -1)
			return -1;
		i = j - 1;
	}
	return 0;
}

/* Words that number things ("order#5521", "issue#1234"), not names. */
static int
nontag(const char *w, size_t n)
{
	static const char *const words[] = { "order", "issue", "issues",
	    "pr", "bug", "ticket", "case", "ref", "no", "id", "tx", "txn",
	    "block", "item", "invoice", "post", "comment", "thread", "room",
	    "channel", "step", "version", "build", "run", "job", "task" };
	size_t		 k;

	for (k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if (strlen(words[k]) == n && memcmp(words[k], w, n) == 0)
			return 1;
	return 0;
}

/*
 * Discord's user tags, "name#1234" (a name, "#" and four digits glued to
 * it: "rec0very#0001", "add me: kaifuku#5521"), in a text that names
 * Discord (discord, ディスコード, ディスコ): elsewhere "name#1234" is an
 * issue or an order number.  Stored as the tag; a Discord contact found
 * already ("discord: name#1234", an invite) is not counted twice.
 */
static int
discord_tags(const struct mod_text *t, enum mod_field field,
    struct mod_contacts *out)
{
	const char	*s = t->s, *p;
	size_t		 i, b, k;

	if (t->len == 0 || memchr(s, '#', t->len) == NULL ||
	    (strstr(s, "discord") == NULL && strstr(s, "ディスコ") == NULL) ||
	    has_contact(out, MOD_CONTACT_DISCORD, ""))
		return 0;
	for (i = 1; i + 4 < t->len + 1; i++) {
		if ((p = memchr(s + i, '#', t->len - i)) == NULL)
			break;
		i = (size_t)(p - s);
		if (i + 4 >= t->len + 1)
			break;
		for (k = 1; k <= 4 && i + k < t->len &&
		    s[i + k] >= '0' && s[i + k] <= '9'; k++)
			;
		if (k != 5 || (i + 5 < t->len && is_word((unsigned char)s[i + 5])))
			continue;
		for (b = i; b > 0 && (is_word((unsigned char)s[b - 1]) ||
		    s[b - 1] == '.'); b--)
			;
		while (b < i && s[b] == '.')
			b++;
		if (i - b < 2 || i - b > 32 || nontag(s + b, i - b))
			continue;
		if (mod_contacts_add(out, MOD_CONTACT_DISCORD, s + b, i + 5 - b,
		    field, b, i + 5) == -1)
			return -1;
		return 0;
	}
	return 0;
}

/* value "" matches any value of that type. */
static int
has_contact(const struct mod_contacts *c, enum mod_contact_type type,
    const char *value)
{
	size_t		 i;

	for (i = 0; i < c->n; i++)
		if (c->v[i].type == type && (*value == '\0' ||
		    strcmp(c->v[i].value, value) == 0))
			return *value == '\0' ? 0 : 1;
	return 0;
}

/* Append a contact (value copied).  Returns 0 or -1. */
int
mod_contacts_add(struct mod_contacts *c, enum mod_contact_type type,
    const char *value, size_t vlen, enum mod_field field, size_t start,
    size_t end)
{
	void		*p;
	size_t		 ncap, i;

	for (i = 0; i < c->n; i++)
		if (c->v[i].type == type &&
		    strncmp(c->v[i].value, value, vlen) == 0 &&
		    c->v[i].value[vlen] == '\0')
			return 0;
	if (c->n == c->cap) {
		ncap = c->cap ? c->cap * 2 : 8;
		if ((p = realloc(c->v, ncap * sizeof(*c->v))) == NULL)
			return -1;
		c->v = p;
		c->cap = ncap;
	}
	if ((c->v[c->n].value = strndup(value, vlen)) == NULL)
		return -1;
	c->v[c->n].type = type;
	c->v[c->n].span.field = field;
	c->v[c->n].span.start = start;
	c->v[c->n].span.end = end;
	c->n++;
	return 0;
}

void
mod_contacts_free(struct mod_contacts *c)
{
	size_t		 i;

	for (i = 0; i < c->n; i++)
		free(c->v[i].value);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/*
 * Find every contact point in normalized t, appending to out (spans in
 * normalized offsets).  Returns 0 or -1.
 */
int
mod_contacts_find(const struct mod_rules *r, const struct mod_text *t,
    enum mod_field field, struct mod_contacts *out)
{
	if (links(t, field, out) == -1 ||
	    keyword_handles(r, t, field, out) == -1 ||
	    spaced_apps(t, field, out) == -1 ||
	    session_ids(t, field, out) == -1 ||
	    emails(t, field, out) == -1 ||
	    phones(t, field, out) == -1 ||
	    handles(t, field, out) == -1 ||
	    discord_tags(t, field, out) == -1)
		return -1;
	return 0;
}
