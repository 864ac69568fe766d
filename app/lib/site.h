/*
 * lib/site.h: the site's settings in use on this instance (its name in
 * each language, its logo), set by the poller (http/sitepoll.c) from
 * PostgreSQL and read by the layout on every page.  One snapshot under
 * a mutex; readers take arena copies, so a change never frees what a
 * render is reading.
 */
#ifndef SODAN_LIB_SITE_H
#define SODAN_LIB_SITE_H

#include <stdint.h>

#include "core.h"

struct arena;

struct site_info {
	const char	*name[LANG__MAX];	/* "" the built-in name */
	int		 has_logo;		/* /site/logo answers a picture */
	int64_t		 version;		/* -1: never loaded */
};

/*
 * Replaces the settings in use (copied).  name: by enum lang, NULL or ""
 * for the built-in name.
 */
void	site_set(const char *const name[LANG__MAX], int has_logo,
	    int64_t version);
/* The settings in use, copied into a (strings arena-owned). */
void	site_get(struct arena *a, struct site_info *out);
/* The version in use (-1: never loaded). */
int64_t	site_version(void);
/* Frees the snapshot (at exit). */
void	site_free(void);

#endif
