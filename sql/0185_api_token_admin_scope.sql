-- 0185_api_token_admin_scope.sql: the admin scope of personal access
-- tokens (docs/api.md, "Admin actions").  Offered only to a session
-- holding administrator powers, made after a second factor from the
-- last 15 minutes, and living at most one day (pages/tokens.c); the
-- account must still be an administrator when the token is used.
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_scopes_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_scopes_check CHECK
    (cardinality(scopes) > 0 AND
    scopes <@ ARRAY['read', 'write', 'moderate', 'admin']);
