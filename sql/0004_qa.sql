-- 0004_qa.sql: Q&A threads: tags, duplicates, revisions, votes,
-- notifications and the search documents.
--
-- Search: posts.search_doc is written by the application (app/text/fold.c):
-- the text NFKC-normalized, case-folded, hiragana folded to katakana, with
-- Latin words kept as words and every run of Japanese characters written
-- as overlapping two-character grams, so that 送金 or 口座 are lexemes of
-- their own.  search_tsv indexes it with the 'simple' configuration (no
-- stemming; queries use prefix matches for Latin words).  Titles are also
-- kept folded in threads.title_fold, indexed with pg_trgm for the
-- "similar questions" suggestions.

ALTER TABLE threads
	ADD COLUMN tags text[] NOT NULL DEFAULT '{}',
	ADD COLUMN duplicate_of bigint REFERENCES threads(id),
	ADD COLUMN title_fold text NOT NULL DEFAULT '',
	ADD COLUMN closed_by bigint REFERENCES users(id),
	ADD COLUMN closed_at timestamptz;
CREATE INDEX threads_tags ON threads USING gin (tags);
CREATE INDEX threads_title_trgm ON threads USING gin (title_fold gin_trgm_ops);
CREATE INDEX threads_author ON threads (author_id, id);

ALTER TABLE posts
	ADD COLUMN search_doc text NOT NULL DEFAULT '',
	ADD COLUMN search_tsv tsvector
		GENERATED ALWAYS AS (to_tsvector('simple', search_doc)) STORED,
	ADD COLUMN mod_reasons text NOT NULL DEFAULT '',	-- why the filters held it
	ADD COLUMN edited_by bigint REFERENCES users(id);
CREATE INDEX posts_search ON posts USING gin (search_tsv);
CREATE INDEX posts_official ON posts (created_at DESC) WHERE kind = 'official';
CREATE INDEX posts_verified ON posts (verified_at DESC) WHERE verified_at IS NOT NULL;

-- Every version of every post: revision 1 is the original.
CREATE TABLE post_revisions (
	id		bigserial PRIMARY KEY,
	post_id		bigint NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	revision	integer NOT NULL,
	editor_id	bigint NOT NULL REFERENCES users(id),
	title		text,			-- questions only
	tags		text[],
	body_md		text NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now(),
	UNIQUE (post_id, revision)
);

-- One vote per user per post (up-votes only; a second click takes it back).
CREATE TABLE votes (
	post_id		bigint NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	user_id		bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (post_id, user_id)
);

CREATE TABLE notifications (
	id		bigserial PRIMARY KEY,
	user_id		bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	kind		text NOT NULL CHECK (kind IN ('answer', 'accepted',
			'verified', 'unverified', 'held', 'approved',
			'official_edited')),
	thread_id	bigint REFERENCES threads(id) ON DELETE CASCADE,
	post_id		bigint REFERENCES posts(id) ON DELETE CASCADE,
	actor_id	bigint REFERENCES users(id),
	created_at	timestamptz NOT NULL DEFAULT now(),
	read_at		timestamptz
);
CREATE INDEX notifications_user ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
