-- Nearest-first dispatch (API.md, "Dispatch"): every wave an order was offered in, with the candidates it
-- weighed and how it ended. A wave's end is a job of the PostgreSQL job queue (graphile-worker, its own
-- schema), added in the transaction that writes the wave, so the expiry survives the node that made it.

CREATE TABLE order_offers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  -- One dispatch of the order (placement, or each release): the length of its timeline when it began.
  round smallint NOT NULL CHECK (round >= 0),
  -- 1, 2, ... within the round.
  wave smallint NOT NULL CHECK (wave >= 1),
  partner_ids uuid[] NOT NULL CHECK (cardinality(partner_ids) >= 1),
  -- [{partnerId, distanceMeters, idleSeconds}]: the inputs of the decision, as the event carries them.
  candidates jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ended_at timestamptz,
  outcome text CHECK (outcome IN ('accepted', 'expired', 'withdrawn')),
  CONSTRAINT order_offers_end_whole CHECK ((ended_at IS NULL) = (outcome IS NULL)),
  CONSTRAINT order_offers_wave_once UNIQUE (order_id, round, wave)
);

-- At most one running wave per order; the running waves a partner is in (GET /orders/unassigned).
CREATE UNIQUE INDEX order_offers_running_idx ON order_offers (order_id) WHERE ended_at IS NULL;
CREATE INDEX order_offers_running_partners_idx ON order_offers USING gin (partner_ids) WHERE ended_at IS NULL;

-- The partners an event offers its order to (order.offered), or withdraws it from (a wave that ended, an
-- accept during a wave): they get the event cut down, or only the word that the offer is gone.
ALTER TABLE events ADD COLUMN offer_partner_ids uuid[] NOT NULL DEFAULT '{}';
CREATE INDEX events_offer_partners_idx ON events USING gin (offer_partner_ids) WHERE offer_partner_ids <> '{}';
