/* pages/modrules.c: the moderation rule set in use and its reload by a moderator */
/*
 * GET /mod/rules shows the version of the rule set in use (a hash of the
 * files of the moderation directory), when it was loaded, how many
 * pattern rules it has, and the last reload attempt with the reason it
 * failed (file and line).  POST /mod/rules/reload (moderators and admins,
 * CSRF, a fresh second factor) appends a 'reload-rules' row to the audit
 * log and asks the loader for a reload (post/ruleset.h), then comes back to
 * the page, which says "reloading" until the loader is done: compiling
 * thousands of rules takes seconds, so the request does not wait for it.
 * SIGHUP asks for the same reload.
 *
 * The page also shows the model learned from moderators' decisions in use
 * on this instance and the last training run; POST /mod/rules/train
 * (moderators, CSRF) queues a run, which one instance's trainer thread
 * takes within seconds (post/learn.h); the page shows it queued, running,
 * then its result.  Promotion stays on the command line.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "pages/modqueue.h"
#include "pages/pages.h"
#include "post/learn.h"
#include "post/ruleset.h"
#include "store/store.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/modview.h"

struct rules_view {
	struct ruleset_status	 st;
	int64_t			 model;		/* learned model in use, 0 none */
	struct train_run	*run;		/* the last training run, or NULL */
	int			 run_read;	/* the store answered */
	/* the model the last run made, read from its metrics (run_model) */
	int			 have_model;
	int64_t			 held_back;
	double			 precision, recall;	/* < 0: undefined */
	int			 passed;
};

static void	 rules_main(struct html *, struct req *, void *);
static void	 learn_part(struct html *, struct req *,
		    const struct rules_view *);
static void	 run_model(struct req *, struct rules_view *);
static void	 ratio(struct html *, struct req *, double);
static void	 run_message(struct html *, struct req *, const char *);

/* A precision or recall as a percentage, or "undefined". */
static void
ratio(struct html *w, struct req *r, double x)
{
	if (x < 0)
		html_text(w, T(r->lang, "undefined"));
	else
		html_text(w, arena_printf(r->a, "%.1f %%", x * 100));
}

/*
 * Reads the figures of the model the last run made (its metrics JSON, as
 * post/learn.c stores them) so the page can state them in the reader's
 * language; the run's message stays the log's English line.
 */
static void
run_model(struct req *r, struct rules_view *v)
{
	struct model_row	*m;
	json_t			*o, *all, *p, *rc;

	if (v->run == NULL || v->run->version == 0 ||
	    strcmp(v->run->state, "done") != 0 ||
	    store_learn_model_get(r->w->db, r->a, v->run->version, &m) == -1 ||
	    m == NULL || (o = json_loads(m->metrics, 0, NULL)) == NULL)
		return;
	all = json_object_get(json_object_get(o, "new"), "all");
	p = json_object_get(all, "precision");
	rc = json_object_get(all, "recall");
	v->precision = json_is_number(p) ? json_number_value(p) : -1;
	v->recall = json_is_number(rc) ? json_number_value(rc) : -1;
	v->held_back = m->ntest;
	v->passed = m->passed;
	v->have_model = 1;
	json_decref(o);
}

/*
 * Why a run made no model, in the reader's language: the trainer's
 * messages (post/learn.h) stated again; any other as stored.
 */
static void
run_message(struct html *w, struct req *r, const char *msg)
{
	enum lang	 l = r->lang;
	size_t		 n, nspam, nham;
	const char	*t = NULL;

	if (sscanf(msg, "not enough decisions: %zu (%zu spam, %zu ham)", &n,
	    &nspam, &nham) == 3 && strcmp(msg, arena_printf(r->a,
	    LEARN_MSG_FEW, n, nspam, nham)) == 0)
		t = arena_printf(r->a, T(l, "not enough decisions yet: %zu "
		    "(%zu removed as spam or scam, %zu approved). Training "
		    "needs a fifth of them to hold back and both kinds among "
		    "the rest."), n, nspam, nham);
	else if (strcmp(msg, LEARN_MSG_BUSY) == 0)
		t = T(l, "another server is training now; try again in a "
		    "minute.");
	else if (strcmp(msg, LEARN_MSG_NOMEM) == 0)
		t = T(l, "the server ran out of memory; try again later.");
	else if (strcmp(msg, LEARN_MSG_DBFAIL) == 0)
		t = T(l, "the database failed during training; try again "
		    "later.");
	if (t != NULL) {
		html_lit(w, " <span class=\"train-result\">");
		html_text(w, t);
		html_lit(w, "</span>");
	} else {
		html_lit(w, " <code class=\"train-result\">");
		html_text(w, msg);
		html_lit(w, "</code>");
	}
}

static void
learn_part(struct html *w, struct req *r, const struct rules_view *v)
{
	enum lang		 l = r->lang;
	const struct train_run	*run = v->run;

	html_lit(w, "<h2>");
	html_text(w, T(l, "Learning from moderators"));
	html_lit(w, "</h2>\n<dl class=\"mod-rules\"><dt>");
	html_text(w, T(l, "Learned model in use"));
	html_lit(w, "</dt><dd class=\"model-version\">");
	if (v->model != 0)
		html_int(w, v->model);
	else
		html_text(w, T(l, "none (the rules and shipped models alone)"));
	html_lit(w, "</dd><dt>");
	html_text(w, T(l, "Last training run"));
	html_lit(w, "</dt><dd class=\"train-run\">");
	if (!v->run_read)
		html_text(w, T(l, "Unknown: the database cannot be read now."));
	else if (run == NULL)
		html_text(w, T(l, "None yet."));
	else if (strcmp(run->state, "queued") == 0)
		html_text(w, T(l, "Queued; it starts within seconds. Refresh "
		    "this page."));
	else if (strcmp(run->state, "running") == 0)
		html_text(w, T(l, "Running now; refresh this page in a few "
		    "seconds."));
	else if (v->have_model) {
		html_text(w, T(l, "Done:"));
		html_lit(w, " <span class=\"train-result\">");
		html_text(w, arena_printf(r->a, T(l, "model %lld, measured "
		    "on %lld decisions held back: precision "),
		    (long long)run->version, (long long)v->held_back));
		ratio(w, r, v->precision);
		html_text(w, T(l, ", recall "));
		ratio(w, r, v->recall);
		html_text(w, v->passed ? T(l, ". It may be promoted.") :
		    T(l, ". Below the floors: it cannot be promoted."));
		html_lit(w, "</span>");
	} else {
		html_text(w, strcmp(run->state, "done") == 0 ?
		    T(l, "Done:") : T(l, "No model made:"));
		run_message(w, r, run->message);
	}
	html_lit(w, "</dd></dl>\n<form method=\"post\" action=\"/mod/rules/"
	    "train\" class=\"mod-form\"><fieldset><legend>");
	html_text(w, T(l, "Train a new model"));
	html_lit(w, "</legend>");
	layout_csrf(w, r);
	html_lit(w, "<p>");
	html_text(w, T(l, "Trains on moderators' decisions (approved: "
	    "honest; removed as spam or scam: spam) and measures the new "
	    "model on the most recent fifth of them. The new model is only "
	    "stored: an administrator puts it in use with sodan admin model "
	    "promote, and only when it beats the floors."));
	html_lit(w, "</p><button type=\"submit\">");
	html_text(w, T(l, "Train now"));
	html_lit(w, "</button></fieldset></form>\n");
}

static void
rules_main(struct html *w, struct req *r, void *arg)
{
	const struct rules_view		*v = arg;
	const struct ruleset_status	*st = &v->st;
	enum lang			 l = r->lang;
	time_t				 now = time(NULL);

	html_lit(w, "<h1>");
	html_text(w, T(l, "Moderation rules"));
	html_lit(w, "</h1>\n<dl class=\"mod-rules\"><dt>");
	html_text(w, T(l, "Version in use"));
	html_lit(w, "</dt><dd><code class=\"rules-version\">");
	if (st->loaded)
		html_text(w, st->version);
	else
		html_text(w, T(l, "none: every post is held for review"));
	html_lit(w, "</code></dd><dt>");
	html_text(w, T(l, "Loaded"));
	html_lit(w, "</dt><dd>");
	if (st->loaded)
		modview_age(w, l, (int64_t)(now - st->loaded_at));
	else
		html_lit(w, "—");
	html_lit(w, "</dd><dt>");
	html_text(w, T(l, "Last reload"));
	html_lit(w, "</dt><dd class=\"rules-attempt\">");
	if (st->pending)
		html_text(w, T(l, "Reloading now; refresh this page in a "
		    "few seconds."));
	else if (st->attempt_at == 0 || st->attempts <= 1)
		html_text(w, T(l, "None since the server started."));
	else if (st->attempt_ok)
		html_text(w, T(l, "Succeeded."));
	if (!st->pending && st->error[0] != '\0') {
		html_text(w, T(l, "Failed; the version above stays in use. "
		    "Fix the file named here and reload again:"));
		html_lit(w, " <code class=\"rules-error\">");
		html_text(w, st->error);
		html_lit(w, "</code>");
	}
	html_lit(w, "</dd></dl>\n<form method=\"post\" action=\"/mod/rules/"
	    "reload\" class=\"mod-form\"><fieldset><legend>");
	html_text(w, T(l, "Reload the rules, lists and models"));
	html_lit(w, "</legend>");
	layout_csrf(w, r);
	html_lit(w, "<p>");
	html_text(w, T(l, "Reads the files of the moderation directory again "
	    "and compiles them in the background. Posts go on being checked "
	    "with the version in use until the new one is ready; a file with "
	    "an error keeps the version in use."));
	html_lit(w, "</p><label>");
	html_text(w, T(l, "Reason (for the audit log)"));
	html_lit(w, " <input name=\"reason\" maxlength=\"300\"></label> "
	    "<button type=\"submit\">");
	html_text(w, T(l, "Reload now"));
	html_lit(w, "</button></fieldset></form>\n");
	learn_part(w, r, v);
	html_lit(w, "<p><a href=\"/mod\">");
	html_text(w, T(l, "Back"));
	html_lit(w, "</a></p>\n");
}

void
page_mod_rules(struct req *r)
{
	struct rules_view	*v = arena_calloc(r->a, 1, sizeof(*v));

	ruleset_status(&v->st);
	v->model = learn_model_version();
	v->run_read = store_learn_run_last(r->w->db, r->a, &v->run) == 0;
	if (v->run_read)
		run_model(r, v);
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Moderation rules"), rules_main, v);
}

int
modqueue_rules_reload(struct req *r)
{
	struct ruleset_status	 st;
	const char		*why;

	ruleset_status(&st);
	why = r->f[F_MODR_REASON].present ? r->f[F_MODR_REASON].s : "";
	if (store_audit(r->w->db, arena_printf(r->a, "user:%lld",
	    (long long)r->sess->user_id), "reload-rules", 0,
	    st.loaded ? st.version : "not loaded", why) == -1)
		return -1;
	ruleset_reload();
	return 0;
}

void
page_mod_rules_reload(struct req *r)
{
	if (modqueue_rules_reload(r) == -1)
		return;
	reply_redirect(r, "/mod/rules");
}

int
modqueue_rules_train(struct req *r, int64_t *run)
{
	const char	*who = arena_printf(r->a, "user:%lld",
			    (long long)r->sess->user_id);

	/* one run at a time: asking while one is queued adds nothing */
	if (store_learn_run_ask(r->w->db, who, run) == -1)
		return -1;
	if (*run != 0 && store_audit(r->w->db, who, "model-train", 0, "",
	    arena_printf(r->a, "run %lld queued", (long long)*run)) == -1)
		return -1;
	return 0;
}

void
page_mod_rules_train(struct req *r)
{
	int64_t	run;

	if (modqueue_rules_train(r, &run) == -1)
		return;
	reply_redirect(r, "/mod/rules");
}
