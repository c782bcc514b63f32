-- API keys for machine clients (a till pushing stock, a BI job reading orders). The secret is shown once and
-- stored only as HMAC-SHA-256 under a server secret (API_KEY_SECRET): a fast keyed hash is right for 256
-- random bits (argon2 is for guessable passwords), and a stolen table alone cannot be checked against
-- guesses. A request finds its key by `prefix` (the first characters of the secret), then compares hashes.

CREATE TABLE api_keys (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  scopes text[] NOT NULL CHECK (
    cardinality(scopes) > 0
    AND scopes <@ ARRAY['orders:read', 'orders:write', 'stock:write', 'catalog:write', 'events:read']
  ),
  prefix text NOT NULL UNIQUE,
  secret_hash bytea NOT NULL CHECK (length(secret_hash) = 32),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

CREATE INDEX api_keys_created_idx ON api_keys (created_at DESC, id DESC);

-- A key acts in its own name: events and an order's timeline record it as `{id: <key id>, role: "api_key"}`.
ALTER TABLE events DROP CONSTRAINT events_actor_role_check;
ALTER TABLE events ADD CONSTRAINT events_actor_role_check
  CHECK (actor_role IN ('customer', 'partner', 'admin', 'api_key'));
ALTER TABLE order_timeline DROP CONSTRAINT order_timeline_actor_role_check;
ALTER TABLE order_timeline ADD CONSTRAINT order_timeline_actor_role_check
  CHECK (actor_role IN ('customer', 'partner', 'admin', 'api_key'));

-- An Idempotency-Key is scoped to the caller, which may now be a key: `user_id` holds the caller's id, a
-- user's or a key's (both UUIDs, never equal), so it can no longer reference users alone.
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_user_id_fkey;
