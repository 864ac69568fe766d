-- 0022_post_search.sql: the search documents in a narrow table of their own.
--
-- Search ranks the newest matching posts (store/qa.c, store_qa_search): it
-- walks the newest documents backwards, or reads the GIN index when the
-- words are rare.  In posts, the tsvector (about 1 KB per post) was TOASTed
-- beside the Markdown and HTML, so every document walked cost an index
-- lookup in the TOAST table: 4-16 microseconds per post on the benchmark
-- data set.  Here each row holds only what search reads, with the tsvector
-- kept in the row (STORAGE MAIN: compressed, not moved out): about 1
-- microsecond per post (docs/performance.md, "Search").
--
-- Kept in step with posts by a trigger: a new post, a new search_doc (an
-- edit) or a new state (held, hidden, removed, shown again) rewrites the row.
-- Rows go with their post (ON DELETE CASCADE).  thread_id is for searches
-- within a category or tag.

CREATE TABLE post_search (
	post_id		bigint PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE,
	thread_id	bigint NOT NULL,
	visible		boolean NOT NULL,
	tsv		tsvector NOT NULL
);
ALTER TABLE post_search ALTER COLUMN tsv SET STORAGE MAIN;

CREATE FUNCTION post_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND NEW.search_doc = OLD.search_doc THEN
		UPDATE post_search SET visible = (NEW.state = 'visible')
		WHERE post_id = NEW.id;
		IF FOUND THEN
			RETURN NULL;
		END IF;
	END IF;
	INSERT INTO post_search (post_id, thread_id, visible, tsv)
	VALUES (NEW.id, NEW.thread_id, NEW.state = 'visible',
	    to_tsvector('simple', NEW.search_doc))
	ON CONFLICT (post_id) DO UPDATE
	SET visible = EXCLUDED.visible, tsv = EXCLUDED.tsv;
	RETURN NULL;
END
$$;

CREATE TRIGGER posts_search_sync AFTER INSERT OR UPDATE OF search_doc, state
	ON posts FOR EACH ROW EXECUTE FUNCTION post_search_sync();

INSERT INTO post_search (post_id, thread_id, visible, tsv)
SELECT id, thread_id, state = 'visible', to_tsvector('simple', search_doc)
FROM posts;
CREATE INDEX post_search_tsv ON post_search USING gin (tsv);

-- The generated column and its index are no longer read; dropping them
-- spares every new post a second tsvector and GIN entry.
ALTER TABLE posts DROP COLUMN search_tsv;
