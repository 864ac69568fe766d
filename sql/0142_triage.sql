-- 0142_triage.sql: urgency triage of questions (docs/support.md, "Urgency
-- triage").  Every new question is classified when it is asked, in the
-- transaction that creates it: triage_auto is what the rules said (NULL:
-- asked before triage existed), triage_class what holds now (the rules'
-- class until staff correct it), triage_reasons the rules' reasons as a
-- JSON array of {"rule", "ja", "en"}.  Corrections by staff are kept, one
-- row each, for the precision and recall of /staff/stats; each is also a
-- mod_log row (action 'triage', target_kind 'thread').
ALTER TABLE threads
	ADD COLUMN triage_class text NOT NULL DEFAULT 'normal'
		CHECK (triage_class IN ('urgent', 'normal', 'low')),
	ADD COLUMN triage_auto text
		CHECK (triage_auto IN ('urgent', 'normal', 'low')),
	ADD COLUMN triage_reasons jsonb NOT NULL DEFAULT '[]';
CREATE INDEX threads_urgent ON threads (created_at)
	WHERE triage_class = 'urgent';

CREATE TABLE triage_corrections (
	id		bigserial PRIMARY KEY,
	thread_id	bigint NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
	staff_id	bigint NOT NULL REFERENCES users(id),
	from_class	text NOT NULL CHECK (from_class IN ('urgent', 'normal', 'low')),
	to_class	text NOT NULL CHECK (to_class IN ('urgent', 'normal', 'low')),
	auto_class	text NOT NULL CHECK (auto_class IN ('urgent', 'normal', 'low')),
	note		text NOT NULL DEFAULT '',
	at		timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX triage_corrections_thread ON triage_corrections (thread_id, id);
