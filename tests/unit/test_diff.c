/* tests/unit/test_diff.c: text/diff.c (line diff of revisions) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "text/diff.h"

static const char *render(struct arena *, const struct diff_line *, size_t);
static void	test_diff_same(void **);
static void	test_diff_add_end(void **);
static void	test_diff_change_middle(void **);
static void	test_diff_empty(void **);
static void	test_diff_crlf(void **);
static void	test_diff_japanese(void **);
static void	test_diff_reorder(void **);
static void	test_diff_too_long(void **);

/* "=same\n-del\n+add\n" for each line, to compare in one assertion. */
static const char *
render(struct arena *a, const struct diff_line *d, size_t n)
{
	static const char	 ops[DIFF__MAX] = { '=', '-', '+' };
	struct buf		 b;
	size_t			 i;

	buf_init(&b, a);
	buf_puts(&b, "");
	for (i = 0; i < n; i++) {
		buf_putc(&b, ops[d[i].op]);
		buf_put(&b, d[i].text, d[i].len);
		buf_putc(&b, '\n');
	}
	return b.p;
}

static void
test_diff_same(void **state)
{
	struct arena		*a = arena_new();
	struct diff_line	*d;
	size_t			 n;

	(void)state;
	assert_int_equal(diff_lines(a, "one\ntwo", "one\ntwo", &d, &n), 0);
	assert_string_equal(render(a, d, n), "=one\n=two\n");
	arena_free(a);
}

static void
test_diff_add_end(void **state)
{
	struct arena		*a = arena_new();
	struct diff_line	*d;
	size_t			 n;

	(void)state;
	assert_int_equal(diff_lines(a, "Large withdrawals get a review.",
	    "Large withdrawals get a review.\n\nAlso check the spam folder.",
	    &d, &n), 0);
	assert_string_equal(render(a, d, n),
	    "=Large withdrawals get a review.\n+\n"
	    "+Also check the spam folder.\n");
	arena_free(a);
}

static void
test_diff_change_middle(void **state)
{
	struct arena		*a = arena_new();
	struct diff_line	*d;
	size_t			 n;

	(void)state;
	assert_int_equal(diff_lines(a, "a\nb\nc\nd", "a\nB\nc\nd\ne", &d, &n),
	    0);
	assert_string_equal(render(a, d, n), "=a\n-b\n+B\n=c\n=d\n+e\n");
	assert_int_equal(diff_lines(a, "a\nb\nc", "a\nc", &d, &n), 0);
	assert_string_equal(render(a, d, n), "=a\n-b\n=c\n");
	arena_free(a);
}

static void
test_diff_empty(void **state)
{
	struct arena		*a = arena_new();
	struct diff_line	*d;
	size_t			 n;

	(void)state;
	assert_int_equal(diff_lines(a, "", "", &d, &n), 0);
	assert_string_equal(render(a, d, n), "=\n");
	assert_int_equal(diff_lines(a, "", "x\ny", &d, &n), 0);
	assert_string_equal(render(a, d, n), "-\n+x\n+y\n");
	assert_int_equal(diff_lines(a, "x", "", &d, &n), 0);
	assert_string_equal(render(a, d, n), "-x\n+\n");
	arena_free(a);
}

static void
test_diff_crlf(void **state)
{
	struct arena		*a = arena_new();
	struct diff_line	*d;
	size_t			 n;

	(void)state;
	/* a browser's CRLF and a stored LF are the same line */
	assert_int_equal(diff_lines(a, "one\ntwo\n", "one\r\ntwo\r\nthree",
	    &d, &n), 0);
	assert_string_equal(render(a, d, n), "=one\n=two\n-\n+three\n");
	arena_free(a);
}

static void
test_diff_japanese(void **state)
{
	struct arena		*a = arena_new();
	struct diff_line	*d;
	size_t			 n;

	(void)state;
	assert_int_equal(diff_lines(a, "出金を申請しました。\n三日たちました。",
	    "出金を申請しました。\n四日たちました。", &d, &n), 0);
	assert_string_equal(render(a, d, n),
	    "=出金を申請しました。\n-三日たちました。\n+四日たちました。\n");
	arena_free(a);
}

static void
test_diff_reorder(void **state)
{
	struct arena		*a = arena_new();
	struct diff_line	*d;
	size_t			 n, i, same = 0, del = 0, add = 0;

	(void)state;
	assert_int_equal(diff_lines(a, "1\n2\n3\n4\n5", "5\n1\n2\n4\n3",
	    &d, &n), 0);
	for (i = 0; i < n; i++) {
		if (d[i].op == DIFF_SAME)
			same++;
		else if (d[i].op == DIFF_DEL)
			del++;
		else
			add++;
	}
	assert_int_equal(same, 3);		/* LCS of length 3: 1 2 4 */
	assert_int_equal(del, 2);
	assert_int_equal(add, 2);
	arena_free(a);
}

static void
test_diff_too_long(void **state)
{
	struct arena		*a = arena_new();
	struct diff_line	*d;
	struct buf		 x, y;
	size_t			 n, i;

	(void)state;
	buf_init(&x, a);
	buf_init(&y, a);
	buf_puts(&x, "");
	buf_puts(&y, "");
	for (i = 0; i < 2100; i++) {
		buf_printf(&x, "old %zu\n", i);
		buf_printf(&y, "new %zu\n", i);
	}
	assert_int_equal(diff_lines(a, x.p, y.p, &d, &n), -1);
	/* a long text with a small change is fine: prefix and suffix skip */
	assert_int_equal(diff_lines(a, x.p, x.p, &d, &n), 0);
	assert_int_equal(n, 2101);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff_same),
		cmocka_unit_test(test_diff_add_end),
		cmocka_unit_test(test_diff_change_middle),
		cmocka_unit_test(test_diff_empty),
		cmocka_unit_test(test_diff_crlf),
		cmocka_unit_test(test_diff_japanese),
		cmocka_unit_test(test_diff_reorder),
		cmocka_unit_test(test_diff_too_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
