/*
 * pages/qa.c: what the Q&A pages share: permissions, rendering helpers,
 * and the adapter to the post lifecycle (app/post/): the context a
 * transition needs, its errors as pages, and the page cache after it.
 */
#include <string.h>

#include "http/pcache.h"
#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/utf8.h"
#include "post/post.h"
#include "pages/qa.h"
#include "pages/upload.h"
#include "store/store.h"
#include "text/fold.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/md.h"


int64_t
qa_param_id(const char *s)
{
	int64_t	v = 0;

	if (s == NULL || *s == '\0' || strlen(s) > 18)
		return 0;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (*s - '0');
	}
	return v;
}

int
qa_param_canonical(const char *s)
{
	return qa_param_id(s) > 0 && s[0] != '0';
}

int
qa_is_staff(const struct req *r)
{
	return r->sess != NULL && (r->sess->role == ROLE_STAFF ||
	    r->sess->role == ROLE_ADMIN);
}

int
qa_is_mod(const struct req *r)
{
	return r->sess != NULL && r->sess->role >= ROLE_STAFF;
}

int
qa_sees_held(const struct req *r)
{
	return r->sess != NULL && (r->sess->role == ROLE_MODERATOR ||
	    r->sess->role == ROLE_ADMIN);
}

void
qa_post_ctx(struct req *r, struct post_ctx *c, struct post_actor *by)
{
	memset(c, 0, sizeof(*c));
	memset(by, 0, sizeof(*by));
	c->a = r->a;
	c->db = r->w->db;
	c->conf = r->w->conf;
	c->lang = r->lang;
	c->cache = r->w->cache;
	if (r->sess != NULL) {
		by->id = r->sess->user_id;
		by->name = r->sess->username;
		by->display_name = r->sess->display_name;
		by->role = r->sess->role;
		by->trust = r->sess->trust;
		by->created = r->sess->created;
		c->by = by;
	}
}

int
qa_post_failed(struct req *r, const struct post_result *res)
{
	switch (res->err) {
	case POST_OK:
	case POST_E_BLOCKED:
	case POST_E_INVALID:
		return 0;
	case POST_E_NOTFOUND:
		reply_error(r, 404, NULL);
		break;
	case POST_E_FORBIDDEN:
	case POST_E_CLOSED:
		reply_error(r, 403, res->msg);
		break;
	case POST_E_STALE:
	case POST_E_SECRET:
	case POST_E_TAKEN:
		reply_error(r, 409, res->msg);
		break;
	default:
		reply_error(r, 503, NULL);
		break;
	}
	return 1;
}

void
qa_post_done(struct req *r, const struct post_result *res)
{
	const char	**keys;
	size_t		  n;

	/* Committed: the pages it changed, here and on every instance. */
	if (post_public_keys(r->a, r->w->db, res, &keys, &n) == -1)
		pcache_invalidate(r->w->cache);
	else
		pcache_invalidate_keys(r->w->cache, keys, n);
}

int
qa_tag_synonym_redirect(struct req *r, const char *tag, const char *suffix)
{
	const char	*canon;
	struct html	 loc;

	if (store_tag_synonym_of(r->w->db, r->a, tag, &canon) == -1)
		return -1;
	if (canon == NULL)
		return 0;
	html_init(&loc, r->a);
	html_lit(&loc, "/tag/");
	html_url(&loc, canon);
	buf_puts(&loc.b, suffix);
	reply_redirect_permanent(r, loc.b.p);
	return 1;
}

void
qa_tags_html(struct html *w, const char *tags)
{
	const char	*p = tags, *e;
	char		 t[256];
	size_t		 n;

	if (tags == NULL || tags[0] == '\0')
		return;
	html_lit(w, "<ul class=\"tags\">");
	while (*p != '\0') {
		e = strchr(p, ' ');
		n = e ? (size_t)(e - p) : strlen(p);
		if (n > 0 && n < sizeof(t)) {
			memcpy(t, p, n);
			t[n] = '\0';
			html_lit(w, "<li><a class=\"tag-link\" href=\"/tag/");
			html_url(w, t);
			html_lit(w, "\">");
			html_text(w, t);
			html_lit(w, "</a></li>");
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	html_lit(w, "</ul>");
}

void
qa_errors_html(struct html *w, struct req *r, const char **errs, size_t n)
{
	size_t	i;

	if (n == 0)
		return;
	html_lit(w, "<div class=\"form-errors\" role=\"alert\" tabindex=\"-1\"><p>");
	html_text(w, T(r->lang, "Please check the following:"));
	html_lit(w, "</p><ul>");
	for (i = 0; i < n; i++) {
		html_lit(w, "<li>");
		html_text(w, errs[i]);
		html_lit(w, "</li>");
	}
	html_lit(w, "</ul></div>\n");
}

int
qa_category_select(struct html *w, struct req *r, const char *selected,
    const char *any)
{
	struct category	*c;
	size_t		 n, i;

	if (store_category_names(r->w->db, r->a, &c, &n) == -1)
		return -1;
	if (any != NULL) {
		html_lit(w, "<select id=\"category\" name=\"category\">"
		    "<option value=\"\">");
		html_text(w, any);
		html_lit(w, "</option>");
	} else
		html_lit(w, "<select id=\"category\" name=\"category\" "
		    "required>");
	for (i = 0; i < n; i++) {
		html_lit(w, "<option value=\"");
		html_attr(w, c[i].slug);
		html_lit(w, "\"");
		if (selected != NULL && strcmp(selected, c[i].slug) == 0)
			html_lit(w, " selected");
		html_lit(w, ">");
		html_text(w, c[i].name[r->lang]);
		html_lit(w, "</option>");
	}
	html_lit(w, "</select>");
	return 0;
}
