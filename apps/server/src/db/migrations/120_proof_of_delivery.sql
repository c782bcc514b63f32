-- Proof of delivery (API.md, "Proof of delivery" and "Partners on a bad network").
--
-- Each order's handover code lives in a table of its own, read only by the customer's own views and by the
-- check of a partner's delivery: the order queries that build answers and events never join it, so no
-- event, log line, partner or admin answer can carry it. `failed_attempts` counts wrong codes; at 5 the
-- order is locked for partners (an admin completes it).
CREATE TABLE order_handover_codes (
  order_id uuid PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
  code text NOT NULL CHECK (code ~ '^[0-9]{4}$'),
  failed_attempts smallint NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0)
);

-- Orders still active when this runs get a code too (from gen_random_uuid's strong randomness), so every
-- delivery from now on needs one.
INSERT INTO order_handover_codes (order_id, code)
SELECT o.id, lpad(((('x' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 8))::bit(32)::bigint) % 10000)::text, 4, '0')
FROM orders o
WHERE o.status NOT IN ('delivered', 'cancelled');

-- A delivery made farther than 250 m from the destination (GET /admin/orders?flagged=true, newest first).
ALTER TABLE orders ADD COLUMN delivery_flagged boolean NOT NULL DEFAULT false;
CREATE INDEX orders_delivery_flagged_idx ON orders (created_at DESC, id DESC) WHERE delivery_flagged;

-- When the server recorded a step; `at` is when the partner made it (actedAt). Null for steps recorded
-- before this column existed, which were recorded when they were made.
ALTER TABLE order_timeline ADD COLUMN recorded_at timestamptz;
