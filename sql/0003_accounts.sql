-- 0003_accounts.sql: accounts (two-factor, locks), recovery codes,
-- sign-in challenges, and the append-only audit log.

ALTER TABLE users
	ADD COLUMN totp_secret		text,		-- base32; NULL: no two-factor
	ADD COLUMN totp_pending		text,		-- secret shown on the set-up page, not yet confirmed
	ADD COLUMN totp_last_step	bigint NOT NULL DEFAULT 0,	-- last accepted 30 s step (no replay)
	ADD COLUMN lock_count		integer NOT NULL DEFAULT 0,	-- locks so far (each one doubles the next)
	ADD COLUMN password_changed_at	timestamptz NOT NULL DEFAULT now();

-- A username_key is NFKC + lower case; names that differ only in case or
-- width are one account.  The display name is free text (Japanese allowed).
ALTER TABLE users ADD CONSTRAINT users_username_chars
	CHECK (username ~ '^[A-Za-z0-9_-]{3,24}$') NOT VALID;

-- One-time recovery codes for two-factor sign-in: only SHA-256 stored.
CREATE TABLE recovery_codes (
	user_id		bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	code_hash	text NOT NULL,
	used_at		timestamptz,
	PRIMARY KEY (user_id, code_hash)
);

-- Between a correct password and the second factor: the browser holds a
-- random token (cookie sodan_mfa), only its SHA-256 is stored here.
CREATE TABLE login_challenges (
	token_hash	text PRIMARY KEY,
	user_id		bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	next		text NOT NULL DEFAULT '/',
	attempts	integer NOT NULL DEFAULT 0,
	created_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz NOT NULL DEFAULT now() + interval '10 minutes'
);
CREATE INDEX login_challenges_user ON login_challenges (user_id);

-- Every administrative act (sodan admin, unlocks, locks, role changes).
-- Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE.
CREATE TABLE audit_log (
	id		bigserial PRIMARY KEY,
	at		timestamptz NOT NULL DEFAULT now(),
	actor		text NOT NULL,		-- 'cli:<os user>', 'user:<id>', 'system'
	action		text NOT NULL,		-- create-user, set-role, unlock, reset-password, lock, ...
	target_user	bigint,			-- users.id (no foreign key: rows outlive users)
	target_name	text NOT NULL DEFAULT '',
	detail		text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_target ON audit_log (target_user, id);

CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
	FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();
