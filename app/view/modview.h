/*
 * modview.h: moderation fragments shared by pages: ages, flag summaries,
 * a post body as a moderator sees it (secrets masked), the removal
 * reason list, and the placeholder a removed post leaves in its thread.
 */
#ifndef SODAN_MODVIEW_H
#define SODAN_MODVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"
#include "view/html.h"

/* "3 h", "2 d" (ja: "3時間", "2日"); 0 or less: "—". */
void	modview_age(struct html *, enum lang, int64_t seconds);
/* One open flag "reason:trust:weight:upheld:declined:note" as readable text. */
void	modview_flag(struct html *, enum lang, const char *flag);
/*
 * A post's Markdown source, escaped, in a <pre>.  masked: the author's
 * secret is in it, so only its length is shown.  full: the whole text,
 * else the first 600 bytes (cut on a UTF-8 boundary).
 */
void	modview_body(struct html *, struct req *, const char *body, int masked,
	    int full);
/* A post state in l's words. */
const char *modview_post_state(enum lang l, enum post_state);
/* The same from the stored text (visible, held, ...); unknown: held. */
const char *modview_state(enum lang l, const char *state);
/* A thread language code (ja, en) as its own name: 日本語, English. */
const char *modview_lang(const char *code);
/* A byte range of a post's source the filters matched. */
struct modview_span {
	size_t		 start;
	size_t		 end;		/* exclusive */
	int		 secret;	/* the author's secret: masked, not marked */
};
/*
 * Like modview_body, with spans (any order; may overlap, run past the
 * text or split a UTF-8 sequence: they are clamped to the text, widened
 * to character boundaries and merged) written as <mark>, and secret spans
 * replaced by a "secret hidden" note.  A merged range that contains any
 * secret span is masked whole.
 */
void	modview_body_marked(struct html *, struct req *, const char *body,
	    const struct modview_span *, size_t nspans, int full);
/*
 * <select name="NAME"> of removal reasons (spam, scam, abusive, ...).
 * choose: no reason is preselected; the first option asks for one and
 * the select is required.
 */
void	modview_reason_select(struct html *, enum lang, const char *name,
	    int choose);
/* The audit log's action ("remove", "approve"...) as a translated verb. */
const char *modview_action(enum lang, const char *action);
/* The translated label of a removal or flag reason. */
const char *modview_reason(enum lang, const char *reason);
/*
 * What a removed post leaves in its thread: "Removed by moderators:
 * scam" with the time (removed_at, unix seconds).
 */
void	modview_placeholder(struct html *, enum lang, const char *reason,
	    int64_t removed_at);

#endif
