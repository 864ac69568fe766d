-- 0101_appeals.sql: the author of a removed post asks, once per removal,
-- for another look.  decision_id is the mod_log row of the removal
-- appealed (unique: one appeal per decision); removed_by the moderator
-- who removed, who may not decide the appeal while another moderator
-- exists (store: APPEAL_DECIDE).
CREATE TABLE appeals (
	id		bigserial PRIMARY KEY,
	post_id		bigint NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	user_id		bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	decision_id	bigint NOT NULL UNIQUE,		-- mod_log.id of the removal
	removed_by	bigint,				-- users.id (mod_log.actor_id)
	reason		text NOT NULL DEFAULT '',	-- the removal's reason code
	body		text NOT NULL,
	state		text NOT NULL DEFAULT 'open'
			CHECK (state IN ('open', 'upheld', 'reversed')),
	decided_by	bigint REFERENCES users(id),
	decided_at	timestamptz,
	note		text NOT NULL DEFAULT '',
	created_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX appeals_open ON appeals (created_at) WHERE state = 'open';
CREATE INDEX appeals_post ON appeals (post_id);
