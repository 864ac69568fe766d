/*
 * learn.h: learning from moderators' decisions: training runs (the
 * command line, the schedule, the moderators' button) and the model in
 * use, swapped on every instance without a restart.
 *
 * The training set is what moderators decided (store/learn.c): approve =
 * ham, remove as spam or scam = spam, each post's latest decision not
 * undone, with the features the post had when it was decided.  A run
 * trains a linear model (moderation/learn.c) on the oldest 80 % of it,
 * measures it and the model in use on the most recent 20 % (precision and
 * recall, overall and per language) and stores it as a new version; it
 * is put in use only by a promotion, and only when it beat the floors.
 */
#ifndef SODAN_LEARN_H
#define SODAN_LEARN_H

#include <stddef.h>
#include <stdint.h>

#include "moderation/moderation.h"

struct arena;
struct db;

/* A post is held when the model's margin reaches this (p >= 0.9). */
#define LEARN_CUT	2.1972245773
/* At most this many recent decisions are read for a run. */
#define LEARN_MAX_ROWS	200000

/*
 * Why a run made no model, as stored with the run and logged (English);
 * the moderators' page states each in the reader's language.
 */
#define LEARN_MSG_FEW		"not enough decisions: %zu (%zu spam, %zu " \
				"ham); training needs a held-back fifth and " \
				"both kinds among the rest"
#define LEARN_MSG_BUSY		"another instance is training"
#define LEARN_MSG_NOMEM		"out of memory"
#define LEARN_MSG_DBFAIL	"the database failed during training"

struct learn_report {
	int		 skipped;	/* another instance was training */
	size_t		 ntrain, ntest;	/* decisions trained on, held back */
	size_t		 nspam, nham;	/* of all the decisions read */
	int64_t		 version;	/* the new model, 0: none stored */
	int64_t		 in_use;	/* the model in use, 0: none */
	struct mod_eval	 fresh;		/* the new model on the held-back */
	struct mod_eval	 current;	/* the model in use on the same */
	int		 passed;	/* fresh beat the floors */
	char		 message[256];	/* why no model, in English */
};

/*
 * One training run by actor: takes the cluster-wide training lock
 * (skipped when another instance holds it), trains, evaluates and stores
 * the model with its metrics.  min_precision, min_recall: the floors in
 * percent.  No model is stored when there is nothing to hold back or the
 * training part lacks a decision of either kind (out->message says so).
 * 0, or -1 when the store failed.
 */
int	learn_train(struct db *, const char *actor, int min_precision,
	    int min_recall, struct learn_report *out);
/* The metrics JSON stored with a model (arena-owned). */
char	*learn_metrics_json(struct arena *, const struct learn_report *);

/*
 * Reads the version in use and, when it moved, loads and installs it
 * (called every few seconds by the rule loader's thread, post/ruleset.c).
 * A model that cannot be read keeps the one in use (logged).
 */
void	learn_poll(struct db *);
/*
 * The model in use, referenced until arena a is freed, or NULL when none;
 * *version its number (0: none).
 */
const struct mod_linear *learn_model_get(struct arena *a, int64_t *version);
/* The version in use on this instance (0: none). */
int64_t	learn_model_version(void);

/*
 * Starts the trainer thread: every interval seconds (0: never) a
 * scheduled run, and every few seconds a run asked for from the
 * moderators' page (mod_train_runs).  Its own connection to db_url.
 * 0 or -1 (logged).  learn_stop ends it and frees the model.
 */
int	learn_start(const char *db_url, int interval, int min_precision,
	    int min_recall);
void	learn_stop(void);

#endif
