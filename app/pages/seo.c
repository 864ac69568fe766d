/*
 * pages/seo.c: what search engines read: /robots.txt, the sitemap (an
 * index and files of at most SEO_PER_FILE public threads, by id range)
 * and the schema.org QAPage description of a thread (JSON-LD).
 *
 * Only what the public may read is ever named: the sitemap lists threads
 * whose question is visible (store_seo_threads), and the JSON-LD carries
 * only visible posts, whoever is looking at the page.  Absolute URLs
 * come from the configuration ([site] url), never from the request's
 * Host header, so a forged Host can neither inject links nor poison the
 * cached documents (all three are served from the page cache).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "http/pcache.h"
#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/conf.h"
#include "lib/utf8.h"
#include "pages/pages.h"
#include "store/kb.h"
#include "store/store.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/widgets.h"

#define SEO_PER_FILE	50000	/* sitemaps.org: at most 50,000 URLs */
#define SEO_TEXT_MAX	4000	/* characters of a post in the JSON-LD */

static const char *
site(struct req *r)
{
	const char	*u = r->w->conf->site_url;
	size_t		 n;

	if (u == NULL || *u == '\0')
		return "";
	n = strlen(u);
	return n > 0 && u[n - 1] == '/' ? arena_strndup(r->a, u, n - 1) : u;
}

static const char *
iso(struct req *r, int64_t t)
{
	char	buf[WIDGET_ISO_LEN];

	return arena_strdup(r->a, widget_iso_time(buf, sizeof(buf), t));
}
void
page_robots(struct req *r)
{
	reply_text(r, 200, "text/plain; charset=utf-8", arena_printf(r->a,
	    "# Public questions and answers may be indexed; accounts,\n"
	    "# moderation, support cases and search results may not.\n"
	    "User-agent: *\n"
	    "Disallow: /mod\n"
	    "Disallow: /admin\n"
	    "Disallow: /settings\n"
	    "Disallow: /login\n"
	    "Disallow: /register\n"
	    "Disallow: /notifications\n"
	    "Disallow: /support\n"
	    "Disallow: /staff/desk\n"
	    "Disallow: /search\n"
	    "Disallow: /api/\n"
	    "Disallow: /*/history\n"
	    "\n"
	    "Sitemap: %s/sitemap.xml\n", site(r)));
}

static int64_t
sitemap_files(int64_t max_id)
{
	return max_id <= 0 ? 1 : (max_id + SEO_PER_FILE - 1) / SEO_PER_FILE;
}

void
page_sitemap(struct req *r)
{
	struct html	 w;
	int64_t		 max_id, i, n;
	const char	*base = site(r);

	if (store_seo_max_thread(r->w->db, &max_id) == -1)
		return;
	pcache_depend(r, "lists");
	n = sitemap_files(max_id);
	html_init(&w, r->a);
	html_lit(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/"
	    "sitemap/0.9\">\n");
	for (i = 1; i <= n; i++) {
		html_lit(&w, "<sitemap><loc>");
		html_text(&w, base);
		html_lit(&w, "/sitemap/");
		html_int(&w, i);
		html_lit(&w, ".xml</loc></sitemap>\n");
	}
	/* the knowledge base's articles: a file of their own */
	html_lit(&w, "<sitemap><loc>");
	html_text(&w, base);
	html_lit(&w, "/sitemap/kb.xml</loc></sitemap>\n");
	html_lit(&w, "</sitemapindex>\n");
	reply_html(r, 200, &w);
	r->resp.ctype = "application/xml; charset=utf-8";
}

/* The articles of the knowledge base shown to the public. */
static void
sitemap_kb(struct req *r)
{
	struct html	 w;
	struct kb_url	*u;
	size_t		 i, nu;
	const char	*base = site(r);

	if (store_kb_sitemap(r->w->db, r->a, &u, &nu) == -1)
		return;
	html_init(&w, r->a);
	html_lit(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
	    "<url><loc>");
	html_text(&w, base);
	html_lit(&w, "/kb</loc></url>\n");
	for (i = 0; i < nu; i++) {
		html_lit(&w, "<url><loc>");
		html_text(&w, base);
		html_lit(&w, "/kb/");
		html_text(&w, u[i].slug);
		html_lit(&w, "</loc><lastmod>");
		html_text(&w, iso(r, u[i].updated));
		html_lit(&w, "</lastmod></url>\n");
	}
	html_lit(&w, "</urlset>\n");
	reply_html(r, 200, &w);
	r->resp.ctype = "application/xml; charset=utf-8";
}

void
page_sitemap_part(struct req *r)
{
	struct html	 w;
	struct seo_url	*u;
	size_t		 i, nu;
	int64_t		 max_id, k;
	char		*end;
	const char	*base = site(r);

	if (strcmp(r->param[0], "kb.xml") == 0) {
		sitemap_kb(r);
		return;
	}
	k = strtoll(r->param[0], &end, 10);
	if (end == r->param[0] || strcmp(end, ".xml") != 0 || k < 1 ||
	    r->param[0][0] == '0') {
		reply_error(r, 404, NULL);
		return;
	}
	if (store_seo_max_thread(r->w->db, &max_id) == -1)
		return;
	if (k > sitemap_files(max_id)) {
		reply_error(r, 404, NULL);
		return;
	}
	if (store_seo_threads(r->w->db, r->a, (k - 1) * SEO_PER_FILE,
	    k * SEO_PER_FILE, &u, &nu) == -1)
		return;
	pcache_depend(r, "lists");
	html_init(&w, r->a);
	html_lit(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	if (k == 1) {
		html_lit(&w, "<url><loc>");
		html_text(&w, base);
		html_lit(&w, "/</loc></url>\n");
	}
	for (i = 0; i < nu; i++) {
		html_lit(&w, "<url><loc>");
		html_text(&w, base);
		html_lit(&w, "/t/");
		html_int(&w, u[i].thread_id);
		html_lit(&w, "</loc><lastmod>");
		html_text(&w, iso(r, u[i].lastmod));
		html_lit(&w, "</lastmod></url>\n");
	}
	html_lit(&w, "</urlset>\n");
	reply_html(r, 200, &w);
	r->resp.ctype = "application/xml; charset=utf-8";
}

/*
 * The text a reader sees of a post: its cooked HTML (cmark's safe mode
 * has already dropped unsafe links and raw HTML) without tags, with the
 * writer's entities decoded.  Link targets are not text, so a member's
 * "javascript:" link never reaches the document.
 */
static const char *
post_text(struct req *r, const char *html, size_t max)
{
	static const struct { const char *e; char c; } ent[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&#39;", '\'' }, { "&#x27;", '\'' },
	};
	size_t		 n = strlen(html), i, k, o = 0;
	char		*out = arena_alloc(r->a, n + 1);
	int		 tag = 0;

	for (i = 0; i < n; i++) {
		if (tag) {
			tag = html[i] != '>';
			continue;
		}
		if (html[i] == '<') {
			tag = 1;
			continue;
		}
		if (html[i] == '&') {
			for (k = 0; k < sizeof(ent) / sizeof(ent[0]); k++)
				if (strncmp(html + i, ent[k].e,
				    strlen(ent[k].e)) == 0)
					break;
			if (k < sizeof(ent) / sizeof(ent[0])) {
				out[o++] = ent[k].c;
				i += strlen(ent[k].e) - 1;
				continue;
			}
		}
		out[o++] = html[i];
	}
	while (o > 0 && (out[o - 1] == '\n' || out[o - 1] == ' '))
		o--;
	out[o] = '\0';
	return arena_strndup(r->a, out, utf8_prefix(out, o, max));
}

/* One post as a schema.org Question or Answer (without its answers). */
static json_t *
ld_post(struct req *r, const struct qa_thread *t, const struct qa_post *p,
    const char *type)
{
	const char	*base = site(r), *mark = NULL, *text;

	if (p->kind == PK_OFFICIAL)
		mark = T(r->lang, "Official answer");
	else if (p->verified_by != 0)
		mark = T(r->lang, "Staff-verified");
	text = post_text(r, p->body_html, SEO_TEXT_MAX);
	if (mark != NULL)
		text = arena_printf(r->a, "%s: %s", mark, text);
	return json_pack("{s:s, s:s, s:s, s:I, s:{s:s, s:s, s:s}, s:s}",
	    "@type", type, "text", text,
	    "dateCreated", iso(r, p->created),
	    "upvoteCount", (json_int_t)p->score,
	    "author", "@type", "Person", "name", p->author,
	    "url", arena_printf(r->a, "%s/u/%lld", base,
	    (long long)p->author_id),
	    "url", strcmp(type, "Question") == 0 ?
	    arena_printf(r->a, "%s/t/%lld", base, (long long)t->id) :
	    arena_printf(r->a, "%s/t/%lld#p%lld", base, (long long)t->id,
	    (long long)p->id));
}

void
seo_thread_jsonld(struct html *w, struct req *r, const struct qa_thread *t,
    const struct qa_post *p, size_t n)
{
	json_t		*q = NULL, *root, *sugg;
	const struct qa_post *qp = NULL;
	size_t		 i;
	int64_t		 nans = 0;
	char		*s;

	if (!t->visible)
		return;
	for (i = 0; i < n; i++)
		if (p[i].kind == PK_QUESTION)
			qp = &p[i];
	if (qp == NULL || qp->state != PS_VISIBLE)
		return;
	if ((q = ld_post(r, t, qp, "Question")) == NULL)
		return;
	json_object_set_new(q, "name", json_string(t->title));
	sugg = json_array();
	for (i = 0; i < n; i++) {
		json_t	*a;

		if (p[i].kind == PK_QUESTION || p[i].state != PS_VISIBLE)
			continue;
		if ((a = ld_post(r, t, &p[i], "Answer")) == NULL)
			continue;
		nans++;
		if (p[i].id == t->accepted_post_id)
			json_object_set_new(q, "acceptedAnswer", a);
		else
			json_array_append_new(sugg, a);
	}
	json_object_set_new(q, "answerCount", json_integer(nans));
	if (json_array_size(sugg) > 0)
		json_object_set_new(q, "suggestedAnswer", sugg);
	else
		json_decref(sugg);
	root = json_pack("{s:s, s:s, s:o}", "@context", "https://schema.org",
	    "@type", "QAPage", "mainEntity", q);
	if (root == NULL)
		return;
	s = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	if (s == NULL)
		return;
	html_lit(w, "<script type=\"application/ld+json\">");
	html_json(w, s);
	html_lit(w, "</script>\n");
	free(s);
}

/*
 * An article of the knowledge base: a promoted one (a question and its
 * answer) as a schema.org FAQPage, one written by staff as an Article.
 * Only articles the public may read reach here (store_kb_get leaves
 * withheld ones to staff, and their pages carry no JSON-LD for them).
 */
void
seo_kb_jsonld(struct html *w, struct req *r, const struct kb_article *k)
{
	const char	*base = site(r), *url;
	json_t		*root;
	char		*s;

	if (k->withheld)
		return;
	url = arena_printf(r->a, "%s/kb/%s", base, k->slug);
	if (k->question_html[0] != '\0')
		root = json_pack("{s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:s, "
		    "s:{s:s, s:s}}]}", "@context", "https://schema.org",
		    "@type", "FAQPage", "url", url, "inLanguage", k->lang,
		    "mainEntity", "@type", "Question", "name", k->title,
		    "text", post_text(r, k->question_html, SEO_TEXT_MAX),
		    "acceptedAnswer", "@type", "Answer", "text",
		    post_text(r, k->body_html, SEO_TEXT_MAX));
	else
		root = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
		    "s:{s:s, s:s}}", "@context", "https://schema.org",
		    "@type", "Article", "url", url, "headline", k->title,
		    "inLanguage", k->lang, "articleBody",
		    post_text(r, k->body_html, SEO_TEXT_MAX),
		    "datePublished", iso(r, k->created), "dateModified",
		    iso(r, k->updated), "publisher", "@type", "Organization",
		    "name", "sodan");
	if (root == NULL)
		return;
	s = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	if (s == NULL)
		return;
	html_lit(w, "<script type=\"application/ld+json\">");
	html_json(w, s);
	html_lit(w, "</script>\n");
	free(s);
}
