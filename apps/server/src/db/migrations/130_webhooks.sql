-- Webhooks (API.md, Webhooks): endpoints that receive the event log, each with its own cursor over `seq`.
--
-- `secret` is the `whsec_…` text the endpoint's signatures are made with. It must be readable to sign, so it
-- cannot be stored as a hash; it is stored encrypted like personal data (platform/encryption.ts).
CREATE TABLE webhook_endpoints (
  id uuid PRIMARY KEY,
  url text NOT NULL,
  -- '{*}' for every type, else the types delivered.
  event_types text[] NOT NULL,
  description text NOT NULL DEFAULT '',
  secret text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  disabled_reason text,
  -- The cursor: the last seq acknowledged (or passed over as not matching). Starts at the log's end.
  last_seq bigint NOT NULL,
  -- Failed attempts at the event after last_seq, when the next may be made, since when it fails.
  attempt_count int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  failing_since timestamptz,
  last_success_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (enabled = (disabled_reason IS NULL))
);

CREATE INDEX webhook_endpoints_created_idx ON webhook_endpoints (created_at DESC, id DESC);

-- Each attempt at one event (or a test event, seq 0), kept 7 days.
CREATE TABLE webhook_delivery_attempts (
  id uuid PRIMARY KEY,
  webhook_id uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  seq bigint NOT NULL,
  event_type text NOT NULL,
  attempt int NOT NULL,
  status text NOT NULL CHECK (status IN ('succeeded', 'failed')),
  response_code int,
  error text,
  duration_ms int NOT NULL,
  test boolean NOT NULL DEFAULT false,
  at timestamptz NOT NULL
);

CREATE INDEX webhook_delivery_attempts_page_idx ON webhook_delivery_attempts (webhook_id, at DESC, id DESC);
CREATE INDEX webhook_delivery_attempts_at_idx ON webhook_delivery_attempts (at);
