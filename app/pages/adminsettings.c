/* pages/adminsettings.c: the admin console's site settings; the logo. */
/*
 * GET /admin/settings shows the site's name in Japanese and in English
 * and its logo; POST /admin/settings saves them (admins; CSRF and a fresh
 * second factor in the route table).  Checked before saving, with the
 * errors at the fields in the reader's language and what was typed kept
 * (422): a name is one line of at most 60 characters (empty: the
 * built-in name); the logo is a picture uploaded through /uploads
 * (docs/images.md: checked, re-encoded, metadata dropped), given as the
 * address /uploads/HASH.png the upload answered, or nothing.  The change
 * is store_site_save (store/admin.c): one transaction with the
 * settings' version and an audit_log row.  Every instance's poller
 * (http/sitepoll.c) reads the version each second and takes the new
 * settings, so the layout shows them everywhere without a restart.
 *
 * The brands and the exchange's official domains, phone numbers and
 * handles are lists, edited at /admin/lists (pages/adminlists.c); this
 * page links there.
 *
 * GET /site/logo answers the logo's bytes (the upload's re-encoded
 * file) to anyone, cached for a year: the layout's address carries the
 * settings' version, so a new logo is a new address.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/pcache.h"
#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/conf.h"
#include "lib/utf8.h"
#include "pages/admin.h"
#include "pages/pages.h"
#include "store/store.h"
#include "view/form.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"

#define SITE_NAME_MAX_CP	60

struct settings_view {
	struct site_row		 s;		/* as stored, or as typed */
	const char		*logo_in;	/* the logo field as typed */
	struct form_errs	 e;
	const char		*notice;
};

static void	 settings_main(struct html *, struct req *, void *);
static int	 settings_read(struct req *, struct settings_view *);
static const char *logo_hash(struct arena *, const char *);
static int	 line_ok(const char *);

static void
settings_main(struct html *w, struct req *r, void *arg)
{
	struct settings_view	*v = arg;
	enum lang		 l = r->lang;

	html_lit(w, "<section class=\"admin\"><p class=\"crumbs\">"
	    "<a href=\"/admin\">");
	html_text(w, T(l, "Admin console"));
	html_lit(w, "</a></p><h1>");
	html_text(w, T(l, "Site settings"));
	html_lit(w, "</h1>\n");
	if (v->notice != NULL) {
		html_lit(w, "<p class=\"notice\" role=\"status\">");
		html_text(w, v->notice);
		html_lit(w, "</p>\n");
	}
	form_errors(w, l, &v->e);
	html_lit(w, "<form method=\"post\" action=\"/admin/settings\" "
	    "class=\"stack narrow\">");
	layout_csrf(w, r);
	form_input(w, "name_ja", T(l, "Site name (Japanese)"), "text",
	    v->s.name[LANG_JA], "off", T(l, "At most 60 characters; empty: "
	    "the built-in name."), &v->e, 0);
	form_input(w, "name_en", T(l, "Site name (English)"), "text",
	    v->s.name[LANG_EN], "off", T(l, "At most 60 characters; empty: "
	    "the built-in name."), &v->e, 0);
	form_input(w, "logo", T(l, "Logo"), "text", v->logo_in, "off",
	    T(l, "The address of a picture uploaded at /uploads/new, for "
	    "example /uploads/0a1b....png; empty: no logo."), &v->e, 0);
	if (v->s.logo[0] != '\0' && v->e.n == 0) {
		html_lit(w, "<p><img class=\"brand-logo\" src=\"/site/logo?v=");
		html_int(w, v->s.version);
		html_lit(w, "\" alt=\"");
		html_attr(w, T(l, "The logo in use"));
		html_lit(w, "\" height=\"32\"></p>");
	}
	html_lit(w, "<p><a href=\"/uploads/new\">");
	html_text(w, T(l, "Upload a picture"));
	html_lit(w, "</a></p><p><button class=\"button\" type=\"submit\">");
	html_text(w, T(l, "Save"));
	html_lit(w, "</button></p></form>\n<p>");
	html_text(w, T(l, "Brands and the exchange's official domains, phone "
	    "numbers and handles are kept in the filter lists:"));
	html_lit(w, " <a href=\"/admin/lists\">");
	html_text(w, T(l, "Filter lists"));
	html_lit(w, "</a></p></section>\n");
}

/* 1 when s is one line with no control characters. */
static int
line_ok(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

/*
 * The SHA-256 of an upload's address "/uploads/HASH.ext" (or a bare
 * HASH), arena-owned; "" for an empty field; NULL when it is neither.
 */
static const char *
logo_hash(struct arena *a, const char *s)
{
	const char	*h;
	size_t		 i;

	while (*s == ' ')
		s++;
	if (*s == '\0')
		return "";
	h = strncmp(s, "/uploads/", 9) == 0 ? s + 9 : s;
	for (i = 0; i < 64; i++)
		if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' &&
		    h[i] <= 'f')))
			return NULL;
	if (h[64] != '\0' && strcmp(h + 64, ".png") != 0 &&
	    strcmp(h + 64, ".jpg") != 0 && strcmp(h + 64, ".webp") != 0)
		return NULL;
	return arena_strndup(a, h, 64);
}

/* Reads and checks the form into v; the number of errors, or -1. */
static int
settings_read(struct req *r, struct settings_view *v)
{
	enum lang	 l = r->lang;
	const char	*mime, *h;
	int		 i;

	for (i = 0; i < LANG__MAX; i++) {
		const int f = i == LANG_JA ? F_ASET_NAME_JA : F_ASET_NAME_EN;
		const char *s = r->f[f].present ? r->f[f].s : "";
		const char *field = i == LANG_JA ? "name_ja" : "name_en";

		while (*s == ' ')
			s++;
		v->s.name[i] = s;
		if (!line_ok(s) || utf8_count(s, strlen(s)) >
		    SITE_NAME_MAX_CP)
			form_err(&v->e, field, i == LANG_JA ? T(l, "The "
			    "Japanese name may be at most 60 characters "
			    "long, on one line.") : T(l, "The English name "
			    "may be at most 60 characters long, on one "
			    "line."));
	}
	v->logo_in = r->f[F_ASET_LOGO].present ? r->f[F_ASET_LOGO].s : "";
	if ((h = logo_hash(r->a, v->logo_in)) == NULL) {
		form_err(&v->e, "logo", T(l, "The logo must be the address of "
		    "an uploaded picture, /uploads/ followed by 64 letters "
		    "a-f or digits and .png, .jpg or .webp, or empty."));
		h = "";
	} else if (h[0] != '\0') {
		if (store_site_logo_mime(r->w->db, r->a, h, &mime) == -1)
			return -1;
		if (mime == NULL)
			form_err(&v->e, "logo", T(l, "No uploaded picture has "
			    "this address; upload it first at /uploads/new."));
	}
	v->s.logo = h;
	return (int)v->e.n;
}

void
page_admin_settings(struct req *r)
{
	struct settings_view	v;

	memset(&v, 0, sizeof(v));
	if (store_site_get(r->w->db, r->a, &v.s) == -1)
		return;
	v.logo_in = v.s.logo[0] != '\0' ? arena_printf(r->a, "/uploads/%s",
	    v.s.logo) : "";
	if (r->f[F_ASETV_DONE].present)
		v.notice = T(r->lang, "Saved. Every instance shows the new "
		    "settings within a few seconds.");
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Site settings"), settings_main, &v);
}

/*
 * Reads the settings' fields (F_ASET_*) into s, checks them into e and,
 * when there is no error, saves them.  0 when saved (or unchanged); 422
 * with the errors in e; -1 after replying (403) or when the store
 * failed.  The page and the API (api/admin.c) call it.
 */
int
admin_settings_save(struct req *r, struct site_row *s, const char **logo_in,
    struct form_errs *e)
{
	struct settings_view	v;
	int			rc;

	memset(&v, 0, sizeof(v));
	rc = settings_read(r, &v);
	*s = v.s;
	*logo_in = v.logo_in;
	*e = v.e;
	if (rc == -1)
		return -1;
	if (rc > 0)
		return 422;
	rc = store_site_save(r->w->db, r->a, r->sess->user_id, &v.s);
	if (rc == -1)
		return -1;
	if (rc == ADMIN_FORBIDDEN) {
		reply_error(r, 403, T(r->lang, "Only an administrator may "
		    "change this."));
		return -1;
	}
	/* rc ADMIN_SAME: nothing changed, as saved */
	if (rc == ADMIN_OK)
		pcache_invalidate(r->w->cache);
	return 0;
}

void
page_admin_settings_save(struct req *r)
{
	struct settings_view	v;
	int			rc;

	memset(&v, 0, sizeof(v));
	rc = admin_settings_save(r, &v.s, &v.logo_in, &v.e);
	if (rc == -1)
		return;
	if (rc == 0) {
		reply_redirect(r, "/admin/settings?done=1");
		return;
	}
	r->resp.no_cache = 1;
	layout_page(r, 422, T(r->lang, "Site settings"), settings_main, &v);
}

void
page_site_logo(struct req *r)
{
	const struct conf	*c = r->w->conf;
	struct site_row		 s;
	const char		*mime, *path;
	FILE			*fp;
	char			 chunk[16384];
	size_t			 n;

	if (store_site_get(r->w->db, r->a, &s) == -1)
		return;
	if (s.logo[0] == '\0') {
		reply_error(r, 404, NULL);
		return;
	}
	if (store_site_logo_mime(r->w->db, r->a, s.logo, &mime) == -1)
		return;
	if (mime == NULL) {
		reply_error(r, 404, NULL);
		return;
	}
	/* the upload's re-encoded file, named by its type (pages/upload.c) */
	path = arena_printf(r->a, "%s/%.2s/%s.%s", c->uploads_dir, s.logo,
	    s.logo, strcmp(mime, "image/png") == 0 ? "png" :
	    strcmp(mime, "image/jpeg") == 0 ? "jpg" : "webp");
	if ((fp = fopen(path, "rb")) == NULL) {
		reply_error(r, 404, NULL);
		return;
	}
	r->resp.status = 200;
	r->resp.ctype = mime;
	buf_init(&r->resp.body, r->a);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_put(&r->resp.body, chunk, n);
	fclose(fp);
	reply_header(r, "Content-Security-Policy", "sandbox");
	reply_header(r, "Cache-Control", "public, max-age=31536000, "
	    "immutable");
}
