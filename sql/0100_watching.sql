-- 0100_watching.sql: watching threads, tags and categories; notifications
-- by e-mail (per-kind preferences, batching per thread, a daily digest,
-- one-click unsubscribe); appeals of moderators' removals.

-- What a member follows, and how closely.  kind 'thread': target is the
-- thread's id; 'tag': the tag; 'category': the category's id.  A level
-- on the thread wins over its tags and category; among those, muted wins,
-- then watching, then tracking (store/watch.c).
CREATE TABLE watches (
	user_id		bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	kind		text NOT NULL CHECK (kind IN ('thread', 'tag', 'category')),
	target		text NOT NULL,
	level		text NOT NULL CHECK (level IN ('watching', 'tracking',
			'muted')),
	created_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (user_id, kind, target)
);
CREATE INDEX watches_target ON watches (kind, target);

-- New kinds: a new answer in a watched thread, an official answer or a
-- staff verification in a watched or tracked thread, an @mention, and the
-- outcome of an appeal.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
	CHECK (kind IN ('answer', 'accepted', 'verified', 'unverified', 'held',
	'approved', 'official_edited', 'removed', 'hidden', 'accepted_edited',
	'redacted', 'watch_answer', 'watch_official', 'watch_verified',
	'mention', 'appeal_upheld', 'appeal_reversed'));

-- A notification is its own mail queue: written in the transaction of its
-- event as 'pending', turned into an outbox message (or 'skipped' by the
-- member's preferences) by the mail thread in one transaction.  Rows
-- older than this migration are never mailed.
ALTER TABLE notifications ADD COLUMN mail_state text NOT NULL DEFAULT 'none'
	CHECK (mail_state IN ('none', 'pending', 'sent', 'skipped'));
ALTER TABLE notifications ALTER COLUMN mail_state SET DEFAULT 'pending';
CREATE INDEX notifications_mail_pending ON notifications (user_id, thread_id)
	WHERE mail_state = 'pending';

-- Mail preferences; no row: instant mail for every kind.  mode 'digest':
-- one mail a day; 'off': none.  mail_off: kinds not mailed.
CREATE TABLE notify_prefs (
	user_id		bigint PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	mode		text NOT NULL DEFAULT 'instant' CHECK (mode IN ('instant',
			'digest', 'off')),
	mail_off	text[] NOT NULL DEFAULT '{}',
	last_digest_at	timestamptz NOT NULL DEFAULT now()
);

-- When a member was last mailed about a thread: at most one mail per
-- thread per 15 minutes (thread_id 0: no thread).
CREATE TABLE mail_thread_sent (
	user_id		bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	thread_id	bigint NOT NULL,
	sent_at		timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (user_id, thread_id)
);
