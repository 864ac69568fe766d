/*
 * acct/names.c: usernames, display names and the impersonation check.
 *
 * A name is folded as: NFKC with case folding (full-width letters become
 * ASCII, "Ｓ" and "s" are one), then the ICU confusables skeleton
 * (uspoof_getSkeleton: Greek omicron and Latin o are one), then lower
 * case again (skeletons map some characters to upper case) and leetspeak
 * (0→o, 1/i/|→l, 3→e, 4/@→a, 5/$→s, 7→t).  Protected words go through the
 * same folding once at start-up, so both sides are always compared in one
 * form.  A word is matched anywhere in the name with separators (space,
 * '_', '-', '.') removed, except words marked "token" (or "=" brands),
 * which must stand alone between separators ("admin", not "badminton").
 *
 * Why not mod_name_check(): the moderation library's check needs a whole
 * compiled rule set (mod_rules_load), which takes tens of seconds
 * (Hyperscan) -- too slow for `sodan admin` and for start-up.  This file
 * reads the same lists (conf/moderation/protected_words.txt and
 * brands.txt) in milliseconds.  acct_name_check() is the call to the
 * library's names-only rule set (mod_load_opts.names_only, loaded in
 * milliseconds by acct_init), which adds contact points and near copies
 * of staff names; registration and the profile use it.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>

#include "moderation/moderation.h"

#include "acct/acct.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/utf8.h"
#include "lib/util.h"

#define NAME_BUF	512
#define MAX_WORDS	512

struct pword {
	char	*word;		/* as written in the list */
	char	*fold;		/* folded, separators removed */
	int	 token;		/* whole words only */
};

static struct pword	 words[MAX_WORDS];
static size_t		 nwords;
static USpoofChecker	*spoof;
static struct mod_rules	*name_rules;	/* names-only; read-only after init */

static int	fold_buf(const char *, char *, size_t);
static int	load_list(const char *, int);
static void	add_word(const char *, int);
static int	is_sep(char);
static int	token_match(const char *, const char *);
static char	*nfkc(struct arena *, const char *);

static int
is_sep(char c)
{
	return c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t';
}

/* Folds UTF-8 in into out (NUL-terminated).  Returns 0 or -1. */
static int
fold_buf(const char *in, char *out, size_t outlen)
{
	UErrorCode		 st = U_ZERO_ERROR;
	const UNormalizer2	*nf;
	UChar			 u[NAME_BUF], n[NAME_BUF], sk[NAME_BUF * 2];
	int32_t			 ulen, nlen, sklen, olen;
	char			*p;

	if (spoof == NULL || !utf8_valid(in, strlen(in)))
		return -1;
	u_strFromUTF8(u, NAME_BUF, &ulen, in, -1, &st);
	if (U_FAILURE(st) || ulen >= NAME_BUF)
		return -1;
	if ((nf = unorm2_getNFKCCasefoldInstance(&st)) == NULL ||
	    U_FAILURE(st))
		return -1;
	nlen = unorm2_normalize(nf, u, ulen, n, NAME_BUF, &st);
	if (U_FAILURE(st) || nlen >= NAME_BUF)
		return -1;
	sklen = uspoof_getSkeleton(spoof, 0, n, nlen, sk, NAME_BUF * 2, &st);
	if (U_FAILURE(st) || sklen >= NAME_BUF * 2)
		return -1;
	u_strToUTF8(out, (int32_t)outlen, &olen, sk, sklen, &st);
	if (U_FAILURE(st) || (size_t)olen >= outlen)
		return -1;
	out[olen] = '\0';
	for (p = out; *p != '\0'; p++) {
		*p = (char)tolower((unsigned char)*p);
		switch (*p) {
		case '0':
			*p = 'o';
			break;
		case '1': case 'i': case '|': case '!':
			*p = 'l';
			break;
		case '3':
			*p = 'e';
			break;
		case '4': case '@':
			*p = 'a';
			break;
		case '5': case '$':
			*p = 's';
			break;
		case '7': case '+':
			*p = 't';
			break;
		default:
			break;
		}
	}
	return 0;
}

char *
acct_name_fold(struct arena *a, const char *name)
{
	char	buf[NAME_BUF * 4];

	if (fold_buf(name, buf, sizeof(buf)) == -1)
		return NULL;
	return arena_strdup(a, buf);
}

static void
add_word(const char *w, int token)
{
	char	 buf[NAME_BUF * 4], *s, *d;

	if (nwords >= MAX_WORDS || fold_buf(w, buf, sizeof(buf)) == -1)
		return;
	for (s = d = buf; *s != '\0'; s++)
		if (!is_sep(*s))
			*d++ = *s;
	*d = '\0';
	if (buf[0] == '\0')
		return;
	words[nwords].word = xstrdup(w);
	words[nwords].fold = xstrdup(buf);
	words[nwords].token = token;
	nwords++;
}

/*
 * Reads a list: one word per line, '#' comments; "word token" marks a
 * whole-word entry.  brands: the brands.txt format ("label domains...",
 * "=label" whole only).  Returns the words read, or -1 when unreadable.
 */
static int
load_list(const char *path, int brands)
{
	FILE	*f;
	char	 line[512], *w, *rest;
	int	 n = 0, token;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		w = line;
		while (*w == ' ' || *w == '\t')
			w++;
		if (*w == '#' || *w == '\0')
			continue;
		rest = w + strcspn(w, " \t");
		if (*rest != '\0')
			*rest++ = '\0';
		while (*rest == ' ' || *rest == '\t')
			rest++;
		token = 0;
		if (brands && *w == '=') {
			token = 1;
			w++;
		} else if (!brands && strncmp(rest, "token", 5) == 0)
			token = 1;
		else if (!brands && (strncmp(rest, "companion", 9) == 0 ||
		    strncmp(rest, "filler", 6) == 0))
			continue;	/* only beside a brand (library) */
		add_word(w, token);
		n++;
	}
	fclose(f);
	return n;
}

int
acct_init(const char *confdir)
{
	UErrorCode	 st = U_ZERO_ERROR;
	char		 path[1024];
	int		 got = 0;

	if (spoof != NULL)
		return 0;
	if ((spoof = uspoof_open(&st)) == NULL || U_FAILURE(st)) {
		log_err("acct: ICU uspoof_open: %s", u_errorName(st));
		spoof = NULL;
		return -1;
	}
	uspoof_setChecks(spoof, USPOOF_CONFUSABLE, &st);
	snprintf(path, sizeof(path), "%s/protected_words.txt", confdir);
	if (load_list(path, 0) >= 0)
		got = 1;
	snprintf(path, sizeof(path), "%s/brands.txt", confdir);
	(void)load_list(path, 1);
	if (!got) {
		log_err("acct: cannot read %s/protected_words.txt", confdir);
		return -1;
	}
	{
		struct mod_load_opts	 o;
		char			 err[512];

		memset(&o, 0, sizeof(o));
		o.names_only = 1;
		if ((name_rules = mod_rules_load_ex(confdir, &o, err,
		    sizeof(err))) == NULL) {
			log_err("acct: name lists: %s", err);
			return -1;
		}
	}
	return 0;
}

int
acct_name_check(const char *name, const char *const *staff, size_t nstaff,
    char *matched, size_t matchedlen)
{
	int	 rc;

	if (name_rules == NULL || name == NULL)
		return -1;
	rc = mod_name_check_ex(name_rules, name, strlen(name), staff, nstaff,
	    matched, matchedlen);
	switch (rc) {
	case MOD_NAME_OK:
		return ACCT_NAME_FINE;
	case MOD_NAME_PROTECTED:
		return ACCT_NAME_IMPERSONATES;
	case MOD_NAME_CONTACT:
		return ACCT_NAME_CONTACT;
	case MOD_NAME_STAFF:
		return ACCT_NAME_STAFF_LIKE;
	default:
		return -1;
	}
}

/* 1 when w occurs in s between separators or the ends. */
static int
token_match(const char *s, const char *w)
{
	size_t		 wl = strlen(w);
	const char	*p = s;

	while ((p = strstr(p, w)) != NULL) {
		if ((p == s || is_sep(p[-1])) &&
		    (p[wl] == '\0' || is_sep(p[wl])))
			return 1;
		p++;
	}
	return 0;
}

int
acct_name_protected(const char *name, char *matched, size_t matchedlen)
{
	char	 f[NAME_BUF * 4], joined[NAME_BUF * 4], *s, *d;
	size_t	 i;
	int	 hit;

	/* The library's check when its lists are loaded (acct_init). */
	if (name_rules != NULL)
		return name == NULL ? -1 : mod_name_check(name_rules, name,
		    strlen(name), matched, matchedlen);
	if (fold_buf(name, f, sizeof(f)) == -1)
		return -1;
	for (s = f, d = joined; *s != '\0'; s++)
		if (!is_sep(*s))
			*d++ = *s;
	*d = '\0';
	for (i = 0; i < nwords; i++) {
		hit = words[i].token ? token_match(f, words[i].fold) :
		    strstr(joined, words[i].fold) != NULL;
		if (hit) {
			if (matched != NULL && matchedlen > 0)
				snprintf(matched, matchedlen, "%s",
				    words[i].word);
			return 1;
		}
	}
	return 0;
}

/* NFKC of in into an arena string; NULL on invalid input. */
static char *
nfkc(struct arena *a, const char *in)
{
	UErrorCode		 st = U_ZERO_ERROR;
	const UNormalizer2	*nf;
	UChar			 u[NAME_BUF], n[NAME_BUF];
	int32_t			 ulen, nlen, olen;
	char			 out[NAME_BUF * 4];

	if (!utf8_valid(in, strlen(in)))
		return NULL;
	u_strFromUTF8(u, NAME_BUF, &ulen, in, -1, &st);
	if (U_FAILURE(st) || ulen >= NAME_BUF)
		return NULL;
	if ((nf = unorm2_getNFKCInstance(&st)) == NULL || U_FAILURE(st))
		return NULL;
	nlen = unorm2_normalize(nf, u, ulen, n, NAME_BUF, &st);
	if (U_FAILURE(st) || nlen >= NAME_BUF)
		return NULL;
	u_strToUTF8(out, sizeof(out), &olen, n, nlen, &st);
	if (U_FAILURE(st) || (size_t)olen >= sizeof(out))
		return NULL;
	out[olen] = '\0';
	return arena_strdup(a, out);
}

enum acct_name_err
acct_username(struct arena *a, const char *in, const char **name,
    const char **key)
{
	char	*n, *k;
	size_t	 i, len;

	if ((n = nfkc(a, in)) == NULL)
		return ACCT_NAME_INVALID;
	len = strlen(n);
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)n[i]) && n[i] != '_' &&
		    n[i] != '-')
			return ACCT_NAME_CHARS;
	if (len < ACCT_USERNAME_MIN || len > ACCT_USERNAME_MAX)
		return ACCT_NAME_LENGTH;
	k = arena_strdup(a, n);
	for (i = 0; i < len; i++)
		k[i] = (char)tolower((unsigned char)k[i]);
	*name = n;
	*key = k;
	return ACCT_NAME_OK;
}

enum acct_name_err
acct_display_name(struct arena *a, const char *in, const char **out)
{
	char	*n, *e;
	size_t	 cps;

	if ((n = nfkc(a, in)) == NULL)
		return ACCT_NAME_INVALID;
	while (*n == ' ')
		n++;
	e = n + strlen(n);
	while (e > n && e[-1] == ' ')
		*--e = '\0';
	for (e = n; *e != '\0'; e++)
		if ((unsigned char)*e < 0x20 || *e == 0x7f)
			return ACCT_NAME_INVALID;
	cps = utf8_count(n, strlen(n));
	if (cps < 1 || cps > ACCT_DISPLAY_MAX)
		return ACCT_NAME_LENGTH;
	*out = n;
	return ACCT_NAME_OK;
}
