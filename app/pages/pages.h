/*
 * pages.h: every handler, grouped by the file that defines it, and the
 * index of each route's declared fields (r->f[F_...]).
 */
#ifndef SODAN_PAGES_H
#define SODAN_PAGES_H

#include "http/req.h"

/* home.c */
void	page_home(struct req *);
void	page_category(struct req *);
void	page_lang(struct req *);
enum { F_LANG_LANG, F_LANG_NEXT };
enum { F_CAT_PAGE };

/* health.c */
void	page_healthz(struct req *);

/* api/categories.c */
void	api_categories(struct req *);

#endif
