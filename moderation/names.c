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
 * letters or more ("cz_binatce", "BlnanceLabs").  Staff accounts are exempt: the caller does not call
 * this for them.
 */
#include <stdlib.h>
#include <string.h>

#include "moderation/mod_int.h"

static int	 is_alpha(unsigned char);
static int	 token_match(const char *, const char *);

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
 * Does skeleton skel (leetspeak undone) hold a protected word?  Copies it
 * to matched.  Returns 1 or 0.
 */
int
mod_name_match(const struct mod_rules *r, const char *skel, char *matched,
    size_t matchedlen)
{
	char		 compact[512], tok[128];
	size_t		 i, n, k, tl, wl, j;
	const struct mod_pword *w;

	for (i = 0, n = 0; skel[i] && n < sizeof(compact) - 1; i++)
		if (!strchr(" _-.·,'\"*+~=:/\\", skel[i]))
			compact[n++] = skel[i];
	compact[n] = '\0';
	for (k = 0; k < r->npwords; k++) {
		w = &r->pwords[k];
		if (w->skel[0] == '\0')
			continue;
		if (w->token ? token_match(skel, w->skel) :
		    (strstr(skel, w->skel) != NULL ||
		    strstr(compact, w->skel) != NULL))
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
	char		*skel, dummy[64];
	int		 rc;

	if (matched == NULL || matchedlen == 0) {
		matched = dummy;
		matchedlen = sizeof(dummy);
	}
	matched[0] = '\0';
	if (name == NULL || !mod_utf8_valid(name, len))
		return -1;
	if (mod_skeleton(r->spoof, name, len, &skel) == -1)
		return -1;
	mod_deleet(skel);
	rc = mod_name_match(r, skel, matched, matchedlen);
	free(skel);
	return rc;
}
