/*
 * tmpl.h: page templates from assets/templates/, with @@slot@@ names.
 *
 * A template holds only markup and slot names; each slot is filled by a C
 * callback that writes through the HTML writer, so templates can never
 * emit unescaped request data.
 */
#ifndef SODAN_TMPL_H
#define SODAN_TMPL_H

#include "view/html.h"

struct tmpl_slot {
	const char	*name;
	void		(*fill)(struct html *, void *arg);
};

/*
 * Writes the embedded template `name` (e.g. "assets/templates/layout.html")
 * to w, calling the slot's fill for each @@name@@.  Unknown slot names are
 * written as nothing and logged once.  Returns 0, or -1 when the template
 * does not exist.
 */
int	tmpl_render(struct html *w, const char *name,
	    const struct tmpl_slot *slots, size_t nslots, void *arg);

#endif
