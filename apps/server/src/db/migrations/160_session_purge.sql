-- Ended sessions and expired refresh tokens are deleted after a while (auth/purge-ended-sessions.ts); the
-- purge finds expired tokens by this index instead of reading the whole table.
CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at);
