/*
 * tests/unit/test_state.c: the names of post states, kinds, roles, thread
 * statuses and notification kinds
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/state.h"
#include "post/post.h"

static void
test_round_trip(void **state)
{
	int	i;

	(void)state;
	for (i = 0; i < PS__MAX; i++)
		assert_int_equal(state_post_parse(state_post_name(
		    (enum post_state)i)), i);
	for (i = 0; i < PK__MAX; i++)
		assert_int_equal(state_kind_parse(state_kind_name(
		    (enum post_kind)i)), i);
	for (i = ROLE_USER; i < ROLE__MAX; i++)
		assert_int_equal(state_role_parse(state_role_name(
		    (enum role)i)), i);
	for (i = 0; i < TS__MAX; i++)
		assert_int_equal(state_thread_parse(state_thread_name(
		    (enum thread_status)i)), i);
	/* the names the database stores (sql/0001_init.sql CHECKs) */
	assert_string_equal(state_post_name(PS_VISIBLE), "visible");
	assert_string_equal(state_post_name(PS_PRIVATE), "private");
	assert_string_equal(state_post_name(PS_REMOVED), "removed");
	assert_string_equal(state_kind_name(PK_OFFICIAL), "official");
	assert_string_equal(state_role_name(ROLE_MODERATOR), "moderator");
	assert_string_equal(state_thread_name(TS_LOCKED), "locked");
	assert_int_equal(state_post_parse("hidden"), PS_HIDDEN);
	assert_int_equal(state_role_parse("admin"), ROLE_ADMIN);
	assert_int_equal(state_thread_parse("closed"), TS_CLOSED);
}

static void
test_unknown_is_safe(void **state)
{
	const char *const odd[] = { "", "Visible", "visible ", "published",
	    "quarantined", NULL };
	struct post_actor stranger = { .id = 7, .role = ROLE_USER, .trust = 3 };
	struct post_actor author = { .id = 42, .role = ROLE_USER };
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		enum post_state	st = state_post_parse(odd[i]);

		/* an unknown state is held: neither the public nor another
		 * member sees the text; its author does, as for any held post */
		assert_int_equal(st, PS_HELD);
		assert_false(post_visible_to(NULL, st, 42));
		assert_false(post_visible_to(&stranger, st, 42));
		assert_true(post_visible_to(&author, st, 42));
		/* no badge, no privilege; a thread takes nothing */
		assert_int_equal(state_role_parse(odd[i]), ROLE_USER);
		assert_int_equal(state_thread_parse(odd[i]), TS_LOCKED);
		assert_int_equal(state_kind_parse(odd[i]), PK_ANSWER);
	}
	/* ROLE_ANY is no stored role */
	assert_string_equal(state_role_name(ROLE_ANY), "user");
	assert_string_equal(state_post_name((enum post_state)99), "held");
	/* a visible post is public */
	assert_true(post_visible_to(NULL, state_post_parse("visible"), 42));
}

static void
test_notif_round_trip(void **state)
{
	const char *const odd[] = { "", "Answer", "answer ", "watch",
	    "support_", "removed\n", "unknown_kind", NULL };
	size_t	i;
	int	k;

	(void)state;
	for (k = 0; k < NK__MAX; k++) {
		const char	*n = state_notif_name((enum notif_kind)k);

		assert_non_null(n);
		assert_int_equal(state_notif_parse(n), k);
	}
	/* the names on the wire (API "kind") are the stored ones */
	assert_string_equal(state_notif_name(NK_ANSWER), "answer");
	assert_string_equal(state_notif_name(NK_WATCH_ANSWER), "watch_answer");
	assert_string_equal(state_notif_name(NK_ACCEPT_REMINDER),
	    "accept_reminder");
	assert_string_equal(state_notif_name(NK_SUSPENSION_UPHELD),
	    "suspension_upheld");
	assert_int_equal(state_notif_parse("support_resolved"),
	    NK_SUPPORT_RESOLVED);
	assert_int_equal(state_notif_parse("official_edited"),
	    NK_OFFICIAL_EDITED);
	/* an unknown name is the plain notification; so is a bad value */
	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
		assert_int_equal(state_notif_parse(odd[i]), NK_UNKNOWN);
	assert_string_equal(state_notif_name((enum notif_kind)-1), "unknown");
	assert_string_equal(state_notif_name(NK__MAX), "unknown");
}

/*
 * The table and the database agree: the last migration that sets
 * notifications_kind_check lists exactly the names of NK_ANSWER..
 * NK__MAX - 1 (a kind added to one and not the other fails here).
 */
static void
test_notif_names_are_the_schema(void **state)
{
	struct dirent	**ent;
	char		 path[512], *text = NULL, *p, *q, *end;
	int		 n, i, seen[NK__MAX], found = 0;
	FILE		*f;
	long		 len;

	(void)state;
	memset(seen, 0, sizeof(seen));
	n = scandir("sql", &ent, NULL, alphasort);
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		size_t	l = strlen(ent[i]->d_name);

		if (l > 4 && strcmp(ent[i]->d_name + l - 4, ".sql") == 0) {
			snprintf(path, sizeof(path), "sql/%s", ent[i]->d_name);
			assert_non_null(f = fopen(path, "r"));
			assert_int_equal(fseek(f, 0, SEEK_END), 0);
			len = ftell(f);
			rewind(f);
			p = malloc((size_t)len + 1);
			assert_non_null(p);
			assert_int_equal(fread(p, 1, (size_t)len, f), len);
			p[len] = '\0';
			fclose(f);
			if (strstr(p, "ADD CONSTRAINT notifications_kind_check")
			    != NULL) {
				free(text);
				text = p;
			} else
				free(p);
		}
		free(ent[i]);
	}
	free(ent);
	assert_non_null(text);
	p = strstr(strstr(text, "ADD CONSTRAINT notifications_kind_check"),
	    "kind IN (");
	assert_non_null(p);
	end = strchr(p, ')');
	assert_non_null(end);
	while ((p = strchr(p, '\'')) != NULL && p < end) {
		enum notif_kind	k;

		q = strchr(p + 1, '\'');
		assert_non_null(q);
		*q = '\0';
		k = state_notif_parse(p + 1);
		if (k == NK_UNKNOWN)
			fail_msg("notifications.kind '%s' has no enum", p + 1);
		assert_int_equal(seen[k], 0);
		assert_string_equal(state_notif_name(k), p + 1);
		seen[k] = 1;
		found++;
		p = q + 1;
	}
	free(text);
	/* every kind but NK_UNKNOWN is a stored name */
	assert_int_equal(found, NK__MAX - 1);
	assert_int_equal(seen[NK_UNKNOWN], 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_unknown_is_safe),
		cmocka_unit_test(test_notif_round_trip),
		cmocka_unit_test(test_notif_names_are_the_schema),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
