/* tests/fuzz/input/fuzz_input.c: input_parse_form() and input_cookie() */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "http/input.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_cookie(const char *hdr, size_t len, const char *name)
{
	const char	*v;
	size_t		 vlen;

	if ((v = input_cookie(hdr, len, name, &vlen)) == NULL)
		return;
	/* The value lies inside the header. */
	if (v < hdr || vlen > len || (size_t)(v - hdr) > len - vlen)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	*a;
	struct kv	*kv;
	const char	*s = (const char *)data;
	char		 name[16];
	size_t		 n, i, k;

	a = arena_new();
	if (input_parse_form(a, s, size, &kv, &n) == 0) {
		if (kv == NULL || n > INPUT_MAX_PAIRS)
			abort();
		for (i = 0; i < n; i++) {
			/* Decoding never grows; both ends are terminated. */
			if (kv[i].keylen + kv[i].vallen > size ||
			    kv[i].key[kv[i].keylen] != '\0' ||
			    kv[i].val[kv[i].vallen] != '\0')
				abort();
			for (k = 0; k < kv[i].keylen; k++)
				if (kv[i].key[k] == '&')
					if (memchr(s, '%', size) == NULL)
						abort();
		}
	} else if (kv != NULL || n != 0)
		abort();

	check_cookie(s, size, "sid");
	check_cookie(s, size, "a");
	/* A name taken from the input itself (up to the first ';'). */
	for (k = 0; k < size && k < sizeof(name) - 1 && s[k] != ';' &&
	    s[k] != '\0'; k++)
		name[k] = s[k];
	name[k] = '\0';
	check_cookie(s, size, name);

	arena_free(a);
	return 0;
}
