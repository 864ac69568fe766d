/*
 * http/routes.c: the route table, and matching.
 *
 * One table: method, pattern, handler, declared fields, role, flags,
 * rate-limit action.  Patterns are literal segments and ":name" segments
 * (a non-empty segment, up to 255 bytes, handed to the handler in
 * r->param[] in order).  The table is small, so matching is a scan.
 */
#include <stdint.h>
#include <string.h>

#include "http/input.h"
#include "http/routes.h"
#include "http/valid.h"
#include "lib/arena.h"
#include "lib/limits.h"
#include "lib/util.h"
#include "pages/pages.h"

static const char *const langs[] = { "ja", "en", NULL };

static const struct field f_lang[] = {
	[F_LANG_LANG] = { "lang", valid_enum, FIELD_REQUIRED, 0, 0, langs },
	[F_LANG_NEXT] = { "next", valid_next, FIELD_OPTIONAL, 1, 512, NULL },
};
/* Category list filters, in the order of enum qa_sort (store.h). */
static const char *const cat_sorts[] = { "active", "newest", "unanswered",
	"answered", "verified", NULL };
static const struct field f_cat[] = {
	[F_CAT_PAGE] = { "page", valid_int, FIELD_OPTIONAL, 1, 100000, NULL },
	[F_CAT_SORT] = { "sort", valid_enum, FIELD_OPTIONAL, 0, 0, cat_sorts },
	/* keyset position (lib/cursor.h): the older / newer links */
	[F_CAT_AT] = { "at", valid_cursor, FIELD_OPTIONAL, 0, 0, NULL },
};

static const char *const qa_actions[] = { "close", "reopen", "lock", "pin",
	"unpin", "duplicate", NULL };
static const struct field f_answer[] = {
	[F_ANS_BODY] = { "body", valid_text, FIELD_OPTIONAL, 0, 20000, NULL },
	[F_ANS_OFFICIAL] = { "official", valid_bool, FIELD_OPTIONAL, 0, 0, NULL },
};
static const struct field f_verify[] = {
	[F_VERIFY_ON] = { "on", valid_bool, FIELD_REQUIRED, 0, 0, NULL },
	/* the revision the staff member read: post_verify refuses another */
	[F_VERIFY_REV] = { "revision", valid_int, FIELD_REQUIRED, 1, 1000000,
	    NULL },
};
static const struct field f_tstate[] = {
	[F_TSTATE_ACTION] = { "action", valid_enum, FIELD_REQUIRED, 0, 0,
	    qa_actions },
	[F_TSTATE_DUP] = { "dup", valid_id, FIELD_OPTIONAL, 0, 0, NULL },
};
static const struct field f_ask[] = {
	[F_ASK_TITLE] = { "title", valid_line, FIELD_OPTIONAL, 0, 300, NULL },
	[F_ASK_BODY] = { "body", valid_text, FIELD_OPTIONAL, 0, 20000, NULL },
	[F_ASK_CAT] = { "category", valid_line, FIELD_OPTIONAL, 0, 40, NULL },
	[F_ASK_TAGS] = { "tags", valid_line, FIELD_OPTIONAL, 0, 200, NULL },
};
static const struct field f_edit[] = {
	[F_EDIT_TITLE] = { "title", valid_line, FIELD_OPTIONAL, 0, 300, NULL },
	[F_EDIT_BODY] = { "body", valid_text, FIELD_OPTIONAL, 0, 20000, NULL },
	[F_EDIT_TAGS] = { "tags", valid_line, FIELD_OPTIONAL, 0, 200, NULL },
};
static const struct field f_preview[] = {
	[F_PREVIEW_BODY] = { "body", valid_text, FIELD_OPTIONAL, 0, 20000, NULL },
};
static const struct field f_similar[] = {
	[F_SIMILAR_Q] = { "q", valid_line, FIELD_OPTIONAL, 0, 150, NULL },
};

static const struct field f_search[] = {
	[F_SEARCH_Q] = { "q", valid_line, FIELD_OPTIONAL, 0, 200, NULL },
	[F_SEARCH_CAT] = { "category", valid_line, FIELD_OPTIONAL, 0, 40, NULL },
	[F_SEARCH_TAG] = { "tag", valid_line, FIELD_OPTIONAL, 0, 30, NULL },
	[F_SEARCH_PAGE] = { "page", valid_int, FIELD_OPTIONAL, 1, 1000, NULL },
	[F_SEARCH_SOLVED] = { "solved", valid_bool, FIELD_OPTIONAL, 0, 0, NULL },
};
/* The JSON API takes the same fields, with the same limits, as the pages. */
static const struct field f_api_list[] = {
	[F_API_LIST_CAT] = { "category", valid_line, FIELD_OPTIONAL, 0, 40,
	    NULL },
	[F_API_LIST_SORT] = { "sort", valid_enum, FIELD_OPTIONAL, 0, 0,
	    cat_sorts },
	/* lists read by keyset: page N reads (N-1)*20 rows first (STORE_SKIP_MAX) */
	[F_API_LIST_PAGE] = { "page", valid_int, FIELD_OPTIONAL, 1, 50,
	    NULL },
};
static const struct field f_api_ask[] = {
	[F_API_ASK_TITLE] = { "title", valid_line, FIELD_OPTIONAL, 0, 300,
	    NULL },
	[F_API_ASK_BODY] = { "body", valid_text, FIELD_OPTIONAL, 0, 20000,
	    NULL },
	[F_API_ASK_CAT] = { "category", valid_line, FIELD_OPTIONAL, 0, 40,
	    NULL },
	[F_API_ASK_TAGS] = { "tags", valid_line, FIELD_OPTIONAL, 0, 200, NULL },
};
static const struct field f_api_answer[] = {
	[F_API_ANS_BODY] = { "body", valid_text, FIELD_OPTIONAL, 0, 20000,
	    NULL },
	[F_API_ANS_OFFICIAL] = { "official", valid_bool, FIELD_OPTIONAL, 0, 0,
	    NULL },
};
static const struct field f_api_search[] = {
	[F_API_SEARCH_Q] = { "q", valid_line, FIELD_OPTIONAL, 0, 200, NULL },
	[F_API_SEARCH_CAT] = { "category", valid_line, FIELD_OPTIONAL, 0, 40,
	    NULL },
	[F_API_SEARCH_TAG] = { "tag", valid_line, FIELD_OPTIONAL, 0, 30, NULL },
	[F_API_SEARCH_PAGE] = { "page", valid_int, FIELD_OPTIONAL, 1, 1000,
	    NULL },
	[F_API_SEARCH_SOLVED] = { "solved", valid_bool, FIELD_OPTIONAL, 0, 0,
	    NULL },
};
static const struct field f_list[] = {
	[F_LIST_PAGE] = { "page", valid_int, FIELD_OPTIONAL, 1, 100000, NULL },
	[F_LIST_AT] = { "at", valid_cursor, FIELD_OPTIONAL, 0, 0, NULL },
};

static const struct field f_register[] = {
	[F_REG_USERNAME] = { "username", valid_line, FIELD_REQUIRED, 1, 64, NULL },
	[F_REG_DISPLAY] = { "display_name", valid_line, FIELD_REQUIRED, 1, 80,
	    NULL },
	[F_REG_PASSWORD] = { "password", valid_line, FIELD_REQUIRED, 1, 256,
	    NULL },
	[F_REG_PASSWORD2] = { "password2", valid_line, FIELD_REQUIRED, 1, 256,
	    NULL },
	[F_REG_EMAIL] = { "email", valid_line, FIELD_OPTIONAL, 0, 254, NULL },
};
static const struct field f_login_form[] = {
	[F_LOGIN_USERNAME] = { "username", valid_line, FIELD_OPTIONAL, 1, 64,
	    NULL },
	[F_LOGIN_PASSWORD] = { "password", valid_line, FIELD_OPTIONAL, 1, 256,
	    NULL },
	[F_LOGIN_NEXT] = { "next", valid_next, FIELD_OPTIONAL, 1, 512, NULL },
};
static const struct field f_login[] = {
	[F_LOGIN_USERNAME] = { "username", valid_line, FIELD_REQUIRED, 1, 64,
	    NULL },
	[F_LOGIN_PASSWORD] = { "password", valid_line,
	    FIELD_REQUIRED | FIELD_SECRET, 1, 256, NULL },
	[F_LOGIN_NEXT] = { "next", valid_next, FIELD_OPTIONAL, 1, 512, NULL },
};
/* sign in with the exchange's account (pages/oidc.c) */
static const struct field f_oidc_start[] = {
	[F_OIDC_NEXT] = { "next", valid_next, FIELD_OPTIONAL, 1, 512, NULL },
};
static const struct field f_oidc_cb[] = {
	[F_OIDC_CB_CODE] = { "code", valid_line, FIELD_OPTIONAL, 1, 2048,
	    NULL },
	[F_OIDC_CB_STATE] = { "state", valid_line, FIELD_OPTIONAL, 1, 200,
	    NULL },
	[F_OIDC_CB_ERROR] = { "error", valid_line, FIELD_OPTIONAL, 1, 200,
	    NULL },
};
static const struct field f_oidc_new[] = {
	[F_OIDC_NEW_USERNAME] = { "username", valid_line, FIELD_REQUIRED, 1,
	    64, NULL },
	[F_OIDC_NEW_DISPLAY] = { "display_name", valid_line, FIELD_REQUIRED,
	    1, 80, NULL },
};
static const struct field f_mfa[] = {
	[F_MFA_CODE] = { "code", valid_line, FIELD_REQUIRED, 6, 20, NULL },
};
static const struct field f_mfa_form[] = {
	[F_MFA_FORM_RECOVERY] = { "recovery", valid_bool, FIELD_OPTIONAL, 0, 0,
	    NULL },
};
static const struct field f_settings[] = {
	[F_SET_WELCOME] = { "welcome", valid_bool, FIELD_OPTIONAL, 0, 0, NULL },
	[F_SET_DONE] = { "done", valid_bool, FIELD_OPTIONAL, 0, 0, NULL },
};
static const struct field f_profile[] = {
	[F_PROF_DISPLAY] = { "display_name", valid_line, FIELD_REQUIRED, 1, 80,
	    NULL },
	[F_PROF_LANG] = { "lang", valid_enum, FIELD_REQUIRED, 0, 0, langs },
};
static const struct field f_password[] = {
	[F_PW_OLD] = { "old_password", valid_line, FIELD_REQUIRED, 1, 256,
	    NULL },
	[F_PW_NEW] = { "password", valid_line, FIELD_REQUIRED, 1, 256, NULL },
	[F_PW_NEW2] = { "password2", valid_line, FIELD_REQUIRED, 1, 256, NULL },
};
static const struct field f_tfa_on[] = {
	[F_TFA_ON_CODE] = { "code", valid_line, FIELD_REQUIRED, 6, 6, NULL },
	[F_TFA_ON_PW] = { "password", valid_line, FIELD_REQUIRED | FIELD_SECRET,
	    1, 256, NULL },
};
static const struct field f_stepup_form[] = {
	[F_STEPUP_CODE] = { "code", valid_line, FIELD_OPTIONAL, 6, 20, NULL },
	[F_STEPUP_NEXT] = { "next", valid_next, FIELD_OPTIONAL, 1, 512, NULL },
	[F_STEPUP_PW] = { "password", valid_line, FIELD_OPTIONAL | FIELD_SECRET,
	    1, 256, NULL },
	[F_STEPUP_RECOVERY] = { "recovery", valid_bool, FIELD_OPTIONAL, 0, 0,
	    NULL },
};
static const struct field f_stepup[] = {
	[F_STEPUP_CODE] = { "code", valid_line, FIELD_REQUIRED, 6, 20, NULL },
	[F_STEPUP_NEXT] = { "next", valid_next, FIELD_OPTIONAL, 1, 512, NULL },
	[F_STEPUP_PW] = { "password", valid_line, FIELD_OPTIONAL | FIELD_SECRET,
	    1, 256, NULL },
};
static const struct field f_forgot[] = {
	[F_FORGOT_EMAIL] = { "email", valid_line, FIELD_REQUIRED, 3, 254, NULL },
};
static const struct field f_reset_form[] = {
	[F_RESET_TOKEN] = { "token", valid_token, FIELD_OPTIONAL, 0, 0, NULL },
};
static const struct field f_reset[] = {
	[F_RESET_TOKEN] = { "token", valid_token, FIELD_REQUIRED, 0, 0, NULL },
	[F_RESET_PW] = { "password", valid_line, FIELD_REQUIRED | FIELD_SECRET,
	    1, 256, NULL },
	[F_RESET_PW2] = { "password2", valid_line,
	    FIELD_REQUIRED | FIELD_SECRET, 1, 256, NULL },
};
static const struct field f_email[] = {
	[F_EMAIL_EMAIL] = { "email", valid_line, FIELD_REQUIRED, 0, 254, NULL },
	[F_EMAIL_PW] = { "current_password", valid_line, FIELD_REQUIRED | FIELD_SECRET,
	    1, 256, NULL },
};
static const struct field f_tfa_pw[] = {
	[F_TFA_PW] = { "password", valid_line, FIELD_REQUIRED, 1, 256, NULL },
};

static const char *const q_langs[] = { "", "ja", "en", NULL };
static const char *const q_kinds[] = { "", "held", "private", "flagged",
    "first", NULL };
static const char *const mod_actions[] = { "approve", "remove", "edit",
    "dismiss", NULL };
static const char *const bulk_actions[] = { "approve", "remove", "dismiss",
    NULL };
static const char *const mod_reasons[] = { "", "spam", "scam", "abusive",
    "offtopic", "secret", "other", NULL };
static const char *const flag_reasons[] = { "spam", "scam", "abusive",
    "offtopic", "other", NULL };
static const char *const purge_what[] = { "purge", "suspend", NULL };
static const char *const campaign_actions[] = { "purge", "remove", NULL };
static const char *const contact_types[] = { "phone", "email", "telegram",
    "whatsapp", "discord", "line", "handle", "domain", NULL };
static const char *const target_kinds[] = { "", "post", "user", "contact",
    "ip", "thread", NULL };
static const char *const limit_names[] = { "all", "global", "register",
    "signin_ip", "signin_account", "ask", "answer", "edit", "vote", "flag",
    "search", "api", "upload", "register_attempt", NULL };

static const struct field f_modq[] = {
	[F_MODQ_CATEGORY] = { "category", valid_line, FIELD_OPTIONAL, 0, 40, NULL },
	[F_MODQ_LANG] = { "lang", valid_enum, FIELD_OPTIONAL, 0, 0, q_langs },
	[F_MODQ_REASON] = { "reason", valid_line, FIELD_OPTIONAL, 0, 60, NULL },
	[F_MODQ_PAGE] = { "page", valid_int, FIELD_OPTIONAL, 1, 100000, NULL },
	[F_MODQ_AT] = { "at", valid_cursor, FIELD_OPTIONAL, 0, 0, NULL },
};
static const struct field f_modd[] = {
	[F_MODD_KIND] = { "kind", valid_enum, FIELD_OPTIONAL, 0, 0, q_kinds },
	[F_MODD_ACTION] = { "action", valid_enum, FIELD_REQUIRED, 0, 0, mod_actions },
	[F_MODD_REASON] = { "reason", valid_enum, FIELD_OPTIONAL, 0, 0, mod_reasons },
	[F_MODD_NOTE] = { "note", valid_line, FIELD_OPTIONAL, 0, 300, NULL },
	[F_MODD_BODY] = { "body", valid_text, FIELD_OPTIONAL, 1, 20000, NULL },
	[F_MODD_CONFIRM] = { "confirm", valid_bool, FIELD_OPTIONAL, 0, 0, NULL },
	[F_MODD_PURGE] = { "purge", valid_bool, FIELD_OPTIONAL, 0, 0, NULL },
	[F_MODD_DAYS] = { "days", valid_int, FIELD_OPTIONAL, 1, 3650, NULL },
	[F_MODD_UREASON] = { "user_reason", valid_line, FIELD_OPTIONAL, 0, 300, NULL },
};
static const struct field f_modb[] = {
	[F_MODB_IDS] = { "ids", valid_idlist, FIELD_REQUIRED | FIELD_MULTI, 1, 100, NULL },
	[F_MODB_KIND] = { "kind", valid_enum, FIELD_REQUIRED, 0, 0, q_kinds },
	[F_MODB_ACTION] = { "action", valid_enum, FIELD_REQUIRED, 0, 0, bulk_actions },
	[F_MODB_REASON] = { "reason", valid_enum, FIELD_OPTIONAL, 0, 0, mod_reasons },
	[F_MODB_CONFIRM] = { "confirm", valid_bool, FIELD_OPTIONAL, 0, 0, NULL },
};
static const struct field f_modu[] = {
	[F_MODU_WHAT] = { "what", valid_enum, FIELD_OPTIONAL, 0, 0, purge_what },
	[F_MODU_DAYS] = { "days", valid_int, FIELD_REQUIRED, 1, 3650, NULL },
	[F_MODU_REASON] = { "reason", valid_line, FIELD_REQUIRED, 1, 300, NULL },
	[F_MODU_NOTE] = { "note", valid_line, FIELD_OPTIONAL, 0, 300, NULL },
	[F_MODU_CONFIRM] = { "confirm", valid_bool, FIELD_OPTIONAL, 0, 0, NULL },
};
static const struct field f_modc[] = {
	[F_MODC_TYPE] = { "type", valid_enum, FIELD_REQUIRED, 0, 0, contact_types },
	[F_MODC_VALUE] = { "value", valid_line, FIELD_REQUIRED, 1, 300, NULL },
	[F_MODC_ACTION] = { "action", valid_enum, FIELD_OPTIONAL, 0, 0, campaign_actions },
	[F_MODC_DAYS] = { "days", valid_int, FIELD_OPTIONAL, 1, 3650, NULL },
	[F_MODC_REASON] = { "reason", valid_line, FIELD_OPTIONAL, 0, 300, NULL },
	[F_MODC_CONFIRM] = { "confirm", valid_bool, FIELD_OPTIONAL, 0, 0, NULL },
};
static const struct field f_modl[] = {
	[F_MODL_ACTION] = { "action", valid_line, FIELD_OPTIONAL, 0, 20, NULL },
	[F_MODL_ACTOR] = { "actor", valid_line, FIELD_OPTIONAL, 0, 40, NULL },
	[F_MODL_TARGET] = { "target", valid_int, FIELD_OPTIONAL, 0, INT64_MAX, NULL },
	[F_MODL_TKIND] = { "target_kind", valid_enum, FIELD_OPTIONAL, 0, 0, target_kinds },
	[F_MODL_PAGE] = { "page", valid_int, FIELD_OPTIONAL, 1, 100000, NULL },
	[F_MODL_AT] = { "at", valid_cursor, FIELD_OPTIONAL, 0, 0, NULL },
};
static const struct field f_modx[] = {
	[F_MODX_NOTE] = { "note", valid_line, FIELD_OPTIONAL, 0, 300, NULL },
	[F_MODX_CONFIRM] = { "confirm", valid_bool, FIELD_OPTIONAL, 0, 0, NULL },
};
static const struct field f_modlim[] = {
	[F_MODLIM_Q] = { "q", valid_line, FIELD_OPTIONAL, 0, 64, NULL },
};
static const struct field f_modr[] = {
	[F_MODR_REASON] = { "reason", valid_line, FIELD_OPTIONAL, 0, 300,
	    NULL },
};
static const struct field f_alist[] = {
	[F_ALIST_ADDED] = { "added", valid_bool, FIELD_OPTIONAL, 0, 0, NULL },
};
static const char *const alist_names[] = {
	"block_domain", "allow_domain", "watch_word", "official_domain",
	"official_phone", "official_handle", "brand", NULL
};
static const struct field f_alist_add[] = {
	[F_ALIST_LIST] = { "list", valid_enum, FIELD_REQUIRED, 0, 0,
	    alist_names },
	[F_ALIST_VALUE] = { "value", valid_line, FIELD_OPTIONAL, 0, 300,
	    NULL },
	[F_ALIST_NOTE] = { "note", valid_line, FIELD_OPTIONAL, 0, 200, NULL },
};
static const struct field f_modlim_reset[] = {
	[F_MODLIMR_Q] = { "q", valid_line, FIELD_REQUIRED, 1, 64, NULL },
	[F_MODLIMR_LIMIT] = { "limit", valid_enum, FIELD_REQUIRED, 0, 0,
	    limit_names },
	[F_MODLIMR_REASON] = { "reason", valid_line, FIELD_REQUIRED, 1, 300,
	    NULL },
	[F_MODLIMR_CONFIRM] = { "confirm", valid_bool, FIELD_OPTIONAL, 0, 0,
	    NULL },
};
static const struct field f_off[] = {
	[F_OFF_Q] = { "q", valid_line, FIELD_OPTIONAL, 1, 300, NULL },
};
static const struct field f_off_api[] = {
	[F_OFF_Q] = { "q", valid_line, FIELD_REQUIRED, 1, 300, NULL },
};
static const struct field f_upload[] = {
	[F_UP_FILE] = { "file", valid_bytes, FIELD_REQUIRED | FIELD_FILE, 0, 0,
	    NULL },
	[F_UP_FORM] = { "form", valid_bool, FIELD_OPTIONAL, 0, 0, NULL },
};
static const char *const support_actions[] = { "resolve", "reopen", NULL };
static const struct field f_support[] = {
	[F_SUP_BODY] = { "body", valid_text, FIELD_OPTIONAL, 0, 20000, NULL },
};
static const struct field f_support_view[] = {
	[F_SUPV_MASKED] = { "masked", valid_bool, FIELD_OPTIONAL, 0, 0, NULL },
	[F_SUPV_CANNED] = { "canned", valid_line, FIELD_OPTIONAL, 0, 40, NULL },
};
static const struct field f_support_state[] = {
	[F_SUPS_ACTION] = { "action", valid_enum, FIELD_REQUIRED, 0, 0,
	    support_actions },
};
static const char *const claim_actions[] = { "claim", "assign", "release",
    NULL };
static const struct field f_desk_claim[] = {
	[F_CLAIM_THREAD] = { "thread", valid_id, FIELD_REQUIRED, 0, 0, NULL },
	[F_CLAIM_ASSIGNEE] = { "assignee", valid_id, FIELD_OPTIONAL, 0, 0,
	    NULL },
	[F_CLAIM_ACTION] = { "action", valid_enum, FIELD_REQUIRED, 0, 0,
	    claim_actions },
};
static const char *const triage_classes[] = { "urgent", "normal", "low",
    NULL };
static const char *const triage_backs[] = { "desk", "thread", NULL };
static const struct field f_triage[] = {
	[F_TRIAGE_CLASS] = { "class", valid_enum, FIELD_REQUIRED, 0, 0,
	    triage_classes },
	[F_TRIAGE_NOTE] = { "note", valid_text, FIELD_OPTIONAL, 0, 300, NULL },
	[F_TRIAGE_BACK] = { "back", valid_enum, FIELD_OPTIONAL, 0, 0,
	    triage_backs },
};
static const struct field f_stats[] = {
	[F_STATS_WEEKS] = { "weeks", valid_int, FIELD_OPTIONAL, 1, 104, NULL },
};
static const char *const posted_kinds[] = { "question", "answer", "held",
    NULL };
static const struct field f_thread[] = {
	[F_THREAD_POSTED] = { "posted", valid_enum, FIELD_OPTIONAL, 0, 0,
	    posted_kinds },
};

static const struct field f_flag[] = {
	[F_FLAG_REASON] = { "reason", valid_enum, FIELD_REQUIRED, 0, 0, flag_reasons },
	[F_FLAG_NOTE] = { "note", valid_text, FIELD_OPTIONAL, 0, 500, NULL },
};

static const char *const watch_levels[] = { "watching", "tracking", "muted",
	"none", NULL };
static const struct field f_watch[] = {
	[F_WATCH_LEVEL] = { "level", valid_enum, FIELD_REQUIRED, 0, 0,
	    watch_levels },
};
static const char *const notify_modes[] = { "instant", "digest", "off",
	NULL };
static const struct field f_npref[] = {
	[F_NPREF_MODE] = { "mode", valid_enum, FIELD_REQUIRED, 0, 0,
	    notify_modes },
	[F_NPREF_ANSWER] = { "answer", valid_bool, FIELD_OPTIONAL, 0, 0, NULL },
	[F_NPREF_WATCH_OFFICIAL] = { "watch_official", valid_bool,
	    FIELD_OPTIONAL, 0, 0, NULL },
	[F_NPREF_WATCH_VERIFIED] = { "watch_verified", valid_bool,
	    FIELD_OPTIONAL, 0, 0, NULL },
	[F_NPREF_WATCH_ANSWER] = { "watch_answer", valid_bool, FIELD_OPTIONAL,
	    0, 0, NULL },
	[F_NPREF_MENTION] = { "mention", valid_bool, FIELD_OPTIONAL, 0, 0,
	    NULL },
	[F_NPREF_ACCEPTED] = { "accepted", valid_bool, FIELD_OPTIONAL, 0, 0,
	    NULL },
	[F_NPREF_MODERATION] = { "moderation", valid_bool, FIELD_OPTIONAL, 0,
	    0, NULL },
};
/* the signed link of a notification mail (mail/notify.c) */
static const char *const unsub_kinds[] = { "all", NULL };
static const struct field f_unsub[] = {
	[F_UNSUB_U] = { "u", valid_id, FIELD_REQUIRED, 0, 0, NULL },
	[F_UNSUB_K] = { "k", valid_enum, FIELD_REQUIRED, 0, 0, unsub_kinds },
	[F_UNSUB_S] = { "s", valid_line, FIELD_REQUIRED, 64, 64, NULL },
	/* RFC 8058: the body a mail client sends */
	[F_UNSUB_ONECLICK] = { "List-Unsubscribe", valid_line, FIELD_OPTIONAL,
	    0, 20, NULL },
};

static const struct field f_appeal[] = {
	/* the length (10 to 1,000 characters) is explained by the page */
	[F_APPEAL_BODY] = { "body", valid_text, FIELD_OPTIONAL, 0, 4000, NULL },
};
static const char *const appeal_decisions[] = { "reverse", "uphold", NULL };
static const struct field f_mappeal[] = {
	[F_MAPPEAL_DECISION] = { "decision", valid_enum, FIELD_REQUIRED, 0, 0,
	    appeal_decisions },
	[F_MAPPEAL_NOTE] = { "note", valid_line, FIELD_OPTIONAL, 0, 300, NULL },
};
static const struct field f_sappeal[] = {
	[F_SAPPEAL_U] = { "u", valid_id, FIELD_REQUIRED, 0, 0, NULL },
	[F_SAPPEAL_E] = { "e", valid_id, FIELD_REQUIRED, 0, 0, NULL },
	[F_SAPPEAL_S] = { "s", valid_line, FIELD_REQUIRED, 64, 64, NULL },
	/* the length (10 to 1,000 characters) is explained by the page */
	[F_SAPPEAL_BODY] = { "body", valid_text, FIELD_OPTIONAL, 0, 4000, NULL },
};

/* the knowledge base (pages/kb.c), sorts in the order of enum kb_sort */
static const char *const kb_sorts[] = { "category", "newest", "helpful",
	NULL };
static const struct field f_kb_list[] = {
	[F_KBL_SORT] = { "sort", valid_enum, FIELD_OPTIONAL, 0, 0, kb_sorts },
	[F_KBL_CAT] = { "category", valid_line, FIELD_OPTIONAL, 0, 40, NULL },
	[F_KBL_TAG] = { "tag", valid_line, FIELD_OPTIONAL, 0, 30, NULL },
	[F_KBL_PAGE] = { "page", valid_int, FIELD_OPTIONAL, 1, 1000, NULL },
};
static const struct field f_kb_article[] = {
	[F_KBA_VOTED] = { "voted", valid_bool, FIELD_OPTIONAL, 0, 0, NULL },
};
/* loose limits: kb.c checks the precise ones and shows the form again */
static const struct field f_kb_write[] = {
	[F_KBW_TITLE] = { "title", valid_line, FIELD_OPTIONAL, 0, 300, NULL },
	[F_KBW_CAT] = { "category", valid_line, FIELD_OPTIONAL, 0, 40, NULL },
	[F_KBW_TAGS] = { "tags", valid_line, FIELD_OPTIONAL, 0, 200, NULL },
	[F_KBW_QUESTION] = { "question", valid_text, FIELD_OPTIONAL, 0, 20000,
	    NULL },
	[F_KBW_BODY] = { "body", valid_text, FIELD_OPTIONAL, 0, 20000, NULL },
	[F_KBW_REV] = { "revision", valid_int, FIELD_OPTIONAL, 1, 1000000,
	    NULL },
};
static const struct field f_kb_helpful[] = {
	[F_KBH_HELPFUL] = { "helpful", valid_bool, FIELD_REQUIRED, 0, 0, NULL },
};
static const struct field f_kb_confirm[] = {
	[F_KBC_REV] = { "revision", valid_int, FIELD_REQUIRED, 1, 1000000,
	    NULL },
};
/* api/posts.c: the same enums and limits as the page forms */
static const struct field f_api_verify[] = {
	[F_API_VERIFY_REV] = { "revision", valid_int, FIELD_REQUIRED, 1,
	    1000000, NULL },
	[F_API_VERIFY_ON] = { "on", valid_bool, FIELD_OPTIONAL, 0, 0, NULL },
};
static const struct field f_api_edit[] = {
	[F_API_EDIT_REV] = { "revision", valid_int, FIELD_REQUIRED, 1, 1000000,
	    NULL },
	[F_API_EDIT_BODY] = { "body", valid_text, FIELD_REQUIRED, 0, 20000,
	    NULL },
	[F_API_EDIT_TITLE] = { "title", valid_line, FIELD_OPTIONAL, 0, 300,
	    NULL },
	[F_API_EDIT_TAGS] = { "tags", valid_line, FIELD_OPTIONAL, 0, 200, NULL },
};
static const struct field f_api_flag[] = {
	[F_API_FLAG_REASON] = { "reason", valid_enum, FIELD_REQUIRED, 0, 0,
	    flag_reasons },
	[F_API_FLAG_NOTE] = { "note", valid_text, FIELD_OPTIONAL, 0, 500, NULL },
};
static const struct field f_api_watch[] = {
	[F_API_WATCH_LEVEL] = { "level", valid_enum, FIELD_OPTIONAL, 0, 0,
	    watch_levels },
};
static const struct field f_api_modd[] = {
	[F_API_MODD_ACTION] = { "action", valid_enum, FIELD_REQUIRED, 0, 0,
	    mod_actions },
	[F_API_MODD_KIND] = { "kind", valid_enum, FIELD_OPTIONAL, 0, 0,
	    q_kinds },
	[F_API_MODD_REASON] = { "reason", valid_enum, FIELD_OPTIONAL, 0, 0,
	    mod_reasons },
	[F_API_MODD_NOTE] = { "note", valid_line, FIELD_OPTIONAL, 0, 300, NULL },
	[F_API_MODD_BODY] = { "body", valid_text, FIELD_OPTIONAL, 1, 20000,
	    NULL },
};

/* personal access tokens (pages/tokens.c): expiry in days, by index */
static const char *const tok_expiry[] = { "0", "1", "2", "3", "4", NULL };
static const struct field f_token[] = {
	[F_TOK_NAME] = { "name", valid_line, FIELD_OPTIONAL, 0, 100, NULL },
	[F_TOK_READ] = { "scope_read", valid_bool, FIELD_OPTIONAL, 0, 0, NULL },
	[F_TOK_WRITE] = { "scope_write", valid_bool, FIELD_OPTIONAL, 0, 0,
	    NULL },
	[F_TOK_MODERATE] = { "scope_moderate", valid_bool, FIELD_OPTIONAL, 0,
	    0, NULL },
	[F_TOK_EXPIRES] = { "expires", valid_enum, FIELD_OPTIONAL, 0, 0,
	    tok_expiry },
	[F_TOK_ADMIN] = { "scope_admin", valid_bool, FIELD_OPTIONAL, 0, 0,
	    NULL },
	[F_TOK_STEPUP] = { "scope_stepup", valid_bool, FIELD_OPTIONAL, 0, 0,
	    NULL },
};
static const struct field f_token_revoke[] = {
	[F_TOKR_CONFIRM] = { "confirm", valid_bool, FIELD_OPTIONAL, 0, 0,
	    NULL },
};
/* the admin console (pages/admin.c): lengths are checked by the page */
static const struct field f_admin_cat[] = {
	[F_ADMIN_CAT_SLUG] = { "slug", valid_line, FIELD_OPTIONAL, 0, 200,
	    NULL },
	[F_ADMIN_CAT_NAME_JA] = { "name_ja", valid_line, FIELD_OPTIONAL, 0,
	    1000, NULL },
	[F_ADMIN_CAT_NAME_EN] = { "name_en", valid_line, FIELD_OPTIONAL, 0,
	    1000, NULL },
	[F_ADMIN_CAT_DESC_JA] = { "desc_ja", valid_line, FIELD_OPTIONAL, 0,
	    4000, NULL },
	[F_ADMIN_CAT_DESC_EN] = { "desc_en", valid_line, FIELD_OPTIONAL, 0,
	    4000, NULL },
};
static const char *const admin_dirs[] = { "up", "down", NULL };
static const struct field f_admin_move[] = {
	[F_ADMIN_MOVE_DIR] = { "dir", valid_enum, FIELD_REQUIRED, 0, 0,
	    admin_dirs },
};
static const struct field f_admin_archive[] = {
	[F_ADMIN_ARCHIVE_ON] = { "on", valid_bool, FIELD_REQUIRED, 0, 0,
	    NULL },
};
static const struct field f_admin_merge[] = {
	[F_ADMIN_MERGE_INTO] = { "into", valid_id, FIELD_REQUIRED, 0, 0,
	    NULL },
	[F_ADMIN_MERGE_CONFIRM] = { "confirm", valid_bool, FIELD_OPTIONAL, 0,
	    0, NULL },
};
/* after a change: which one (the notice says "Saved.") */
static const struct field f_admin_done[] = {
	[F_ADMIN_DONE] = { "done", valid_line, FIELD_OPTIONAL, 0, 20, NULL },
};
static const struct field f_admin_members[] = {
	[F_ADMIN_MEMBERS_Q] = { "q", valid_line, FIELD_OPTIONAL, 0, 100,
	    NULL },
	[F_ADMIN_MEMBERS_DONE] = { "done", valid_bool, FIELD_OPTIONAL, 0, 0,
	    NULL },
};
/* in the order of member_roles[] (pages/admin.c) */
static const char *const admin_roles[] = { "user", "staff", "moderator",
	"admin", NULL };
static const struct field f_admin_role[] = {
	[F_ADMIN_ROLE_ROLE] = { "role", valid_enum, FIELD_REQUIRED, 0, 0,
	    admin_roles },
};
/* the admin console's webhooks (pages/webhooks.c): the URL is checked
 * by the page, which answers with a message at the field */
static const struct field f_wh_list[] = {
	[F_WHLIST_CHANGED] = { "changed", valid_bool, FIELD_OPTIONAL, 0, 0,
	    NULL },
};
static const struct field f_wh_add[] = {
	[F_WHADD_URL] = { "url", valid_line, FIELD_OPTIONAL, 0, 2100, NULL },
	[F_WHADD_QUESTION] = { "ev_question", valid_bool, FIELD_OPTIONAL, 0,
	    0, NULL },
	[F_WHADD_OFFICIAL] = { "ev_official", valid_bool, FIELD_OPTIONAL, 0,
	    0, NULL },
	[F_WHADD_HELD] = { "ev_held", valid_bool, FIELD_OPTIONAL, 0, 0,
	    NULL },
	[F_WHADD_REMOVED] = { "ev_removed", valid_bool, FIELD_OPTIONAL, 0, 0,
	    NULL },
	[F_WHADD_ESCALATED] = { "ev_escalated", valid_bool, FIELD_OPTIONAL,
	    0, 0, NULL },
	[F_WHADD_NOTE] = { "note", valid_line, FIELD_OPTIONAL, 0, 200, NULL },
};
static const struct field f_wh_enable[] = {
	[F_WHEN_ENABLED] = { "enabled", valid_bool, FIELD_REQUIRED, 0, 0,
	    NULL },
};
/* suspend and restore (pages/adminmembers.c): checked by the page */
static const char *const admin_susp_done[] = { "suspended", "restored",
	NULL };
static const struct field f_admin_suspv[] = {
	[F_ADMIN_SUSPV_DONE] = { "done", valid_enum, FIELD_OPTIONAL, 0, 0,
	    admin_susp_done },
};
static const struct field f_admin_susp[] = {
	[F_ADMIN_SUSP_REASON] = { "reason", valid_line, FIELD_OPTIONAL, 0,
	    2000, NULL },
	[F_ADMIN_SUSP_DAYS] = { "days", valid_line, FIELD_OPTIONAL, 0, 20,
	    NULL },
	[F_ADMIN_SUSP_CONFIRM] = { "confirm", valid_bool, FIELD_OPTIONAL, 0,
	    0, NULL },
};
/* site settings (pages/adminsettings.c): checked by the page */
static const struct field f_aset_view[] = {
	[F_ASETV_DONE] = { "done", valid_bool, FIELD_OPTIONAL, 0, 0, NULL },
};
static const struct field f_aset[] = {
	[F_ASET_NAME_JA] = { "name_ja", valid_line, FIELD_OPTIONAL, 0, 1000,
	    NULL },
	[F_ASET_NAME_EN] = { "name_en", valid_line, FIELD_OPTIONAL, 0, 1000,
	    NULL },
	[F_ASET_LOGO] = { "logo", valid_line, FIELD_OPTIONAL, 0, 300, NULL },
};
static const struct field f_admin_tag[] = {
	[F_ADMIN_TAG_FROM] = { "from", valid_line, FIELD_OPTIONAL, 0, 200,
	    NULL },
	[F_ADMIN_TAG_TO] = { "to", valid_line, FIELD_OPTIONAL, 0, 200, NULL },
	[F_ADMIN_TAG_CONFIRM] = { "confirm", valid_bool, FIELD_OPTIONAL, 0, 0,
	    NULL },
};
/* tag synonyms (pages/admin.c): checked by the page */
static const struct field f_admin_tagsyn[] = {
	[F_ADMIN_TAGSYN_ALIAS] = { "alias", valid_line, FIELD_OPTIONAL, 0, 200,
	    NULL },
	[F_ADMIN_TAGSYN_TAG] = { "canonical", valid_line, FIELD_OPTIONAL, 0, 200,
	    NULL },
	[F_ADMIN_TAGSYN_CONFIRM] = { "confirm", valid_bool, FIELD_OPTIONAL, 0,
	    0, NULL },
};

#define FIELDS(f)	f, NELEM(f)
#define NOFIELDS	NULL, 0

static const struct route routes[] = {
	{ M_GET, "/", page_home, NOFIELDS, ROLE_ANY, R_CACHE, 0 },
	{ M_GET, "/c/:slug", page_category, FIELDS(f_cat), ROLE_ANY, R_READ, 0 },
	{ M_POST, "/lang", page_lang, FIELDS(f_lang), ROLE_ANY,
	    R_CSRF | R_NOCSRFTOKEN, 0 },
	{ M_GET, "/t/:id", page_thread, FIELDS(f_thread), ROLE_ANY,
	    R_CACHE | R_VIEW | R_COMPOSE, 0 },
	{ M_POST, "/t/:id/answer", page_answer, FIELDS(f_answer), ROLE_USER,
	    R_CSRF, LIMIT_ANSWER },
	{ M_POST, "/t/:id/state", page_thread_state, FIELDS(f_tstate),
	    ROLE_USER, R_CSRF, 0 },
	{ M_GET, "/ask", page_ask_form, FIELDS(f_ask), ROLE_USER, 0, 0 },
	{ M_POST, "/ask", page_ask, FIELDS(f_ask), ROLE_USER, R_CSRF,
	    LIMIT_ASK },
	{ M_GET, "/p/:id/edit", page_edit_form, NOFIELDS, ROLE_USER, 0, 0 },
	{ M_POST, "/p/:id/edit", page_edit, FIELDS(f_edit), ROLE_USER, R_CSRF,
	    LIMIT_EDIT },
	{ M_GET, "/p/:id/history", page_history, NOFIELDS, ROLE_ANY, R_CACHE,
	    0 },
	{ M_POST, "/p/:id/vote", page_vote, NOFIELDS, ROLE_USER, R_CSRF,
	    LIMIT_VOTE },
	{ M_POST, "/p/:id/accept", page_accept, NOFIELDS, ROLE_USER, R_CSRF,
	    0 },
	{ M_POST, "/p/:id/verify", page_verify, FIELDS(f_verify), ROLE_STAFF,
	    R_CSRF, 0 },
	{ M_POST, "/api/v1/preview", api_preview, FIELDS(f_preview), ROLE_USER,
	    R_API | R_CSRF, 0 },
	{ M_GET, "/api/v1/similar", api_similar, FIELDS(f_similar), ROLE_ANY,
	    R_API, 0 },
	{ M_GET, "/api/v1/threads", api_threads, FIELDS(f_api_list), ROLE_ANY,
	    R_API, 0 },
	{ M_POST, "/api/v1/threads", api_thread_create, FIELDS(f_api_ask),
	    ROLE_USER, R_API | R_CSRF, LIMIT_ASK },
	{ M_GET, "/api/v1/threads/:id", api_thread, NOFIELDS, ROLE_ANY, R_API,
	    0 },
	{ M_POST, "/api/v1/threads/:id/answers", api_answer_create,
	    FIELDS(f_api_answer), ROLE_USER, R_API | R_CSRF, LIMIT_ANSWER },
	{ M_GET, "/api/v1/search", api_search, FIELDS(f_api_search), ROLE_ANY,
	    R_API, LIMIT_SEARCH },
	/* api/posts.c: the post actions, with the pages' checks and limits */
	{ M_POST, "/api/v1/posts/:id", api_post_edit, FIELDS(f_api_edit),
	    ROLE_USER, R_API | R_CSRF, LIMIT_EDIT },
	{ M_POST, "/api/v1/posts/:id/vote", api_post_vote, NOFIELDS,
	    ROLE_USER, R_API | R_CSRF, LIMIT_VOTE },
	{ M_POST, "/api/v1/posts/:id/accept", api_post_accept, NOFIELDS,
	    ROLE_USER, R_API | R_CSRF, 0 },
	{ M_POST, "/api/v1/posts/:id/verify", api_post_verify,
	    FIELDS(f_api_verify), ROLE_STAFF, R_API | R_CSRF, 0 },
	{ M_POST, "/api/v1/posts/:id/flag", api_post_flag, FIELDS(f_api_flag),
	    ROLE_USER, R_API | R_CSRF, LIMIT_FLAG },
	{ M_POST, "/api/v1/threads/:id/watch", api_thread_watch,
	    FIELDS(f_api_watch), ROLE_USER, R_API | R_CSRF, 0 },
	{ M_DELETE, "/api/v1/threads/:id/watch", api_thread_watch, NOFIELDS,
	    ROLE_USER, R_API | R_CSRF, 0 },
	{ M_POST, "/api/v1/tags/:tag/watch", api_tag_watch,
	    FIELDS(f_api_watch), ROLE_USER, R_API | R_CSRF, 0 },
	{ M_DELETE, "/api/v1/tags/:tag/watch", api_tag_watch, NOFIELDS,
	    ROLE_USER, R_API | R_CSRF, 0 },
	{ M_POST, "/api/v1/categories/:slug/watch", api_category_watch,
	    FIELDS(f_api_watch), ROLE_USER, R_API | R_CSRF, 0 },
	{ M_DELETE, "/api/v1/categories/:slug/watch", api_category_watch,
	    NOFIELDS, ROLE_USER, R_API | R_CSRF, 0 },
	{ M_GET, "/api/v1/notifications", api_notifications, FIELDS(f_list),
	    ROLE_USER, R_API, 0 },
	{ M_POST, "/api/v1/notifications/read", api_notifications_read,
	    NOFIELDS, ROLE_USER, R_API | R_CSRF, 0 },
	{ M_POST, "/api/v1/notifications/:id/read", api_notification_read,
	    NOFIELDS, ROLE_USER, R_API | R_CSRF, 0 },
	{ M_POST, "/api/v1/mod/posts/:id/decide", api_mod_decide,
	    FIELDS(f_api_modd), ROLE_MODERATOR, R_API | R_CSRF, 0 },
	{ M_GET, "/api/v1/openapi.json", api_openapi, NOFIELDS, ROLE_ANY,
	    R_API, 0 },
	{ M_GET, "/notifications", page_notifications, FIELDS(f_list), ROLE_USER,
	    0, 0 },
	{ M_POST, "/notifications/read", page_notifications_read, NOFIELDS,
	    ROLE_USER, R_CSRF, 0 },
	{ M_POST, "/notifications/:id/read", page_notification_read, NOFIELDS,
	    ROLE_USER, R_CSRF, 0 },
	{ M_GET, "/robots.txt", page_robots, NOFIELDS, ROLE_ANY, R_CACHE, 0 },
	{ M_GET, "/sitemap.xml", page_sitemap, NOFIELDS, ROLE_ANY, R_CACHE, 0 },
	{ M_GET, "/sitemap/:n", page_sitemap_part, NOFIELDS, ROLE_ANY, R_CACHE,
	    0 },
	{ M_GET, "/staff", page_staff_feed, NOFIELDS, ROLE_ANY, R_CACHE, 0 },
	{ M_GET, "/staff/feed.atom", page_staff_atom, NOFIELDS, ROLE_ANY,
	    R_CACHE, 0 },
	/* Atom feeds of a category, a tag, a thread (pages/feed.c). */
	{ M_GET, "/c/:slug/feed.atom", page_category_atom, NOFIELDS, ROLE_ANY,
	    R_CACHE, 0 },
	{ M_GET, "/tag/:tag/feed.atom", page_tag_atom, NOFIELDS, ROLE_ANY,
	    R_CACHE, 0 },
	{ M_GET, "/t/:id/feed.atom", page_thread_atom, NOFIELDS, ROLE_ANY,
	    R_CACHE, 0 },
	{ M_GET, "/search", page_search, FIELDS(f_search), ROLE_ANY, R_READ,
	    LIMIT_SEARCH },
	{ M_GET, "/tag/:tag", page_tag, FIELDS(f_list), ROLE_ANY, R_CACHE, 0 },
	{ M_GET, "/u/:name/questions", page_user_questions, FIELDS(f_list),
	    ROLE_ANY, R_CACHE, 0 },
	{ M_GET, "/u/:name/answers", page_user_answers, FIELDS(f_list),
	    ROLE_ANY, R_CACHE, 0 },
	{ M_GET, "/register", page_register_form, NOFIELDS, ROLE_ANY, 0, 0 },
	/* Every form sent counts register_attempt; only an account created
	 * spends register (page_register: throttle_register_*). */
	{ M_POST, "/register", page_register, FIELDS(f_register), ROLE_ANY,
	    R_CSRF, LIMIT_REGISTER_ATTEMPT },
	{ M_GET, "/login", page_login_form, FIELDS(f_login_form), ROLE_ANY, 0,
	    0 },
	/* page_login counts signin_ip and signin_account itself. */
	{ M_POST, "/login", page_login, FIELDS(f_login), ROLE_ANY, R_CSRF, 0 },
	{ M_GET, "/login/2fa", page_mfa_form, FIELDS(f_mfa_form), ROLE_ANY, 0,
	    0 },
	{ M_POST, "/login/2fa", page_mfa, FIELDS(f_mfa), ROLE_ANY, R_CSRF, 0 },
	{ M_POST, "/logout", page_logout, NOFIELDS, ROLE_USER, R_CSRF, 0 },
	/* sign in with the exchange's account (pages/oidc.c); the callback
	 * counts signin_ip itself, a new account register like /register */
	{ M_GET, "/login/oidc", page_oidc_start, FIELDS(f_oidc_start),
	    ROLE_ANY, 0, LIMIT_SIGNIN_IP },
	{ M_GET, "/login/oidc/callback", page_oidc_callback,
	    FIELDS(f_oidc_cb), ROLE_ANY, 0, 0 },
	{ M_GET, "/login/oidc/new", page_oidc_new_form, NOFIELDS, ROLE_ANY, 0,
	    0 },
	{ M_POST, "/login/oidc/new", page_oidc_new, FIELDS(f_oidc_new),
	    ROLE_ANY, R_CSRF, LIMIT_REGISTER_ATTEMPT },
	{ M_GET, "/login/oidc/link", page_oidc_link_form, NOFIELDS, ROLE_ANY,
	    0, 0 },
	{ M_GET, "/settings/oidc/confirm", page_oidc_confirm_form, NOFIELDS,
	    ROLE_USER, 0, 0 },
	{ M_POST, "/settings/oidc/confirm", page_oidc_confirm, NOFIELDS,
	    ROLE_USER, R_CSRF, 0 },
	{ M_POST, "/settings/oidc/link", page_oidc_link_start, NOFIELDS,
	    ROLE_USER, R_CSRF, LIMIT_SIGNIN_IP },
	{ M_POST, "/settings/oidc/unlink", page_oidc_unlink, NOFIELDS,
	    ROLE_USER, R_CSRF, 0 },
	/* e-mail identity (pages/recover.c); forgot counts its own limits */
	{ M_GET, "/login/forgot", page_forgot_form, NOFIELDS, ROLE_ANY, 0, 0 },
	{ M_POST, "/login/forgot", page_forgot, FIELDS(f_forgot), ROLE_ANY,
	    R_CSRF, 0 },
	{ M_GET, "/login/reset", page_reset_form, FIELDS(f_reset_form),
	    ROLE_ANY, 0, 0 },
	{ M_POST, "/login/reset", page_reset, FIELDS(f_reset), ROLE_ANY,
	    R_CSRF, 0 },
	{ M_POST, "/settings/email", page_settings_email, FIELDS(f_email),
	    ROLE_USER, R_CSRF, 0 },
	{ M_GET, "/settings/email/confirm", page_email_confirm,
	    FIELDS(f_reset_form), ROLE_ANY, 0, 0 },
	/* privilege follows the session: a second factor in this session */
	{ M_GET, "/login/verify", page_stepup_form, FIELDS(f_stepup_form),
	    ROLE_USER, 0, 0 },
	{ M_POST, "/login/verify", page_stepup, FIELDS(f_stepup), ROLE_USER,
	    R_CSRF, 0 },
	{ M_GET, "/settings", page_settings, FIELDS(f_settings), ROLE_USER, 0,
	    0 },
	{ M_POST, "/settings/profile", page_settings_profile,
	    FIELDS(f_profile), ROLE_USER, R_CSRF, 0 },
	{ M_POST, "/settings/password", page_settings_password,
	    FIELDS(f_password), ROLE_USER, R_CSRF, 0 },
	{ M_GET, "/settings/2fa", page_tfa, NOFIELDS, ROLE_USER, 0, 0 },
	{ M_POST, "/settings/2fa", page_tfa_enable, FIELDS(f_tfa_on),
	    ROLE_USER, R_CSRF, 0 },
	{ M_POST, "/settings/2fa/recovery", page_tfa_recovery,
	    FIELDS(f_tfa_pw), ROLE_USER, R_CSRF, 0 },
	{ M_POST, "/settings/2fa/off", page_tfa_off, FIELDS(f_tfa_pw),
	    ROLE_USER, R_CSRF, 0 },
	{ M_GET, "/settings/sessions", page_sessions, NOFIELDS, ROLE_USER, 0,
	    0 },
	{ M_POST, "/settings/sessions/revoke-all", page_sessions_revoke_all,
	    NOFIELDS, ROLE_USER, R_CSRF, 0 },
	{ M_POST, "/settings/sessions/:id/revoke", page_session_revoke,
	    NOFIELDS, ROLE_USER, R_CSRF, 0 },
	/* personal access tokens (pages/tokens.c); making one asks a fresh
	 * second factor of accounts that have one (in the handler) */
	{ M_GET, "/settings/tokens", page_tokens, NOFIELDS, ROLE_USER, 0, 0 },
	{ M_POST, "/settings/tokens", page_token_create, FIELDS(f_token),
	    ROLE_USER, R_CSRF, 0 },
	{ M_POST, "/settings/tokens/:id/revoke", page_token_revoke,
	    FIELDS(f_token_revoke), ROLE_USER, R_CSRF, 0 },
	/* watching and notification mail (pages/watch.c) */
	{ M_POST, "/t/:id/watch", page_watch_thread, FIELDS(f_watch),
	    ROLE_USER, R_CSRF, 0 },
	{ M_POST, "/tag/:tag/watch", page_watch_tag, FIELDS(f_watch),
	    ROLE_USER, R_CSRF, 0 },
	{ M_POST, "/c/:slug/watch", page_watch_category, FIELDS(f_watch),
	    ROLE_USER, R_CSRF, 0 },
	{ M_GET, "/watching", page_watching, NOFIELDS, ROLE_USER, 0, 0 },
	{ M_GET, "/settings/notifications", page_notify_prefs, NOFIELDS,
	    ROLE_USER, 0, 0 },
	{ M_POST, "/settings/notifications", page_notify_prefs_save,
	    FIELDS(f_npref), ROLE_USER, R_CSRF, 0 },
	/* api/member.c: the settings pages' twins, their fields */
	{ M_POST, "/api/v1/me/profile", api_me_profile, FIELDS(f_profile),
	    ROLE_USER, R_API | R_CSRF, 0 },
	{ M_GET, "/api/v1/me/notification-settings", api_me_notify_prefs,
	    NOFIELDS, ROLE_USER, R_API, 0 },
	{ M_POST, "/api/v1/me/notification-settings",
	    api_me_notify_prefs_save, FIELDS(f_npref), ROLE_USER,
	    R_API | R_CSRF, 0 },
	/* the signed token is the authority (RFC 8058: no cookie, no form) */
	{ M_GET, "/unsubscribe", page_unsubscribe, FIELDS(f_unsub), ROLE_ANY,
	    0, 0 },
	{ M_POST, "/unsubscribe", page_unsubscribe, FIELDS(f_unsub), ROLE_ANY,
	    R_MULTIPART, 0 },
	{ M_GET, "/u/:id", page_profile, NOFIELDS, ROLE_ANY, 0, 0 },
	{ M_POST, "/u/:id/unlock", page_profile_unlock, NOFIELDS,
	    ROLE_MODERATOR, R_CSRF, 0 },
	{ M_GET, "/healthz", page_healthz, NOFIELDS, ROLE_ANY,
	    R_API | R_NOGLOBAL, 0 },
	{ M_GET, "/healthz/live", page_healthz_live, NOFIELDS, ROLE_ANY,
	    R_API | R_NOGLOBAL, 0 },
	{ M_GET, "/healthz/ready", page_healthz_ready, NOFIELDS, ROLE_ANY,
	    R_API | R_NOGLOBAL, 0 },
	{ M_GET, "/api/v1/categories", api_categories, NOFIELDS, ROLE_ANY,
	    R_API, 0 },
	/* moderation (pages/modqueue.c, modlog.c, modlimits.c, flag.c) */
	{ M_GET, "/mod", page_mod_dashboard, NOFIELDS, ROLE_MODERATOR, 0, 0 },
	/* appeals (pages/appeal.c): before /mod/queue/:kind, which is a scan */
	{ M_GET, "/p/:id/appeal", page_appeal_form, NOFIELDS, ROLE_USER, 0, 0 },
	{ M_POST, "/p/:id/appeal", page_appeal, FIELDS(f_appeal), ROLE_USER,
	    R_CSRF, 0 },
	{ M_POST, "/api/v1/posts/:id/appeal", api_post_appeal,
	    FIELDS(f_appeal), ROLE_USER, R_API | R_CSRF, 0 },
	{ M_GET, "/mod/queue/appeals", page_mod_appeals, NOFIELDS,
	    ROLE_MODERATOR, 0, 0 },
	{ M_POST, "/mod/appeals/:id", page_mod_appeal_decide, FIELDS(f_mappeal),
	    ROLE_MODERATOR, R_CSRF, 0 },
	/* a suspension: the signed link of the sign-in notice is the authority */
	{ M_GET, "/appeal/suspension", page_susp_appeal_form, FIELDS(f_sappeal),
	    ROLE_ANY, 0, 0 },
	{ M_POST, "/appeal/suspension", page_susp_appeal, FIELDS(f_sappeal),
	    ROLE_ANY, R_CSRF, 0 },
	{ M_GET, "/mod/queue/:kind", page_mod_queue, FIELDS(f_modq),
	    ROLE_MODERATOR, 0, 0 },
	{ M_GET, "/api/v1/mod/queue/:kind", api_mod_queue, FIELDS(f_modq),
	    ROLE_MODERATOR, R_API, 0 },
	/* api/mod.c: the pages' fields, the pages' checks */
	{ M_GET, "/api/v1/mod/log", api_mod_log, FIELDS(f_modl),
	    ROLE_MODERATOR, R_API, 0 },
	{ M_GET, "/api/v1/mod/appeals", api_mod_appeals, NOFIELDS,
	    ROLE_MODERATOR, R_API, 0 },
	{ M_POST, "/api/v1/mod/appeals/:id", api_mod_appeal_decide,
	    FIELDS(f_mappeal), ROLE_MODERATOR, R_API | R_CSRF, 0 },
	{ M_POST, "/api/v1/mod/bulk", api_mod_bulk, FIELDS(f_modb),
	    ROLE_MODERATOR, R_API | R_CSRF, 0 },
	{ M_GET, "/mod/post/:id", page_mod_post, NOFIELDS, ROLE_MODERATOR, 0,
	    0 },
	{ M_POST, "/mod/post/:id", page_mod_decide, FIELDS(f_modd),
	    ROLE_MODERATOR, R_CSRF, 0 },
	{ M_POST, "/mod/bulk", page_mod_bulk, FIELDS(f_modb), ROLE_MODERATOR,
	    R_CSRF, 0 },
	{ M_GET, "/mod/user/:id/purge", page_mod_purge_form, NOFIELDS,
	    ROLE_MODERATOR, 0, 0 },
	{ M_POST, "/mod/user/:id/purge", page_mod_purge, FIELDS(f_modu),
	    ROLE_MODERATOR, R_CSRF | R_FRESH2FA, 0 },
	{ M_GET, "/mod/campaign", page_mod_campaign, FIELDS(f_modc),
	    ROLE_MODERATOR, 0, 0 },
	{ M_POST, "/mod/campaign", page_mod_campaign_act, FIELDS(f_modc),
	    ROLE_MODERATOR, R_CSRF | R_FRESH2FA, 0 },
	{ M_GET, "/mod/log", page_mod_log, FIELDS(f_modl), ROLE_MODERATOR, 0,
	    0 },
	{ M_GET, "/mod/log/:id/undo", page_mod_undo_form, NOFIELDS,
	    ROLE_MODERATOR, 0, 0 },
	{ M_POST, "/mod/log/:id/undo", page_mod_undo, FIELDS(f_modx),
	    ROLE_MODERATOR, R_CSRF | R_FRESH2FA, 0 },
	{ M_GET, "/mod/limits", page_mod_limits, FIELDS(f_modlim),
	    ROLE_MODERATOR, 0, 0 },
	{ M_POST, "/mod/limits", page_mod_limits_reset, FIELDS(f_modlim_reset),
	    ROLE_MODERATOR, R_CSRF, 0 },
	{ M_GET, "/mod/rules", page_mod_rules, NOFIELDS, ROLE_MODERATOR, 0,
	    0 },
	{ M_POST, "/mod/rules/reload", page_mod_rules_reload, FIELDS(f_modr),
	    ROLE_MODERATOR, R_CSRF | R_FRESH2FA, 0 },
	{ M_POST, "/mod/rules/train", page_mod_rules_train, NOFIELDS,
	    ROLE_MODERATOR, R_CSRF, 0 },
	/* moderation lists edited in the browser (pages/adminlists.c) */
	{ M_GET, "/admin/lists", page_admin_lists, FIELDS(f_alist),
	    ROLE_MODERATOR, 0, 0 },
	{ M_POST, "/admin/lists", page_admin_lists_add, FIELDS(f_alist_add),
	    ROLE_ADMIN, R_CSRF | R_FRESH2FA, 0 },
	{ M_POST, "/admin/lists/:id/delete", page_admin_lists_delete,
	    NOFIELDS, ROLE_ADMIN, R_CSRF | R_FRESH2FA, 0 },
	{ M_GET, "/moderation", page_transparency, NOFIELDS, ROLE_ANY, 0, 0 },
	{ M_GET, "/api/v1/moderation", api_transparency, NOFIELDS, ROLE_ANY,
	    R_API, 0 },
	{ M_GET, "/official", page_official, FIELDS(f_off), ROLE_ANY, 0, 0 },
	{ M_GET, "/api/v1/official", api_official, FIELDS(f_off_api),
	    ROLE_ANY, R_API, 0 },
	{ M_GET, "/metrics", page_metrics, NOFIELDS, ROLE_ANY, R_API, 0 },
	{ M_GET, "/p/:id/flag", page_flag_form, NOFIELDS, ROLE_USER, 0, 0 },
	{ M_POST, "/p/:id/flag", page_flag, FIELDS(f_flag), ROLE_USER, R_CSRF,
	    LIMIT_FLAG },
	/* pictures (pages/upload.c): JSON answers, a multipart body */
	{ M_POST, "/uploads", page_upload, FIELDS(f_upload), ROLE_USER,
	    R_API | R_CSRF | R_UPLOAD, LIMIT_UPLOAD },
	{ M_GET, "/uploads/new", page_upload_form, NOFIELDS, ROLE_USER, 0, 0 },
	{ M_GET, "/uploads/:name", page_upload_get, NOFIELDS, ROLE_ANY, 0, 0 },
	/*
	 * escalation to official support (pages/support.c): a case is the
	 * asker's and staff's alone; every other visitor gets 404, signed
	 * out too, so these routes take ROLE_ANY and decide in app/support/
	 */
	{ M_POST, "/t/:id/escalate", page_escalate, FIELDS(f_support),
	    ROLE_USER, R_CSRF, LIMIT_ANSWER },
	{ M_GET, "/t/:id/support", page_support_of_thread, NOFIELDS, ROLE_ANY,
	    0, 0 },
	{ M_GET, "/support/:id", page_support, FIELDS(f_support_view),
	    ROLE_ANY, 0, 0 },
	{ M_POST, "/support/:id/reply", page_support_reply, FIELDS(f_support),
	    ROLE_USER, R_CSRF, LIMIT_ANSWER },
	{ M_POST, "/support/:id/state", page_support_state,
	    FIELDS(f_support_state), ROLE_USER, R_CSRF, 0 },
	/* the staff desk (pages/desk.c) */
	{ M_GET, "/staff/desk", page_desk, FIELDS(f_list), ROLE_STAFF, 0, 0 },
	{ M_GET, "/staff/desk/cases", page_desk_cases, FIELDS(f_list),
	    ROLE_STAFF, 0, 0 },
	{ M_POST, "/staff/desk/claim", page_desk_claim, FIELDS(f_desk_claim),
	    ROLE_STAFF, R_CSRF, 0 },
	/* api/member.c: the support pages' and the desk's twins */
	{ M_POST, "/api/v1/threads/:id/escalate", api_thread_escalate,
	    FIELDS(f_support), ROLE_USER, R_API | R_CSRF, LIMIT_ANSWER },
	{ M_POST, "/api/v1/support/:id/replies", api_support_reply,
	    FIELDS(f_support), ROLE_USER, R_API | R_CSRF, LIMIT_ANSWER },
	{ M_POST, "/api/v1/support/:id/state", api_support_state,
	    FIELDS(f_support_state), ROLE_USER, R_API | R_CSRF, 0 },
	{ M_POST, "/api/v1/staff/desk/claim", api_desk_claim,
	    FIELDS(f_desk_claim), ROLE_STAFF, R_API | R_CSRF, 0 },
	{ M_GET, "/staff/stats", page_stats, FIELDS(f_stats), ROLE_STAFF, 0,
	    0 },
	{ M_GET, "/staff/stats.csv", page_stats_csv, FIELDS(f_stats),
	    ROLE_STAFF, 0, 0 },
	/* urgency triage: staff correct a question's class (pages/triage.c) */
	{ M_POST, "/t/:id/triage", page_triage_correct, FIELDS(f_triage),
	    ROLE_STAFF, R_CSRF, 0 },
	/* the knowledge base (pages/kb.c): /kb/new before /kb/:slug */
	{ M_GET, "/kb", page_kb_list, FIELDS(f_kb_list), ROLE_ANY, R_CACHE, 0 },
	{ M_GET, "/kb/new", page_kb_new_form, NOFIELDS, ROLE_STAFF, 0, 0 },
	{ M_POST, "/kb/new", page_kb_new, FIELDS(f_kb_write), ROLE_STAFF,
	    R_CSRF, LIMIT_EDIT },
	{ M_GET, "/kb/:slug", page_kb_article, FIELDS(f_kb_article), ROLE_ANY,
	    0, 0 },
	{ M_GET, "/kb/:slug/edit", page_kb_edit_form, NOFIELDS, ROLE_STAFF, 0,
	    0 },
	{ M_POST, "/kb/:slug/edit", page_kb_edit, FIELDS(f_kb_write),
	    ROLE_STAFF, R_CSRF, LIMIT_EDIT },
	{ M_GET, "/kb/:slug/history", page_kb_history, NOFIELDS, ROLE_ANY, 0,
	    0 },
	{ M_POST, "/kb/:slug/helpful", page_kb_helpful, FIELDS(f_kb_helpful),
	    ROLE_ANY, R_CSRF, LIMIT_VOTE },
	{ M_POST, "/kb/:slug/review", page_kb_confirm, FIELDS(f_kb_confirm),
	    ROLE_STAFF, R_CSRF, 0 },
	{ M_POST, "/t/:id/promote", page_kb_promote, NOFIELDS, ROLE_STAFF,
	    R_CSRF, 0 },
	{ M_POST, "/api/v1/kb/:slug/solved", api_kb_solved, NOFIELDS,
	    ROLE_USER, R_API | R_CSRF, LIMIT_VOTE },
	/*
	 * their JSON twins (api/kb.c, api/triage.c): the pages' fields, the
	 * pages' functions (pages/kb.h, pages/triage.h), the pages' roles and
	 * limits; "was this helpful?" needs an account under /api/
	 */
	{ M_POST, "/api/v1/threads/:id/triage", api_thread_triage,
	    FIELDS(f_triage), ROLE_STAFF, R_API | R_CSRF, 0 },
	{ M_POST, "/api/v1/threads/:id/promote", api_kb_promote, NOFIELDS,
	    ROLE_STAFF, R_API | R_CSRF, 0 },
	{ M_GET, "/api/v1/kb", api_kb_list, FIELDS(f_kb_list), ROLE_ANY,
	    R_API, 0 },
	{ M_POST, "/api/v1/kb", api_kb_create, FIELDS(f_kb_write), ROLE_STAFF,
	    R_API | R_CSRF, LIMIT_EDIT },
	{ M_GET, "/api/v1/kb/:slug", api_kb_article, NOFIELDS, ROLE_ANY,
	    R_API, 0 },
	{ M_POST, "/api/v1/kb/:slug", api_kb_edit, FIELDS(f_kb_write),
	    ROLE_STAFF, R_API | R_CSRF, LIMIT_EDIT },
	{ M_POST, "/api/v1/kb/:slug/helpful", api_kb_helpful,
	    FIELDS(f_kb_helpful), ROLE_USER, R_API | R_CSRF, LIMIT_VOTE },
	{ M_POST, "/api/v1/kb/:slug/review", api_kb_review,
	    FIELDS(f_kb_confirm), ROLE_STAFF, R_API | R_CSRF, 0 },
	/*
	 * the admin console (pages/admin.c): every change needs a fresh
	 * second factor; store/admin.c checks the role again in its
	 * transaction
	 */
	{ M_GET, "/admin", page_admin, NOFIELDS, ROLE_ADMIN, 0, 0 },
	{ M_GET, "/admin/categories", page_admin_categories,
	    FIELDS(f_admin_done), ROLE_ADMIN, 0, 0 },
	{ M_POST, "/admin/categories", page_admin_category_create,
	    FIELDS(f_admin_cat), ROLE_ADMIN, R_CSRF | R_FRESH2FA, 0 },
	{ M_GET, "/admin/categories/:id", page_admin_category, NOFIELDS,
	    ROLE_ADMIN, 0, 0 },
	{ M_POST, "/admin/categories/:id", page_admin_category_save,
	    FIELDS(f_admin_cat), ROLE_ADMIN, R_CSRF | R_FRESH2FA, 0 },
	{ M_POST, "/admin/categories/:id/move", page_admin_category_move,
	    FIELDS(f_admin_move), ROLE_ADMIN, R_CSRF | R_FRESH2FA, 0 },
	{ M_POST, "/admin/categories/:id/archive",
	    page_admin_category_archive, FIELDS(f_admin_archive), ROLE_ADMIN,
	    R_CSRF | R_FRESH2FA, 0 },
	{ M_GET, "/admin/categories/:id/merge", page_admin_category_merge_form,
	    FIELDS(f_admin_merge), ROLE_ADMIN, 0, 0 },
	{ M_POST, "/admin/categories/:id/merge", page_admin_category_merge,
	    FIELDS(f_admin_merge), ROLE_ADMIN, R_CSRF | R_FRESH2FA, 0 },
	{ M_GET, "/admin/tags", page_admin_tags, FIELDS(f_admin_done),
	    ROLE_ADMIN, 0, 0 },
	{ M_POST, "/admin/tags", page_admin_tag_rename, FIELDS(f_admin_tag),
	    ROLE_ADMIN, R_CSRF | R_FRESH2FA, 0 },
	{ M_POST, "/admin/tags/synonyms", page_admin_tagsyn_add,
	    FIELDS(f_admin_tagsyn), ROLE_ADMIN, R_CSRF | R_FRESH2FA, 0 },
	{ M_POST, "/admin/tags/synonyms/remove", page_admin_tagsyn_remove,
	    FIELDS(f_admin_tagsyn), ROLE_ADMIN, R_CSRF | R_FRESH2FA, 0 },
	{ M_GET, "/admin/members", page_admin_members, FIELDS(f_admin_members),
	    ROLE_ADMIN, 0, 0 },
	{ M_POST, "/admin/members/:id/role", page_admin_member_role,
	    FIELDS(f_admin_role), ROLE_ADMIN, R_CSRF | R_FRESH2FA, 0 },
	/* webhooks (pages/webhooks.c; docs/admin.md, "Webhooks") */
	{ M_GET, "/admin/webhooks", page_admin_webhooks, FIELDS(f_wh_list),
	    ROLE_ADMIN, 0, 0 },
	{ M_POST, "/admin/webhooks", page_admin_webhook_add,
	    FIELDS(f_wh_add), ROLE_ADMIN, R_CSRF | R_FRESH2FA, 0 },
	{ M_GET, "/admin/webhooks/:id", page_admin_webhook, FIELDS(f_wh_list),
	    ROLE_ADMIN, 0, 0 },
	{ M_POST, "/admin/webhooks/:id/enable", page_admin_webhook_enable,
	    FIELDS(f_wh_enable), ROLE_ADMIN, R_CSRF | R_FRESH2FA, 0 },
	{ M_GET, "/admin/webhooks/:id/delete", page_admin_webhook_delete_form,
	    NOFIELDS, ROLE_ADMIN, 0, 0 },
	{ M_POST, "/admin/webhooks/:id/delete", page_admin_webhook_delete,
	    NOFIELDS, ROLE_ADMIN, R_CSRF | R_FRESH2FA, 0 },
	{ M_GET, "/admin/members/:id/suspension", page_admin_member_suspension,
	    FIELDS(f_admin_suspv), ROLE_ADMIN, 0, 0 },
	{ M_POST, "/admin/members/:id/suspend", page_admin_member_suspend,
	    FIELDS(f_admin_susp), ROLE_ADMIN, R_CSRF | R_FRESH2FA, 0 },
	{ M_POST, "/admin/members/:id/restore", page_admin_member_restore,
	    FIELDS(f_admin_susp), ROLE_ADMIN, R_CSRF | R_FRESH2FA, 0 },
	{ M_GET, "/admin/settings", page_admin_settings, FIELDS(f_aset_view),
	    ROLE_ADMIN, 0, 0 },
	{ M_POST, "/admin/settings", page_admin_settings_save,
	    FIELDS(f_aset), ROLE_ADMIN, R_CSRF | R_FRESH2FA, 0 },
	/*
	 * the admin console's JSON twins (api/admin.c): the pages' fields
	 * and checks; a token needs the admin scope, which stands for the
	 * fresh second factor (http/dispatch.c)
	 */
	{ M_GET, "/api/v1/admin/categories", api_admin_categories, NOFIELDS,
	    ROLE_ADMIN, R_API, 0 },
	{ M_POST, "/api/v1/admin/categories", api_admin_category_create,
	    FIELDS(f_admin_cat), ROLE_ADMIN, R_API | R_CSRF | R_FRESH2FA, 0 },
	{ M_POST, "/api/v1/admin/categories/:id", api_admin_category_save,
	    FIELDS(f_admin_cat), ROLE_ADMIN, R_API | R_CSRF | R_FRESH2FA, 0 },
	{ M_POST, "/api/v1/admin/categories/:id/move", api_admin_category_move,
	    FIELDS(f_admin_move), ROLE_ADMIN, R_API | R_CSRF | R_FRESH2FA, 0 },
	{ M_POST, "/api/v1/admin/categories/:id/archive",
	    api_admin_category_archive, FIELDS(f_admin_archive), ROLE_ADMIN,
	    R_API | R_CSRF | R_FRESH2FA, 0 },
	{ M_POST, "/api/v1/admin/categories/:id/merge",
	    api_admin_category_merge, FIELDS(f_admin_merge), ROLE_ADMIN,
	    R_API | R_CSRF | R_FRESH2FA, 0 },
	{ M_POST, "/api/v1/admin/tags", api_admin_tag_rename,
	    FIELDS(f_admin_tag), ROLE_ADMIN, R_API | R_CSRF | R_FRESH2FA, 0 },
	{ M_GET, "/api/v1/admin/members", api_admin_members,
	    FIELDS(f_admin_members), ROLE_ADMIN, R_API, 0 },
	{ M_POST, "/api/v1/admin/members/:id/role", api_admin_member_role,
	    FIELDS(f_admin_role), ROLE_ADMIN, R_API | R_CSRF | R_FRESH2FA, 0 },
	{ M_POST, "/api/v1/admin/members/:id/suspend",
	    api_admin_member_suspend, FIELDS(f_admin_susp), ROLE_ADMIN,
	    R_API | R_CSRF | R_FRESH2FA, 0 },
	{ M_POST, "/api/v1/admin/members/:id/restore",
	    api_admin_member_restore, FIELDS(f_admin_susp), ROLE_ADMIN,
	    R_API | R_CSRF | R_FRESH2FA, 0 },
	{ M_GET, "/api/v1/admin/settings", api_admin_settings, NOFIELDS,
	    ROLE_ADMIN, R_API, 0 },
	{ M_POST, "/api/v1/admin/settings", api_admin_settings_save,
	    FIELDS(f_aset), ROLE_ADMIN, R_API | R_CSRF | R_FRESH2FA, 0 },
	/* the lists are read by moderators too, as on the page */
	{ M_GET, "/api/v1/admin/lists", api_admin_lists, NOFIELDS,
	    ROLE_MODERATOR, R_API, 0 },
	{ M_POST, "/api/v1/admin/lists", api_admin_lists_add,
	    FIELDS(f_alist_add), ROLE_ADMIN, R_API | R_CSRF | R_FRESH2FA, 0 },
	{ M_DELETE, "/api/v1/admin/lists/:id", api_admin_lists_delete,
	    NOFIELDS, ROLE_ADMIN, R_API | R_CSRF | R_FRESH2FA, 0 },
	{ M_GET, "/api/v1/admin/webhooks", api_admin_webhooks, NOFIELDS,
	    ROLE_ADMIN, R_API, 0 },
	{ M_POST, "/api/v1/admin/webhooks", api_admin_webhook_add,
	    FIELDS(f_wh_add), ROLE_ADMIN, R_API | R_CSRF | R_FRESH2FA, 0 },
	{ M_GET, "/api/v1/admin/webhooks/:id", api_admin_webhook, NOFIELDS,
	    ROLE_ADMIN, R_API, 0 },
	{ M_POST, "/api/v1/admin/webhooks/:id/enable",
	    api_admin_webhook_enable, FIELDS(f_wh_enable), ROLE_ADMIN,
	    R_API | R_CSRF | R_FRESH2FA, 0 },
	{ M_DELETE, "/api/v1/admin/webhooks/:id", api_admin_webhook_delete,
	    NOFIELDS, ROLE_ADMIN, R_API | R_CSRF | R_FRESH2FA, 0 },
	{ M_GET, "/api/v1/admin/tags/synonyms", api_admin_tagsyns, NOFIELDS,
	    ROLE_ADMIN, R_API, 0 },
	{ M_POST, "/api/v1/admin/tags/synonyms", api_admin_tagsyn_add,
	    FIELDS(f_admin_tagsyn), ROLE_ADMIN, R_API | R_CSRF | R_FRESH2FA, 0 },
	{ M_POST, "/api/v1/admin/tags/synonyms/remove", api_admin_tagsyn_remove,
	    FIELDS(f_admin_tagsyn), ROLE_ADMIN, R_API | R_CSRF | R_FRESH2FA, 0 },
	/*
	 * the moderator pages' twins that want a recent second factor
	 * (api/mod.c): a token needs the stepup scope, which stands for it
	 * (http/dispatch.c); then the other moderator actions
	 */
	{ M_POST, "/api/v1/mod/users/:id/purge", api_mod_purge, FIELDS(f_modu),
	    ROLE_MODERATOR, R_API | R_CSRF | R_FRESH2FA, 0 },
	{ M_POST, "/api/v1/mod/campaign", api_mod_campaign, FIELDS(f_modc),
	    ROLE_MODERATOR, R_API | R_CSRF | R_FRESH2FA, 0 },
	{ M_POST, "/api/v1/mod/log/:id/undo", api_mod_undo, FIELDS(f_modx),
	    ROLE_MODERATOR, R_API | R_CSRF | R_FRESH2FA, 0 },
	{ M_POST, "/api/v1/mod/rules/reload", api_mod_rules_reload,
	    FIELDS(f_modr), ROLE_MODERATOR, R_API | R_CSRF | R_FRESH2FA, 0 },
	{ M_POST, "/api/v1/mod/rules/train", api_mod_rules_train, NOFIELDS,
	    ROLE_MODERATOR, R_API | R_CSRF, 0 },
	{ M_POST, "/api/v1/mod/limits/reset", api_mod_limits_reset,
	    FIELDS(f_modlim_reset), ROLE_MODERATOR, R_API | R_CSRF, 0 },
	{ M_POST, "/api/v1/mod/users/:id/unlock", api_mod_unlock, NOFIELDS,
	    ROLE_MODERATOR, R_API | R_CSRF, 0 },
	{ M_POST, "/api/v1/threads/:id/state", api_thread_state,
	    FIELDS(f_tstate), ROLE_USER, R_API | R_CSRF, 0 },
	{ M_GET, "/site/logo", page_site_logo, NOFIELDS, ROLE_ANY, 0, 0 },
};

static int	match(const char *, const char *, struct arena *,
		    const char *[ROUTE_MAX_PARAMS]);

/* 1 when path matches pattern; fills param[] (arena copies). */
static int
match(const char *pat, const char *path, struct arena *a,
    const char *param[ROUTE_MAX_PARAMS])
{
	const char	*ps, *pe;
	size_t		 np = 0, n;

	while (*pat != '\0' && *path != '\0') {
		if (*pat == ':') {
			while (*pat != '\0' && *pat != '/')
				pat++;
			ps = path;
			while (*path != '\0' && *path != '/')
				path++;
			pe = path;
			n = (size_t)(pe - ps);
			if (n == 0 || n > 255 || np >= ROUTE_MAX_PARAMS)
				return 0;
			/* Segments arrive percent-encoded (a Japanese
			 * tag): decoded here, refused when not text. */
			if (a != NULL &&
			    input_path_param(a, ps, n, &param[np]) == -1)
				return 0;
			np++;
			continue;
		}
		if (*pat != *path)
			return 0;
		pat++;
		path++;
	}
	return *pat == '\0' && *path == '\0';
}

enum route_match
route_find(struct arena *a, enum method m, const char *path,
    const struct route **rt, const char *param[ROUTE_MAX_PARAMS],
    const char **allow)
{
	size_t		 i;
	int		 get = 0, post = 0, del = 0;

	for (i = 0; i < NELEM(routes); i++) {
		if (!match(routes[i].pattern, path, NULL, param))
			continue;
		if (routes[i].method == m) {
			memset(param, 0, sizeof(const char *) *
			    ROUTE_MAX_PARAMS);
			if (!match(routes[i].pattern, path, a, param))
				return ROUTE_NOT_FOUND;	/* a bad escape */
			*rt = &routes[i];
			return ROUTE_FOUND;
		}
		if (routes[i].method == M_GET)
			get = 1;
		else if (routes[i].method == M_POST)
			post = 1;
		else if (routes[i].method == M_DELETE)
			del = 1;
	}
	if (!get && !post && !del)
		return ROUTE_NOT_FOUND;
	if (allow != NULL)
		*allow = arena_printf(a, "%s%s%s", get ? "GET, HEAD" : "",
		    post ? (get ? ", POST" : "POST") : "",
		    del ? (get || post ? ", DELETE" : "DELETE") : "");
	return ROUTE_BAD_METHOD;
}

const char *
route_get_page(struct arena *a, const char *target)
{
	const char	*param[ROUTE_MAX_PARAMS];
	const struct route *rt;
	char		*path;
	size_t		 n;

	if (target == NULL || target[0] != '/')
		return "/";
	n = strcspn(target, "?#");
	path = arena_strndup(a, target, n);
	if (route_find(a, M_GET, path, &rt, param, NULL) == ROUTE_FOUND)
		return target;
	/* Parents of the path, nearest first. */
	while (n > 1) {
		while (n > 1 && path[n - 1] != '/')
			n--;
		if (n > 1)
			n--;		/* drop the slash itself */
		path[n] = '\0';
		if (route_find(a, M_GET, path, &rt, param, NULL) ==
		    ROUTE_FOUND)
			return path;
	}
	return "/";
}

size_t
route_count(void)
{
	return NELEM(routes);
}

size_t
route_index(const struct route *rt)
{
	return (size_t)(rt - routes);
}

const struct route *
route_at(size_t i)
{
	return i < NELEM(routes) ? &routes[i] : NULL;
}
