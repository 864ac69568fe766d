/*
 * util.h: allocation that never returns NULL, and small string helpers.
 */
#ifndef SODAN_UTIL_H
#define SODAN_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Heap allocation; on failure logs and aborts.  Caller frees with free(). */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);

/* Monotonic clock in microseconds. */
uint64_t util_now_us(void);
void	 util_deadline(struct timespec *, clockid_t, long);
/* Case-insensitive ASCII compare of a length-delimited string with a C string. */
int	 util_strncaseeq(const char *, size_t, const char *);

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* mkdir -p (mode 0755); 0 or -1 (errno set). */
int		util_mkdir_p(const char *);

#endif
