-- 0157_oidc_identities.sql: identities at the exchange's OpenID provider
-- linked to forum accounts (docs/accounts.md, "OpenID Connect").  An
-- identity is (issuer, subject): the same person keeps one subject at one
-- provider whatever their e-mail address becomes, so sign-in looks up the
-- pair, never the address.  One identity per account and issuer; deleting
-- the account deletes its links.
CREATE TABLE oidc_identities (
	id		bigserial PRIMARY KEY,
	user_id		bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	issuer		text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 500),
	subject		text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
	email		text,		-- as the provider said at linking, shown in settings
	created_at	timestamptz NOT NULL DEFAULT now(),
	last_used_at	timestamptz,
	UNIQUE (issuer, subject),
	UNIQUE (user_id, issuer)
);
