/*
 * post/purge.c: moderators' transitions beyond one post: undo a decision,
 * suspend or purge an account, act on a whole campaign.
 *
 * The privilege is checked here, where the state changes; each store
 * call is one transaction (store/modq.c) that also appends to mod_log.
 */
#include <string.h>

#include "lib/arena.h"
#include "post/post.h"
#include "store/store.h"
#include "view/i18n.h"

static int	is_mod(const struct post_actor *);
static void	res_init(struct post_result *);
static int	fail(struct post_result *, enum post_err, const char *);
static int	scam_keep(struct post_ctx *, const struct post_campaign_in *,
		    int64_t, struct post_mod_in *);

static int
is_mod(const struct post_actor *by)
{
	return by != NULL && (by->role == ROLE_MODERATOR ||
	    by->role == ROLE_ADMIN);
}

static void
res_init(struct post_result *res)
{
	memset(res, 0, sizeof(*res));
	res->err = POST_OK;
}

static int
fail(struct post_result *res, enum post_err e, const char *msg)
{
	res->err = e;
	res->msg = msg;
	return 0;
}

int
post_undo(struct post_ctx *c, int64_t log_id, const char *note,
    struct post_result *res)
{
	struct modq_outcome	o;

	res_init(res);
	if (!is_mod(c->by))
		return fail(res, POST_E_FORBIDDEN, NULL);
	if (store_modq_undo(c->db, c->a, log_id, c->by->id,
	    c->by->role == ROLE_ADMIN, c->by->name, note != NULL ? note : "",
	    &o) == -1)
		return fail(res, POST_E_STORE, NULL);
	switch (o.result) {
	case MODQ_OK:
		break;
	case MODQ_NOTFOUND:
		return fail(res, POST_E_NOTFOUND, NULL);
	case MODQ_REFUSED:
		return fail(res, POST_E_FORBIDDEN, N_("An administrator made this "
		    "suspension, so only an administrator can undo it. Ask one, "
		    "or ask the member to appeal."));
	case MODQ_STALE:
		return fail(res, POST_E_STALE, N_("The post has changed since "
		    "this decision (a later decision or an edit), so undoing it "
		    "would restore a state chosen for other text. Open the post "
		    "and decide again."));
	default:
		return fail(res, POST_E_STALE, N_("This entry can no longer be "
		    "undone (it is older than a day, already undone, or not a "
		    "decision)."));
	}
	res->author_id = o.author_id;
	res->public_changed = 1;
	res->scope = POST_SCOPE_ALL;	/* posts of many threads */
	return 0;
}

int
post_purge_user(struct post_ctx *c, const struct post_purge_in *in,
    struct post_result *res)
{
	struct modq_purge	pu;
	struct modq_outcome	o;

	res_init(res);
	if (!is_mod(c->by))
		return fail(res, POST_E_FORBIDDEN, NULL);
	if (in->days < 1 || in->days > 3650 || in->reason == NULL ||
	    in->reason[0] == '\0')
		return fail(res, POST_E_INVALID, NULL);
	memset(&pu, 0, sizeof(pu));
	pu.user_id = in->user;
	pu.days = in->days;
	pu.reason = in->reason;
	pu.note = in->note != NULL ? in->note : "";
	pu.remove_posts = in->remove_posts;
	pu.actor_id = c->by->id;
	pu.actor_name = c->by->name;
	if (store_modq_purge(c->db, c->a, &pu, &o) == -1)
		return fail(res, POST_E_STORE, NULL);
	res->author_id = in->user;
	switch (o.result) {
	case MODQ_OK:
		break;
	case MODQ_NOTFOUND:
		return fail(res, POST_E_NOTFOUND, NULL);
	default:
		return fail(res, POST_E_FORBIDDEN, N_("Staff, moderator and "
		    "admin accounts cannot be suspended here."));
	}
	res->public_changed = 1;
	res->scope = POST_SCOPE_ALL;	/* posts of many threads */
	return 0;
}

/* A removal as scam of post: the exchange's own contact points are kept. */
static int
scam_keep(struct post_ctx *c, const struct post_campaign_in *in, int64_t post,
    struct post_mod_in *m)
{
	struct contact_row	*cs;
	const char		**keep;
	size_t			 ncs, i;

	if (store_contacts_of_post(c->db, c->a, post, &cs, &ncs) == -1)
		return -1;
	keep = arena_calloc(c->a, ncs + 1, sizeof(*keep));
	for (i = 0; i < ncs; i++)
		if (in->official != NULL &&
		    in->official(in->official_arg, cs[i].value))
			keep[m->nkeep++] = cs[i].value;
	m->keep = keep;
	return 0;
}

int
post_purge_campaign(struct post_ctx *c, const struct post_campaign_in *in,
    struct post_result *res)
{
	struct campaign_row	*rows;
	struct post_mod_in	 m;
	struct post_purge_in	 pu;
	struct post_result	 one;
	enum modq_result	 br;
	const char		*note;
	size_t			 n, i;
	int64_t			 last = 0;
	int			 nposts = 0, nacc = 0;

	res_init(res);
	if (!is_mod(c->by))
		return fail(res, POST_E_FORBIDDEN, NULL);
	note = arena_printf(c->a, "campaign %s %s", in->type, in->value);
	if (store_campaign_posts(c->db, c->a, in->type, in->value, &rows,
	    &n) == -1)
		return fail(res, POST_E_STORE, NULL);
	for (i = 0; i < n; i++) {
		if (rows[i].state != PS_REMOVED) {
			memset(&m, 0, sizeof(m));
			m.kind = "";
			m.action = "remove";
			m.reason = "scam";
			m.note = note;
			m.body = "";
			if (scam_keep(c, in, rows[i].post_id, &m) == -1)
				return fail(res, POST_E_STORE, NULL);
			post_moderate(c, rows[i].post_id, &m, &one);
			if (one.err == POST_E_STORE)
				return fail(res, POST_E_STORE, NULL);
			if (one.err == POST_OK)
				nposts++;
		}
		if (in->purge && rows[i].user_id != last) {
			last = rows[i].user_id;
			memset(&pu, 0, sizeof(pu));
			pu.user = rows[i].user_id;
			pu.days = in->days;
			pu.reason = in->reason;
			pu.note = note;
			pu.remove_posts = 1;
			post_purge_user(c, &pu, &one);
			if (one.err == POST_E_STORE)
				return fail(res, POST_E_STORE, NULL);
			if (one.err == POST_OK)
				nacc++;
		}
	}
	if (store_contact_block(c->db, in->type, in->value, "scam", c->by->id,
	    c->by->name, &br) == -1)
		return fail(res, POST_E_STORE, NULL);
	res->nposts = nposts;
	res->naccounts = nacc;
	res->public_changed = 1;
	res->scope = POST_SCOPE_ALL;	/* posts of many threads */
	return 0;
}
