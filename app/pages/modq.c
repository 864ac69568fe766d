/* pages/modq.c: features, cooking and notifications shared by the moderation pages. */
#include <stdlib.h>
#include <string.h>

#include "moderation/moderation.h"

#include "http/req.h"
#include "lib/arena.h"
#include "pages/modq.h"
#include "view/md.h"

static const struct mod_rules	*modq_rules(void);

/* The shared rule set, or NULL while none is available. */
static const struct mod_rules *
modq_rules(void)
{
	return NULL;
}

int
modq_features(struct req *r, const char *title, const char *body,
    int question, struct modq_features *f)
{
	const struct mod_rules	*rules = modq_rules();
	struct mod_post		 p;
	struct mod_features	 mf;

	memset(f, 0, sizeof(*f));
	if (rules == NULL)
		return -1;
	memset(&p, 0, sizeof(p));
	memset(&mf, 0, sizeof(mf));
	p.kind = question ? MOD_KIND_QUESTION : MOD_KIND_ANSWER;
	p.title = question ? title : NULL;
	p.title_len = p.title ? strlen(p.title) : 0;
	p.body = body;
	p.body_len = strlen(body);
	p.seconds_after_question = -1;
	if (mod_post_features(rules, &p, NULL, &mf) == -1) {
		mod_features_free(&mf);
		return -1;
	}
	f->h = arena_calloc(r->a, mf.n + 1, sizeof(*f->h));
	memcpy(f->h, mf.h, mf.n * sizeof(*f->h));
	f->n = mf.n;
	mod_features_free(&mf);
	return 0;
}

int
modq_cook(struct req *r, const char *body, struct cooked *out)
{
	return md_cook(r->a, body, strlen(body), out, NULL);
}

void
modq_notify(struct req *r, int64_t author, int64_t post, const char *action,
    const char *reason)
{
	(void)r;
	(void)author;
	(void)post;
	(void)action;
	(void)reason;
}

int64_t
modq_param_id(struct req *r)
{
	const char	*s = r->param[0];
	char		*end;
	long long	 v;

	if (s == NULL || *s < '1' || *s > '9' || strlen(s) > 18)
		return 0;
	v = strtoll(s, &end, 10);
	return *end == '\0' ? (int64_t)v : 0;
}
