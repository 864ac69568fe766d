/*
 * log.h: the server's diagnostic log (stderr) and the access log.
 * Never pass secrets (passwords, tokens, session ids) to these functions.
 */
#ifndef SODAN_LOG_H
#define SODAN_LOG_H

void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_err(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Only the first call per key within `seconds` is written (keys are static strings). */
void	log_ratelimited(const char *key, int seconds, const char *, ...)
	    __attribute__((format(printf, 3, 4)));

#endif
