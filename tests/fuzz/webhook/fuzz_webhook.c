/*
 * tests/fuzz/webhook/fuzz_webhook.c: the webhook URL rules and the
 * signature (webhook/sign.c).
 *
 * The input's first byte chooses allow_http_loopback; the rest is the URL.
 * Checked: an accepted URL is at most WEBHOOK_URL_MAX bytes of printable
 * ASCII with no space, starts with https:// (any case), or with
 * http://127.0.0.1 or http://[::1] only when loopback is allowed, and
 * has no '#'; the loopback allowance never turns a refusal into an
 * acceptance for another host.  The same bytes signed as a body give
 * "t=T,v1=" and 64 lower-case hex digits, the same twice.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "webhook/webhook.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char			*url, a[WEBHOOK_SIG_MAX], b[WEBHOOK_SIG_MAX];
	enum webhook_url_err	 e, e0;
	size_t			 i, n;
	int			 loop;

	if (size == 0)
		return 0;
	loop = data[0] & 1;
	n = size - 1;
	if ((url = malloc(n + 1)) == NULL)
		return 0;
	memcpy(url, data + 1, n);
	url[n] = '\0';
	e = webhook_url_check(url, loop);
	e0 = webhook_url_check(url, 0);
	if (e == WEBHOOK_URL_OK) {
		if (strlen(url) > WEBHOOK_URL_MAX || strchr(url, '#') != NULL)
			abort();
		for (i = 0; url[i] != '\0'; i++)
			if ((unsigned char)url[i] <= 0x20 ||
			    (unsigned char)url[i] >= 0x7f)
				abort();
		if (strncasecmp(url, "https://", 8) != 0 && !(loop &&
		    (strncasecmp(url, "http://127.0.0.1", 16) == 0 ||
		    strncasecmp(url, "http://[::1]", 12) == 0)))
			abort();
	}
	if (e0 == WEBHOOK_URL_OK && e != WEBHOOK_URL_OK)
		abort();
	if (webhook_sign(url, strlen(url), (int64_t)n, (const char *)data,
	    size, a, sizeof(a)) != 0 || webhook_sign(url, strlen(url),
	    (int64_t)n, (const char *)data, size, b, sizeof(b)) != 0)
		abort();
	if (strcmp(a, b) != 0 || strncmp(a, "t=", 2) != 0 ||
	    strstr(a, ",v1=") == NULL || strlen(strstr(a, ",v1=") + 4) != 64 ||
	    strspn(strstr(a, ",v1=") + 4, "0123456789abcdef") != 64)
		abort();
	free(url);
	return 0;
}
