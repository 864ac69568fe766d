/*
 * core.h: the types every layer shares: the visitor's language, roles,
 * and who is signed in.  A leaf: it includes nothing of ours, so store/,
 * acct/, view/ and post/ read a session or a role without including
 * app/http/ (scripts/check-deps.sh enforces that).
 */
#ifndef SODAN_CORE_H
#define SODAN_CORE_H

#include <stdint.h>

enum lang {
	LANG_JA,
	LANG_EN,
	LANG__MAX
};

/* Who may use a route; a session's role is one of USER..ADMIN. */
enum role {
	ROLE_ANY,		/* anonymous allowed */
	ROLE_USER,		/* signed in */
	ROLE_STAFF,
	ROLE_MODERATOR,
	ROLE_ADMIN,
	ROLE__MAX
};

/*
 * The life of a post (app/post/ owns every change; docs/internals.md has
 * the table).  Stored as text in posts.state and posts.kind; decoded into
 * these enums once, where rows are read (app/store/post.c).
 */
enum post_state {
	PS_VISIBLE,		/* published */
	PS_HELD,		/* the filters held it: author and moderators */
	PS_PRIVATE,		/* the author's own secret: author and moderators */
	PS_HIDDEN,		/* flags hid it until a moderator decides */
	PS_REMOVED,		/* a placeholder says who removed it and why */
	PS__MAX
};

enum post_kind {
	PK_QUESTION,
	PK_ANSWER,
	PK_OFFICIAL,		/* a staff member's official answer */
	PK__MAX
};

/*
 * A signed-in visitor (r->sess), attached by the dispatcher from the
 * sodan_session cookie.  The cookie holds a 256-bit random token
 * (base64url); only its SHA-256 (hex) is stored, in sessions.token_hash.
 * Arena-owned.
 */
struct session {
	int64_t		 id;		/* sessions.id */
	int64_t		 user_id;
	const char	*username;
	const char	*display_name;
	enum role	 role;
	int		 trust;		/* 0..3 */
	int64_t		 created;	/* account created, unix seconds */
	const char	*csrf;		/* the session's CSRF token */
	int64_t		 unread;	/* unread notifications (header count) */
};

#endif
