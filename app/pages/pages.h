/*
 * pages.h: every handler, grouped by the file that defines it, and the
 * index of each route's declared fields (r->f[F_...]).
 */
#ifndef SODAN_PAGES_H
#define SODAN_PAGES_H

#include <stddef.h>
#include <stdint.h>

#include "http/req.h"

/* home.c */
void	page_home(struct req *);
void	page_category(struct req *);
void	page_lang(struct req *);
enum { F_LANG_LANG, F_LANG_NEXT };
enum { F_CAT_PAGE, F_CAT_SORT, F_CAT_AT };

/* thread.c */
void	page_thread(struct req *);
/*
 * Composed thread pages (http/dispatch.c, R_COMPOSE; pages/thread.c).
 * page_thread_reader: the reader's own parts of /t/:id into *out
 * (arena-owned); 1 when the reader may have the page composed from the
 * body recorded for members, 0 when it must be rendered whole (staff,
 * moderators, the thread's author, a member with held or private posts
 * in it, no such thread, another spelling of the id), -1 on a store
 * failure.  page_thread_compose: rec[0..len), a body recorded with
 * r->compose_rec set, into w with the holes filled for r and out; 0, or
 * -1 when rec is cut short.
 */
struct html;
struct thread_reader;
int	page_thread_reader(struct req *, struct thread_reader *);
/*
 * The same from the session cache alone (http/sesscache.h), for the
 * event loop, which never waits on PostgreSQL: 1 or 0 as above, -1 when
 * the reader's parts are not cached (nothing read, nothing stored).
 */
int	page_thread_reader_cached(struct req *, struct thread_reader *);
int	page_thread_compose(struct html *, struct req *,
	    const struct thread_reader *, const char *rec, size_t len);
void	page_answer(struct req *);
void	page_vote(struct req *);
void	page_accept(struct req *);
void	page_verify(struct req *);
void	page_thread_state(struct req *);
enum { F_ANS_BODY, F_ANS_OFFICIAL };
enum { F_VERIFY_ON, F_VERIFY_REV };
enum { F_TSTATE_ACTION, F_TSTATE_DUP };
/* values of the "action" field, in the order of routes.c's list */
enum { QA_ACT_CLOSE, QA_ACT_REOPEN, QA_ACT_LOCK, QA_ACT_PIN, QA_ACT_UNPIN,
	QA_ACT_DUPLICATE, QA_ACT__MAX };

/* ask.c */
void	page_ask_form(struct req *);
void	page_ask(struct req *);
void	page_edit_form(struct req *);
void	page_edit(struct req *);
void	page_history(struct req *);
void	api_preview(struct req *);
void	api_similar(struct req *);
enum { F_ASK_TITLE, F_ASK_BODY, F_ASK_CAT, F_ASK_TAGS };
enum { F_EDIT_TITLE, F_EDIT_BODY, F_EDIT_TAGS };
enum { F_PREVIEW_BODY };
enum { F_SIMILAR_Q };

/* search.c */
void	page_search(struct req *);
void	page_tag(struct req *);
void	page_user_questions(struct req *);
void	page_user_answers(struct req *);
enum { F_SEARCH_Q, F_SEARCH_CAT, F_SEARCH_TAG, F_SEARCH_PAGE,
	F_SEARCH_SOLVED };
enum { F_LIST_PAGE, F_LIST_AT };
struct html;
struct qa_hit;
/* At most half of app_threads search at once (call before serving). */
void	search_limit(int app_threads);
struct thread_row;
/* One page of search results (arena-owned). */
struct search_result {
	struct qa_hit	*h;		/* at most 20 hits */
	size_t		 n;
	int		 has_next;
	int		 count;		/* threads found */
	int		 more;		/* count is a lower bound */
	const char	**marks;	/* words marked in snippets */
	size_t		 nmarks;
	const char	*corrected;	/* the words searched instead, or NULL */
};
/*
 * Runs the search described by r's fields fq (words), fc (category
 * slug), ft (tag), fp (page) and fs (solved only; -1: no such field) into
 * res; nothing when the words hold nothing searchable.  When the first
 * page finds nothing and fold_suggest() puts a misspelt word right, the
 * corrected words are searched and, if they find something, their results
 * given with res->corrected set.  Returns 0, or -1
 * after replying 503 itself (store down, search busy: every place of
 * search_limit taken for a second, or the 2 s statement timeout passed).
 */
int	search_run(struct req *, int fq, int fc, int ft, int fp, int fs,
	    struct search_result *res);
/*
 * Similar questions for the ask form and /api/v1/similar, by the same
 * engine: threads matching every term of q first, then any.  At most
 * limit threads into *t (arena-owned).  Returns 0, or -1 (store down or
 * search busy; nothing replied).
 */
int	search_similar(struct req *, const char *q, int limit,
	    struct thread_row **t, size_t *n);
/*
 * For the profile page: the user's five latest questions and threads
 * answered, with links to the full lists.  Returns 0, or -1 (store down).
 */
int	qa_user_activity(struct html *, struct req *, int64_t user_id,
	    const char *username);

/* feed.c: notifications, the staff feed (page and Atom). */
void	page_notifications(struct req *);
void	page_notifications_read(struct req *);
void	page_notification_read(struct req *);
void	page_staff_feed(struct req *);
void	page_staff_atom(struct req *);
void	page_category_atom(struct req *);
void	page_tag_atom(struct req *);
void	page_thread_atom(struct req *);

/* health.c */
void	page_healthz(struct req *);
void	page_healthz_live(struct req *);
void	page_healthz_ready(struct req *);

/* api/qa.c: JSON twins of the Q&A pages (same fields, filters, limits). */
void	api_threads(struct req *);
void	api_thread(struct req *);
void	api_thread_create(struct req *);
void	api_answer_create(struct req *);
void	api_search(struct req *);
/* api/posts.c: the post actions of the pages, as JSON (docs/api.md) */
void	api_post_vote(struct req *);
void	api_post_accept(struct req *);
void	api_post_verify(struct req *);
enum { F_API_VERIFY_REV, F_API_VERIFY_ON };
void	api_post_edit(struct req *);
enum { F_API_EDIT_REV, F_API_EDIT_BODY, F_API_EDIT_TITLE, F_API_EDIT_TAGS };
void	api_post_flag(struct req *);
enum { F_API_FLAG_REASON, F_API_FLAG_NOTE };
void	api_thread_watch(struct req *);
enum { F_API_WATCH_LEVEL };
void	api_notifications(struct req *);
void	api_notifications_read(struct req *);
void	api_notification_read(struct req *);
void	api_mod_decide(struct req *);
enum { F_API_MODD_ACTION, F_API_MODD_KIND, F_API_MODD_REASON, F_API_MODD_NOTE,
    F_API_MODD_BODY };
/* api/openapi.c: the API's description (assets/api/openapi.json) */
void	api_openapi(struct req *);
enum { F_API_LIST_CAT, F_API_LIST_SORT, F_API_LIST_PAGE };
enum { F_API_ASK_TITLE, F_API_ASK_BODY, F_API_ASK_CAT, F_API_ASK_TAGS };
enum { F_API_ANS_BODY, F_API_ANS_OFFICIAL };
enum { F_API_SEARCH_Q, F_API_SEARCH_CAT, F_API_SEARCH_TAG,
	F_API_SEARCH_PAGE, F_API_SEARCH_SOLVED };

/* api/categories.c */
void	api_categories(struct req *);

/* account.c: register, sign in, two-step verification, sign out. */
struct form_errs;
struct html;
struct user;
struct recovery_view {
	char		**codes;
	size_t		  n;
	const char	 *next;
};
void	page_register_form(struct req *);
void	page_register(struct req *);
enum { F_REG_USERNAME, F_REG_DISPLAY, F_REG_PASSWORD, F_REG_PASSWORD2,
    F_REG_EMAIL };
void	page_login_form(struct req *);
void	page_login(struct req *);
enum { F_LOGIN_USERNAME, F_LOGIN_PASSWORD, F_LOGIN_NEXT };
void	page_mfa_form(struct req *);
void	page_mfa(struct req *);
enum { F_MFA_CODE };
/* GET /login/2fa?recovery=1: the recovery-code field instead of the pad. */
enum { F_MFA_FORM_RECOVERY };
void	page_logout(struct req *);
/* A new session for user_id (fresh token, cookie set).  0 or -1 (store). */
int	account_session_start(struct req *, int64_t user_id);
/* Expires the session cookie in the browser. */
void	account_session_clear(struct req *);
/* Recomputes and stores the user's trust level into *level.  0 or -1. */
int	account_trust_refresh(struct req *, int64_t user_id, int *level);
/*
 * Normalizes and checks a display name (length, characters, and for
 * role user impersonation); adds errors to e; NULL when refused.
 */
const char *account_check_display(struct req *, const char *in,
	    struct form_errs *e, enum role);
/* Replaces the user's recovery codes; v gets the new codes to show once. */
int	account_new_recovery(struct req *, int64_t user_id,
	    struct recovery_view *v);
/* layout_main_fn showing v's codes once, with a link to v->next. */
void	account_recovery_main(struct html *, struct req *, void *);
/*
 * The current password typed into a settings form by the signed-in user
 * u, through the sign-in guard and the signin_account limit: wrong ones
 * are counted, delayed and locked exactly like failed sign-ins.  Returns
 * 1 when right; 0 when wrong or refused for now (*msg: the translated
 * message for the password field, *status: 400, or 429 with Retry-After
 * already added); -1 when an answer was sent (503, or the 429 page of the
 * rate limit).
 */
int	account_current_password(struct req *, const struct user *u,
	    const char *typed, const char **msg, int *status);
/* A sealed two-step secret opened (arena-owned); NULL when it cannot be. */
const char *account_unseal(struct req *, const char *sealed);
/*
 * A new pending two-step secret for u, stored sealed; *secret gets it in
 * clear to show once (arena-owned).  0 or -1.
 */
int	account_new_pending(struct req *, const struct user *u,
	    const char **secret);
/* Sensitive acts (R_FRESH2FA): a second factor this old at most. */
#define ACCOUNT_FRESH_SECONDS	(15 * 60)
/*
 * For a route flagged R_FRESH2FA: 0 when the session passed a second
 * factor within ACCOUNT_FRESH_SECONDS, or the request carries a right
 * code in reauth_code (then the session is marked fresh); else -1 with
 * the re-authentication page sent: a form posting back to the same path
 * with every field as sent and a field for the code.
 */
int	account_fresh_or_reply(struct req *);
/* GET/POST /login/verify: a second factor for a session that has none. */
void	page_stepup_form(struct req *);
void	page_stepup(struct req *);
enum { F_STEPUP_CODE, F_STEPUP_NEXT, F_STEPUP_PW };
enum { F_STEPUP_RECOVERY = F_STEPUP_PW + 1 };	/* GET: as F_MFA_FORM_RECOVERY */

/* recover.c: forgot password, reset by mail, the address in settings. */
void	page_forgot_form(struct req *);
void	page_forgot(struct req *);
void	page_reset_form(struct req *);
void	page_reset(struct req *);
void	page_email_confirm(struct req *);
void	page_settings_email(struct req *);
enum { F_FORGOT_EMAIL };
enum { F_RESET_TOKEN, F_RESET_PW, F_RESET_PW2 };
enum { F_EMAIL_EMAIL, F_EMAIL_PW };
/*
 * Sets u's address to email ("" removes it; staff must keep one): a
 * confirmation link to the new address and a notice to the old one, in
 * the transaction of the change.  1 done (or unchanged), 0 refused (*msg
 * translated), -1 store failure.
 */
int	recover_set_email(struct req *, const struct user *u,
	    const char *email, const char **msg);

/* settings.c: profile, password, two-step verification, sessions. */
void	page_settings(struct req *);
enum { F_SET_WELCOME, F_SET_DONE };
void	page_settings_profile(struct req *);
enum { F_PROF_DISPLAY, F_PROF_LANG };
/*
 * POST /settings/profile and its API twin (api/member.c): the signed-in
 * member's display_name and lang, the name checked as at registration
 * for the member's role (account_check_display).  0 saved (*u the row as
 * it was, *disp the name stored; arena-owned); 1 refused, the reasons in
 * e; -1 after answering 503.
 */
struct user;
struct form_errs;
int	settings_profile_apply(struct req *, struct user **u,
	    const char **disp, struct form_errs *e);
void	page_settings_password(struct req *);
enum { F_PW_OLD, F_PW_NEW, F_PW_NEW2 };
void	page_tfa(struct req *);
void	page_tfa_enable(struct req *);
/* POST /settings/2fa: turning two-step verification on asks the password. */
enum { F_TFA_ON_CODE, F_TFA_ON_PW };
void	page_tfa_recovery(struct req *);
void	page_tfa_off(struct req *);
enum { F_TFA_PW };
void	page_sessions(struct req *);
void	page_session_revoke(struct req *);
void	page_sessions_revoke_all(struct req *);
/* tokens.c: personal access tokens for the API (/settings/tokens). */
void	page_tokens(struct req *);
void	page_token_create(struct req *);
enum { F_TOK_NAME, F_TOK_READ, F_TOK_WRITE, F_TOK_MODERATE, F_TOK_EXPIRES,
	F_TOK_ADMIN, F_TOK_STEPUP };
void	page_token_revoke(struct req *);
enum { F_TOKR_CONFIRM };

/* user.c: public profiles, unlock by a moderator. */
void	page_profile(struct req *);
void	page_profile_unlock(struct req *);
/* modqueue.c: queues, item pages, decisions, purge, bulk, campaigns */
void	page_mod_dashboard(struct req *);
void	page_metrics(struct req *);
/* The moderation queues' gauges for /metrics (pages/modqueue.c); 0 or -1. */
struct buf;
int	page_metrics_modq(struct req *, struct buf *);
void	page_mod_queue(struct req *);
void	api_mod_queue(struct req *);
/* api/mod.c: the audit log, appeals (list, decide) */
void	api_mod_log(struct req *);
void	api_mod_appeals(struct req *);
void	api_mod_appeal_decide(struct req *);
void	api_mod_bulk(struct req *);
/* api/admin.c: the admin console's JSON twins (pages/admin.h) */
void	api_admin_categories(struct req *);
void	api_admin_category_create(struct req *);
void	api_admin_category_save(struct req *);
void	api_admin_category_move(struct req *);
void	api_admin_category_archive(struct req *);
void	api_admin_category_merge(struct req *);
void	api_admin_tag_rename(struct req *);
void	api_admin_members(struct req *);
void	api_admin_member_role(struct req *);
void	api_admin_member_suspend(struct req *);
void	api_admin_member_restore(struct req *);
void	api_admin_settings(struct req *);
void	api_admin_settings_save(struct req *);
void	api_admin_lists(struct req *);
void	api_admin_lists_add(struct req *);
void	api_admin_lists_delete(struct req *);
void	api_admin_webhooks(struct req *);
void	api_admin_webhook_add(struct req *);
void	api_admin_webhook(struct req *);
void	api_admin_webhook_enable(struct req *);
void	api_admin_webhook_delete(struct req *);
void	api_admin_tagsyns(struct req *);
void	api_admin_tagsyn_add(struct req *);
void	api_admin_tagsyn_remove(struct req *);
void	api_mod_purge(struct req *);
void	api_mod_campaign(struct req *);
void	api_mod_undo(struct req *);
void	api_mod_rules_reload(struct req *);
void	api_mod_rules_train(struct req *);
void	api_mod_limits_reset(struct req *);
void	api_mod_unlock(struct req *);
void	api_thread_state(struct req *);
enum { F_MODQ_CATEGORY, F_MODQ_LANG, F_MODQ_REASON, F_MODQ_PAGE,
	F_MODQ_AT };
void	page_mod_post(struct req *);
void	page_mod_decide(struct req *);
enum { F_MODD_KIND, F_MODD_ACTION, F_MODD_REASON, F_MODD_NOTE,
	F_MODD_BODY, F_MODD_CONFIRM, F_MODD_PURGE, F_MODD_DAYS,
	F_MODD_UREASON };
void	page_mod_bulk(struct req *);
enum { F_MODB_IDS, F_MODB_KIND, F_MODB_ACTION, F_MODB_REASON,
	F_MODB_CONFIRM };
void	page_mod_purge_form(struct req *);
void	page_mod_purge(struct req *);
enum { F_MODU_WHAT, F_MODU_DAYS, F_MODU_REASON, F_MODU_NOTE,
	F_MODU_CONFIRM };
void	page_mod_campaign(struct req *);
void	page_mod_campaign_act(struct req *);
enum { F_MODC_TYPE, F_MODC_VALUE, F_MODC_ACTION, F_MODC_DAYS, F_MODC_REASON,
	F_MODC_CONFIRM };

/* modlimits.c: rate-limit allowances of a user or an IP, and resets */
enum { F_MODLIM_Q };
enum { F_MODLIMR_Q, F_MODLIMR_LIMIT, F_MODLIMR_REASON, F_MODLIMR_CONFIRM };
void	page_mod_limits(struct req *);
void	page_mod_limits_reset(struct req *);

/* modrules.c: the moderation rule set in use and its reload */
enum { F_MODR_REASON };
void	page_mod_rules(struct req *);
void	page_mod_rules_reload(struct req *);
void	page_mod_rules_train(struct req *);

/* adminlists.c: the moderation lists edited in the browser */
enum { F_ALIST_ADDED };
enum { F_ALIST_LIST, F_ALIST_VALUE, F_ALIST_NOTE };
void	page_admin_lists(struct req *);
void	page_admin_lists_add(struct req *);
void	page_admin_lists_delete(struct req *);

/* modlog.c: audit log, undo, public counts */
void	page_mod_log(struct req *);
enum { F_MODL_ACTION, F_MODL_ACTOR, F_MODL_TARGET, F_MODL_TKIND,
	F_MODL_PAGE, F_MODL_AT };
void	page_mod_undo_form(struct req *);
void	page_mod_undo(struct req *);
enum { F_MODX_NOTE, F_MODX_CONFIRM };
void	page_transparency(struct req *);
void	api_transparency(struct req *);

/* official.c */
void	page_official(struct req *);
void	api_official(struct req *);
/*
 * 1 when value (a normalized contact point) is one of the exchange's
 * official contacts (conf/moderation/official_contacts.txt), else 0.
 */
int	official_listed(struct req *, const char *value);
enum { F_OFF_Q };

/* upload.c: pictures (docs/images.md) */
void	page_upload(struct req *);
enum { F_UP_FILE, F_UP_FORM };
void	page_upload_get(struct req *);
void	page_upload_form(struct req *);

/* flag.c */
void	page_flag_form(struct req *);
void	page_flag(struct req *);
enum { F_FLAG_REASON, F_FLAG_NOTE };
/* /t/:id?posted=question|answer|held: the "posted" confirmation. */
enum { F_THREAD_POSTED };

/* watch.c: watching, notification settings, one-click unsubscribe */
/*
 * The thread of param[0] when the member may follow it (it exists and
 * they may see it): *id, 0.  Else it answered (404, 503): -1.  The page
 * and the API (api/posts.c) both ask it.
 */
int	watch_thread_or_reply(struct req *, int64_t *id);
void	page_watch_thread(struct req *);
void	page_watch_tag(struct req *);
void	page_watch_category(struct req *);
/*
 * The tag of param[0] as threads store it (*tag, arena-owned), or the
 * category of slug param[0] (*c): 0; else it answered (404, 503): -1.
 * The pages and the API (api/posts.c) both ask them.
 */
int	watch_tag_or_reply(struct req *, const char **tag);
struct category;
int	watch_category_or_reply(struct req *, struct category **c);
void	api_tag_watch(struct req *);
void	api_category_watch(struct req *);
enum { F_WATCH_LEVEL };
void	page_watching(struct req *);
void	page_notify_prefs(struct req *);
void	page_notify_prefs_save(struct req *);
/*
 * The notification settings of POST /settings/notifications and its API
 * twin (api/member.c): mode, and each kind of mail on when its field is 1
 * (absent or 0: off, as an unticked box), stored for the signed-in
 * member.  0 (*mode and *mail_off, the kinds turned off, arena-owned or
 * the request's), or -1 after answering 503.
 */
int	watch_prefs_save_or_reply(struct req *, const char **mode,
	    const char **mail_off);
/*
 * The i-th kind of mail a member may turn off: its form field in *field
 * and 1 when it is on in mail_off (the kinds turned off, as stored), 0
 * when off; -1 past the last kind.
 */
int	watch_prefs_kind(const char *mail_off, size_t i, const char **field);
/* the kinds in the order of mail_kinds[] (watch.c) */
enum { F_NPREF_MODE, F_NPREF_ANSWER, F_NPREF_WATCH_OFFICIAL,
	F_NPREF_WATCH_VERIFIED, F_NPREF_WATCH_ANSWER, F_NPREF_MENTION,
	F_NPREF_ACCEPTED, F_NPREF_MODERATION };
void	page_unsubscribe(struct req *);
enum { F_UNSUB_U, F_UNSUB_K, F_UNSUB_S, F_UNSUB_ONECLICK };
struct html;
/*
 * The level buttons of a thread, tag or category (action: its .../watch
 * URL; current: the member's level, "" when none); nothing for visitors.
 */
void	watch_buttons(struct html *, struct req *, const char *action,
	    const char *current);

/* appeal.c: appeals of removals */
void	page_appeal_form(struct req *);
void	page_appeal(struct req *);
enum { F_APPEAL_BODY };
/*
 * POST /p/:id/appeal and its API twin (api/member.c): an appeal of the
 * member's own post of param[0], removed by moderators, once per removal,
 * with body of 10 to 1,000 characters.  0 sent (*id the appeal); 1 the
 * body's length refused; -1 after answering (404 not theirs or no such
 * post, 409 not removed or appealed already, 503).  *post and *t (the
 * removal, arena-owned) are set whenever it returns 0 or 1.
 */
struct appeal_target;
int	appeal_send_apply(struct req *, const char *body, int64_t *post,
	    struct appeal_target **t, int64_t *id);
void	page_mod_appeals(struct req *);
void	page_mod_appeal_decide(struct req *);
enum { F_MAPPEAL_DECISION, F_MAPPEAL_NOTE };
/* Appeals of a suspension: the sign-in notice's signed link (pages/appeal.c). */
const char *appeal_susp_link(struct arena *, int64_t user);
/*
 * Decides an appeal (a removal's or a suspension's; reverse restores or
 * lifts, else upholds): 0 when decided, -1 after replying with the
 * refusal.  The page and the API call it (pages/appeal.c).
 */
int	appeal_decide(struct req *, int64_t id, int reverse, const char *note);
void	page_susp_appeal_form(struct req *);
void	page_susp_appeal(struct req *);
enum { F_SAPPEAL_U, F_SAPPEAL_E, F_SAPPEAL_S, F_SAPPEAL_BODY };
/* F_MAPPEAL_DECISION, in the order of appeal_decisions (routes.c) */
enum { MAPPEAL_REVERSE, MAPPEAL_UPHOLD };

/* pages/seo.c: what search engines read */
void	page_robots(struct req *);
void	page_sitemap(struct req *);
void	page_sitemap_part(struct req *);
struct qa_thread;
struct qa_post;
/* The thread as schema.org QAPage JSON-LD: visible posts only. */
void	seo_thread_jsonld(struct html *, struct req *,
	    const struct qa_thread *, const struct qa_post *, size_t);

/* support.c: escalation to official support (docs/support.md) */
void	page_escalate(struct req *);
void	page_support_of_thread(struct req *);
void	page_support(struct req *);
void	page_support_reply(struct req *);
void	page_support_state(struct req *);
enum { F_SUP_BODY };
enum { F_SUPV_MASKED, F_SUPV_CANNED };
enum { F_SUPS_ACTION };
/*
 * The transitions of /t/:id/escalate, /support/:id/reply and
 * /support/:id/state, shared with their API twins (api/member.c): the
 * case (or the thread) of param[0] loaded and checked as for the page,
 * then the one function of app/support/.  0 done (*o filled; *c the case
 * before the change); 1 the message refused (o->blocked 1: by the
 * filters, 0: empty; the reasons in o); -1 after answering (404 not the
 * asker's nor staff's, 409 resolved, 503).
 */
struct support_case;
struct support_outcome {
	int64_t		 case_id;
	int		 masked;	/* a secret was masked before storage */
	int		 changed;	/* resolve, reopen, claim: it changed */
	int		 blocked;	/* refused: by the filters (1), empty (0) */
	const char	**reasons;	/* refused: why, translated */
	size_t		 nreasons;
};
int	support_escalate_apply(struct req *, const char *body,
	    struct support_outcome *o);
int	support_reply_apply(struct req *, const char *body,
	    struct support_case **c, struct support_outcome *o);
int	support_state_apply(struct req *, struct support_case **c,
	    struct support_outcome *o);
/* desk.c: the staff desk (docs/support.md) */
void	page_desk(struct req *);
void	page_desk_cases(struct req *);
void	page_desk_claim(struct req *);
enum { F_CLAIM_THREAD, F_CLAIM_ASSIGNEE, F_CLAIM_ACTION };
/*
 * POST /staff/desk/claim and its API twin (api/member.c): claim, assign
 * (to assignee) or release thread through support_claim.  0 done
 * (o->changed 0 when nothing changed), or -1 after answering (400 no
 * assignee or not staff, 404, 503).
 */
int	desk_claim_apply(struct req *, struct support_outcome *o);
/* api/member.c: a member's settings, appeals, support cases; the desk */
void	api_me_profile(struct req *);
void	api_me_notify_prefs(struct req *);
void	api_me_notify_prefs_save(struct req *);
void	api_post_appeal(struct req *);
void	api_thread_escalate(struct req *);
void	api_support_reply(struct req *);
void	api_support_state(struct req *);
void	api_desk_claim(struct req *);
void	page_stats(struct req *);
void	page_stats_csv(struct req *);
enum { F_STATS_WEEKS };
/* triage.c: staff correct a question's urgency (docs/support.md) */
void	page_triage_correct(struct req *);
enum { F_TRIAGE_CLASS, F_TRIAGE_NOTE, F_TRIAGE_BACK };

/* oidc.c: sign in with the exchange's account (docs/accounts.md) */
void	page_oidc_start(struct req *);
void	page_oidc_link_start(struct req *);
void	page_oidc_callback(struct req *);
void	page_oidc_new_form(struct req *);
void	page_oidc_new(struct req *);
void	page_oidc_link_form(struct req *);
void	page_oidc_confirm_form(struct req *);
void	page_oidc_confirm(struct req *);
void	page_oidc_unlink(struct req *);
enum { F_OIDC_NEXT };
enum { F_OIDC_CB_CODE, F_OIDC_CB_STATE, F_OIDC_CB_ERROR };
enum { F_OIDC_NEW_USERNAME, F_OIDC_NEW_DISPLAY };
struct html;
struct user;
struct oidc_link_row;
/* The sign-in page's button (nothing when [oidc] is off). */
void	oidc_login_button(struct html *, struct req *, const char *next);
/* The identities of user_id for settings (none when [oidc] is off). */
int	oidc_settings_load(struct req *, int64_t user_id,
	    struct oidc_link_row **, size_t *);
/* Settings: the linked identity with unlink (has_password), or link. */
void	oidc_settings_html(struct html *, struct req *,
	    const struct oidc_link_row *, size_t, int has_password);
/*
 * account.c: signs u in after the provider vouched for the person: the
 * rules after a right password (suspension, lock, trust level, the
 * account's own second factor), then next.  Answers the request.
 */
void	account_signin_verified(struct req *, struct user *, const char *next);

/* kb.c: the knowledge base (docs/support.md, "Knowledge base") */
void	page_kb_list(struct req *);
void	page_kb_article(struct req *);
void	page_kb_new_form(struct req *);
void	page_kb_new(struct req *);
void	page_kb_edit_form(struct req *);
void	page_kb_edit(struct req *);
void	page_kb_history(struct req *);
void	page_kb_helpful(struct req *);
void	page_kb_confirm(struct req *);
void	page_kb_promote(struct req *);
void	api_kb_solved(struct req *);
/* api/kb.c: the knowledge base's JSON twins (pages/kb.h) */
void	api_kb_list(struct req *);
void	api_kb_article(struct req *);
void	api_kb_create(struct req *);
void	api_kb_edit(struct req *);
void	api_kb_helpful(struct req *);
void	api_kb_review(struct req *);
void	api_kb_promote(struct req *);
/* api/triage.c: staff's correction of a question's urgency, as JSON */
void	api_thread_triage(struct req *);
enum { F_KBL_SORT, F_KBL_CAT, F_KBL_TAG, F_KBL_PAGE };
enum { F_KBA_VOTED };
enum { F_KBW_TITLE, F_KBW_CAT, F_KBW_TAGS, F_KBW_QUESTION, F_KBW_BODY,
	F_KBW_REV };
enum { F_KBH_HELPFUL };
enum { F_KBC_REV };
struct qa_thread;
struct html;
/* The "promote to knowledge base" form of a solved thread, for staff. */
void	kb_promote_box(struct html *, struct req *, const struct qa_thread *);
/* Knowledge-base articles matching q (text/fold.h), for suggestions. */
struct kb_hit;
int	kb_similar(struct req *, const char *q, int limit, struct kb_hit **,
	    size_t *);
/* The desk's section of articles that need a review (desk.c). */
void	kb_desk_review(struct html *, struct req *);
/* seo.c: an article as schema.org FAQPage (promoted) or Article. */
struct kb_article;
void	seo_kb_jsonld(struct html *, struct req *, const struct kb_article *);

/* admin.c: the admin console (docs/admin.md) */
void	page_admin(struct req *);
void	page_admin_categories(struct req *);
void	page_admin_category_create(struct req *);
void	page_admin_category(struct req *);
void	page_admin_category_save(struct req *);
void	page_admin_category_move(struct req *);
void	page_admin_category_archive(struct req *);
void	page_admin_category_merge_form(struct req *);
void	page_admin_category_merge(struct req *);
void	page_admin_tags(struct req *);
void	page_admin_tag_rename(struct req *);
enum { F_ADMIN_CAT_SLUG, F_ADMIN_CAT_NAME_JA, F_ADMIN_CAT_NAME_EN,
    F_ADMIN_CAT_DESC_JA, F_ADMIN_CAT_DESC_EN };
enum { F_ADMIN_MOVE_DIR };
enum { F_ADMIN_ARCHIVE_ON };
enum { F_ADMIN_MERGE_INTO, F_ADMIN_MERGE_CONFIRM };
enum { F_ADMIN_TAG_FROM, F_ADMIN_TAG_TO, F_ADMIN_TAG_CONFIRM };
/* tag synonyms (admin.c; migration 0177) */
void	page_admin_tagsyn_add(struct req *);
void	page_admin_tagsyn_remove(struct req *);
enum { F_ADMIN_TAGSYN_ALIAS, F_ADMIN_TAGSYN_TAG, F_ADMIN_TAGSYN_CONFIRM };
enum { F_ADMIN_DONE };
void	page_admin_members(struct req *);
void	page_admin_member_role(struct req *);
enum { F_ADMIN_MEMBERS_Q, F_ADMIN_MEMBERS_DONE };
enum { F_ADMIN_ROLE_ROLE };

/* webhooks.c: the admin console's webhooks and their delivery log */
enum { F_WHLIST_CHANGED };
enum { F_WHADD_URL, F_WHADD_QUESTION, F_WHADD_OFFICIAL, F_WHADD_HELD,
    F_WHADD_REMOVED, F_WHADD_ESCALATED, F_WHADD_NOTE };
enum { F_WHEN_ENABLED };
void	page_admin_webhooks(struct req *);
void	page_admin_webhook_add(struct req *);
void	page_admin_webhook(struct req *);
void	page_admin_webhook_enable(struct req *);
void	page_admin_webhook_delete_form(struct req *);
void	page_admin_webhook_delete(struct req *);
/* adminmembers.c: suspend and restore a member (docs/admin.md) */
void	page_admin_member_suspension(struct req *);
void	page_admin_member_suspend(struct req *);
void	page_admin_member_restore(struct req *);
enum { F_ADMIN_SUSPV_DONE };
enum { F_ADMIN_SUSP_REASON, F_ADMIN_SUSP_DAYS, F_ADMIN_SUSP_CONFIRM };

/* adminsettings.c: site settings and the logo (docs/admin.md) */
void	page_admin_settings(struct req *);
void	page_admin_settings_save(struct req *);
void	page_site_logo(struct req *);
enum { F_ASETV_DONE };
enum { F_ASET_NAME_JA, F_ASET_NAME_EN, F_ASET_LOGO };

#endif
