/*
 * pages/qa.c: what the Q&A pages share: permissions, tag parsing, length
 * checks, and the one path every question and answer takes before it is
 * stored (cook the Markdown once, fold the search document, judge it with
 * the filters).
 */
#include <string.h>

#include "http/pcache.h"
#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/utf8.h"
#include "pages/modq.h"
#include "pages/qa.h"
#include "store/store.h"
#include "text/fold.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/md.h"

static int	tag_char_ok(const char *, size_t);

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

const char *
qa_detect_lang(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	/* U+3040..U+9FFF (kana, CJK) lead with 0xE3..0xE9 in UTF-8. */
	for (; *p != '\0'; p++)
		if (*p >= 0xE3 && *p <= 0xE9)
			return "ja";
	return "en";
}

/* Letters and digits (any script, after folding), '-' and '_'. */
static int
tag_char_ok(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80)
			continue;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

int
qa_tags_parse(struct req *r, const char *raw, const char **joined,
    const char **err)
{
	char		*f, *tok, *save = NULL, *p;
	const char	*seen[QA_TAGS_MAX];
	size_t		 n = 0, i, len;
	struct buf	 b;

	*joined = "";
	*err = NULL;
	if (raw == NULL)
		return 0;
	f = fold_text(r->a, raw, strlen(raw));
	/* 、 and ， become spaces (NFKC already made ，into ,). */
	while ((p = strstr(f, "\xe3\x80\x81")) != NULL)
		memcpy(p, "   ", 3);
	buf_init(&b, r->a);
	buf_puts(&b, "");
	for (tok = strtok_r(f, " ,\t\r\n", &save); tok != NULL;
	    tok = strtok_r(NULL, " ,\t\r\n", &save)) {
		len = strlen(tok);
		if (utf8_count(tok, len) > QA_TAG_MAX ||
		    !tag_char_ok(tok, len)) {
			*err = N_("Tags may hold only letters, digits, '-' "
			    "and '_', up to 30 characters each.");
			return -1;
		}
		for (i = 0; i < n; i++)
			if (strcmp(seen[i], tok) == 0)
				break;
		if (i < n)
			continue;
		if (n == QA_TAGS_MAX) {
			*err = N_("At most 5 tags.");
			return -1;
		}
		seen[n++] = tok;
		if (b.len > 0)
			buf_putc(&b, ' ');
		buf_puts(&b, tok);
	}
	*joined = b.p;
	return 0;
}

size_t
qa_check_lengths(struct req *r, const char *title, const char *body,
    const char **errs)
{
	size_t	n = 0, tl, bl;

	if (title != NULL) {
		tl = utf8_count(title, strlen(title));
		if (tl < QA_TITLE_MIN || tl > QA_TITLE_MAX)
			errs[n++] = T(r->lang, "The title must be 10 to 150 "
			    "characters long.");
	}
	bl = body ? utf8_count(body, strlen(body)) : 0;
	if (bl < QA_BODY_MIN || bl > QA_BODY_MAX)
		errs[n++] = T(r->lang, "The text must be 10 to 20,000 "
		    "characters long.");
	return n;
}

int
qa_prepare(struct req *r, enum filter_kind kind, const char *title,
    const char *tags, const char *body, const char *question,
    struct qa_new_post *np, struct filter_result *fr)
{
	struct cooked	 ck;
	struct md_links	 links;
	const char	*src;

	memset(np, 0, sizeof(*np));
	if (md_cook(r->a, body, strlen(body), &ck, &links) == -1)
		return -1;
	filter_post(r, kind, title, tags, body, &links, question, fr);
	src = title != NULL ? arena_printf(r->a, "%s %s %s", title,
	    tags ? tags : "", body) : body;
	np->author_id = r->sess->user_id;
	np->kind = kind == FILTER_QUESTION ? "question" : "answer";
	np->state = fr->state;
	np->body_md = body;
	np->body_html = ck.html;
	np->search_doc = fold_doc(r->a, src, strlen(src));
	np->mod_reasons = fr->log;
	return 0;
}

void
qa_after_write(struct req *r, const struct filter_result *fr, int64_t thread,
    int64_t post)
{
	if (fr != NULL && fr->verdict == FILTER_HOLD &&
	    store_qa_notify(r->w->db, r->sess->user_id, "held", thread, post,
	    0) == -1)
		log_warn("notify held post %lld failed", (long long)post);
	modq_after_write(r, fr, post);
	pcache_invalidate(r->w->cache);
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
	html_lit(w, "<div class=\"form-errors\" role=\"alert\"><p>");
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
