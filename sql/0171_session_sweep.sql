-- 0171_session_sweep.sql: the hourly sweep of ended sessions
-- (store_sessions_sweep, SESSIONS_EXPIRED_DELETE) reads these two indexes
-- (a BitmapOr) instead of the whole table; one instance sweeps at a time
-- under an advisory lock.  tests/http/t298_sessions_sweep.py checks both.
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);
