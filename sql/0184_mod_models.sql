-- 0184_mod_models.sql: learning from moderators' decisions
-- (docs/moderation.md, "Learning from moderators").
--
-- mod_training keeps one row per moderator's decision that teaches the
-- classifier (approve = ham; remove as spam or scam = spam), written in
-- the decision's own transaction (app/store/modq.c), with the post's
-- classifier features as they were when the moderator decided and the
-- language of its text.  An undo of the decision sets undone_at (the row
-- stays, as mod_log does).  The training set is the latest decision not
-- undone of each post, so a reversed appeal (an approve) replaces the
-- removal it reverses.
CREATE TABLE mod_training (
	id		bigserial PRIMARY KEY,
	post_id		bigint NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
	modlog_id	bigint NOT NULL UNIQUE,	-- mod_log.id of the decision
	spam		boolean NOT NULL,
	lang		text NOT NULL CHECK (lang IN ('ja', 'en')),
	features	bigint[] NOT NULL,
	decided_at	timestamptz NOT NULL DEFAULT now(),
	undone_at	timestamptz
);
CREATE INDEX mod_training_post ON mod_training (post_id, id DESC);

-- Trained models: the weights file (moderation/learn.c, mod_linear_dump)
-- and what the training run measured on the held-back decisions, for
-- the new model and the one in use then (metrics, JSON).
CREATE TABLE mod_models (
	version		bigserial PRIMARY KEY,
	created_at	timestamptz NOT NULL DEFAULT now(),
	created_by	text NOT NULL,
	ntrain		integer NOT NULL,
	ntest		integer NOT NULL,
	weights		text NOT NULL,
	metrics		jsonb NOT NULL,
	passed		boolean NOT NULL	-- beat the floors of promotion
);

-- The model in use on every instance (NULL: none); each instance's rule
-- loader polls this row and swaps the model when it moved.
CREATE TABLE mod_model_current (
	one		boolean PRIMARY KEY DEFAULT true CHECK (one),
	version		bigint REFERENCES mod_models (version),
	changed_at	timestamptz NOT NULL DEFAULT now()
);
INSERT INTO mod_model_current (one, version) VALUES (true, NULL);

-- Every promotion and rollback; a rollback returns to the model in use
-- before the promotion of the current one.
CREATE TABLE mod_model_history (
	id		bigserial PRIMARY KEY,
	action		text NOT NULL CHECK (action IN ('promote', 'rollback')),
	version		bigint REFERENCES mod_models (version),
	previous	bigint REFERENCES mod_models (version),
	actor		text NOT NULL,
	at		timestamptz NOT NULL DEFAULT now()
);

-- Training runs asked for (the moderators' button, the schedule) and
-- their outcome, so a page can show progress and one instance runs each.
CREATE TABLE mod_train_runs (
	id		bigserial PRIMARY KEY,
	asked_by	text NOT NULL,
	asked_at	timestamptz NOT NULL DEFAULT now(),
	state		text NOT NULL DEFAULT 'queued'
			    CHECK (state IN ('queued', 'running', 'done', 'failed')),
	started_at	timestamptz,
	finished_at	timestamptz,
	version		bigint REFERENCES mod_models (version),
	message		text NOT NULL DEFAULT ''
);
