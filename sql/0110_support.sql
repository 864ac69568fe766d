-- 0110_support.sql: escalation to official support (docs/support.md).
--
-- A support case belongs to one thread (its asker and staff only: no page,
-- search document, feed, history or API of anyone else reads these
-- tables).  Messages are stored with their secrets already masked: the
-- text a member pasted (a recovery phrase, a private key) never reaches
-- the database.  The public thread shows only the case's state.
CREATE TABLE support_cases (
	id		bigserial PRIMARY KEY,
	thread_id	bigint NOT NULL UNIQUE REFERENCES threads(id)
			ON DELETE CASCADE,
	asker_id	bigint NOT NULL REFERENCES users(id),
	opened_by	bigint NOT NULL REFERENCES users(id),
	state		text NOT NULL DEFAULT 'open'
			CHECK (state IN ('open', 'resolved')),
	created_at	timestamptz NOT NULL DEFAULT now(),
	first_staff_at	timestamptz,		-- the first staff message
	resolved_at	timestamptz,
	resolved_by	bigint REFERENCES users(id)
);
CREATE INDEX support_cases_open ON support_cases (created_at)
	WHERE state = 'open';

CREATE TABLE support_messages (
	id		bigserial PRIMARY KEY,
	case_id		bigint NOT NULL REFERENCES support_cases(id)
			ON DELETE CASCADE,
	author_id	bigint NOT NULL REFERENCES users(id),
	staff		boolean NOT NULL,	-- written by staff
	body_md		text NOT NULL,		-- secrets masked before storage
	cooked		text NOT NULL,
	masked		boolean NOT NULL DEFAULT false,
	flagged		text NOT NULL DEFAULT '',	-- filters' reasons, for staff
	created_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX support_messages_case ON support_messages (case_id, id);

-- The member is told in the forum when staff answer or resolve the case.
ALTER TABLE notifications ADD COLUMN support_case_id bigint
	REFERENCES support_cases(id) ON DELETE CASCADE;
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
	CHECK (kind IN ('answer', 'accepted', 'verified', 'unverified', 'held',
	'approved', 'official_edited', 'removed', 'hidden', 'accepted_edited',
	'redacted', 'support_reply', 'support_resolved'));
