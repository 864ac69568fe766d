-- bench/scale-check.sql: is the large data set consistent?  Prints one
-- line per difference, nothing when all is well (bench/dataset.sh fails on
-- any line).  A sample of threads (1 in 997, and the first 110: the
-- thread-page and the huge threads) recomputed from their posts as
-- THREAD_REFRESH_SET in app/store/queries.def does, last_activity_at as
-- the last visible post's time; then counts of the whole set.
\set ON_ERROR_STOP on
WITH f AS (SELECT v::bigint AS t0 FROM bench_meta WHERE k = 'first_thread'),
s AS (
	SELECT t.* FROM threads t, f WHERE t.id >= f.t0 AND
	    (t.id % 997 = 0 OR t.id < f.t0 + 110)
), r AS (
	SELECT s.id, s.visible, s.has_official, s.answer_count,
	    s.accepted_post_id, s.last_activity_at,
	    coalesce((SELECT p.state = 'visible' FROM posts p WHERE
	    p.thread_id = s.id AND p.kind = 'question' ORDER BY p.id LIMIT 1),
	    false) AS visible2,
	    EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = s.id AND
	    p.kind = 'official' AND p.state = 'visible') AS has_official2,
	    (SELECT count(*) FROM posts p WHERE p.thread_id = s.id AND
	    p.kind <> 'question' AND p.state = 'visible') AS answer_count2,
	    CASE WHEN EXISTS (SELECT 1 FROM posts p WHERE
	    p.id = s.accepted_post_id AND p.thread_id = s.id AND
	    p.kind = 'answer' AND p.state = 'visible') THEN s.accepted_post_id
	    END AS accepted2,
	    coalesce((SELECT max(p.created_at) FROM posts p WHERE
	    p.thread_id = s.id AND p.state = 'visible'), s.created_at) AS last2
	FROM s
)
SELECT 'thread ' || id || ': visible ' || visible || '/' || visible2 ||
    ', has_official ' || has_official || '/' || has_official2 ||
    ', answer_count ' || answer_count || '/' || answer_count2 ||
    ', accepted ' || coalesce(accepted_post_id::text, '-') || '/' ||
    coalesce(accepted2::text, '-') || ', last ' || last_activity_at || '/' ||
    last2
FROM r WHERE visible <> visible2 OR has_official <> has_official2 OR
    answer_count <> answer_count2 OR
    accepted_post_id IS DISTINCT FROM accepted2 OR last_activity_at <> last2;

-- The counts asked for, the queues against the posts' states.
WITH f AS (SELECT (SELECT v::bigint FROM bench_meta WHERE k = 'first_thread') AS t0,
    (SELECT v::bigint FROM bench_meta WHERE k = 'threads') AS nt,
    (SELECT v::bigint FROM bench_meta WHERE k = 'posts') AS np),
pc AS (SELECT count(*) AS np2, count(*) FILTER (WHERE p.state = 'held')
    AS held FROM posts p, f WHERE p.thread_id >= f.t0),	-- one pass
c AS (SELECT
    (SELECT count(*) FROM threads t, f WHERE t.id >= f.t0) AS nt2,
    (SELECT np2 FROM pc) AS np2, (SELECT held FROM pc) AS held,
    (SELECT count(*) FROM mod_queue WHERE kind = 'held' AND
	state = 'open') AS held_q,
    (SELECT count(*) FROM mod_queue q WHERE kind = 'flagged' AND
	state = 'open' AND NOT EXISTS (SELECT 1 FROM flags g WHERE
	g.post_id = q.post_id AND g.state = 'open')) AS flagged_bare,
    (SELECT count(*) FROM mod_queue WHERE kind = 'flagged' AND
	state = 'open') AS flagged_q)
SELECT 'threads ' || nt2 || ' (asked ' || nt || ')' FROM c, f WHERE nt2 <> nt
UNION ALL
SELECT 'posts ' || np2 || ' (asked ' || np || ')' FROM c, f WHERE np2 <> np
UNION ALL
SELECT 'held posts ' || held || ', open held items ' || held_q FROM c
    WHERE held <> held_q - (SELECT count(*) FROM mod_queue q JOIN posts p
    ON p.id = q.post_id, f WHERE q.kind = 'held' AND q.state = 'open' AND
    p.thread_id < f.t0) OR held = 0
UNION ALL
SELECT 'flagged items without an open flag: ' || flagged_bare FROM c
    WHERE flagged_bare <> 0 OR flagged_q = 0;

-- The open items' categories (migration 0204) and the members' answered
-- threads (migration 0203) for the sampled threads, against their source.
SELECT 'queue item ' || q.id || ': category ' ||
    coalesce(q.category_id::text, '-') || '/' || t.category_id
FROM mod_queue q JOIN posts p ON p.id = q.post_id
JOIN threads t ON t.id = p.thread_id
WHERE q.state = 'open' AND q.category_id IS DISTINCT FROM t.category_id;
WITH f AS (SELECT v::bigint AS t0 FROM bench_meta WHERE k = 'first_thread'),
s AS (SELECT t.id, t.last_activity_at FROM threads t, f WHERE t.id >= f.t0
    AND (t.id % 997 = 0 OR t.id < f.t0 + 110)),
r AS (SELECT DISTINCT p.author_id AS user_id, p.thread_id, s.last_activity_at
    FROM s JOIN posts p ON p.thread_id = s.id
    WHERE p.kind <> 'question' AND p.state = 'visible'),
m AS (SELECT m.* FROM member_answered m JOIN s ON s.id = m.thread_id)
SELECT 'member_answered ' || coalesce(r.user_id, m.user_id) || '/' ||
    coalesce(r.thread_id, m.thread_id) || ': ' ||
    CASE WHEN m.user_id IS NULL THEN 'missing' WHEN r.user_id IS NULL
    THEN 'extra' ELSE 'time ' || m.last_activity_at || '/' ||
    r.last_activity_at END
FROM r FULL JOIN m ON m.user_id = r.user_id AND m.thread_id = r.thread_id
WHERE r.user_id IS NULL OR m.user_id IS NULL OR
    r.last_activity_at <> m.last_activity_at;
