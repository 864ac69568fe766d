/*
 * text/diff.c: line diff by longest common subsequence.  Posts are at most
 * 20,000 characters, so an O(n*m) table of 16-bit lengths (capped at 2,000
 * lines each: 8 MB at worst, in the request arena) is simple and fast
 * enough; common prefix and suffix are skipped first.
 */
#include <stdint.h>
#include <string.h>

#include "lib/arena.h"
#include "text/diff.h"

#define DIFF_MAX_LINES	2000

struct lines {
	const char	**p;
	size_t		 *len;
	size_t		  n;
};

static void	split(struct arena *, const char *, struct lines *);
static int	eq(const struct lines *, size_t, const struct lines *, size_t);
static void	put(struct diff_line *, size_t *, enum diff_op,
		    const struct lines *, size_t);

static void
split(struct arena *a, const char *s, struct lines *l)
{
	const char	*e;
	size_t		 n = 1, i = 0;

	for (e = s; *e != '\0'; e++)
		if (*e == '\n')
			n++;
	l->p = arena_calloc(a, n, sizeof(char *));
	l->len = arena_calloc(a, n, sizeof(size_t));
	for (;;) {
		e = strchr(s, '\n');
		l->p[i] = s;
		l->len[i] = e ? (size_t)(e - s) : strlen(s);
		if (l->len[i] > 0 && s[l->len[i] - 1] == '\r')
			l->len[i]--;
		i++;
		if (e == NULL)
			break;
		s = e + 1;
	}
	l->n = i;
}

static int
eq(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return a->len[i] == b->len[j] &&
	    memcmp(a->p[i], b->p[j], a->len[i]) == 0;
}

static void
put(struct diff_line *out, size_t *n, enum diff_op op, const struct lines *l,
    size_t i)
{
	out[*n].op = op;
	out[*n].text = l->p[i];
	out[*n].len = l->len[i];
	(*n)++;
}

int
diff_lines(struct arena *a, const char *old, const char *new,
    struct diff_line **out, size_t *n)
{
	struct lines	 x, y;
	size_t		 pre = 0, suf = 0, nx, ny, i, j, k = 0;
	uint16_t	*t;

	split(a, old, &x);
	split(a, new, &y);
	while (pre < x.n && pre < y.n && eq(&x, pre, &y, pre))
		pre++;
	while (suf < x.n - pre && suf < y.n - pre &&
	    eq(&x, x.n - 1 - suf, &y, y.n - 1 - suf))
		suf++;
	nx = x.n - pre - suf;
	ny = y.n - pre - suf;
	if (nx > DIFF_MAX_LINES || ny > DIFF_MAX_LINES)
		return -1;
	*out = arena_calloc(a, x.n + y.n + 1, sizeof(**out));
	/* t[i][j]: LCS length of x[pre+i..] and y[pre+j..] */
	t = arena_calloc(a, (nx + 1) * (ny + 1), sizeof(uint16_t));
#define T_(i, j)	t[(i) * (ny + 1) + (j)]
	for (i = nx; i-- > 0;)
		for (j = ny; j-- > 0;)
			T_(i, j) = eq(&x, pre + i, &y, pre + j) ?
			    T_(i + 1, j + 1) + 1 : (T_(i + 1, j) >= T_(i, j + 1) ?
			    T_(i + 1, j) : T_(i, j + 1));
	for (i = 0; i < pre; i++)
		put(*out, &k, DIFF_SAME, &x, i);
	i = j = 0;
	while (i < nx || j < ny) {
		if (i < nx && j < ny && eq(&x, pre + i, &y, pre + j)) {
			put(*out, &k, DIFF_SAME, &x, pre + i);
			i++;
			j++;
		} else if (i < nx && (j == ny ||
		    T_(i + 1, j) >= T_(i, j + 1))) {
			put(*out, &k, DIFF_DEL, &x, pre + i);
			i++;
		} else {
			put(*out, &k, DIFF_ADD, &y, pre + j);
			j++;
		}
	}
#undef T_
	for (i = x.n - suf; i < x.n; i++)
		put(*out, &k, DIFF_SAME, &x, i);
	*n = k;
	return 0;
}
