-- 0112_sweep.sql: solved reminders and closing (docs/support.md,
-- `sodan admin support-sweep`).  One row per thread the sweep touched:
-- the asker reminded once to accept an answer; a solved, quiet thread
-- closed once (a thread staff reopen is not closed again by the sweep).
CREATE TABLE support_sweeps (
	thread_id	bigint PRIMARY KEY REFERENCES threads(id)
			ON DELETE CASCADE,
	reminded_at	timestamptz,
	closed_at	timestamptz
);

ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
	CHECK (kind IN ('answer', 'accepted', 'verified', 'unverified', 'held',
	'approved', 'official_edited', 'removed', 'hidden', 'accepted_edited',
	'redacted', 'support_reply', 'support_resolved', 'accept_reminder'));
