-- Orders and their lifecycle. Which moves are allowed, and by whom, is the server's state machine
-- (orders/order-state-machine.ts); the constraints here only keep a row from contradicting itself.

CREATE TABLE orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL REFERENCES users (id),
  -- One column, so an order can never have two partners.
  partner_id uuid REFERENCES users (id),
  status text NOT NULL
    CHECK (status IN ('placed', 'accepted', 'preparing', 'picked_up', 'on_the_way', 'delivered', 'cancelled')),
  total_cents bigint NOT NULL CHECK (total_cents >= 0),
  address text NOT NULL CHECK (length(address) BETWEEN 1 AND 500),
  payment_method text NOT NULL CHECK (payment_method IN ('cash_on_delivery', 'prepaid')),
  payment_status text NOT NULL CHECK (payment_status IN ('pending', 'paid', 'refunded')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  -- An offer has no partner; an order on its way has one; a cancelled order keeps whoever held it.
  CONSTRAINT orders_partner_matches_status CHECK (
    CASE status WHEN 'placed' THEN partner_id IS NULL WHEN 'cancelled' THEN true ELSE partner_id IS NOT NULL END
  ),
  CONSTRAINT orders_delivered_at_matches_status CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
);

-- Item names and prices are copied at placement: a later product edit does not change a placed order.
CREATE TABLE order_items (
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  line smallint NOT NULL CHECK (line >= 0),
  -- Products are deactivated, never deleted, so no index is kept for this key's delete check.
  product_id uuid NOT NULL REFERENCES products (id),
  name text NOT NULL,
  price_cents integer NOT NULL CHECK (price_cents >= 0),
  quantity integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (order_id, line)
);

-- The statuses an order has had, oldest first (the `timeline` of the API).
CREATE TABLE order_timeline (
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  position smallint NOT NULL CHECK (position >= 0),
  status text NOT NULL,
  at timestamptz NOT NULL,
  actor_id uuid NOT NULL,
  actor_role text NOT NULL CHECK (actor_role IN ('customer', 'partner', 'admin')),
  PRIMARY KEY (order_id, position)
);

-- Offers a partner turned down (or gave back): never offered to that partner again.
CREATE TABLE order_declines (
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  partner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  declined_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (order_id, partner_id)
);

-- Lists, newest first, keyed by (created_at, id): a customer's orders, the admin filters, the admin list.
CREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at DESC, id DESC);
CREATE INDEX orders_partner_created_idx ON orders (partner_id, created_at DESC, id DESC) WHERE partner_id IS NOT NULL;
CREATE INDEX orders_status_created_idx ON orders (status, created_at DESC, id DESC);
CREATE INDEX orders_created_idx ON orders (created_at DESC, id DESC);
-- Admin figures: partners holding an active order, and delivery times / revenue over recent deliveries.
CREATE INDEX orders_active_partner_idx ON orders (partner_id)
  WHERE status IN ('accepted', 'preparing', 'picked_up', 'on_the_way');
CREATE INDEX orders_delivered_idx ON orders (delivered_at) WHERE delivered_at IS NOT NULL;

-- Idempotency-Key records, scoped to the caller. The row is inserted before the work and completed with
-- the answer in the same transaction, so a second request with the key waits on the first (the primary
-- key's uniqueness check) and then replays what it committed. Kept 24 hours.
CREATE TABLE idempotency_keys (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  request_hash bytea NOT NULL,
  status_code smallint,
  response_body jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);

CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
