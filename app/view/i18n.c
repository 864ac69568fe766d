/*
 * view/i18n.c: reader of the embedded .mo catalogs and language choice.
 *
 * A .mo file (GNU gettext) is: magic, revision, count N, offset of the
 * original-string table, offset of the translation table; each table
 * holds N (length, offset) pairs and the originals are sorted, so lookup
 * is a binary search with strcmp.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/embedded.h"
#include "lib/log.h"
#include "view/i18n.h"

struct catalog {
	const unsigned char	*data;
	size_t			 len;
	uint32_t		 n;
	uint32_t		 orig;
	uint32_t		 trans;
};

static struct catalog	catalogs[LANG__MAX];
static const char *const lang_codes[LANG__MAX] = { "ja", "en" };

static uint32_t	rd32(const struct catalog *, size_t);
static int	catalog_load(struct catalog *, const char *);

static uint32_t
rd32(const struct catalog *c, size_t off)
{
	uint32_t	v;

	memcpy(&v, c->data + off, 4);
	return v;
}

static int
catalog_load(struct catalog *c, const char *name)
{
	const struct embedded	*e;
	uint32_t		 i, l, o;

	memset(c, 0, sizeof(*c));
	if ((e = embedded_find(name)) == NULL)
		return 0;	/* no catalog: msgids shown as they are */
	c->data = e->data;
	c->len = e->len;
	if (c->len < 28 || rd32(c, 0) != 0x950412deU)
		return -1;
	c->n = rd32(c, 8);
	c->orig = rd32(c, 12);
	c->trans = rd32(c, 16);
	if ((uint64_t)c->orig + (uint64_t)c->n * 8 > c->len ||
	    (uint64_t)c->trans + (uint64_t)c->n * 8 > c->len)
		return -1;
	for (i = 0; i < c->n; i++) {
		l = rd32(c, c->orig + i * 8);
		o = rd32(c, c->orig + i * 8 + 4);
		if ((uint64_t)o + l >= c->len || c->data[o + l] != '\0')
			return -1;
		l = rd32(c, c->trans + i * 8);
		o = rd32(c, c->trans + i * 8 + 4);
		if ((uint64_t)o + l >= c->len || c->data[o + l] != '\0')
			return -1;
	}
	return 0;
}

int
i18n_init(void)
{
	if (catalog_load(&catalogs[LANG_JA], "locale/ja.mo") == -1) {
		log_err("locale/ja.mo: malformed catalog");
		return -1;
	}
	if (catalog_load(&catalogs[LANG_EN], "locale/en.mo") == -1) {
		log_err("locale/en.mo: malformed catalog");
		return -1;
	}
	return 0;
}

/*
 * A page asks for the same few dozen msgids on every request (a thread's
 * buttons, the menu): each thread remembers, per language, where the
 * last lookups of a msgid pointer landed in the catalog (direct-mapped
 * by the pointer).  A hit is checked with one strcmp against the
 * catalog's original, so a pointer reused for other text (an arena's)
 * only costs the binary search; msgids the catalog lacks are not kept.
 */
#define I18N_MEMO	512

struct memo {
	const char	*msgid;
	const char	*orig;		/* the catalog's copy of msgid */
	const char	*trans;
};

static _Thread_local struct memo memo[LANG__MAX][I18N_MEMO];

const char *
i18n_get(enum lang l, const char *msgid)
{
	const struct catalog	*c;
	struct memo		*m;
	uint32_t		 lo, hi, mid;
	int			 cmp;
	const char		*s;

	if ((unsigned)l >= LANG__MAX)
		return msgid;
	m = &memo[l][((uintptr_t)msgid >> 3) % I18N_MEMO];
	if (m->msgid == msgid && strcmp(msgid, m->orig) == 0)
		return *m->trans ? m->trans : msgid;
	c = &catalogs[l];
	lo = 0;
	hi = c->n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		s = (const char *)c->data + rd32(c, c->orig + mid * 8 + 4);
		if ((cmp = strcmp(msgid, s)) == 0) {
			m->msgid = msgid;
			m->orig = s;
			s = (const char *)c->data +
			    rd32(c, c->trans + mid * 8 + 4);
			m->trans = s;
			return *s ? s : msgid;
		}
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return msgid;
}

const char *
i18n_code(enum lang l)
{
	return (unsigned)l < LANG__MAX ? lang_codes[l] : "ja";
}

int
i18n_parse(const char *s, size_t len)
{
	int	i;

	if (len < 2)
		return -1;
	if (len > 2 && s[2] != '-' && s[2] != '_')
		return -1;
	for (i = 0; i < LANG__MAX; i++)
		if ((s[0] | 0x20) == lang_codes[i][0] &&
		    (s[1] | 0x20) == lang_codes[i][1])
			return i;
	return -1;
}

enum lang
i18n_negotiate(const char *cookie, size_t cookielen, const char *al)
{
	const char	*p, *tag, *q;
	size_t		 taglen;
	double		 best_q = -1, qv;
	int		 best = LANG_JA, l;

	if (cookie != NULL && (l = i18n_parse(cookie, cookielen)) >= 0)
		return (enum lang)l;
	if (al == NULL)
		return LANG_JA;
	for (p = al; *p != '\0';) {
		while (*p == ' ' || *p == ',')
			p++;
		tag = p;
		while (*p != '\0' && *p != ',' && *p != ';' && *p != ' ')
			p++;
		taglen = (size_t)(p - tag);
		qv = 1.0;
		while (*p != '\0' && *p != ',') {
			if (*p == 'q' && p[1] == '=') {
				q = p + 2;
				qv = strtod(q, NULL);
			}
			p++;
		}
		if (taglen > 0 && (l = i18n_parse(tag, taglen)) >= 0 &&
		    qv > best_q) {
			best_q = qv;
			best = l;
		}
	}
	return (enum lang)best;
}
