-- 0002_sessions.sql: signed-in sessions.  The cookie carries a random
-- 256-bit token; only its SHA-256 is stored, so a database dump cannot be
-- replayed as cookies.
CREATE TABLE sessions (
	id		bigserial PRIMARY KEY,
	user_id		bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	token_hash	text NOT NULL UNIQUE,		-- hex SHA-256 of the cookie token
	csrf		text NOT NULL,			-- per-session CSRF token
	created_at	timestamptz NOT NULL DEFAULT now(),
	last_seen_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz NOT NULL DEFAULT now() + interval '30 days',	-- absolute
	user_agent	text NOT NULL DEFAULT '',
	ip		text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
