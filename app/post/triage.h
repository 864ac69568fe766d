/*
 * post/triage.h: the urgency of a new question (post/triage.c;
 * docs/support.md, "Urgency triage").
 */
#ifndef SODAN_POST_TRIAGE_H
#define SODAN_POST_TRIAGE_H

struct arena;
struct post_write;

/*
 * Loads the triage rules at path (conf [support] triage_rules) once, at
 * start-up, before the app threads, with the compiled database kept in
 * cache_dir (NULL or "": none).  Returns 0, or -1 with the file, line and
 * reason logged (the server does not start).
 */
int	triage_init(const char *path, const char *cache_dir);
void	triage_free(void);
/*
 * Classifies the question title/body with the loaded rules and fills
 * w->triage_class and w->triage_reasons (arena-owned JSON), which
 * store_post_write writes in the question's own transaction.  Leaves
 * them NULL (the question stays unclassified) when the rules are not
 * loaded or the library fails, which is logged.
 */
void	triage_into(struct arena *, struct post_write *w, const char *title,
	    const char *body);

#endif
