-- Partner presence across nodes (see 004): a partner is online while they said so and hold at least one
-- connection on any node. Each node records the partner connections it holds and heart-beats; a node
-- that stops heart-beating (killed, partitioned) is presumed dead, and its connections are swept, so a
-- crash cannot leave a partner online for ever.

CREATE TABLE realtime_nodes (
  node_id text PRIMARY KEY,
  started_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE partner_connections (
  socket_id text PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  node_id text NOT NULL,
  connected_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX partner_connections_partner_idx ON partner_connections (partner_id);
CREATE INDEX partner_connections_node_idx ON partner_connections (node_id);

-- Admin figures over time (events per minute, delivery lag): `at` grows with the log, so a BRIN index is
-- small and cheap to keep.
CREATE INDEX events_at_brin_idx ON events USING brin (at);
