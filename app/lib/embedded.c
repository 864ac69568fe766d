/* lib/embedded.c: lookup of files compiled into the binary. */
#include <string.h>

#include "lib/embedded.h"

const struct embedded *
embedded_find(const char *name)
{
	size_t	i;

	for (i = 0; i < embedded_nfiles; i++)
		if (strcmp(embedded_files[i].name, name) == 0)
			return &embedded_files[i];
	return NULL;
}
