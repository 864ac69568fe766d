/*
 * mail/mail.c: rendering and queueing (mail.h).
 *
 * A message is built whole here: headers (From, To, Subject in RFC 2047
 * UTF-8, Date, Message-ID, MIME-Version, Auto-Submitted, and
 * List-Unsubscribe for messages a user may turn off) and a
 * multipart/alternative body of text and HTML, each UTF-8 in base64 (no
 * line-length or 8-bit trouble with any relay).  The HTML goes through the
 * one HTML writer, so nothing from a user reaches it unescaped.  The
 * stored copy is sealed (acct/seal.h): a reset link in a waiting message
 * is no more readable in a dump than the token's hash.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "acct/seal.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/conf.h"
#include "mail/mail.h"
#include "store/store.h"
#include "view/html.h"
#include "view/i18n.h"

static char	 mail_from[256] = "sodan <noreply@localhost>";
static char	 mail_site[256] = "http://127.0.0.1:8080";
static char	 mail_host[128] = "localhost";

static const char *const tmpl_name[MAIL__MAX] = {
	[MAIL_RESET] = "reset",
	[MAIL_VERIFY] = "verify",
	[MAIL_EMAIL_CHANGED] = "email-changed",
	[MAIL_2FA_CHANGED] = "2fa-changed",
	[MAIL_NOTIFY] = "notify",
	[MAIL_DIGEST] = "digest",
};

/* Messages a user may turn off carry List-Unsubscribe (RFC 8058). */
static const int tmpl_optional[MAIL__MAX] = {
	[MAIL_NOTIFY] = 1,
	[MAIL_DIGEST] = 1,
};

static void	b64_lines(struct buf *, const char *, size_t);
static void	content(enum lang, enum mail_template, const struct mail_vars *,
		    const char **, const char **, const char **);

void
mail_init(const struct conf *c)
{
	const char	*at;

	if (c->mail_from != NULL && c->mail_from[0] != '\0')
		snprintf(mail_from, sizeof(mail_from), "%s", c->mail_from);
	if (c->site_url != NULL && c->site_url[0] != '\0')
		snprintf(mail_site, sizeof(mail_site), "%s", c->site_url);
	if ((at = strrchr(mail_from, '@')) != NULL) {
		snprintf(mail_host, sizeof(mail_host), "%s", at + 1);
		mail_host[strcspn(mail_host, "> ")] = '\0';
	}
}

const char *
mail_url(struct arena *a, const char *path)
{
	size_t	n = strlen(mail_site);

	return arena_printf(a, "%.*s%s", (int)(n > 0 &&
	    mail_site[n - 1] == '/' ? n - 1 : n), mail_site, path);
}

int
mail_address_ok(const char *s)
{
	const char	*at;
	size_t		 n = strlen(s), i;

	if (n < 3 || n > 254 || (at = strchr(s, '@')) == NULL ||
	    strchr(at + 1, '@') != NULL || at == s ||
	    strchr(at + 1, '.') == NULL || at[1] == '.' || s[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f ||
		    strchr("<>()[]\\,;:\"", s[i]) != NULL)
			return 0;
	return 1;
}

/* data as base64 in lines of 76 characters. */
static void
b64_lines(struct buf *b, const char *data, size_t len)
{
	size_t	 olen = sodium_base64_ENCODED_LEN(len,
	    sodium_base64_VARIANT_ORIGINAL), i, n, elen;
	char	*enc = arena_alloc(b->a, olen);

	sodium_bin2base64(enc, olen, (const unsigned char *)data, len,
	    sodium_base64_VARIANT_ORIGINAL);
	/* by the encoded length: stepping 76 at a time past the end and
	 * testing for the NUL there read beyond the buffer */
	elen = strlen(enc);
	for (i = 0; i < elen; i += n) {
		n = elen - i < 76 ? elen - i : 76;
		buf_put(b, enc + i, n);
		buf_puts(b, "\r\n");
	}
}

/* Subject, the paragraph and the closing line of a template. */
static void
content(enum lang l, enum mail_template t, const struct mail_vars *v,
    const char **subject, const char **para, const char **note)
{
	(void)v;
	*note = T(l, "If you did not ask for this, you can ignore this "
	    "message. Staff never ask for your password or recovery codes.");
	switch (t) {
	case MAIL_RESET:
		*subject = T(l, "Set a new password");
		*para = T(l, "Someone (we hope you) asked to set a new password "
		    "for your account. Open this link within 30 minutes to "
		    "choose one. The link works once; every session of the "
		    "account is signed out when the password is set.");
		break;
	case MAIL_VERIFY:
		*subject = T(l, "Confirm your e-mail address");
		*para = T(l, "Open this link to confirm that this address "
		    "belongs to your account. Until it is confirmed, password "
		    "resets are not sent to it.");
		break;
	case MAIL_EMAIL_CHANGED:
		*subject = T(l, "Your e-mail address was changed");
		*para = T(l, "The e-mail address of your account was changed "
		    "to another one. If you did not do this, sign in and "
		    "change your password, or ask a moderator for help.");
		*note = T(l, "Staff never ask for your password or recovery "
		    "codes.");
		break;
	case MAIL_NOTIFY:
	case MAIL_DIGEST:
		*subject = v != NULL && v->subject != NULL ? v->subject :
		    T(l, "News from the forum");
		*para = t == MAIL_DIGEST ? T(l, "What happened in the forum "
		    "for you since the last digest:") : T(l, "There is news "
		    "for you in the forum:");
		*note = T(l, "You get this mail because of your notification "
		    "settings. Staff never ask for your password, recovery "
		    "phrase or private key, by mail or anywhere else.");
		break;
	case MAIL_2FA_CHANGED:
	default:
		*subject = T(l, "Two-step verification was changed");
		*para = T(l, "Two-step verification of your account was turned "
		    "on or off. If you did not do this, change your password "
		    "at once.");
		*note = T(l, "Staff never ask for your password or recovery "
		    "codes.");
		break;
	}
}

int
mail_enqueue(struct db *db, struct arena *a, int64_t to_user,
    const char *to_addr, enum mail_template t, const struct mail_vars *v)
{
	struct mail_user	 mu;
	struct buf		 m, txt;
	struct html		 h;
	enum lang		 l;
	const char		*subject, *para, *note, *boundary, *mid,
				*sealed;
	unsigned char		 rnd[16];
	char			 hex[33], date[64];
	size_t			 i;
	time_t			 now = time(NULL);
	struct tm		 tm;
	static const char *const wd[7] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char *const mo[12] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

	if (t < 0 || t >= MAIL__MAX)
		return -1;
	if (store_mail_user(db, a, to_user, &mu) == -1)
		return -1;
	if (to_addr == NULL)
		to_addr = mu.email;
	if (mu.id == 0 || to_addr == NULL || to_addr[0] == '\0' ||
	    !mail_address_ok(to_addr))
		return 0;
	l = mu.lang != NULL && strcmp(mu.lang, "en") == 0 ? LANG_EN : LANG_JA;
	content(l, t, v, &subject, &para, &note);

	buf_init(&txt, a);
	buf_puts(&txt, para);
	buf_puts(&txt, "\r\n\r\n");
	for (i = 0; v != NULL && i < v->nlines; i++) {
		buf_puts(&txt, "* ");
		buf_puts(&txt, v->lines[i].text);
		buf_puts(&txt, "\r\n");
		if (v->lines[i].link != NULL) {
			buf_puts(&txt, "  ");
			buf_puts(&txt, v->lines[i].link);
			buf_puts(&txt, "\r\n");
		}
	}
	if (v != NULL && v->nlines > 0)
		buf_puts(&txt, "\r\n");
	if (v != NULL && v->link != NULL) {
		buf_puts(&txt, v->link);
		buf_puts(&txt, "\r\n\r\n");
	}
	if (v != NULL && v->detail != NULL) {
		buf_puts(&txt, v->detail);
		buf_puts(&txt, "\r\n\r\n");
	}
	buf_puts(&txt, note);
	buf_puts(&txt, "\r\n");
	if (tmpl_optional[t]) {
		buf_puts(&txt, T(l, "Settings:"));
		buf_puts(&txt, " ");
		buf_puts(&txt, mail_url(a, "/settings/notifications"));
		buf_puts(&txt, "\r\n");
		if (v != NULL && v->unsubscribe != NULL) {
			buf_puts(&txt, T(l, "Stop these mails:"));
			buf_puts(&txt, " ");
			buf_puts(&txt, v->unsubscribe);
			buf_puts(&txt, "\r\n");
		}
	}
	buf_puts(&txt, "-- \r\n");
	buf_puts(&txt, mail_site);
	buf_puts(&txt, "\r\n");

	html_init(&h, a);
	html_lit(&h, "<!doctype html><html><head><meta charset=\"utf-8\">"
	    "<title>");
	html_text(&h, subject);
	html_lit(&h, "</title></head><body><p>");
	html_text(&h, para);
	html_lit(&h, "</p>");
	if (v != NULL && v->nlines > 0) {
		html_lit(&h, "<ul>");
		for (i = 0; i < v->nlines; i++) {
			html_lit(&h, "<li>");
			if (v->lines[i].link != NULL) {
				html_lit(&h, "<a href=\"");
				html_attr(&h, v->lines[i].link);
				html_lit(&h, "\">");
				html_text(&h, v->lines[i].text);
				html_lit(&h, "</a>");
			} else
				html_text(&h, v->lines[i].text);
			html_lit(&h, "</li>");
		}
		html_lit(&h, "</ul>");
	}
	if (v != NULL && v->link != NULL) {
		html_lit(&h, "<p><a href=\"");
		html_attr(&h, v->link);
		html_lit(&h, "\">");
		html_text(&h, v->link);
		html_lit(&h, "</a></p>");
	}
	if (v != NULL && v->detail != NULL) {
		html_lit(&h, "<p>");
		html_text(&h, v->detail);
		html_lit(&h, "</p>");
	}
	html_lit(&h, "<p><small>");
	html_text(&h, note);
	if (tmpl_optional[t]) {
		html_lit(&h, " <a href=\"");
		html_attr(&h, mail_url(a, "/settings/notifications"));
		html_lit(&h, "\">");
		html_text(&h, T(l, "Notification settings"));
		html_lit(&h, "</a>");
		if (v != NULL && v->unsubscribe != NULL) {
			html_lit(&h, " &middot; <a href=\"");
			html_attr(&h, v->unsubscribe);
			html_lit(&h, "\">");
			html_text(&h, T(l, "Stop these mails"));
			html_lit(&h, "</a>");
		}
	}
	html_lit(&h, "</small></p></body></html>");

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	mid = arena_printf(a, "<%s@%s>", hex, mail_host);
	boundary = arena_printf(a, "=_sodan_%.16s", hex + 16);
	gmtime_r(&now, &tm);
	snprintf(date, sizeof(date), "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    wd[tm.tm_wday], tm.tm_mday, mo[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);

	buf_init(&m, a);
	buf_printf(&m, "From: %s\r\nTo: <%s>\r\nSubject: =?UTF-8?B?", mail_from,
	    to_addr);
	{
		size_t	 sl = strlen(subject), ol = sodium_base64_ENCODED_LEN(
		    sl, sodium_base64_VARIANT_ORIGINAL);
		char	*enc = arena_alloc(a, ol);

		sodium_bin2base64(enc, ol, (const unsigned char *)subject, sl,
		    sodium_base64_VARIANT_ORIGINAL);
		buf_puts(&m, enc);
	}
	buf_printf(&m, "?=\r\nDate: %s\r\nMessage-ID: %s\r\n"
	    "MIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n"
	    "Content-Language: %s\r\n", date, mid, i18n_code(l));
	if (tmpl_optional[t] && v != NULL && v->unsubscribe != NULL)
		buf_printf(&m, "List-Unsubscribe: <%s>\r\n"
		    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n",
		    v->unsubscribe);
	buf_printf(&m, "Content-Type: multipart/alternative; "
	    "boundary=\"%s\"\r\n\r\n--%s\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n", boundary, boundary);
	b64_lines(&m, txt.p, txt.len);
	buf_printf(&m, "\r\n--%s\r\nContent-Type: text/html; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n", boundary);
	b64_lines(&m, h.b.p, h.b.len);
	buf_printf(&m, "\r\n--%s--\r\n", boundary);

	if ((sealed = acct_seal(a, m.p)) == NULL)
		return -1;
	if (store_mail_outbox_add(db, to_addr, to_user, tmpl_name[t], mid,
	    sealed) == -1)
		return -1;
	return 1;
}
