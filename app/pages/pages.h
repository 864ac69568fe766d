/*
 * pages.h: every handler, grouped by the file that defines it, and the
 * index of each route's declared fields (r->f[F_...]).
 */
#ifndef SODAN_PAGES_H
#define SODAN_PAGES_H

#include <stddef.h>
#include <stdint.h>

#include "http/req.h"

/* home.c */
void	page_home(struct req *);
void	page_category(struct req *);
void	page_lang(struct req *);
enum { F_LANG_LANG, F_LANG_NEXT };
enum { F_CAT_PAGE, F_CAT_SORT };

/* thread.c */
void	page_thread(struct req *);
void	page_answer(struct req *);
void	page_vote(struct req *);
void	page_accept(struct req *);
void	page_verify(struct req *);
void	page_thread_state(struct req *);
enum { F_ANS_BODY, F_ANS_OFFICIAL };
enum { F_VERIFY_ON };
enum { F_TSTATE_ACTION, F_TSTATE_DUP };
/* values of the "action" field, in the order of routes.c's list */
enum { QA_ACT_CLOSE, QA_ACT_REOPEN, QA_ACT_LOCK, QA_ACT_PIN, QA_ACT_UNPIN,
	QA_ACT_DUPLICATE, QA_ACT__MAX };

/* ask.c */
void	page_ask_form(struct req *);
void	page_ask(struct req *);
void	page_edit_form(struct req *);
void	page_edit(struct req *);
void	page_history(struct req *);
void	api_preview(struct req *);
void	api_similar(struct req *);
enum { F_ASK_TITLE, F_ASK_BODY, F_ASK_CAT, F_ASK_TAGS };
enum { F_EDIT_TITLE, F_EDIT_BODY, F_EDIT_TAGS };
enum { F_PREVIEW_BODY };
enum { F_SIMILAR_Q };

/* search.c */
void	page_search(struct req *);
void	page_tag(struct req *);
void	page_user_questions(struct req *);
void	page_user_answers(struct req *);
enum { F_SEARCH_Q, F_SEARCH_CAT, F_SEARCH_TAG, F_SEARCH_PAGE };
enum { F_LIST_PAGE };
struct html;
struct qa_hit;
/*
 * Runs the search described by r's fields fq (words), fc (category
 * slug), ft (tag) and fp (page) into *h (arena-owned, at most 20 hits);
 * nothing when the words hold nothing searchable.  Returns 0 or -1.
 */
int	search_run(struct req *, int fq, int fc, int ft, int fp,
	    struct qa_hit **h, size_t *n, int *has_next);
/*
 * For the profile page: the user's five latest questions and threads
 * answered, with links to the full lists.  Returns 0, or -1 (store down).
 */
int	qa_user_activity(struct html *, struct req *, int64_t user_id,
	    const char *username);

/* health.c */
void	page_healthz(struct req *);

/* api/categories.c */
void	api_categories(struct req *);

#endif
