-- 0041_mail.sql: an e-mail identity, single-use tokens (only hashed), and
-- the outbox of mail written in the same transaction as its event.

-- Optional for members, required for staff, moderators and admins (the
-- CLI asks for it).  Unique without regard to case.  Confirmed by a link.
ALTER TABLE users
	ADD COLUMN email		text,
	ADD COLUMN email_verified_at	timestamptz;
CREATE UNIQUE INDEX users_email ON users (lower(email)) WHERE email IS NOT NULL;

-- Password-reset and address-confirmation links: the mail carries a
-- random 256-bit token; only its SHA-256 is stored.  Single use.
CREATE TABLE email_tokens (
	token_hash	text PRIMARY KEY,
	user_id		bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	kind		text NOT NULL CHECK (kind IN ('reset', 'verify')),
	email		text NOT NULL,			-- the address it was sent to
	created_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz NOT NULL,
	used_at		timestamptz
);
CREATE INDEX email_tokens_user ON email_tokens (user_id, kind);

-- Mail never lost: rows are written with the event and deleted only
-- after the relay accepted them (sent_at set; kept a week for support).
CREATE TABLE outbox (
	id		bigserial PRIMARY KEY,
	created_at	timestamptz NOT NULL DEFAULT now(),
	to_addr		text NOT NULL,
	to_user		bigint,				-- users.id (no foreign key: rows outlive users)
	template	text NOT NULL,
	message_id	text NOT NULL UNIQUE,
	message		text NOT NULL,			-- the whole RFC 5322 message
	attempts	integer NOT NULL DEFAULT 0,
	next_attempt_at	timestamptz NOT NULL DEFAULT now(),
	last_error	text NOT NULL DEFAULT '',
	sent_at		timestamptz
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL;
