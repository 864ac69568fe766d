-- 0137_kb.sql: the knowledge base (/kb): articles written by staff or
-- promoted from a solved thread, their revisions, "was this helpful?"
-- votes and "this solved it" marks from the ask form.
--
-- An article promoted from a thread keeps the question and the answer it
-- was built from (source_question, source_answer and the revisions copied,
-- which were public, visible and unredacted then).  When either source
-- post is later edited, unverified, hidden, redacted or removed, the
-- transaction of that change sets needs_review (store_kb_source_changed);
-- a redaction, removal or hiding also sets withheld: the article leaves
-- the public pages, the search and the sitemap until staff edit it.
CREATE TABLE kb_articles (
	id		bigserial PRIMARY KEY,
	slug		text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]{1,80}$'),
	category_id	integer NOT NULL REFERENCES categories(id),
	tags		text[] NOT NULL DEFAULT '{}',
	lang		text NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja', 'en')),
	title		text NOT NULL,
	question_md	text NOT NULL DEFAULT '',	-- empty: a staff article
	question_html	text NOT NULL DEFAULT '',
	body_md		text NOT NULL,
	body_html	text NOT NULL,
	revision	integer NOT NULL DEFAULT 1,
	source_thread	bigint REFERENCES threads(id) ON DELETE SET NULL,
	source_question	bigint REFERENCES posts(id) ON DELETE SET NULL,
	source_answer	bigint REFERENCES posts(id) ON DELETE SET NULL,
	created_by	bigint NOT NULL REFERENCES users(id),
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	needs_review	boolean NOT NULL DEFAULT false,
	review_reason	text NOT NULL DEFAULT '',	-- edited, unverified, ...
	review_since	timestamptz,
	withheld	boolean NOT NULL DEFAULT false,
	search_doc	text NOT NULL DEFAULT '',	-- app/text/fold.c
	search_tsv	tsvector
			GENERATED ALWAYS AS (to_tsvector('simple', search_doc)) STORED
);
CREATE INDEX kb_articles_category ON kb_articles (category_id, updated_at DESC);
CREATE INDEX kb_articles_source_q ON kb_articles (source_question);
CREATE INDEX kb_articles_source_a ON kb_articles (source_answer);
CREATE INDEX kb_articles_review ON kb_articles (review_since) WHERE needs_review;
CREATE INDEX kb_articles_search ON kb_articles USING gin (search_tsv);

-- Every version of every article: revision 1 is the original.
CREATE TABLE kb_revisions (
	article_id	bigint NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
	revision	integer NOT NULL,
	editor_id	bigint NOT NULL REFERENCES users(id),
	title		text NOT NULL,
	question_md	text NOT NULL,
	body_md		text NOT NULL,
	note		text NOT NULL DEFAULT '',	-- promoted, written, edited
	-- its text came from a source later redacted, removed or hidden:
	-- the history shows that it was, never the text
	withheld	boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (article_id, revision)
);

-- "Was this helpful?": one vote per member (u:ID) or anonymous visitor
-- (c: the SHA-256 of the visitor's CSRF cookie); a second vote changes it.
CREATE TABLE kb_votes (
	article_id	bigint NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
	voter		text NOT NULL,
	helpful		boolean NOT NULL,
	at		timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (article_id, voter)
);

-- "This solved it" from the ask form: a member, an article, a day, once.
CREATE TABLE kb_solved (
	article_id	bigint NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
	user_id		bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	day		date NOT NULL DEFAULT current_date,
	PRIMARY KEY (article_id, user_id, day)
);
CREATE INDEX kb_solved_day ON kb_solved (day);
-- One article per thread: promoting a thread twice finds the first one.
CREATE UNIQUE INDEX kb_articles_thread ON kb_articles (source_thread)
	WHERE source_thread IS NOT NULL;
