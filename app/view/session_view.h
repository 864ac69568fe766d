/*
 * session_view.h: the parts of the page chrome that depend on who is
 * signed in (navigation items, user menu).  Kept apart so the accounts
 * module can grow it without touching the layout.
 */
#ifndef SODAN_SESSION_VIEW_H
#define SODAN_SESSION_VIEW_H

#include "core.h"
#include "view/html.h"

/* Writes the <li> items of the main navigation for r's visitor. */
void	session_view_nav(struct html *, struct req *);

#endif
