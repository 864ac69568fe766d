-- 0135_suspension_appeals.sql: a suspended member appeals the suspension
-- once per decision, as the author of a removed post appeals the removal.
-- An appeal is of a post (post_id set) or of a suspension (post_id NULL;
-- decision_id is then the mod_log row of the suspend or purge, removed_by
-- the moderator who suspended).  The outcome tells the member
-- (suspension_lifted, suspension_upheld).
ALTER TABLE appeals ALTER COLUMN post_id DROP NOT NULL;
ALTER TABLE appeals ADD COLUMN kind text NOT NULL DEFAULT 'post'
	CHECK (kind IN ('post', 'suspension'));
ALTER TABLE appeals ADD CONSTRAINT appeals_kind_target
	CHECK ((kind = 'post') = (post_id IS NOT NULL));
CREATE INDEX appeals_user ON appeals (user_id) WHERE kind = 'suspension';

ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
	CHECK (kind IN ('answer', 'accepted', 'verified', 'unverified', 'held',
	'approved', 'official_edited', 'removed', 'hidden', 'accepted_edited',
	'redacted', 'watch_answer', 'watch_official', 'watch_verified',
	'mention', 'appeal_upheld', 'appeal_reversed', 'support_reply',
	'support_resolved', 'accept_reminder', 'suspension_lifted',
	'suspension_upheld'));
