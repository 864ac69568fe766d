/*
 * log.c: the diagnostic log, on stderr.
 *
 * Each record is one line, "2024-05-01T12:34:56.789Z warn: message\n",
 * formatted into a stack buffer and written with a single write(2), so
 * lines from different threads never interleave and nothing here
 * allocates (the out-of-memory path logs too).  Records longer than
 * LOG_LINE_MAX are cut and end in "...".  Control bytes in the message
 * (newline, escape, ...) are written as \xNN so a logged string cannot
 * forge a second record or drive the terminal.
 *
 * log_ratelimited() keeps a small table of (key pointer, last time,
 * suppressed count) under one mutex.  Keys are compared by pointer: they
 * are meant to be string literals at the call site.  When the table is
 * full the slot used least recently is recycled, so the worst case is a
 * few extra lines, never a lost first line.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/log.h"

#define LOG_LINE_MAX	2048
#define LOG_RL_SLOTS	64

enum log_level {
	LOG_INFO,
	LOG_WARN,
	LOG_ERR,
	LOG_FATAL,
	LOG__MAX
};

static const char *const log_names[LOG__MAX] = {
	"info", "warn", "error", "fatal"
};

struct log_rl {
	const char	*key;
	uint64_t	 last_us;
	unsigned long	 suppressed;
};

static pthread_mutex_t	 log_rl_mtx = PTHREAD_MUTEX_INITIALIZER;
static struct log_rl	 log_rl_tab[LOG_RL_SLOTS];

static void	log_emit(enum log_level, unsigned long, const char *, va_list)
		    __attribute__((format(printf, 3, 0)));
static size_t	log_stamp(char *, size_t);
static int	log_rl_admit(const char *, int, unsigned long *);
static uint64_t	log_now_us(void);

static size_t
log_stamp(char *p, size_t sz)
{
	struct timespec	 ts;
	struct tm	 tm;
	size_t		 n;
	int		 r;

	if (clock_gettime(CLOCK_REALTIME, &ts) == -1 ||
	    gmtime_r(&ts.tv_sec, &tm) == NULL)
		return 0;
	if ((n = strftime(p, sz, "%Y-%m-%dT%H:%M:%S", &tm)) == 0)
		return 0;
	r = snprintf(p + n, sz - n, ".%03ldZ ", ts.tv_nsec / 1000000);
	if (r < 0 || (size_t)r >= sz - n)
		return 0;
	return n + (size_t)r;
}

/*
 * Formats one record and writes it with one write(2).  suppressed > 0
 * appends how many rate-limited records were dropped before this one.
 */
static void
log_emit(enum log_level lvl, unsigned long suppressed, const char *fmt,
    va_list ap)
{
	char		 msg[LOG_LINE_MAX], line[LOG_LINE_MAX];
	static const char hex[] = "0123456789abcdef";
	size_t		 n, i, room;
	int		 r, cut = 0, saved = errno;
	unsigned char	 c;
	ssize_t		 w;

	r = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (r < 0) {
		snprintf(msg, sizeof(msg), "(unformattable log message)");
		r = 0;
	} else if ((size_t)r >= sizeof(msg))
		cut = 1;

	n = log_stamp(line, sizeof(line));
	r = snprintf(line + n, sizeof(line) - n, "%s: ", log_names[lvl]);
	if (r > 0)
		n += (size_t)r;

	/* Leave room for "...", the suppression note and the newline. */
	room = sizeof(line) - 48;
	for (i = 0; msg[i] != '\0'; i++) {
		c = (unsigned char)msg[i];
		if (c < 0x20 || c == 0x7f) {
			if (n + 4 > room) {
				cut = 1;
				break;
			}
			line[n++] = '\\';
			line[n++] = 'x';
			line[n++] = hex[c >> 4];
			line[n++] = hex[c & 0xf];
		} else {
			if (n + 1 > room) {
				cut = 1;
				break;
			}
			line[n++] = (char)c;
		}
	}
	if (cut) {
		memcpy(line + n, "...", 3);
		n += 3;
	}
	if (suppressed > 0) {
		r = snprintf(line + n, sizeof(line) - n,
		    " (%lu similar suppressed)", suppressed);
		if (r > 0 && (size_t)r < sizeof(line) - n)
			n += (size_t)r;
	}
	line[n++] = '\n';

	do
		w = write(STDERR_FILENO, line, n);
	while (w == -1 && errno == EINTR);
	errno = saved;
}

/* log_info: informational record.  Never fails; errno is preserved. */
void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_emit(LOG_INFO, 0, fmt, ap);
	va_end(ap);
}

/* log_warn: something odd that the server survives.  errno is preserved. */
void
log_warn(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_emit(LOG_WARN, 0, fmt, ap);
	va_end(ap);
}

/* log_err: a failed operation (request, connection).  errno is preserved. */
void
log_err(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_emit(LOG_ERR, 0, fmt, ap);
	va_end(ap);
}

/*
 * log_fatal: writes the record and exits with status 1.  Meant for start-up
 * and invariants that cannot hold; out of memory uses abort() (util.c).
 */
void
log_fatal(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_emit(LOG_FATAL, 0, fmt, ap);
	va_end(ap);
	exit(1);
}

/*
 * Decides under the mutex whether key may log now; on yes, *suppressed is
 * how many records were dropped for it since it last logged.
 */
/*
 * Monotonic microseconds, read here rather than through lib/util.c, which
 * logs: the logger depends on nothing of ours.  0 if the clock fails.
 */
static uint64_t
log_now_us(void)
{
	struct timespec	ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static int
log_rl_admit(const char *key, int seconds, unsigned long *suppressed)
{
	struct log_rl	*e, *victim = NULL;
	uint64_t	 now, win;
	size_t		 i;
	int		 ok;

	now = log_now_us();
	win = seconds > 0 ? (uint64_t)seconds * 1000000 : 0;
	*suppressed = 0;

	pthread_mutex_lock(&log_rl_mtx);
	for (i = 0; i < LOG_RL_SLOTS; i++) {
		e = &log_rl_tab[i];
		if (e->key == key)
			break;
		if (victim == NULL || e->key == NULL ||
		    (victim->key != NULL && e->last_us < victim->last_us))
			victim = e;
	}
	if (i < LOG_RL_SLOTS) {
		if (now - e->last_us >= win) {
			*suppressed = e->suppressed;
			e->suppressed = 0;
			e->last_us = now;
			ok = 1;
		} else {
			e->suppressed++;
			ok = 0;
		}
	} else {
		victim->key = key;
		victim->last_us = now;
		victim->suppressed = 0;
		ok = 1;
	}
	pthread_mutex_unlock(&log_rl_mtx);
	return ok;
}

/*
 * log_ratelimited: a warning written only if no record with the same key
 * pointer was written in the last `seconds` (<= 0: always written).  The
 * next record written for a key notes how many were suppressed.
 * Thread-safe.
 */
void
log_ratelimited(const char *key, int seconds, const char *fmt, ...)
{
	va_list		 ap;
	unsigned long	 suppressed;

	if (!log_rl_admit(key, seconds, &suppressed))
		return;
	va_start(ap, fmt);
	log_emit(LOG_WARN, suppressed, fmt, ap);
	va_end(ap);
}
