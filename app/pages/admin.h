/*
 * pages/admin.h: the admin console's checks, shared by its pages
 * (pages/admin.c, adminmembers.c) and their JSON twins (api/admin.c):
 * both read the same declared fields and call these, so a rule lives in
 * one place.
 */
#ifndef SODAN_PAGES_ADMIN_H
#define SODAN_PAGES_ADMIN_H

#include <stdint.h>

#include "core.h"

struct req;
struct admin_category;
struct admin_susp;
struct form_errs;
struct site_row;
struct tagsyn_preview;

/*
 * A store result that is not ADMIN_OK answered: 1 when a reply was sent
 * (403, 404) or the store failed (-1), else 0.
 */
int		 admin_refused(struct req *, int rc);
/* The category fields (F_ADMIN_CAT_*) read into c and checked into e; the count of errors. */
int		 admin_cat_read(struct req *, struct admin_category *c,
		    struct form_errs *e);
/* A tag as posts store it (folded), or NULL when s is not one. */
const char	*admin_tag_norm(struct req *, const char *s);
/* A rename of tag from_in into to_in checked; 0, or -1 when the store failed. */
int		 admin_tag_check(struct req *, const char *from_in,
		    const char *to_in, const char **from, const char **to,
		    int64_t *nfrom, int64_t *nto, struct form_errs *e);
/*
 * Threads tagged from retagged to (merge: to is in use), every cached
 * page dropped: 0; 422 when to became a synonym meanwhile (error in e);
 * -1 after replying or when the store failed.
 */
int		 admin_tag_retag(struct req *, const char *from, const char *to,
		    int merge, int64_t *moved, struct form_errs *e);
/*
 * A synonym alias_in of canon_in (as typed) checked: *alias and *tag
 * folded, what it would change in pv, errors into e.  0, or -1 when the
 * store failed.
 */
int		 admin_tagsyn_check(struct req *, const char *alias_in,
		    const char *canon_in, const char **alias, const char **tag,
		    struct tagsyn_preview *pv, struct form_errs *e);
/*
 * alias made a synonym of tag (checked by admin_tagsyn_check), threads
 * retagged, every cached page dropped: 0 (*moved threads); 422 when it
 * changed meanwhile (error in e); -1 after replying or a store failure.
 */
int		 admin_tagsyn_add(struct req *, const char *alias,
		    const char *tag, int64_t *moved, struct form_errs *e);
/*
 * The synonym alias_in (as typed) looked up: 0 (*alias folded, *tag its
 * tag); 422 when there is none (error in e); -1 when the store failed.
 */
int		 admin_tagsyn_find(struct req *, const char *alias_in,
		    const char **alias, const char **tag, struct form_errs *e);
/* The synonym alias removed: 0; 422 when gone (error in e); -1 after replying or a store failure. */
int		 admin_tagsyn_remove(struct req *, const char *alias,
		    struct form_errs *e);
/* Categories of a merge read and checked; 0, or -1 after replying. */
int		 admin_merge_check(struct req *, int64_t from_id,
		    int64_t into_id, struct admin_category **from,
		    struct admin_category **into);
/* Why a role change was refused (ADMIN_SELF, ADMIN_SAME, ADMIN_NEEDS_EMAIL). */
const char	*admin_role_refusal(struct req *, int rc);
/* The role of index i of the role field. */
enum role	 admin_member_role(int64_t i);
/*
 * A suspension (suspend) or restoration checked and, when confirm, made:
 * 0 done; 200 fine but not confirmed; 409 or 422 with errors in e; -1
 * after replying or when the store failed.
 */
int		 admin_susp_apply(struct req *, const struct admin_susp *m,
		    int suspend, const char *reason, const char *days,
		    int confirm, int *ndays, struct form_errs *e);
/*
 * The site settings' fields read into s (logo_in: the logo as typed),
 * checked into e and saved: 0 saved; 422 errors in e; -1 after replying
 * or when the store failed (pages/adminsettings.c).
 */
int		 admin_settings_save(struct req *, struct site_row *s,
		    const char **logo_in, struct form_errs *e);
/*
 * value checked for list and added with note: 0 added (*stored as
 * saved); 422 error in e; -1 when the store failed (pages/adminlists.c).
 */
int		 admin_list_add(struct req *, const char *list,
		    const char *value, const char *note, const char **stored,
		    struct form_errs *e);
/* Entry id removed: 0, or -1 after replying (404) or a store failure. */
int		 admin_list_delete(struct req *, int64_t id);
/*
 * A webhook added from the form's fields (F_WHADD_*): 0 added (*secret
 * shown once, *id); 422 errors in e; -1 after replying or when the store
 * failed.  checked: NEVENTS flags of the events ticked, or NULL
 * (pages/webhooks.c).
 */
int		 admin_webhook_add(struct req *, int *checked,
		    const char **secret, int64_t *id, struct form_errs *e);
/* The hook of r->param[0] turned on or off: 0 (*id), or -1 after replying. */
int		 admin_webhook_enable(struct req *, int64_t *id);
/* Hook id deleted with its deliveries: 0, or -1 after replying. */
int		 admin_webhook_delete(struct req *, int64_t id);

#endif
