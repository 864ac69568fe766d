/* api/categories.c: GET /api/v1/categories (JSON twin of the home page list). */
#include <stdlib.h>

#include <jansson.h>

#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "pages/pages.h"
#include "store/store.h"

void
api_categories(struct req *r)
{
	struct category	*c;
	size_t		 n, i;
	json_t		*arr, *root;
	char		*s;

	if (store_categories(r->w->db, r->a, &c, &n) == -1)
		return;
	arr = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:I}",
		    "id", (json_int_t)c[i].id, "slug", c[i].slug,
		    "name_ja", c[i].name[0], "name_en", c[i].name[1],
		    "threads", (json_int_t)c[i].nthreads));
	root = json_pack("{s:o}", "categories", arr);
	s = json_dumps(root, JSON_COMPACT);
	reply_json(r, 200, arena_strdup(r->a, s ? s : "{}"));
	free(s);
	json_decref(root);
}
