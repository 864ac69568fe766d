/*
 * i18n.h: gettext message catalogs, embedded in the binary.
 *
 * The catalogs are assets/locale/{ja,en}/sodan.po, compiled by msgfmt at
 * build time and embedded.  We read the .mo format ourselves: GNU
 * gettext's lookup depends on the process locale (not per request, and
 * ja_JP.UTF-8 is often not generated), while this is a pure, thread-safe
 * binary search.  msgids are English; a missing translation shows the msgid.
 * Extract with: xgettext --keyword=T:2 --keyword=N_ -o - app/...
 */
#ifndef SODAN_I18N_H
#define SODAN_I18N_H

#include <stddef.h>

#include "core.h"

/* Loads the embedded catalogs; returns 0, or -1 when one is malformed. */
int		 i18n_init(void);
/* The translation of msgid for lang (static storage), or msgid itself. */
const char	*i18n_get(enum lang, const char *msgid);
/* Language code "ja" / "en". */
const char	*i18n_code(enum lang);
/* Parses "en" / "ja" (also "en-US", "ja-JP"); returns -1 when unsupported. */
int		 i18n_parse(const char *s, size_t len);
/*
 * Picks the language for a request: the lang cookie value if supported,
 * else the best supported Accept-Language entry, else Japanese.
 */
enum lang	 i18n_negotiate(const char *cookie_lang, size_t cookie_len,
		    const char *accept_language);

/* T(lang, "literal"): translated text; N_("literal") marks for extraction only. */
#define T(l, s)	i18n_get((l), "" s)
#define N_(s)	("" s)

#endif
