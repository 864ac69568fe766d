/* tests/fuzz/valid/fuzz_valid.c: every validator in http/valid.c */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cursor.h"
#include "lib/utf8.h"
#include "http/valid.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const enums[] = { "question", "answer", "", "official",
	NULL };

static const struct field fields[] = {
	{ "text", valid_text, 0, 0, 200, NULL },
	{ "text1", valid_text, 0, 1, 5, NULL },
	{ "line", valid_line, 0, 0, 200, NULL },
	{ "int", valid_int, 0, INT64_MIN, INT64_MAX, NULL },
	{ "page", valid_int, 0, -10, 1000, NULL },
	{ "id", valid_id, 0, 0, 0, NULL },
	{ "enum", valid_enum, 0, 0, 0, enums },
	{ "noenum", valid_enum, 0, 0, 0, NULL },
	{ "bool", valid_bool, 0, 0, 0, NULL },
	{ "user", valid_username, 0, 0, 0, NULL },
	{ "token", valid_token, 0, 0, 0, NULL },
	{ "next", valid_next, 0, 1, 512, NULL },
	{ "at", valid_cursor, 0, 0, 0, NULL },
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fval	 v;
	struct cursor	 cur;
	char		 cbuf[CURSOR_TEXT];
	char		*raw, *end;
	long long	 ll;
	size_t		 i, k;
	int		 rc;

	/* Validators see a NUL-terminated copy, as input.c gives them. */
	if ((raw = malloc(size + 1)) == NULL)
		return 0;
	memcpy(raw, data, size);
	raw[size] = '\0';

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		memset(&v, 0xa5, sizeof(v));
		rc = fields[i].valid(&fields[i], raw, size, &v);
		if (rc != 0) {
			if (rc != -1 || v.present)
				abort();
			continue;
		}
		if (fields[i].valid == valid_next) {
			/* Never refused: the value as sent, or "/". */
			if (!v.present || (v.s != raw && strcmp(v.s, "/") != 0) ||
			    (v.s == raw && (size == 0 || size > 512 ||
			    memchr(raw, '\0', size) != NULL)))
				abort();
			continue;
		}
		if (!v.present || v.s != raw || v.len != size)
			abort();
		if (fields[i].valid == valid_text ||
		    fields[i].valid == valid_line) {
			if (!utf8_valid(raw, size) ||
			    (uint64_t)v.i != utf8_count(raw, size) ||
			    v.i < fields[i].min || v.i > fields[i].max)
				abort();
			for (k = 0; k < size; k++)
				if ((unsigned char)raw[k] < 0x20 &&
				    raw[k] != '\t' && (fields[i].valid ==
				    valid_line || (raw[k] != '\n' &&
				    raw[k] != '\r')))
					abort();
		} else if (fields[i].valid == valid_int ||
		    fields[i].valid == valid_id) {
			/* Agrees with strtoll on what it accepted. */
			errno = 0;
			ll = strtoll(raw, &end, 10);
			if (errno != 0 || *end != '\0' || ll != v.i ||
			    v.i < (fields[i].valid == valid_id ? 1 :
			    fields[i].min) ||
			    (fields[i].valid == valid_int && v.i > fields[i].max))
				abort();
		} else if (fields[i].valid == valid_enum) {
			if (v.i < 0 || v.i > 3 || strcmp(enums[v.i], raw) != 0)
				abort();
		} else if (fields[i].valid == valid_bool) {
			if (v.i != 0 && v.i != 1)
				abort();
		} else if (fields[i].valid == valid_cursor) {
			/* Accepted: exactly the text the server writes. */
			if (cursor_parse(raw, size, &cur) != 0 ||
			    v.i != cur.nk ||
			    strcmp(cursor_format(&cur, cbuf), raw) != 0)
				abort();
		} else if (size < 3 || size > 128)
			abort();
	}
	free(raw);
	return 0;
}
