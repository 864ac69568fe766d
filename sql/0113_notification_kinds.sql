-- The notification kinds of watching and appeals (0100) and of support
-- cases and reminders (0110, 0112) together: each of those migrations
-- re-created the check with its own list.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
	CHECK (kind IN ('answer', 'accepted', 'verified', 'unverified', 'held',
	'approved', 'official_edited', 'removed', 'hidden', 'accepted_edited',
	'redacted', 'watch_answer', 'watch_official', 'watch_verified',
	'mention', 'appeal_upheld', 'appeal_reversed', 'support_reply',
	'support_resolved', 'accept_reminder'));
