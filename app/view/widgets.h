/*
 * widgets.h: small pieces of markup shared by pages (thread lists,
 * badges, times, pagination, empty states).
 */
#ifndef SODAN_WIDGETS_H
#define SODAN_WIDGETS_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"
#include "view/html.h"

struct thread_row;

/* <time datetime="ISO">local text</time>, shown in Japan time (JST). */
void	widget_time(struct html *, enum lang, int64_t unix_seconds);
/* A list of threads, or the empty-state text when n == 0. */
void	widget_thread_list(struct html *, enum lang, const struct thread_row *,
	    size_t n, const char *empty_msg);
/* Previous/next links for base?page=N (base&page=N when base has a query); has_next when a further page exists. */
void	widget_pager(struct html *, enum lang, const char *base, int64_t page,
	    int has_next);
/*
 * Keyset pagination (lib/cursor.h): links to base with at=NEWER_AT and
 * at=OLDER_AT (either NULL when there is nothing that side) and, when
 * newer_at is set, to base itself (the first page).  Labels "Newest",
 * "Newer", "Older" for lists newest first; "First page", "Previous",
 * "Next" when oldest_first (the moderators' queues).  Nothing when both
 * are NULL.
 */
void	widget_keyset_pager(struct html *, enum lang, const char *base,
	    const char *newer_at, const char *older_at, int oldest_first);
/*
 * An author's name linking to their profile (/u/ID), followed by the
 * verified badge when role is staff, moderator or admin.  The badge comes
 * only from the role, never from the name, so no one else can show it;
 * pages must pass the role read from the users table.  display_name is
 * escaped; user_id 0 writes the name without a link.
 */
void	widget_user(struct html *, enum lang, const char *display_name,
	    enum role, int64_t user_id);
/* The badge alone ("Staff", "Moderator", "Admin"); nothing for users. */
void	widget_role_badge(struct html *, enum lang, enum role);
/*
 * Unix seconds as an RFC 3339 UTC time ("2026-12-04T13:13:02Z"), as Atom,
 * sitemaps and schema.org want it, written into buf (at least
 * WIDGET_ISO_LEN bytes); returns buf.  A time gmtime cannot represent
 * reads as the epoch.
 */
#define WIDGET_ISO_LEN	32
const char	*widget_iso_time(char *buf, size_t len, int64_t unix_seconds);

#endif
