/*
 * mail/notify.c: notification mail.
 *
 * Every notification row is written in the transaction of its event as
 * 'pending' (store/post.c, store/modq.c, store/watch.c), so a crash loses
 * none.  The mail thread calls mail_notify_due() before sending: rows the
 * member's preferences exclude become 'skipped'; for each (member,
 * thread) with pending rows and no mail about that thread in the last 15
 * minutes, one transaction locks the rows, renders one message
 * (mail_enqueue, into the outbox) and marks them 'sent'.  The first
 * event of a quiet thread is thus mailed at once, the rest batched.  A
 * member on the daily digest gets every pending row in one mail once a
 * day.
 *
 * What a mail may carry: sentences of our own, links, the removal reason
 * as a code turned into words, and a thread's title only while the thread
 * and its question are public (store: NOTIFY_MAIL_ROWS).  Never the text
 * of a post, so no held, private, removed or redacted text, nor a
 * contact found in one, can reach a mailbox.
 */
#include <stdio.h>
#include <string.h>

#include "acct/seal.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "mail/mail.h"
#include "store/store.h"
#include "view/i18n.h"

#define UNSUB_CONTEXT	"sodan-unsubscribe-v1"

static const char *sentence(enum lang, const struct notify_mail_row *);
static const char *reason_words(enum lang, const char *);
static int	 one_group(struct db *, struct arena *, int64_t user,
		    int64_t thread);

const char *
mail_unsubscribe_url(struct arena *a, int64_t user, const char *kind)
{
	char		 mac[65];
	const char	*msg = arena_printf(a, "%lld:%s", (long long)user, kind);

	if (acct_seal_mac(UNSUB_CONTEXT, msg, mac) == -1)
		return NULL;
	return mail_url(a, arena_printf(a, "/unsubscribe?u=%lld&k=%s&s=%s",
	    (long long)user, kind, mac));
}

int
mail_unsubscribe_ok(int64_t user, const char *kind, const char *mac)
{
	char	msg[96];

	snprintf(msg, sizeof(msg), "%lld:%s", (long long)user, kind);
	return acct_seal_mac_ok(UNSUB_CONTEXT, msg, mac);
}

/* A removal reason (a code) in plain words. */
static const char *
reason_words(enum lang l, const char *r)
{
	if (strcmp(r, "spam") == 0)
		return T(l, "it was advertising or spam.");
	if (strcmp(r, "scam") == 0)
		return T(l, "it looked like a scam or phishing (for example a "
		    "fake support contact).");
	if (strcmp(r, "abusive") == 0)
		return T(l, "it was abusive towards others.");
	if (strcmp(r, "offtopic") == 0)
		return T(l, "it was not about the exchange or its services.");
	if (strcmp(r, "secret") == 0)
		return T(l, "it contained a secret of your account (such as a "
		    "recovery phrase), which nobody should see.");
	if (strcmp(r, "purge") == 0)
		return T(l, "the account was suspended.");
	return T(l, "it broke the forum's rules.");
}

/* The sentence of one notification, in l (arena-owned via T). */
static const char *
sentence(enum lang l, const struct notify_mail_row *n)
{
	switch (n->kind) {
	case NK_ANSWER:
		return T(l, "Your question has a new answer.");
	case NK_WATCH_ANSWER:
		return T(l, "A new post in a thread you watch.");
	case NK_WATCH_OFFICIAL:
		return T(l, "Staff posted an official answer in a thread you "
		    "follow.");
	case NK_WATCH_VERIFIED:
		return T(l, "Staff verified an answer in a thread you follow.");
	case NK_MENTION:
		return T(l, "You were mentioned in a post.");
	case NK_ACCEPTED:
		return T(l, "Your answer was accepted as the best answer.");
	case NK_VERIFIED:
		return T(l, "Staff verified your answer.");
	case NK_HELD:
		return T(l, "Your post is waiting for a moderator's review and "
		    "is not public until then. You need not do anything.");
	case NK_HIDDEN:
		return T(l, "Your post was hidden after members flagged it. A "
		    "moderator will look at it.");
	case NK_APPROVED:
		return T(l, "Your post was reviewed and is public again.");
	case NK_REDACTED:
		return T(l, "A moderator removed private information from your "
		    "post.");
	case NK_APPEAL_REVERSED:
		return T(l, "Your appeal was accepted: your post is restored.");
	case NK_APPEAL_UPHELD:
		return T(l, "Your appeal was reviewed by another moderator; the "
		    "removal stays.");
	case NK_SUSPENSION_LIFTED:
		return T(l, "Your appeal was accepted: your suspension is "
		    "lifted and you can sign in again.");
	case NK_SUSPENSION_UPHELD:
		return T(l, "Your appeal was reviewed by another moderator; the "
		    "suspension stays until the date you were told.");
	default:
		/* NK_REMOVED has its own line (one_group); others: plain */
		return T(l, "There is news for you in the forum.");
	}
}

/* One (member, thread) pair in one transaction; 1 mailed, 0, or -1. */
static int
one_group(struct db *db, struct arena *a, int64_t user, int64_t thread)
{
	struct notify_mail_row	*rows;
	struct mail_user	 mu;
	struct mail_line	*lines;
	struct mail_vars	 v;
	struct buf		 ids;
	enum lang		 l;
	const char		*text, *title = NULL;
	size_t			 n, i, nl = 0;

	if (store_mail_user(db, a, user, &mu) == -1)
		return -1;
	l = mu.lang != NULL && strcmp(mu.lang, "en") == 0 ? LANG_EN : LANG_JA;
	if (store_mail_begin(db) == -1)
		return -1;
	if (store_notify_rows(db, a, user, thread, &rows, &n) == -1)
		goto fail;
	if (n == 0) {
		store_mail_rollback(db);
		return 0;
	}
	lines = arena_calloc(a, n * 2 + 1, sizeof(*lines));
	buf_init(&ids, a);
	buf_puts(&ids, "{");
	for (i = 0; i < n; i++) {
		buf_printf(&ids, "%s%lld", i > 0 ? "," : "",
		    (long long)rows[i].id);
		text = sentence(l, &rows[i]);
		if (thread == -1 && rows[i].title[0] != '\0')
			text = arena_printf(a, "%s — %s", rows[i].title, text);
		if (rows[i].title[0] != '\0' && title == NULL)
			title = rows[i].title;
		lines[nl].text = text;
		/* a public thread links the post; else the forum's list */
		lines[nl].link = rows[i].title[0] != '\0' ?
		    mail_url(a, rows[i].post_id != 0 ? arena_printf(a,
		    "/t/%lld#p%lld", (long long)rows[i].thread_id,
		    (long long)rows[i].post_id) : arena_printf(a, "/t/%lld",
		    (long long)rows[i].thread_id)) :
		    mail_url(a, "/notifications");
		nl++;
		if (rows[i].kind == NK_REMOVED) {
			/* the reason in plain words, and how to appeal */
			lines[nl - 1].text = arena_printf(a, "%s %s %s",
			    T(l, "A moderator removed your post:"),
			    reason_words(l, rows[i].reason),
			    T(l, "If you think this was a mistake, you can "
			    "appeal once, with a short explanation; another "
			    "moderator decides."));
			lines[nl - 1].link = mail_url(a, arena_printf(a,
			    "/p/%lld/appeal", (long long)rows[i].post_id));
		}
	}
	buf_puts(&ids, "}");
	memset(&v, 0, sizeof(v));
	v.lines = lines;
	v.nlines = nl;
	if (thread == -1)
		v.subject = T(l, "Your daily forum digest");
	else if (title != NULL)
		v.subject = arena_printf(a, "%s: %s", T(l, "Forum"), title);
	else
		v.subject = n == 1 ? lines[0].text : T(l, "News from the "
		    "forum");
	v.unsubscribe = mail_unsubscribe_url(a, user, "all");
	if (mail_enqueue(db, a, user, NULL, thread == -1 ? MAIL_DIGEST :
	    MAIL_NOTIFY, &v) == -1)
		goto fail;
	if (store_notify_mailed(db, a, user, thread, ids.p) == -1)
		goto fail;
	if (store_mail_commit(db) == -1)
		return -1;
	return 1;
fail:
	store_mail_rollback(db);
	return -1;
}

int
mail_notify_due(struct db *db)
{
	struct arena		*a = arena_new();
	struct notify_due	*due;
	size_t			 n, i;
	int			 mailed = 0, rc;

	if (store_notify_due(db, a, &due, &n) == -1) {
		arena_free(a);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if ((rc = one_group(db, a, due[i].user, due[i].thread)) == -1) {
			log_ratelimited("notify", 60, "mail: notifications "
			    "of user %lld not queued", (long long)due[i].user);
			continue;
		}
		mailed += rc;
	}
	arena_free(a);
	return mailed;
}
