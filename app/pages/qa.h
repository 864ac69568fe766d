/*
 * qa.h: helpers shared by the Q&A pages (thread.c, ask.c, search.c,
 * feed.c) and the JSON API (api/qa.c).  Not a module of its own: the
 * prefix is qa_ and the definitions live in pages/qa.c.
 */
#ifndef SODAN_QA_H
#define SODAN_QA_H

#include <stddef.h>
#include <stdint.h>

#include "http/req.h"
#include "pages/filter.h"
#include "view/html.h"

struct qa_new_post;
struct qa_thread;
struct qa_post;

#define QA_TITLE_MIN	10
#define QA_TITLE_MAX	150
#define QA_BODY_MIN	10
#define QA_BODY_MAX	20000
#define QA_TAGS_MAX	5
#define QA_TAG_MAX	30

/* Staff or admin (official answers, verification). */
int	 qa_is_staff(const struct req *);
/* Staff, moderator or admin (close, reopen, lock, pin, duplicate). */
int	 qa_is_mod(const struct req *);
/* Moderator or admin (sees held and hidden posts in place). */
int	 qa_sees_held(const struct req *);
/* "ja" when s holds Japanese characters, else "en". */
const char *qa_detect_lang(const char *s);
/*
 * Tags typed by a user ("送金, usdt  2fa"): folded (NFKC, lower case),
 * split on spaces, commas and 、, duplicates dropped.  Each 1..30 letters,
 * digits, '-' or '_'; at most 5.  *joined gets them space-separated
 * (arena-owned).  Returns 0, or -1 with *err (a msgid) set.
 */
int	 qa_tags_parse(struct req *, const char *raw, const char **joined,
	    const char **err);
/*
 * Checks title (questions; NULL for answers) and body lengths; adds
 * translated messages to errs[] (room for 4).  Returns the count.
 */
size_t	 qa_check_lengths(struct req *, const char *title, const char *body,
	    const char **errs);
/*
 * Cooks body, folds the search document (title and tags first for
 * questions) and runs the filters; fills np (author = r's user) and fr.
 * Returns 0, or -1 when Markdown could not be cooked.
 */
int	 qa_prepare(struct req *, enum filter_kind, const char *title,
	    const char *tags, const char *body, const char *question,
	    struct qa_new_post *np, struct filter_result *fr);
/* After a stored create/edit: notifies the author when held; drops cached pages. */
void	 qa_after_write(struct req *, const struct filter_result *,
	    int64_t thread, int64_t post);
/* Tag links for space-separated tags. */
void	 qa_tags_html(struct html *, const char *tags);
/* A list of error messages (already translated), role="alert". */
void	 qa_errors_html(struct html *, struct req *, const char **errs,
	    size_t n);
/*
 * The category <select> (name="category"), selected by slug.  any: NULL for
 * a required choice (ask), else the label of a first "" option (search).
 */
int	 qa_category_select(struct html *, struct req *, const char *selected,
	    const char *any);

#endif
