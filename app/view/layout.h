/*
 * layout.h: the page chrome (head, header, navigation, language switch,
 * footer) around a page's main content, from assets/templates/layout.html.
 */
#ifndef SODAN_LAYOUT_H
#define SODAN_LAYOUT_H

#include "core.h"
#include "view/html.h"

typedef void (*layout_main_fn)(struct html *, struct req *, void *arg);

/*
 * Renders a whole page into a new writer and replies with it.
 * title is already translated (plain text, escaped here).
 */
/* The forum's absolute address (conf [site] url), once at start-up. */
void	layout_init(const char *site_url);
void	layout_page(struct req *, int status, const char *title,
	    layout_main_fn, void *arg);
/* A hidden CSRF input for a form: <input type="hidden" name="csrf" ...>. */
void	layout_csrf(struct html *, struct req *);

#endif
