/* pages/adminlists.c: the moderation lists edited in the browser (/admin/lists) */
/*
 * GET /admin/lists (moderators and admins) shows the entries kept in
 * PostgreSQL, by list: block and allow domains, watched words, the
 * exchange's official domains, phone numbers and handles, and brands.
 * POST /admin/lists adds one and POST /admin/lists/:id/delete removes one
 * (admins only; CSRF and a fresh second factor in the route table).  Each
 * change is one transaction with the lists' version and an audit_log row
 * (store/modlists.c); every instance's rule loader notices the version
 * within RULESET_POLL seconds and recompiles (post/ruleset.c), so no
 * restart is needed anywhere.  The entries are added to the files of
 * conf/moderation at compile time; the files stay as shipped.
 *
 * A value is checked and normalized before it is saved, with a message
 * in the reader's language at the field and what was typed kept:
 * a domain must be a registrable host (libidn2 to ASCII, then libpsl:
 * not a public suffix), a phone number "+" and 8 to 15 digits (a Japanese
 * number starting with 0 becomes +81...), a handle 3 to 32 letters,
 * digits or "_", a brand a label and at least one registrable domain, a
 * watched word 2 to 60 characters; an entry already there, or a block
 * entry on the allow list (the file, the official domains, the brands'
 * domains), is refused.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <idn2.h>
#include <libpsl.h>

#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/util.h"
#include "lib/utf8.h"
#include "pages/admin.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "post/ruleset.h"
#include "store/store.h"
#include "view/form.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"

struct lists_view {
	struct modlist_entry	*e;
	size_t			 n;
	struct form_errs	 err;
	const char		*list;		/* what was chosen, kept */
	const char		*value;		/* what was typed, kept */
	const char		*note;
	int			 added;		/* ?added=1 after a change */
};

static const char *const list_names[] = {
	"block_domain", "allow_domain", "watch_word", "official_domain",
	"official_phone", "official_handle", "brand", NULL
};

static const char *list_label(enum lang, const char *);
static void	 lists_main(struct html *, struct req *, void *);
static int	 lists_load(struct req *, struct lists_view *);
static const char *norm_domain(struct arena *, const char *);
static const char *norm_phone(struct arena *, const char *);
static const char *norm_handle(struct arena *, const char *);
static const char *norm_brand(struct arena *, const char *);
static int	 on_allow_list(const struct lists_view *, const char *);
static const char *check_value(struct req *, struct lists_view *,
		    const char *, const char *, const char **);


static const char *
list_label(enum lang l, const char *list)
{
	if (strcmp(list, "block_domain") == 0)
		return T(l, "Blocked domains");
	if (strcmp(list, "allow_domain") == 0)
		return T(l, "Allowed domains");
	if (strcmp(list, "watch_word") == 0)
		return T(l, "Watched words");
	if (strcmp(list, "official_domain") == 0)
		return T(l, "Official domains of the exchange");
	if (strcmp(list, "official_phone") == 0)
		return T(l, "Official phone numbers");
	if (strcmp(list, "official_handle") == 0)
		return T(l, "Official handles");
	return T(l, "Brands");
}

/* Lower-case ASCII host of a registrable domain, or NULL. */
static const char *
norm_domain(struct arena *a, const char *in)
{
	char		*ascii = NULL, *h;
	const char	*reg;
	size_t		 i, n;

	while (isspace((unsigned char)*in))
		in++;
	n = strlen(in);
	while (n > 0 && isspace((unsigned char)in[n - 1]))
		n--;
	if (n == 0 || n > 253)
		return NULL;
	h = arena_strndup(a, in, n);
	if (n > 0 && h[n - 1] == '.')
		h[--n] = '\0';
	if (idn2_to_ascii_8z(h, &ascii, IDN2_NONTRANSITIONAL |
	    IDN2_NFC_INPUT) != IDN2_OK)
		return NULL;
	h = arena_strdup(a, ascii);
	idn2_free(ascii);
	for (i = 0; h[i] != '\0'; i++) {
		h[i] = (char)tolower((unsigned char)h[i]);
		if (!isalnum((unsigned char)h[i]) && h[i] != '-' &&
		    h[i] != '.')
			return NULL;
	}
	if (strchr(h, '.') == NULL || h[0] == '.' || strstr(h, "..") != NULL)
		return NULL;
	if ((reg = psl_registrable_domain(psl_builtin(), h)) == NULL)
		return NULL;
	return h;
}

/* "+" and 8 to 15 digits (0... in Japan: +81...), or NULL. */
static const char *
norm_phone(struct arena *a, const char *in)
{
	struct buf	 b;
	const char	*p;
	size_t		 digits = 0;
	int		 plus = 0;

	buf_init(&b, a);
	for (p = in; *p != '\0'; p++) {
		if (*p == '+' && b.len == 0 && !plus) {
			plus = 1;
			continue;
		}
		if (isdigit((unsigned char)*p)) {
			buf_putc(&b, *p);
			digits++;
		} else if (*p != ' ' && *p != '-' && *p != '(' && *p != ')' &&
		    *p != '.')
			return NULL;
	}
	if (b.len == 0)
		return NULL;
	if (!plus) {
		/* A national Japanese number: 0 and 9 or 10 digits. */
		if (b.p[0] != '0' || digits < 10 || digits > 11)
			return NULL;
		return arena_printf(a, "+81%s", b.p + 1);
	}
	if (digits < 8 || digits > 15 || b.p[0] == '0')
		return NULL;
	return arena_printf(a, "+%s", b.p);
}

/* "@name", lower case, 3 to 32 of [a-z0-9_], or NULL. */
static const char *
norm_handle(struct arena *a, const char *in)
{
	char	*h;
	size_t	 i;

	while (isspace((unsigned char)*in))
		in++;
	if (*in == '@')
		in++;
	h = arena_strdup(a, in);
	for (i = strlen(h); i > 0 && isspace((unsigned char)h[i - 1]); i--)
		h[i - 1] = '\0';
	if (strlen(h) < 3 || strlen(h) > 32)
		return NULL;
	for (i = 0; h[i] != '\0'; i++) {
		h[i] = (char)tolower((unsigned char)h[i]);
		if (!isalnum((unsigned char)h[i]) && h[i] != '_')
			return NULL;
	}
	return arena_printf(a, "@%s", h);
}

/* "label domain ..." with every domain registrable, or NULL. */
static const char *
norm_brand(struct arena *a, const char *in)
{
	struct buf	 b;
	char		*s = arena_strdup(a, in), *tok, *save = NULL;
	const char	*d;
	int		 n = 0;
	size_t		 i;

	buf_init(&b, a);
	for (tok = strtok_r(s, " \t,", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t,", &save)) {
		if (n == 0) {
			if (strlen(tok) < 2 || strlen(tok) > 40)
				return NULL;
			for (i = 0; tok[i] != '\0'; i++)
				if ((unsigned char)tok[i] < 0x80 &&
				    !isalnum((unsigned char)tok[i]) &&
				    tok[i] != '-' && tok[i] != '=')
					return NULL;
			buf_puts(&b, tok);
		} else {
			if ((d = norm_domain(a, tok)) == NULL)
				return NULL;
			buf_printf(&b, "\t%s", d);
		}
		n++;
	}
	return n >= 2 ? b.p : NULL;
}

/* 1 when host (or its registrable domain) is allowed anywhere. */
static int
on_allow_list(const struct lists_view *v, const char *host)
{
	const char	*reg = psl_registrable_domain(psl_builtin(), host);
	const char	*c[2] = { host, reg };
	size_t		 i, k;

	for (k = 0; k < 2; k++) {
		if (c[k] == NULL)
			continue;
		if (ruleset_listed("allow_domains.txt", c[k]) ||
		    ruleset_listed("brands.txt", c[k]))
			return 1;
		for (i = 0; i < v->n; i++)
			if ((strcmp(v->e[i].list, "allow_domain") == 0 ||
			    strcmp(v->e[i].list, "official_domain") == 0) &&
			    strcmp(v->e[i].value, c[k]) == 0)
				return 1;
	}
	return 0;
}

/*
 * The normalized value for list, or NULL with *msg (translated) saying
 * why; v holds the entries (for duplicates and the allow list).
 */
static const char *
check_value(struct req *r, struct lists_view *v, const char *list,
    const char *in, const char **msg)
{
	enum lang	 l = r->lang;
	const char	*val = NULL;
	size_t		 i, n;

	*msg = NULL;
	if (in == NULL || in[strspn(in, " \t")] == '\0') {
		*msg = T(l, "Enter a value.");
		return NULL;
	}
	if (strcmp(list, "block_domain") == 0 ||
	    strcmp(list, "allow_domain") == 0 ||
	    strcmp(list, "official_domain") == 0) {
		if ((val = norm_domain(r->a, in)) == NULL)
			*msg = T(l, "This is not a domain name that can be "
			    "registered: write a host such as "
			    "wallet-help.example, without https:// or a path.");
	} else if (strcmp(list, "official_phone") == 0) {
		if ((val = norm_phone(r->a, in)) == NULL)
			*msg = T(l, "This is not a phone number: write \"+\", "
			    "the country code and the number (8 to 15 "
			    "digits), or a Japanese number starting with 0.");
	} else if (strcmp(list, "official_handle") == 0) {
		if ((val = norm_handle(r->a, in)) == NULL)
			*msg = T(l, "A handle is 3 to 32 letters, digits or "
			    "underscores, with or without the @.");
	} else if (strcmp(list, "brand") == 0) {
		if ((val = norm_brand(r->a, in)) == NULL)
			*msg = T(l, "Write the brand's name, then its official "
			    "domains separated by spaces, for example: "
			    "examplex examplex.com examplex.co.jp");
	} else {
		n = strlen(in);
		while (isspace((unsigned char)*in))
			in++, n--;
		while (n > 0 && isspace((unsigned char)in[n - 1]))
			n--;
		val = arena_strndup(r->a, in, n);
		if (utf8_count(val, strlen(val)) < 2 ||
		    utf8_count(val, strlen(val)) > 60 ||
		    strpbrk(val, "\t\r\n") != NULL) {
			*msg = T(l, "A watched word is 2 to 60 characters on "
			    "one line.");
			val = NULL;
		}
	}
	if (val == NULL)
		return NULL;
	for (i = 0; i < v->n; i++)
		if (strcmp(v->e[i].list, list) == 0 &&
		    strcasecmp(v->e[i].value, val) == 0) {
			*msg = T(l, "This entry is on the list already.");
			return NULL;
		}
	if (strcmp(list, "block_domain") == 0 && on_allow_list(v, val)) {
		*msg = T(l, "This domain is on the allow list (or is an "
		    "official domain), so it cannot be blocked. Remove it "
		    "from the allow list first if it was listed by mistake.");
		return NULL;
	}
	return val;
}

static int
lists_load(struct req *r, struct lists_view *v)
{
	return store_modlist_all(r->w->db, r->a, &v->e, &v->n);
}

static void
lists_main(struct html *w, struct req *r, void *arg)
{
	struct lists_view	*v = arg;
	enum lang		 l = r->lang;
	int			 admin = r->sess->role >= ROLE_ADMIN;
	size_t			 k, i, shown;

	html_lit(w, "<h1>");
	html_text(w, T(l, "Moderation lists"));
	html_lit(w, "</h1>\n<p>");
	html_text(w, T(l, "Entries here are added to the filters' files and "
	    "take effect on every server within a few seconds, without a "
	    "restart. Every change is written to the audit log."));
	html_lit(w, "</p>\n");
	if (v->added) {
		html_lit(w, "<p class=\"notice\" role=\"status\">");
		html_text(w, T(l, "Saved. The filters are being recompiled; "
		    "the change applies within a few seconds."));
		html_lit(w, "</p>\n");
	}
	if (admin) {
		html_lit(w, "<form method=\"post\" action=\"/admin/lists\" "
		    "class=\"mod-form lists-add\"><fieldset><legend>");
		html_text(w, T(l, "Add an entry"));
		html_lit(w, "</legend>");
		layout_csrf(w, r);
		form_errors(w, l, &v->err);
		html_lit(w, "<label for=\"list\">");
		html_text(w, T(l, "List"));
		html_lit(w, "</label> <select id=\"list\" name=\"list\">");
		for (k = 0; list_names[k] != NULL; k++) {
			html_lit(w, "<option value=\"");
			html_attr(w, list_names[k]);
			html_lit(w, "\"");
			if (v->list != NULL && strcmp(v->list, list_names[k]) ==
			    0)
				html_lit(w, " selected");
			html_lit(w, ">");
			html_text(w, list_label(l, list_names[k]));
			html_lit(w, "</option>");
		}
		html_lit(w, "</select>");
		form_input(w, "value", T(l, "Value"), "text", v->value, "off",
		    T(l, "A domain (wallet-help.example), a phone number "
		    "(+81 3 1234 5678), a handle (@exchange_support), a word, "
		    "or a brand and its domains."), &v->err, 1);
		form_input(w, "note", T(l, "Note (for other moderators)"),
		    "text", v->note, "off", NULL, &v->err, 0);
		html_lit(w, "<button type=\"submit\" class=\"button\">");
		html_text(w, T(l, "Add"));
		html_lit(w, "</button></fieldset></form>\n");
	} else {
		html_lit(w, "<p>");
		html_text(w, T(l, "Only administrators can change these "
		    "lists."));
		html_lit(w, "</p>\n");
	}
	for (k = 0; list_names[k] != NULL; k++) {
		html_lit(w, "<section class=\"mod-list\"><h2>");
		html_text(w, list_label(l, list_names[k]));
		html_lit(w, "</h2>\n");
		shown = 0;
		for (i = 0; i < v->n; i++) {
			if (strcmp(v->e[i].list, list_names[k]) != 0)
				continue;
			if (shown++ == 0)
				html_lit(w, "<ul class=\"list-entries\">");
			html_lit(w, "<li><code>");
			html_text(w, v->e[i].value);
			html_lit(w, "</code>");
			if (v->e[i].note[0] != '\0') {
				html_lit(w, " — ");
				html_text(w, v->e[i].note);
			}
			if (v->e[i].created_by[0] != '\0') {
				html_lit(w, " <small>(");
				html_text(w, v->e[i].created_by);
				html_lit(w, ")</small>");
			}
			if (admin) {
				html_lit(w, " <form method=\"post\" class=\""
				    "inline\" action=\"/admin/lists/");
				html_int(w, v->e[i].id);
				html_lit(w, "/delete\">");
				layout_csrf(w, r);
				html_lit(w, "<button type=\"submit\" class=\""
				    "button-link\">");
				html_text(w, T(l, "Remove"));
				html_lit(w, "</button></form>");
			}
			html_lit(w, "</li>");
		}
		if (shown > 0)
			html_lit(w, "</ul>\n");
		else {
			html_lit(w, "<p class=\"empty\">");
			html_text(w, T(l, "No entries added here; the shipped "
			    "file applies."));
			html_lit(w, "</p>\n");
		}
		html_lit(w, "</section>\n");
	}
	html_lit(w, "<p><a href=\"/mod/rules\">");
	html_text(w, T(l, "Moderation rules"));
	html_lit(w, "</a></p>\n");
}

void
page_admin_lists(struct req *r)
{
	struct lists_view	*v = arena_calloc(r->a, 1, sizeof(*v));

	if (lists_load(r, v) == -1)
		return;
	v->added = r->f[F_ALIST_ADDED].present;
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Moderation lists"), lists_main, v);
}

/*
 * Checks value for list (normalized as the list keeps it) and adds it
 * with note.  0 when added; 422 with the error at the field in e; -1
 * when the store failed.  *stored gets the value as saved.  The page and
 * the API (api/admin.c) call it.
 */
int
admin_list_add(struct req *r, const char *list, const char *value,
    const char *note, const char **stored, struct form_errs *e)
{
	struct lists_view	*v = arena_calloc(r->a, 1, sizeof(*v));
	const char		*val, *msg;
	int			 dup;

	*stored = NULL;
	if (lists_load(r, v) == -1)
		return -1;
	if ((val = check_value(r, v, list, value, &msg)) == NULL) {
		form_err(e, "value", msg);
		return 422;
	}
	if (store_modlist_add(r->w->db, list, val, note, r->sess->user_id,
	    arena_printf(r->a, "user:%lld", (long long)r->sess->user_id),
	    &dup) == -1)
		return -1;
	if (dup) {
		form_err(e, "value", T(r->lang, "This entry is on the "
		    "list already."));
		return 422;
	}
	*stored = val;
	return 0;
}

void
page_admin_lists_add(struct req *r)
{
	struct lists_view	*v = arena_calloc(r->a, 1, sizeof(*v));
	const char		*list = r->f[F_ALIST_LIST].s, *val;
	int			 rc;

	v->list = list;
	v->value = r->f[F_ALIST_VALUE].present ? r->f[F_ALIST_VALUE].s : "";
	v->note = r->f[F_ALIST_NOTE].present ? r->f[F_ALIST_NOTE].s : "";
	rc = admin_list_add(r, list, v->value, v->note, &val, &v->err);
	if (rc == -1)
		return;
	if (rc != 0) {
		if (lists_load(r, v) == -1)
			return;
		r->resp.no_cache = 1;
		layout_page(r, rc, T(r->lang, "Moderation lists"),
		    lists_main, v);
		return;
	}
	reply_redirect(r, "/admin/lists?added=1");
}

/*
 * Removes entry id of the lists: 0, or -1 after replying (404) or when
 * the store failed.  The page and the API call it.
 */
int
admin_list_delete(struct req *r, int64_t id)
{
	int	found;

	if (id <= 0) {
		reply_error(r, 404, NULL);
		return -1;
	}
	if (store_modlist_remove(r->w->db, id, arena_printf(r->a, "user:%lld",
	    (long long)r->sess->user_id), &found) == -1)
		return -1;
	if (!found) {
		reply_error(r, 404, N_("This entry is not on the list any "
		    "more."));
		return -1;
	}
	return 0;
}

void
page_admin_lists_delete(struct req *r)
{
	if (admin_list_delete(r, qa_param_id(r->param[0])) == 0)
		reply_redirect(r, "/admin/lists?added=1");
}
