-- 0147_api_tokens.sql: personal access tokens for the JSON API
-- (/settings/tokens, docs/api.md).  A token is shown once to its owner,
-- "sodan_pat_" followed by 43 characters of base64url (256 random bits);
-- only its hex SHA-256 is kept here, as for sessions.  scopes: read
-- (GET), write (every other method), moderate (moderator routes; the
-- account must still be a moderator or admin when the token is used).
-- A revoked token keeps its row (revoked_at) so the list shows it.
CREATE TABLE api_tokens (
	id		bigserial PRIMARY KEY,
	user_id		bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	name		text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	token_hash	text NOT NULL UNIQUE,
	scopes		text[] NOT NULL CHECK (cardinality(scopes) > 0 AND
			    scopes <@ ARRAY['read', 'write', 'moderate']),
	created_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz,			-- NULL: never
	last_used_at	timestamptz,
	last_used_ip	text NOT NULL DEFAULT '',
	revoked_at	timestamptz
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at DESC);
