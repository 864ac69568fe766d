/*
 * post/triage.c: the urgency of a new question, decided when it is asked.
 *
 * The rules (conf/support/triage.rules, in the moderation rule format)
 * are compiled once at start-up by the filter library (mod_triage_load:
 * seconds of CPU the first time, milliseconds from the compiled-rule
 * cache of [paths] moderation_cache afterwards) and only read
 * afterwards; mod_triage is thread-safe on the shared set.  post_ask
 * calls triage_into, and the class and reasons travel in the question's
 * struct post_write into its one transaction (store_triage_set from
 * store_post_write): the desk sees an urgent question the moment the
 * question exists.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "moderation/moderation.h"

#include "lib/arena.h"
#include "lib/log.h"
#include "lib/util.h"
#include "post/triage.h"
#include "store/store.h"

static struct mod_rules	*triage_rules;	/* written once, before threads */

int
triage_init(const char *path, const char *cache_dir)
{
	char		 err[512];
	const char	*cache = cache_dir;

	if (path == NULL || path[0] == '\0') {
		log_err("triage: no rule file configured ([support] "
		    "triage_rules)");
		return -1;
	}
	if (cache != NULL && (cache[0] == '\0' ||
	    util_mkdir_p(cache) == -1))
		cache = NULL;
	if ((triage_rules = mod_triage_load(path, cache, err, sizeof(err))) ==
	    NULL) {
		log_err("triage: %s", err);
		return -1;
	}
	log_info("triage: %zu rules loaded from %s",
	    mod_rules_count(triage_rules), path);
	return 0;
}

void
triage_free(void)
{
	mod_rules_free(triage_rules);
	triage_rules = NULL;
}

void
triage_into(struct arena *a, struct post_write *w, const char *title,
    const char *body)
{
	struct mod_triage_result res;
	json_t			*arr, *o;
	char			*s;
	size_t			 i;

	if (triage_rules == NULL)
		return;
	if (mod_triage(triage_rules, title, title != NULL ? strlen(title) : 0,
	    body, body != NULL ? strlen(body) : 0, &res) == -1) {
		log_warn("triage: the rules failed on a question; it stays "
		    "unclassified");
		mod_triage_result_free(&res);
		return;
	}
	arr = json_array();
	for (i = 0; i < res.nreasons; i++) {
		o = json_object();
		json_object_set_new(o, "rule", json_string(res.reasons[i].rule));
		json_object_set_new(o, "ja",
		    json_string(res.reasons[i].text_ja));
		json_object_set_new(o, "en",
		    json_string(res.reasons[i].text_en));
		json_array_append_new(arr, o);
	}
	if ((s = json_dumps(arr, JSON_COMPACT)) != NULL) {
		w->triage_class = mod_triage_class_name(res.tclass);
		w->triage_reasons = arena_strdup(a, s);
		free(s);
	}
	json_decref(arr);
	mod_triage_result_free(&res);
}
