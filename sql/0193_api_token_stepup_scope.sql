-- 0193_api_token_stepup_scope.sql: the stepup scope of personal access
-- tokens (docs/api.md, "Scopes that stand for a second factor").  Like
-- admin (0185): offered only to a session holding moderator powers, made
-- after a second factor from the last 15 minutes, living at most one day
-- (pages/tokens.c); the account must still be a moderator or an admin
-- when the token is used.  It opens the moderator routes that ask a
-- recent second factor of a browser: purge, campaign, undo, rules reload.
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_scopes_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_scopes_check CHECK
    (cardinality(scopes) > 0 AND
    scopes <@ ARRAY['read', 'write', 'moderate', 'admin', 'stepup']);
