/*
 * mod_fixture.h: the shared fixture of the moderation unit tests: the
 * shipped rule set loaded once per test program (setup/teardown), author
 * kinds, and check/has_rule/has_contact/reason_of/dump/question_is
 * helpers.  Included by one test file each;
 * its functions are static, and a program may leave some unused.
 */
#ifndef SODAN_MOD_FIXTURE_H
#define SODAN_MOD_FIXTURE_H

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"

struct author_kind {
	int	 trust;
	int	 age;
	int	 staff;
};

static const struct author_kind NEWBIE = { 0, 1, 0 };
static const struct author_kind REGULAR = { 1, 60, 0 };
static const struct author_kind TRUSTED = { 3, 900, 0 };
static const struct author_kind STAFF = { 4, 900, 1 };

static struct mod_rules *R;

static int	 setup(void **);
static int	 teardown(void **);
static void	 check(enum mod_kind, int, const struct author_kind *,
		    const char *, const char *, struct mod_verdict *);
static void	 check_titled(enum mod_kind, const struct author_kind *,
		    const char *, const char *, struct mod_verdict *);
static void	 check_post(enum mod_kind, int, const struct author_kind *,
		    const char *, const char *, const char *,
		    struct mod_verdict *);
static int	 has_rule(const struct mod_verdict *, const char *);
static int	 has_contact(const struct mod_verdict *, enum mod_contact_type,
		    const char *);
static void	 dump(const char *, const struct mod_verdict *);
static void	 question_is(const struct author_kind *, const char *,
		    const char *, int);

static int
setup(void **state)
{
	struct mod_load_opts o;
	char		 err[512];

	(void)state;
	(void)NEWBIE;
	(void)REGULAR;
	(void)TRUSTED;
	(void)STAFF;
	memset(&o, 0, sizeof(o));
	o.no_model = 1;
	o.cache_dir = getenv("SODAN_RULES_CACHE");	/* tests/run */
	if ((R = mod_rules_load_ex("conf/moderation", &o, err,
	    sizeof(err))) == NULL) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	mod_rules_free(R);
	return 0;
}

/*
 * Check body (and title, when not NULL) as kind; reply: an answer to
 * someone else's question.
 */
static void
check_post(enum mod_kind kind, int reply, const struct author_kind *ak,
    const char *question, const char *title, const char *body,
    struct mod_verdict *v)
{
	struct mod_post	 p;
	struct mod_author a;

	memset(&p, 0, sizeof(p));
	memset(&a, 0, sizeof(a));
	p.kind = kind;
	if (title != NULL) {
		p.title = title;
		p.title_len = strlen(title);
	}
	p.body = body;
	p.body_len = strlen(body);
	p.reply_to_question = reply;
	p.seconds_after_question = -1;
	if (question != NULL) {
		p.question = question;
		p.question_len = strlen(question);
	}
	a.trust = ak->trust;
	a.account_age_days = ak->age;
	a.staff = ak->staff;
	a.posts = ak->trust * 10;
	assert_int_equal(mod_check(R, &p, &a, v), 0);
}

/* Check body as kind; reply: an answer to someone else's question. */
static void
check(enum mod_kind kind, int reply, const struct author_kind *ak,
    const char *question, const char *body, struct mod_verdict *v)
{
	check_post(kind, reply, ak, question, NULL, body, v);
}

/* A question or a first answer with its title. */
static void
check_titled(enum mod_kind kind, const struct author_kind *ak,
    const char *title, const char *body, struct mod_verdict *v)
{
	check_post(kind, 0, ak, NULL, title, body, v);
}

/* A reason whose rule id starts with prefix. */
static int
has_rule(const struct mod_verdict *v, const char *prefix)
{
	size_t		 i;

	for (i = 0; i < v->nreasons; i++)
		if (strncmp(v->reasons[i].rule, prefix, strlen(prefix)) == 0)
			return 1;
	return 0;
}

/* The reason with exactly this rule id, or NULL. */
static const struct mod_reason *
reason_of(const struct mod_verdict *v, const char *rule)
{
	size_t		 i;

	for (i = 0; i < v->nreasons; i++)
		if (strcmp(v->reasons[i].rule, rule) == 0)
			return &v->reasons[i];
	return NULL;
}

static void
dump(const char *what, const struct mod_verdict *v)
{
	size_t		 i;

	fprintf(stderr, "%s: %s %.3f %s\n", what,
	    mod_decision_name(v->decision), v->score,
	    mod_category_name(v->category));
	for (i = 0; i < v->nreasons; i++)
		fprintf(stderr, "   %s %.3f [%zu,%zu] %s\n", v->reasons[i].rule,
		    v->reasons[i].weight, v->reasons[i].span.start,
		    v->reasons[i].span.end, v->reasons[i].text_en);
}

/* The verdict records a contact of this type, with this value (NULL: any). */
static int
has_contact(const struct mod_verdict *v, enum mod_contact_type type,
    const char *value)
{
	size_t		 i;

	for (i = 0; i < v->ncontacts; i++)
		if (v->contacts[i].type == type && (value == NULL ||
		    strcmp(v->contacts[i].value, value) == 0))
			return 1;
	return 0;
}

/* A titled question of an author of kind ak: published (held 0) or not. */
static void
question_is(const struct author_kind *ak, const char *title,
    const char *body, int held)
{
	struct mod_verdict v;

	check_titled(MOD_KIND_QUESTION, ak, title, body, &v);
	if ((v.decision != MOD_ALLOW) != held)
		dump(body, &v);
	if (held)
		assert_int_not_equal(v.decision, MOD_ALLOW);
	else
		assert_int_equal(v.decision, MOD_ALLOW);
	mod_verdict_free(&v);
}


#pragma GCC diagnostic pop

#endif
