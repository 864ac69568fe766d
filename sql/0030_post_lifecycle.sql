-- 0030_post_lifecycle.sql: the life of a post has one owner (app/post/).
--
-- The application writes every part of a transition in one transaction
-- (post, revision, verdict, queue row, contacts, search document,
-- notifications, log), so the trigger that created queue rows on its own
-- goes.  Revisions say whether the public ever saw them and whether a
-- moderator redacted them; a verification and an acceptance name the
-- revision they were given to.

DROP TRIGGER IF EXISTS posts_mod_queue ON posts;
DROP FUNCTION IF EXISTS mod_queue_enter();

ALTER TABLE post_revisions
	ADD COLUMN public	boolean NOT NULL DEFAULT false,
	ADD COLUMN redacted_at	timestamptz,
	ADD COLUMN redacted_by	bigint REFERENCES users(id);
-- What was published before this migration: the revisions of posts the
-- public sees now (a held post's revisions stay private).
UPDATE post_revisions r SET public = true FROM posts p
	WHERE p.id = r.post_id AND p.state IN ('visible', 'hidden', 'removed');

ALTER TABLE posts
	ADD COLUMN verified_revision	integer,
	ADD COLUMN redacted_at		timestamptz,
	ADD COLUMN redacted_by		bigint REFERENCES users(id);
UPDATE posts SET verified_revision = revision WHERE verified_by IS NOT NULL;

ALTER TABLE threads ADD COLUMN accepted_revision integer;
UPDATE threads t SET accepted_revision = p.revision FROM posts p
	WHERE p.id = t.accepted_post_id;

ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
	CHECK (kind IN ('answer', 'accepted', 'verified', 'unverified', 'held',
	'approved', 'official_edited', 'removed', 'hidden', 'accepted_edited',
	'redacted'));
