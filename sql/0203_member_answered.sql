-- 0203_member_answered.sql: the threads each member answered in, with the
-- thread's last activity, so a member's answers list (KS_ANSWERED_O / _N
-- in app/store/queries.def) is one index walk however many threads the
-- member answered in.  Before, the page was chosen from all of the
-- member's threads (posts_ks_answered, threads_ks_id_at): at 10 M posts a
-- member with 2,358 answered threads took 67-95 ms a page and 14 ms to
-- plan.
--
-- Kept by triggers, whatever code path writes: a post's insert, a change
-- of its state, kind, thread or author re-reads whether the member still
-- has a visible answer in the thread (posts_ks_answered, one probe); a
-- thread's new last activity is copied to its rows (member_answered_thread,
-- as many rows as the thread has answerers).  Hidden threads keep their
-- rows; the list skips them as it walks.  The recount that checks it is
-- MEMBER_ANSWERED_DRIFT (tests/http/t365_member_answered.py).
--
-- On a large live database the backfill below runs in the migration's
-- transaction (about 8.5 M rows at 10 M posts); docs/operations.md, "Data
-- at scale".
CREATE TABLE member_answered (
	user_id		bigint NOT NULL,
	thread_id	bigint NOT NULL,
	last_activity_at timestamptz NOT NULL
);

-- The rows first, the keys after: the indexes sorted once, not grown
-- row by row.
INSERT INTO member_answered (user_id, thread_id, last_activity_at)
SELECT DISTINCT p.author_id, p.thread_id, t.last_activity_at
FROM posts p JOIN threads t ON t.id = p.thread_id
WHERE p.kind <> 'question' AND p.state = 'visible';

-- No foreign keys: a row stands for a visible answer, whose post already
-- holds its thread and author (a thread deleted deletes its posts, whose
-- trigger deletes the rows; a member with posts cannot be deleted), and
-- the two checks with their row locks on threads and users cost more
-- than the insert itself.
ALTER TABLE member_answered ADD PRIMARY KEY (thread_id, user_id);
CREATE INDEX member_answered_ks ON member_answered
	(user_id, last_activity_at DESC, thread_id DESC);

-- Whether (user, thread) belongs in member_answered, set to match.
CREATE FUNCTION member_answered_sync(u bigint, th bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM posts p WHERE p.author_id = u
	    AND p.thread_id = th AND p.kind <> 'question'
	    AND p.state = 'visible') THEN
		INSERT INTO member_answered (user_id, thread_id, last_activity_at)
		SELECT u, th, t.last_activity_at FROM threads t WHERE t.id = th
		ON CONFLICT (thread_id, user_id) DO NOTHING;
	ELSE
		DELETE FROM member_answered WHERE thread_id = th AND user_id = u;
	END IF;
END
$$;

CREATE FUNCTION member_answered_post() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		-- a visible answer: the pair belongs (no need to look)
		IF NEW.kind <> 'question' AND NEW.state = 'visible' THEN
			INSERT INTO member_answered (user_id, thread_id,
			    last_activity_at)
			SELECT NEW.author_id, NEW.thread_id, t.last_activity_at
			FROM threads t WHERE t.id = NEW.thread_id
			ON CONFLICT (thread_id, user_id) DO NOTHING;
		END IF;
		RETURN NULL;
	END IF;
	IF TG_OP = 'DELETE' THEN
		PERFORM member_answered_sync(OLD.author_id, OLD.thread_id);
		RETURN NULL;
	END IF;
	IF (OLD.kind <> 'question' AND OLD.state = 'visible') IS NOT DISTINCT FROM
	    (NEW.kind <> 'question' AND NEW.state = 'visible')
	    AND OLD.author_id = NEW.author_id AND OLD.thread_id = NEW.thread_id THEN
		RETURN NULL;
	END IF;
	PERFORM member_answered_sync(OLD.author_id, OLD.thread_id);
	IF OLD.author_id <> NEW.author_id OR OLD.thread_id <> NEW.thread_id THEN
		PERFORM member_answered_sync(NEW.author_id, NEW.thread_id);
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER posts_member_answered
	AFTER INSERT OR DELETE OR UPDATE OF state, kind, author_id, thread_id
	ON posts FOR EACH ROW EXECUTE FUNCTION member_answered_post();

CREATE FUNCTION member_answered_activity() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	UPDATE member_answered SET last_activity_at = NEW.last_activity_at
	WHERE thread_id = NEW.id;
	RETURN NULL;
END
$$;
CREATE TRIGGER threads_member_answered
	AFTER UPDATE OF last_activity_at ON threads FOR EACH ROW
	WHEN (OLD.last_activity_at IS DISTINCT FROM NEW.last_activity_at)
	EXECUTE FUNCTION member_answered_activity();
