-- 0136_thread_views.sql: views of thread pages per thread and day, for
-- the deflection numbers of /staff/stats (views of solved threads).  The
-- server counts views in memory (lib/views.c: robots excluded by
-- User-Agent, pages served from the page cache included) and adds them
-- here in batches, one statement per flush; nothing is written per view.
CREATE TABLE thread_views (
	thread_id	bigint NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
	day		date NOT NULL,
	views		bigint NOT NULL DEFAULT 0 CHECK (views >= 0),
	PRIMARY KEY (thread_id, day)
);
CREATE INDEX thread_views_day ON thread_views (day);
