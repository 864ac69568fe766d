-- 0006_modq.sql: moderator queues, flags, the moderators' audit log
-- (mod_log), campaigns (contact points per post, blocked contact points)
-- and the classifier's counts.  See docs/moderation-queues.md.

-- Each flagger's record: flags upheld and declined by moderators.  Read
-- by the flag weight (app/store/modq.c) and by the trust ladder.
ALTER TABLE users
	ADD COLUMN flags_upheld		integer NOT NULL DEFAULT 0,
	ADD COLUMN flags_declined	integer NOT NULL DEFAULT 0;

-- Why and when moderators removed a post: the thread shows a placeholder
-- "removed by moderators: <reason>" with removed_at.
ALTER TABLE posts
	ADD COLUMN removed_reason	text,
	ADD COLUMN removed_at		timestamptz,
	ADD COLUMN removed_by		bigint REFERENCES users(id);

-- One row per item a moderator must decide: held (the filters held it),
-- private (held for the author's own secrets), flagged (users flagged it)
-- and first (a new account's first posts, decided rows only: the open
-- ones are a query, since N is configuration).  A post has at most one
-- open item of each kind.  Deciding is a conditional UPDATE ... WHERE
-- state = 'open' (or, for first posts, an INSERT that conflicts), so two
-- moderators acting at once record exactly one decision.
CREATE TABLE mod_queue (
	id		bigserial PRIMARY KEY,
	post_id		bigint NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	kind		text NOT NULL CHECK (kind IN ('held', 'private', 'flagged', 'first')),
	state		text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'decided')),
	score		real NOT NULL DEFAULT 0,	-- the filters' score when held
	reasons		text NOT NULL DEFAULT '',	-- their rule ids, "; "-separated
	decision	text,		-- approve, remove, dismiss, edit, purge
	reason		text,		-- spam, scam, abusive, offtopic, secret, other
	decided_by	bigint REFERENCES users(id),
	decided_at	timestamptz,
	created_at	timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX mod_queue_open ON mod_queue (post_id, kind) WHERE state = 'open';
CREATE UNIQUE INDEX mod_queue_first ON mod_queue (post_id) WHERE kind = 'first';
CREATE INDEX mod_queue_kind ON mod_queue (kind, created_at) WHERE state = 'open';
CREATE INDEX mod_queue_decided ON mod_queue (decided_at) WHERE state = 'decided';

-- A post that becomes held or private enters its queue, whichever code
-- path wrote it (posting, editing, a script).
CREATE FUNCTION mod_queue_enter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.state IN ('held', 'private') AND
	    (TG_OP = 'INSERT' OR OLD.state IS DISTINCT FROM NEW.state) THEN
		INSERT INTO mod_queue (post_id, kind) VALUES (NEW.id, NEW.state)
		ON CONFLICT (post_id, kind) WHERE state = 'open' DO NOTHING;
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER posts_mod_queue AFTER INSERT OR UPDATE OF state ON posts
	FOR EACH ROW EXECUTE FUNCTION mod_queue_enter();

-- Flags: one per user per post, weighted by the flagger's trust when made.
CREATE TABLE flags (
	id		bigserial PRIMARY KEY,
	post_id		bigint NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	user_id		bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	reason		text NOT NULL CHECK (reason IN ('spam', 'scam', 'abusive', 'offtopic', 'other')),
	note		text NOT NULL DEFAULT '',
	weight		real NOT NULL,
	state		text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'upheld', 'declined')),
	created_at	timestamptz NOT NULL DEFAULT now(),
	UNIQUE (post_id, user_id)
);
CREATE INDEX flags_open ON flags (post_id) WHERE state = 'open';

-- Every moderator and admin action on posts, accounts and contact points.
-- Append-only: triggers refuse UPDATE, DELETE and TRUNCATE.  Separate from
-- the accounts' audit_log (administrative acts on accounts by the CLI and
-- admins): a moderation row targets a post, an account or a contact
-- point, carries the state before and after (what undo restores) and may
-- undo an earlier row.
CREATE TABLE mod_log (
	id		bigserial PRIMARY KEY,
	at		timestamptz NOT NULL DEFAULT now(),
	actor_id	bigint,			-- users.id; NULL: the system (flag threshold)
	actor_name	text NOT NULL,
	action		text NOT NULL,		-- approve, remove, edit, dismiss, purge, suspend, hide, block, undo
	target_kind	text NOT NULL CHECK (target_kind IN ('post', 'user', 'contact')),
	target_id	bigint,			-- posts.id or users.id (no foreign key: rows outlive them)
	target_text	text NOT NULL DEFAULT '',	-- contact point, user name
	target_user	bigint,			-- the author concerned
	reason		text NOT NULL DEFAULT '',
	note		text NOT NULL DEFAULT '',
	before		jsonb NOT NULL DEFAULT '{}',
	after		jsonb NOT NULL DEFAULT '{}',
	undo_of		bigint REFERENCES mod_log(id)
);
CREATE INDEX mod_log_at ON mod_log (at DESC);
CREATE INDEX mod_log_target ON mod_log (target_kind, target_id);
CREATE UNIQUE INDEX mod_log_undo_once ON mod_log (undo_of) WHERE undo_of IS NOT NULL;

CREATE FUNCTION mod_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'mod_log is append-only';
END
$$;
CREATE TRIGGER mod_log_no_update BEFORE UPDATE OR DELETE ON mod_log
	FOR EACH ROW EXECUTE FUNCTION mod_log_refuse();
CREATE TRIGGER mod_log_no_truncate BEFORE TRUNCATE ON mod_log
	FOR EACH STATEMENT EXECUTE FUNCTION mod_log_refuse();

-- Contact points the filters extracted from each post (normalized by the
-- moderation library: phones "+81...", e-mail lower case, handles bare).
CREATE TABLE post_contacts (
	post_id		bigint NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	type		text NOT NULL,
	value		text NOT NULL,
	PRIMARY KEY (post_id, type, value)
);
CREATE INDEX post_contacts_value ON post_contacts (type, value);

-- Contact points removed here as scams: any later post using one is held.
CREATE TABLE blocked_contacts (
	type		text NOT NULL,
	value		text NOT NULL,
	reason		text NOT NULL DEFAULT 'scam',
	blocked_by	bigint REFERENCES users(id),
	blocked_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (type, value)
);

-- The Bayesian classifier's counts (moderation library: the caller stores
-- them).  h is the 64-bit feature hash as a signed bigint.
CREATE TABLE filter_tokens (
	h		bigint PRIMARY KEY,
	ham		integer NOT NULL DEFAULT 0 CHECK (ham >= 0),
	spam		integer NOT NULL DEFAULT 0 CHECK (spam >= 0)
);
CREATE TABLE filter_totals (
	one		boolean PRIMARY KEY DEFAULT true CHECK (one),
	nham		integer NOT NULL DEFAULT 0 CHECK (nham >= 0),
	nspam		integer NOT NULL DEFAULT 0 CHECK (nspam >= 0)
);
INSERT INTO filter_totals DEFAULT VALUES;
