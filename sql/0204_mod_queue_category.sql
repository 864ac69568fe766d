-- 0204_mod_queue_category.sql: the moderator queue's filtered views
-- (MODQ_LIST / _N in app/store/queries.def) read a page's worth of index.
--
-- By category: an open queue item's category on its own row, so the view
-- walks mod_queue_ks_open_cat for a page.  Before, it walked every open
-- item of the queue in order and looked up each one's post and thread to
-- find the category: at 10 M posts (193,000 open items, 40 categories)
-- 90-107 ms a view.
--
-- By reason (a word of the filter's reasons, or a flag's reason): a
-- trigram index of the open items' reasons and an index of open flags by
-- reason, so a rare reason is found by bitmap instead of by reading every
-- open item's post (2.1-4.5 s at 10 M posts); a common one still walks
-- the queue in order, filtering on the queue row alone.
--
-- Kept by triggers, whatever code path writes: an item entering a queue
-- takes its thread's category (mod_queue_category_set, BEFORE INSERT); a
-- thread moved to another category (a staff move, a category merged into
-- another) moves its open items (threads_mod_queue_category); a post moved
-- to another thread moves its open items too.  Decided items keep the
-- category they had; only open items are filtered.
ALTER TABLE mod_queue ADD COLUMN category_id int;

UPDATE mod_queue q SET category_id = t.category_id
FROM posts p JOIN threads t ON t.id = p.thread_id
WHERE p.id = q.post_id AND q.state = 'open';

CREATE INDEX mod_queue_ks_open_cat ON mod_queue
	(kind, category_id, created_at, id) WHERE state = 'open';
CREATE INDEX mod_queue_open_reasons ON mod_queue
	USING gin (reasons gin_trgm_ops) WHERE state = 'open';
CREATE INDEX flags_open_reason ON flags (reason, post_id)
	WHERE state = 'open';

CREATE FUNCTION mod_queue_category_set() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	SELECT t.category_id INTO NEW.category_id FROM posts p
	JOIN threads t ON t.id = p.thread_id WHERE p.id = NEW.post_id;
	RETURN NEW;
END
$$;
CREATE TRIGGER mod_queue_category BEFORE INSERT ON mod_queue
	FOR EACH ROW EXECUTE FUNCTION mod_queue_category_set();

CREATE FUNCTION mod_queue_thread_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	UPDATE mod_queue SET category_id = NEW.category_id
	WHERE state = 'open' AND post_id IN (SELECT p.id FROM posts p
	    WHERE p.thread_id = NEW.id);
	RETURN NULL;
END
$$;
CREATE TRIGGER threads_mod_queue_category
	AFTER UPDATE OF category_id ON threads FOR EACH ROW
	WHEN (OLD.category_id IS DISTINCT FROM NEW.category_id)
	EXECUTE FUNCTION mod_queue_thread_moved();

CREATE FUNCTION mod_queue_post_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	UPDATE mod_queue q SET category_id = t.category_id
	FROM threads t WHERE t.id = NEW.thread_id
	AND q.post_id = NEW.id AND q.state = 'open';
	RETURN NULL;
END
$$;
CREATE TRIGGER posts_mod_queue_category
	AFTER UPDATE OF thread_id ON posts FOR EACH ROW
	WHEN (OLD.thread_id IS DISTINCT FROM NEW.thread_id)
	EXECUTE FUNCTION mod_queue_post_moved();
