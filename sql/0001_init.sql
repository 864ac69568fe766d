-- 0001_init.sql: users, categories, threads, posts.
-- Later migrations extend these; a shipped migration is never edited.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE users (
	id		bigserial PRIMARY KEY,
	username	text NOT NULL,
	username_key	text NOT NULL UNIQUE,	-- NFKC + case-folded, for uniqueness
	display_name	text NOT NULL,
	role		text NOT NULL DEFAULT 'user'
			CHECK (role IN ('user', 'staff', 'moderator', 'admin')),
	trust_level	smallint NOT NULL DEFAULT 0 CHECK (trust_level BETWEEN 0 AND 3),
	lang		text NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja', 'en')),
	password_hash	text,
	created_at	timestamptz NOT NULL DEFAULT now(),
	locked_until	timestamptz,
	suspended_until	timestamptz,
	suspend_reason	text
);

CREATE TABLE categories (
	id		serial PRIMARY KEY,
	slug		text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]{1,40}$'),
	name_ja		text NOT NULL,
	name_en		text NOT NULL,
	description_ja	text NOT NULL DEFAULT '',
	description_en	text NOT NULL DEFAULT '',
	position	integer NOT NULL DEFAULT 0
);

CREATE TABLE threads (
	id		bigserial PRIMARY KEY,
	category_id	integer NOT NULL REFERENCES categories(id),
	author_id	bigint NOT NULL REFERENCES users(id),
	title		text NOT NULL,
	lang		text NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja', 'en')),
	status		text NOT NULL DEFAULT 'open'
			CHECK (status IN ('open', 'closed', 'locked')),
	visible		boolean NOT NULL DEFAULT true,	-- false while the question is held or removed
	pinned		boolean NOT NULL DEFAULT false,
	accepted_post_id bigint,
	has_official	boolean NOT NULL DEFAULT false,
	has_verified	boolean NOT NULL DEFAULT false,
	answer_count	integer NOT NULL DEFAULT 0,
	created_at	timestamptz NOT NULL DEFAULT now(),
	last_activity_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX threads_category_activity ON threads (category_id, pinned DESC, last_activity_at DESC);
CREATE INDEX threads_activity ON threads (last_activity_at DESC) WHERE visible;

CREATE TABLE posts (
	id		bigserial PRIMARY KEY,
	thread_id	bigint NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
	author_id	bigint NOT NULL REFERENCES users(id),
	kind		text NOT NULL CHECK (kind IN ('question', 'answer', 'official')),
	state		text NOT NULL DEFAULT 'visible'
			CHECK (state IN ('visible', 'held', 'private', 'hidden', 'removed')),
	body_md		text NOT NULL,
	body_html	text NOT NULL DEFAULT '',	-- cooked once on write
	score		integer NOT NULL DEFAULT 0,
	verified_by	bigint REFERENCES users(id),
	verified_at	timestamptz,
	revision	integer NOT NULL DEFAULT 1,
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX posts_thread ON posts (thread_id, id);
CREATE INDEX posts_author ON posts (author_id, id);

ALTER TABLE threads ADD CONSTRAINT threads_accepted_fk
	FOREIGN KEY (accepted_post_id) REFERENCES posts(id) DEFERRABLE INITIALLY DEFERRED;
