-- Sessions as rows of their own. A session is still a family of single-use refresh tokens (see 001), but
-- whether it has ended is now one fact in one place, read on every request beside the account's state:
-- an access token of an ended session (logout, refresh-token reuse, password change, disabled or closed
-- account) stops working at once, not when it expires. The access token's `sid` claim is `sessions.id`.

CREATE TABLE sessions (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  -- Why it ended. Sessions that ended before this table existed have no reason recorded.
  revoked_reason text CHECK (
    revoked_reason IN ('logout', 'refresh_token_reused', 'password_changed', 'account_disabled', 'account_closed')
  ),
  CHECK (revoked_reason IS NULL OR revoked_at IS NOT NULL)
);

-- Ending every other session of a user (password change, disable) finds the live ones by user.
CREATE INDEX sessions_live_user_idx ON sessions (user_id) WHERE revoked_at IS NULL;

-- Every existing family becomes a session; one whose tokens were all revoked has ended.
INSERT INTO sessions (id, user_id, created_at, revoked_at)
SELECT family_id, user_id, min(created_at),
       CASE WHEN bool_and(revoked_at IS NOT NULL) THEN max(revoked_at) END
FROM refresh_tokens
GROUP BY family_id, user_id;

ALTER TABLE refresh_tokens
  ADD CONSTRAINT refresh_tokens_session_fkey FOREIGN KEY (family_id) REFERENCES sessions (id) ON DELETE CASCADE;

-- Revocation lives on the session now; a second copy per token could only disagree with it.
ALTER TABLE refresh_tokens DROP COLUMN revoked_at;
