/*
 * lib/state.h: the one table of names for the closed sets the database
 * stores as text (posts.state, posts.kind, users.role, threads.status,
 * notifications.kind).
 * The enums are in core.h.  Rows are decoded into enums once, in
 * app/store/; everything above compares enums.  A name the table does not
 * know decodes to the safe value: a post state to PS_HELD (never shown to
 * the public), a kind to PK_ANSWER, a role to ROLE_USER (no badge, no
 * privilege), a thread status to TS_LOCKED (takes nothing), a
 * notification's kind to NK_UNKNOWN (a plain notification, no link).
 */
#ifndef SODAN_STATE_H
#define SODAN_STATE_H

#include "core.h"

enum post_state		 state_post_parse(const char *);
const char		*state_post_name(enum post_state);
enum post_kind		 state_kind_parse(const char *);
const char		*state_kind_name(enum post_kind);
enum role		 state_role_parse(const char *);
const char		*state_role_name(enum role);
enum thread_status	 state_thread_parse(const char *);
const char		*state_thread_name(enum thread_status);
/* NK_UNKNOWN's name is "unknown"; parsing "unknown" gives NK_UNKNOWN too. */
enum notif_kind		 state_notif_parse(const char *);
const char		*state_notif_name(enum notif_kind);

#endif
