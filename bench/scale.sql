-- bench/scale.sql: the rows of the large data set that follow from its
-- posts (bench/dataset.sh, BENCH_SHAPE=scale; after bench-gen's threads
-- and posts are loaded and the indexes rebuilt).  Deterministic: every
-- choice is a function of ids.  One pass over posts collects what the
-- rest reads.
\set ON_ERROR_STOP on
SET session_replication_role = replica;	-- ids are consistent by construction
SET work_mem = '256MB';

CREATE TEMP TABLE bench_first AS
	SELECT (SELECT v::bigint FROM bench_meta WHERE k = 'first_thread') AS t0,
	    (SELECT min(id) FROM users WHERE username_key LIKE 'bench\_u%') AS u0,
	    (SELECT count(*) FROM users WHERE username_key LIKE 'bench\_u%') AS nu,
	    (SELECT id FROM users WHERE username_key = 'sato_staff') AS staff,
	    (SELECT id FROM users WHERE username_key = 'bench') AS bench;

-- The generated posts that are not visible, and two samples by id: 1 in 9
-- (notifications) and 1 in 211 (flags).
CREATE TEMP TABLE bench_p AS
	SELECT p.id, p.thread_id, p.author_id, p.kind, p.state, p.created_at
	FROM posts p, bench_first f
	WHERE p.thread_id >= f.t0 AND (p.state <> 'visible' OR p.id % 9 = 0
	    OR p.id % 211 = 0);

-- The held queue: one open item per held post (a scam wave: 2 % of the
-- answers), queued at the post's time.
INSERT INTO mod_queue (post_id, kind, score, reasons, created_at)
	SELECT id, 'held', 0.9, 'bench.scam_wave', created_at FROM bench_p
	WHERE state = 'held';
-- Removed posts: their decided held item.
INSERT INTO mod_queue (post_id, kind, state, score, reasons, decision,
    reason, decided_by, decided_at, created_at)
	SELECT p.id, 'held', 'decided', 0.9, 'bench.scam_wave', 'remove',
	    'spam', p.removed_by, p.removed_at, p.created_at
	FROM posts p JOIN bench_p b ON b.id = p.id WHERE b.state = 'removed';

-- Flags: 1 in 211 visible answers, by 1..3 members each; each such post
-- is an open item of the flagged queue (score: its flags' weight).
INSERT INTO flags (post_id, user_id, reason, weight, created_at)
	SELECT b.id, f.u0 + (b.id * 7919 + k * 104729) % f.nu,
	    (ARRAY['spam', 'scam', 'abusive', 'offtopic', 'other'])
	    [1 + (b.id + k) % 5], 1, b.created_at + k * interval '1 hour'
	FROM bench_p b, bench_first f, generate_series(1, 3) k
	WHERE b.state = 'visible' AND b.kind = 'answer' AND b.id % 211 = 0
	    AND k <= 1 + b.id % 3
	ON CONFLICT DO NOTHING;
INSERT INTO mod_queue (post_id, kind, score, reasons, created_at)
	SELECT post_id, 'flagged', sum(weight), string_agg(DISTINCT reason,
	    '; '), min(created_at) FROM flags
	WHERE post_id IN (SELECT id FROM bench_p WHERE id % 211 = 0)
	GROUP BY post_id;

-- The open items' categories (kept by a trigger on the forum, off here;
-- migration 0204).
UPDATE mod_queue q SET category_id = t.category_id
	FROM posts p JOIN threads t ON t.id = p.thread_id
	WHERE p.id = q.post_id AND q.state = 'open';

-- Notifications: the asker of a thread hears of 1 in 9 visible answers
-- (9 in 10 read a day later); the user "bench" of 20,000 more.
INSERT INTO notifications (user_id, kind, thread_id, post_id, actor_id,
    created_at, read_at, mail_state)
	SELECT t.author_id, 'answer', b.thread_id, b.id, b.author_id,
	    b.created_at, CASE WHEN b.id % 10 <> 0 THEN b.created_at +
	    interval '1 day' END, 'sent'
	FROM bench_p b JOIN threads t ON t.id = b.thread_id
	WHERE b.state = 'visible' AND b.kind = 'answer' AND b.id % 9 = 0
	    AND b.author_id <> t.author_id;
INSERT INTO notifications (user_id, kind, thread_id, post_id, actor_id,
    created_at, read_at, mail_state)
	SELECT f.bench, 'watch_answer', b.thread_id, b.id, b.author_id,
	    b.created_at, CASE WHEN b.id % 7 <> 0 THEN b.created_at +
	    interval '1 hour' END, 'sent'
	FROM (SELECT * FROM bench_p WHERE state = 'visible' AND kind = 'answer'
	    AND id % 9 = 0 ORDER BY id DESC LIMIT 20000) b, bench_first f;

-- Support cases on 1 in 200 visible threads (a third resolved), and
-- desk claims by the staff member on 1 in 100 open ones.
INSERT INTO support_cases (thread_id, asker_id, opened_by, state,
    created_at, first_staff_at, resolved_at, resolved_by)
	SELECT t.id, t.author_id, t.author_id, CASE WHEN t.id % 3 = 0 THEN
	    'resolved' ELSE 'open' END, t.created_at + interval '2 hours',
	    CASE WHEN t.id % 2 = 0 THEN t.created_at + interval '5 hours' END,
	    CASE WHEN t.id % 3 = 0 THEN t.created_at + interval '1 day' END,
	    CASE WHEN t.id % 3 = 0 THEN f.staff END
	FROM threads t, bench_first f
	WHERE t.id >= f.t0 AND t.id % 200 = 5 AND t.visible;
INSERT INTO support_claims (thread_id, staff_id, assigned_by, claimed_at)
	SELECT t.id, f.staff, f.staff, t.created_at + interval '3 hours'
	FROM threads t, bench_first f
	WHERE t.id >= f.t0 AND t.id % 100 = 7 AND t.visible
	    AND t.accepted_post_id IS NULL AND NOT t.has_official;

SELECT setval('mod_queue_id_seq', (SELECT max(id) FROM mod_queue));
SELECT setval('flags_id_seq', (SELECT max(id) FROM flags));
SELECT setval('notifications_id_seq', (SELECT max(id) FROM notifications));
SELECT setval('support_cases_id_seq', (SELECT max(id) FROM support_cases));
