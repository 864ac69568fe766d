/* view/widgets.c: shared page fragments. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/widgets.h"

static void	keyset_link(struct html *, const char *, const char *,
		    const char *, const char *);

void
widget_time(struct html *w, enum lang l, int64_t t)
{
	time_t		 tt = (time_t)t + 9 * 3600;	/* JST */
	struct tm	 tm;
	char		 iso[32], txt[48];

	gmtime_r(&tt, &tm);
	strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M+09:00", &tm);
	if (l == LANG_JA)
		strftime(txt, sizeof(txt), "%Y年%m月%d日 %H:%M", &tm);
	else
		strftime(txt, sizeof(txt), "%Y-%m-%d %H:%M JST", &tm);
	html_lit(w, "<time datetime=\"");
	html_attr(w, iso);
	html_lit(w, "\">");
	html_text(w, txt);
	html_lit(w, "</time>");
}

void
widget_thread_list(struct html *w, enum lang l, const struct thread_row *t,
    size_t n, const char *empty_msg)
{
	size_t	i;

	if (n == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, empty_msg);
		html_lit(w, "</p>\n");
		return;
	}
	html_lit(w, "<ul class=\"thread-list\">\n");
	for (i = 0; i < n; i++) {
		html_lit(w, "<li class=\"thread-item\"><a class=\"thread-title\" "
		    "href=\"/t/");
		html_int(w, t[i].id);
		html_lit(w, "\" lang=\"");
		html_attr(w, t[i].lang);
		html_lit(w, "\">");
		html_text(w, t[i].title);
		html_lit(w, "</a><div class=\"thread-meta\">");
		if (t[i].pinned) {
			html_lit(w, "<span class=\"tag tag-pinned\">");
			html_text(w, T(l, "FAQ"));
			html_lit(w, "</span> ");
		}
		if (t[i].has_official) {
			html_lit(w, "<span class=\"tag tag-official\">");
			html_text(w, T(l, "Official answer"));
			html_lit(w, "</span> ");
		} else if (t[i].has_verified) {
			html_lit(w, "<span class=\"tag tag-verified\">");
			html_text(w, T(l, "Staff-verified"));
			html_lit(w, "</span> ");
		} else if (t[i].accepted) {
			html_lit(w, "<span class=\"tag tag-accepted\">");
			html_text(w, T(l, "Solved"));
			html_lit(w, "</span> ");
		}
		if (t[i].status == TS_CLOSED || t[i].status == TS_LOCKED) {
			html_lit(w, "<span class=\"tag tag-closed\">");
			html_text(w, T(l, "Closed"));
			html_lit(w, "</span> ");
		}
		html_lit(w, "<span class=\"answers\">");
		html_int(w, t[i].answers);
		html_lit(w, " ");
		html_text(w, t[i].answers == 1 ? T(l, "answer") :
		    T(l, "answers"));
		html_lit(w, "</span> · <span class=\"author\">");
		html_text(w, t[i].author);
		html_lit(w, "</span> · ");
		widget_time(w, l, t[i].last_activity);
		html_lit(w, "</div></li>\n");
	}
	html_lit(w, "</ul>\n");
}

void
widget_pager(struct html *w, enum lang l, const char *base, int64_t page,
    int has_next)
{
	if (page <= 1 && !has_next)
		return;
	html_lit(w, "<nav class=\"pager\" aria-label=\"");
	html_attr(w, T(l, "Pages"));
	html_lit(w, "\">");
	if (page > 1) {
		html_lit(w, "<a rel=\"prev\" href=\"");
		html_attr(w, base);
		if (strchr(base, '?') != NULL)
			html_lit(w, "&amp;page=");
		else
			html_lit(w, "?page=");
		html_int(w, page - 1);
		html_lit(w, "\">");
		html_text(w, T(l, "Previous"));
		html_lit(w, "</a> ");
	}
	html_lit(w, "<span class=\"page-no\">");
	html_int(w, page);
	html_lit(w, "</span>");
	if (has_next) {
		html_lit(w, " <a rel=\"next\" href=\"");
		html_attr(w, base);
		if (strchr(base, '?') != NULL)
			html_lit(w, "&amp;page=");
		else
			html_lit(w, "?page=");
		html_int(w, page + 1);
		html_lit(w, "\">");
		html_text(w, T(l, "Next"));
		html_lit(w, "</a>");
	}
	html_lit(w, "</nav>\n");
}

static void
keyset_link(struct html *w, const char *base, const char *at,
    const char *rel, const char *label)
{
	html_lit(w, "<a class=\"button\"");
	if (rel != NULL) {
		html_lit(w, " rel=\"");
		html_attr(w, rel);
		html_lit(w, "\"");
	}
	html_lit(w, " href=\"");
	html_attr(w, base);
	if (at != NULL) {
		if (strchr(base, '?') != NULL)
			html_lit(w, "&amp;at=");
		else
			html_lit(w, "?at=");
		html_url(w, at);
	}
	html_lit(w, "\">");
	html_text(w, label);
	html_lit(w, "</a> ");
}

void
widget_keyset_pager(struct html *w, enum lang l, const char *base,
    const char *newer_at, const char *older_at, int oldest_first)
{
	if (newer_at == NULL && older_at == NULL)
		return;
	html_lit(w, "<nav class=\"pager\" aria-label=\"");
	html_attr(w, T(l, "Pages"));
	html_lit(w, "\">");
	if (newer_at != NULL) {
		keyset_link(w, base, NULL, NULL, oldest_first ?
		    T(l, "First page") : T(l, "Newest"));
		keyset_link(w, base, newer_at, "prev", oldest_first ?
		    T(l, "Previous") : T(l, "\u2190 Newer"));
	}
	if (older_at != NULL)
		keyset_link(w, base, older_at, "next", oldest_first ?
		    T(l, "Next") : T(l, "Older \u2192"));
	html_lit(w, "</nav>\n");
}

void
widget_role_badge(struct html *w, enum lang l, enum role role)
{
	const char	*name;

	switch (role) {
	case ROLE_STAFF:
		name = T(l, "Staff");
		break;
	case ROLE_MODERATOR:
		name = T(l, "Moderator");
		break;
	case ROLE_ADMIN:
		name = T(l, "Admin");
		break;
	default:
		return;
	}
	html_lit(w, " <span class=\"badge badge-staff\" title=\"");
	html_attr(w, T(l, "Verified member of the exchange's team"));
	html_lit(w, "\"><span aria-hidden=\"true\">\u2713</span> ");
	html_text(w, name);
	html_lit(w, "</span>");
}

void
widget_user(struct html *w, enum lang l, const char *display_name,
    enum role role, int64_t user_id)
{
	html_lit(w, "<span class=\"user\">");
	if (user_id > 0) {
		html_lit(w, "<a href=\"/u/");
		html_int(w, user_id);
		html_lit(w, "\">");
		html_text(w, display_name);
		html_lit(w, "</a>");
	} else
		html_text(w, display_name);
	widget_role_badge(w, l, role);
	html_lit(w, "</span>");
}

const char *
widget_iso_time(char *buf, size_t len, int64_t t)
{
	static const char	 epoch[] = "1970-01-01T00:00:00Z";
	struct tm		 tm;
	time_t			 tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		if (len >= sizeof(epoch))
			memcpy(buf, epoch, sizeof(epoch));
		else if (len > 0)
			buf[0] = '\0';
	}
	return buf;
}
