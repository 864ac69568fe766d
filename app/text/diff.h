/*
 * diff.h: a line diff for the revision history (longest common
 * subsequence; no third-party dependencies).
 */
#ifndef SODAN_DIFF_H
#define SODAN_DIFF_H

#include <stddef.h>

struct arena;

enum diff_op {
	DIFF_SAME,
	DIFF_DEL,
	DIFF_ADD,
	DIFF__MAX
};

struct diff_line {
	enum diff_op	 op;
	const char	*text;		/* points into old or new; not NUL-terminated */
	size_t		 len;		/* without the newline */
};

/*
 * The lines of old and new (NUL-terminated) as deletions, additions and
 * unchanged lines, in order.  *out is arena-owned.  Returns 0, or -1 when
 * the texts have too many lines to compare (over 2,000 each): the caller
 * then shows the whole old and new texts.
 */
int	diff_lines(struct arena *, const char *old, const char *new,
	    struct diff_line **out, size_t *n);

#endif
