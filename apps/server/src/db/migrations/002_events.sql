-- The durable event log (transactional outbox). A change and its event commit together or not at all.
--
-- `id` is handed out at insert time, inside concurrent transactions, so ids do not commit in order: a
-- transaction holding id 41 can commit after the one holding 42. The public `seq` is therefore stamped
-- afterwards by the single dispatcher (elected with an advisory lock), in the order it sees the events
-- committed. A reader that follows `seq` never skips an event; `seq IS NULL` means "not dispatched yet".

CREATE TABLE events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  seq bigint UNIQUE,
  type text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid,
  actor_role text CHECK (actor_role IN ('customer', 'partner', 'admin')),
  order_id uuid,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  correlation_id text NOT NULL,
  -- Who may see it besides admins: these users, and (for offers) every online partner.
  audience_user_ids uuid[] NOT NULL DEFAULT '{}',
  to_online_partners boolean NOT NULL DEFAULT false,
  dispatched_at timestamptz
);

CREATE INDEX events_undispatched_idx ON events (id) WHERE seq IS NULL;
CREATE INDEX events_order_idx ON events (order_id, id) WHERE order_id IS NOT NULL;
CREATE INDEX events_type_seq_idx ON events (type, seq);
CREATE INDEX events_audience_idx ON events USING gin (audience_user_ids);
CREATE INDEX events_offers_seq_idx ON events (seq) WHERE to_online_partners;
