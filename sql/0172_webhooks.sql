-- 0172_webhooks.sql: webhooks (docs/admin.md, "Webhooks").
-- An administrator subscribes an HTTPS endpoint to events; each event is
-- written, one delivery row per subscribed hook, in the transaction of
-- the transition that causes it, and a worker posts it (signed) with
-- retries.  The hook's signing secret is stored sealed (acct/seal.c).
CREATE TABLE webhooks (
	id		bigserial PRIMARY KEY,
	url		text NOT NULL,
	events		text[] NOT NULL CHECK (cardinality(events) > 0),
	secret		text NOT NULL,			-- sealed: "s1:KEYID:..."
	enabled		boolean NOT NULL DEFAULT true,
	note		text NOT NULL DEFAULT '',
	created_by	bigint REFERENCES users (id) ON DELETE SET NULL,
	created_at	timestamptz NOT NULL DEFAULT now()
);

-- One row per (event, hook).  state: pending until a 2xx answer
-- (delivered) or the last attempt (failed).  A worker claims due rows
-- with FOR UPDATE SKIP LOCKED, counts the attempt and moves
-- next_attempt_at past its timeout before it sends, so a crash while
-- sending only delays the row.
CREATE TABLE webhook_deliveries (
	id		bigserial PRIMARY KEY,
	hook_id		bigint NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
	event		text NOT NULL,
	event_id	text NOT NULL,
	body		text NOT NULL,			-- the JSON sent, as signed
	created_at	timestamptz NOT NULL DEFAULT now(),
	state		text NOT NULL DEFAULT 'pending'
			CHECK (state IN ('pending', 'delivered', 'failed')),
	attempts	integer NOT NULL DEFAULT 0,
	next_attempt_at	timestamptz NOT NULL DEFAULT now(),
	last_status	integer,			-- HTTP status, NULL: no answer
	last_error	text NOT NULL DEFAULT '',
	delivered_at	timestamptz
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
	WHERE state = 'pending';
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (hook_id, id);
