/* view/tmpl.c: @@slot@@ template filling. */
#include <string.h>

#include "lib/embedded.h"
#include "lib/log.h"
#include "view/tmpl.h"

int
tmpl_render(struct html *w, const char *name, const struct tmpl_slot *slots,
    size_t nslots, void *arg)
{
	const struct embedded	*e;
	const char		*p, *end, *s, *t;
	size_t			 i, n;

	if ((e = embedded_find(name)) == NULL)
		return -1;
	p = (const char *)e->data;
	end = p + e->len;
	while (p < end) {
		if ((s = memmem(p, (size_t)(end - p), "@@", 2)) == NULL) {
			html_lit_(w, p, (size_t)(end - p));
			break;
		}
		html_lit_(w, p, (size_t)(s - p));
		t = memmem(s + 2, (size_t)(end - s - 2), "@@", 2);
		if (t == NULL) {
			html_lit_(w, s, (size_t)(end - s));
			break;
		}
		n = (size_t)(t - s - 2);
		for (i = 0; i < nslots; i++)
			if (strlen(slots[i].name) == n &&
			    memcmp(slots[i].name, s + 2, n) == 0) {
				slots[i].fill(w, arg);
				break;
			}
		if (i == nslots)
			log_ratelimited("tmpl-slot", 60,
			    "%s: no filler for a slot", name);
		p = t + 2;
	}
	return 0;
}
