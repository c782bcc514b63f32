-- Dark stores, their delivery areas, and stock per store (API.md, "Stores, delivery areas and addresses").
-- The delivery area is GeoJSON, validated by the server (closed rings, valid positions, no self-crossing)
-- before it is stored. Which store serves a point is decided by the server's geometry library; SQL only
-- prefilters with each area's bounding box, through a GiST index on PostgreSQL's built-in `box` type, so
-- the lookup stays fast with many stores. No extension (PostGIS, cube) is needed: this migration is the same
-- on every PostgreSQL that Swyft runs on.

CREATE TABLE stores (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  address text NOT NULL CHECK (length(address) BETWEEN 1 AND 500),
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lng double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
  -- null: the store delivers anywhere.
  delivery_area jsonb CHECK (delivery_area IS NULL OR delivery_area->>'type' IN ('Polygon', 'MultiPolygon')),
  -- The area's bounding box, written with the area; null with it.
  min_lat double precision,
  max_lat double precision,
  min_lng double precision,
  max_lng double precision,
  prep_minutes integer NOT NULL DEFAULT 10 CHECK (prep_minutes BETWEEN 0 AND 240),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stores_bbox_matches_area CHECK (
    (delivery_area IS NULL AND min_lat IS NULL AND max_lat IS NULL AND min_lng IS NULL AND max_lng IS NULL)
    OR (delivery_area IS NOT NULL AND min_lat <= max_lat AND min_lng <= max_lng)
  )
);

-- GET /stores, by name then id.
CREATE INDEX stores_name_idx ON stores (lower(name), id);
-- The default store: the oldest active one.
CREATE INDEX stores_active_created_idx ON stores (created_at, id) WHERE active;
-- Which store serves a point: the active stores whose area's box holds it (x = longitude, y = latitude;
-- areas that cross the antimeridian are not supported), and those that deliver anywhere.
CREATE INDEX stores_active_area_box_idx ON stores USING gist (box(point(min_lng, min_lat), point(max_lng, max_lat)))
  WHERE active AND delivery_area IS NOT NULL;
CREATE INDEX stores_active_anywhere_idx ON stores (id) WHERE active AND delivery_area IS NULL;

-- The default store, created with the table: it holds the stock that products had so far, and serves every
-- order placed so far. Its location is a placeholder (central Berlin) that an admin moves.
INSERT INTO stores (name, address, lat, lng, created_at, updated_at)
VALUES ('Main store', 'Main store', 52.52, 13.405, '2000-01-01T00:00:00Z', '2000-01-01T00:00:00Z');

-- Stock per store. It can never go negative: the constraint settles it even if a query forgets to guard.
CREATE TABLE store_stock (
  store_id uuid NOT NULL REFERENCES stores (id),
  product_id uuid NOT NULL REFERENCES products (id),
  stock integer NOT NULL CHECK (stock >= 0),
  PRIMARY KEY (store_id, product_id)
);
-- Products are deactivated, never deleted, so the foreign key on product_id needs no index of its own.

-- Every unit on the shelf moves to the default store; none is lost.
INSERT INTO store_stock (store_id, product_id, stock)
SELECT (SELECT id FROM stores), id, stock FROM products;
ALTER TABLE products DROP COLUMN stock;

-- Orders come from one store, go to one place (null for orders placed without a location), and carry the
-- estimate made at placement.
ALTER TABLE orders
  ADD COLUMN store_id uuid REFERENCES stores (id),
  ADD COLUMN destination_lat double precision CHECK (destination_lat BETWEEN -90 AND 90),
  ADD COLUMN destination_lng double precision CHECK (destination_lng BETWEEN -180 AND 180),
  ADD COLUMN deliver_by timestamptz,
  ADD COLUMN eta_minutes integer CHECK (eta_minutes >= 0),
  ADD CONSTRAINT orders_destination_whole CHECK ((destination_lat IS NULL) = (destination_lng IS NULL)),
  ADD CONSTRAINT orders_eta_whole CHECK ((deliver_by IS NULL) = (eta_minutes IS NULL));

-- Orders placed before stores existed came from the default store; those still running get its
-- preparation time as their estimate.
UPDATE orders SET store_id = (SELECT id FROM stores);
UPDATE orders SET deliver_by = created_at + interval '10 minutes', eta_minutes = 10
WHERE status NOT IN ('delivered', 'cancelled');
ALTER TABLE orders ALTER COLUMN store_id SET NOT NULL;

-- A store's recent deliveries with a destination: its median delivery speed.
CREATE INDEX orders_store_delivered_idx ON orders (store_id, delivered_at DESC)
  WHERE delivered_at IS NOT NULL AND destination_lat IS NOT NULL;
