-- Whether a partner is taking offers right now, shared by every node (admin figures read it by SQL).
-- Maintained by the real-time gateway: online while the partner said so and holds a connection.

CREATE TABLE partner_presence (
  partner_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  online boolean NOT NULL DEFAULT false,
  changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX partner_presence_online_idx ON partner_presence (partner_id) WHERE online;
