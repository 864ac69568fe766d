/*
 * mail.h: mail that is never lost.
 *
 * A module that wants to tell someone something outside the forum calls
 * mail_enqueue() inside its own transaction: the message is rendered at
 * once (in the account's language, plain text and HTML, Message-ID and
 * Date) and written, sealed, to the outbox table with the event, so it
 * exists exactly when the event does.  A worker thread (mail_worker_start)
 * sends due rows over SMTP with libcurl and marks them sent only when the
 * relay accepted them; a failure is retried with a growing delay (30 s,
 * doubling, at most an hour), a crash leaves the rows for the next start.
 */
#ifndef SODAN_MAIL_H
#define SODAN_MAIL_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct conf;
struct db;

enum mail_template {
	MAIL_RESET,		/* password reset link (30 minutes) */
	MAIL_VERIFY,		/* confirm this address */
	MAIL_EMAIL_CHANGED,	/* to the old address: it was replaced */
	MAIL_2FA_CHANGED,	/* two-step verification turned on or off */
	MAIL_NOTIFY,		/* notifications about one thread (notify.c) */
	MAIL_DIGEST,		/* the daily digest of notifications */
	MAIL__MAX
};

/* One line of a notification mail: a sentence and its link (or NULL). */
struct mail_line {
	const char	*text;
	const char	*link;
};

struct mail_vars {
	const char	*link;		/* absolute URL, or NULL */
	const char	*detail;	/* one line of context, or NULL */
	/* MAIL_NOTIFY, MAIL_DIGEST: subject, lines, one-click unsubscribe */
	const char		*subject;
	const struct mail_line	*lines;
	size_t			 nlines;
	const char		*unsubscribe;	/* absolute URL (RFC 8058) */
};

/* Reads [mail] of the configuration (From, site URL); call once at start. */
void	mail_init(const struct conf *);
/*
 * Renders template for account to_user and appends it to the outbox in
 * the caller's transaction (if any).  to_addr NULL: the account's address.
 * Returns 1 when queued, 0 when there is no address (nothing queued), -1
 * on a store failure or when no sealing key is loaded.
 */
int	mail_enqueue(struct db *, struct arena *, int64_t to_user,
	    const char *to_addr, enum mail_template, const struct mail_vars *);
/* The site's absolute URL for path (arena-owned), for links in mail. */
const char *mail_url(struct arena *, const char *path);
/* A plausible address: one '@', a dot after it, no spaces, 3..254 bytes. */
int	mail_address_ok(const char *);

/*
 * notify.c: turns pending notifications into mail (one per member and
 * thread, at most one per 15 minutes; or the daily digest), each group in
 * one transaction with its outbox row.  Returns the mails queued, or -1.
 */
int	mail_notify_due(struct db *);
/*
 * The one-click unsubscribe link of member user for kind ("all" or a
 * notifications.kind), absolute, arena-owned; NULL without a key.
 */
const char *mail_unsubscribe_url(struct arena *, int64_t user,
	    const char *kind);
/* 1 when mac signs (user, kind) for unsubscribing. */
int	mail_unsubscribe_ok(int64_t user, const char *kind, const char *mac);

/* The sending thread: one per instance, its own database connection. */
int	mail_worker_start(const struct conf *);
void	mail_worker_stop(void);
/*
 * Sends what is due once (the worker's loop body, also `sodan mail-send`).
 * Returns the messages sent, or -1 when the store failed.
 */
int	mail_send_due(struct db *, const struct conf *);

#endif
