/* view/modview.c: moderation fragments (see modview.h). */
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/modview.h"
#include "view/widgets.h"

static int	 span_cmp(const void *, const void *);

static const char *const reasons[] = { "spam", "scam", "abusive",
    "offtopic", "secret", "other", NULL };

void
modview_age(struct html *w, enum lang l, int64_t s)
{
	if (s <= 0) {
		html_lit(w, "—");
		return;
	}
	if (s < 3600) {
		html_int(w, s / 60);
		html_text(w, T(l, " min"));
	} else if (s < 2 * 86400) {
		html_int(w, s / 3600);
		html_text(w, T(l, " h"));
	} else {
		html_int(w, s / 86400);
		html_text(w, T(l, " d"));
	}
}

const char *
modview_reason(enum lang l, const char *r)
{
	if (strcmp(r, "spam") == 0)
		return T(l, "spam");
	if (strcmp(r, "scam") == 0)
		return T(l, "scam or phishing");
	if (strcmp(r, "abusive") == 0)
		return T(l, "abusive");
	if (strcmp(r, "offtopic") == 0)
		return T(l, "off-topic");
	if (strcmp(r, "secret") == 0)
		return T(l, "contains the author's secret");
	if (strcmp(r, "purge") == 0)
		return T(l, "account suspended");
	return T(l, "other");
}

void
modview_flag(struct html *w, enum lang l, const char *f)
{
	const char	*part[6] = { "", "0", "0", "0", "0", "" };
	char		*s = strdup(f), *p, *save = NULL;
	int		 i = 0;

	if (s == NULL)
		return;
	for (p = strtok_r(s, ":", &save); p != NULL && i < 6;
	    p = strtok_r(NULL, i == 4 ? "" : ":", &save))
		part[i++] = p;
	html_text(w, modview_reason(l, part[0]));
	html_lit(w, " — ");
	html_text(w, T(l, "trust"));
	html_lit(w, " ");
	html_text(w, part[1]);
	html_lit(w, ", ");
	html_text(w, T(l, "weight"));
	html_lit(w, " ");
	html_text(w, part[2]);
	html_lit(w, ", ");
	html_text(w, T(l, "record"));
	html_lit(w, " ");
	html_text(w, part[3]);
	html_lit(w, "✓/");
	html_text(w, part[4]);
	html_lit(w, "✗");
	if (part[5][0] != '\0') {
		html_lit(w, ": “");
		html_text(w, part[5]);
		html_lit(w, "”");
	}
	free(s);
}

void
modview_body(struct html *w, struct req *r, const char *body, int masked,
    int full)
{
	size_t	n = strlen(body);

	if (masked) {
		html_lit(w, "<p class=\"mod-masked\">");
		html_text(w, T(r->lang, "Hidden: this post contains the "
		    "author's own secret (recovery phrase or key). Ask the "
		    "author to rewrite it, or remove it."));
		html_lit(w, " (");
		html_int(w, (int64_t)n);
		html_lit(w, " B)</p>\n");
		return;
	}
	if (!full && n > 600) {
		n = 600;
		while (n > 0 && ((unsigned char)body[n] & 0xC0) == 0x80)
			n--;
	}
	html_lit(w, "<pre class=\"mod-body\">");
	html_textn(w, body, n);
	if (n < strlen(body))
		html_lit(w, "…");
	html_lit(w, "</pre>\n");
}

void
modview_reason_select(struct html *w, enum lang l, const char *name,
    int choose)
{
	size_t	i;

	html_lit(w, "<select name=\"");
	html_attr(w, name);
	html_lit(w, "\"");
	if (choose) {
		html_lit(w, " required><option value=\"\" selected disabled>");
		html_text(w, T(l, "Choose a reason"));
		html_lit(w, "</option");
	}
	html_lit(w, ">");
	for (i = 0; reasons[i] != NULL; i++) {
		html_lit(w, "<option value=\"");
		html_attr(w, reasons[i]);
		html_lit(w, "\">");
		html_text(w, modview_reason(l, reasons[i]));
		html_lit(w, "</option>");
	}
	html_lit(w, "</select>");
}

static const struct {
	const char	*action;
	const char	*label;		/* English msgid */
} actions[] = {
	{ "approve", N_("approved") },
	{ "remove", N_("removed") },
	{ "edit", N_("edited and approved") },
	{ "redact", N_("redacted") },
	{ "dismiss", N_("dismissed the flags on") },
	{ "hide", N_("hid") },
	{ "purge", N_("purged") },
	{ "suspend", N_("suspended the account of") },
	{ "unsuspend", N_("lifted the suspension of") },
	{ "block", N_("blocked") },
	{ "unblock", N_("unblocked") },
	{ "undo", N_("undid") },
	{ "unlock", N_("unlocked") },
	{ "reset_limit", N_("reset the rate limits of") },
	{ "verify", N_("verified") },
	{ "unverify", N_("withdrew the verification of") },
	{ "close", N_("closed") },
	{ "reopen", N_("reopened") },
	{ "lock", N_("locked") },
	{ "pin", N_("pinned") },
	{ "unpin", N_("unpinned") },
	{ "duplicate", N_("marked as a duplicate") },
	{ "campaign", N_("removed a campaign of") },
	{ "triage", N_("corrected the urgency of") },
	{ "hold_campaign", N_("held as part of a campaign") },
};

const char *
modview_action(enum lang l, const char *action)
{
	size_t	i;

	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strcmp(actions[i].action, action) == 0)
			return i18n_get(l, actions[i].label);
	return action;
}

const char *
modview_post_state(enum lang l, enum post_state st)
{
	switch (st) {
	case PS_VISIBLE:
		return T(l, "Visible");
	case PS_PRIVATE:
		return T(l, "Private");
	case PS_HIDDEN:
		return T(l, "Hidden");
	case PS_REMOVED:
		return T(l, "Removed");
	default:
		return T(l, "Waiting for review");
	}
}

const char *
modview_state(enum lang l, const char *state)
{
	static const char *const names[PS__MAX] = {
		[PS_VISIBLE] = "visible", [PS_HELD] = "held",
		[PS_PRIVATE] = "private", [PS_HIDDEN] = "hidden",
		[PS_REMOVED] = "removed",
	};
	int	i;

	for (i = 0; i < PS__MAX; i++)
		if (strcmp(state, names[i]) == 0)
			return modview_post_state(l, (enum post_state)i);
	return modview_post_state(l, PS_HELD);
}

const char *
modview_lang(const char *code)
{
	if (strcmp(code, "ja") == 0)
		return "日本語";
	if (strcmp(code, "en") == 0)
		return "English";
	return code;
}

void
modview_placeholder(struct html *w, enum lang l, const char *reason,
    int64_t removed_at)
{
	html_lit(w, "<div class=\"post-removed\" role=\"note\"><p>");
	html_text(w, T(l, "Removed by moderators:"));
	html_lit(w, " ");
	html_text(w, modview_reason(l, reason ? reason : "other"));
	html_lit(w, " · ");
	widget_time(w, l, removed_at);
	html_lit(w, "</p></div>\n");
}

static int
span_cmp(const void *a, const void *b)
{
	const struct modview_span	*x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

void
modview_body_marked(struct html *w, struct req *r, const char *body,
    const struct modview_span *in, size_t nin, int full)
{
	size_t			 len = strlen(body), n = len, i, k = 0, at = 0;
	size_t			 s, e;
	struct modview_span	*sp;

	if (!full && n > 600) {
		n = 600;
		while (n > 0 && ((unsigned char)body[n] & 0xC0) == 0x80)
			n--;
	}
	/* Clamp to the text shown, widen to whole characters, sort, merge. */
	sp = arena_calloc(r->a, nin + 1, sizeof(*sp));
	for (i = 0; i < nin; i++) {
		s = in[i].start < len ? in[i].start : len;
		e = in[i].end < len ? in[i].end : len;
		while (s > 0 && ((unsigned char)body[s] & 0xC0) == 0x80)
			s--;
		while (e < len && ((unsigned char)body[e] & 0xC0) == 0x80)
			e++;
		if (e > n)
			e = n;
		if (s >= e)
			continue;
		sp[k].start = s;
		sp[k].end = e;
		sp[k].secret = in[i].secret;
		k++;
	}
	qsort(sp, k, sizeof(*sp), span_cmp);
	for (i = 0, nin = 0; i < k; i++) {
		if (nin > 0 && sp[i].start <= sp[nin - 1].end) {
			if (sp[i].end > sp[nin - 1].end)
				sp[nin - 1].end = sp[i].end;
			sp[nin - 1].secret |= sp[i].secret;
		} else
			sp[nin++] = sp[i];
	}
	html_lit(w, "<pre class=\"mod-body\">");
	for (i = 0; i < nin; i++) {
		html_textn(w, body + at, sp[i].start - at);
		if (sp[i].secret) {
			html_lit(w, "<span class=\"mod-secret\">[");
			html_text(w, T(r->lang, "secret hidden"));
			html_lit(w, ": ");
			html_int(w, (int64_t)(sp[i].end - sp[i].start));
			html_lit(w, " B]</span>");
		} else {
			html_lit(w, "<mark>");
			html_textn(w, body + sp[i].start, sp[i].end - sp[i].start);
			html_lit(w, "</mark>");
		}
		at = sp[i].end;
	}
	html_textn(w, body + at, n - at);
	if (n < len)
		html_lit(w, "…");
	html_lit(w, "</pre>\n");
}
