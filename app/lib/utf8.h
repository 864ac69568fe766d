/*
 * utf8.h: UTF-8 validation and measurement (no third-party dependencies).
 */
#ifndef SODAN_UTF8_H
#define SODAN_UTF8_H

#include <stddef.h>

/*
 * 1 when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF) and holds no NUL byte; 0 otherwise.
 */
int	utf8_valid(const char *s, size_t len);
/* Number of code points in valid UTF-8 s[0..len). */
size_t	utf8_count(const char *s, size_t len);
/*
 * Byte length of the longest prefix of valid UTF-8 s[0..len) holding at most
 * max code points (for truncating snippets on a character boundary).
 */
size_t	utf8_prefix(const char *s, size_t len, size_t max);

#endif
