-- The shop (API.md, "Shop and checkout"): categories and search, product photos, delivery fees and minimum
-- orders, tips, ratings.

-- Search that tolerates a typo: trigram similarity. pg_trgm ships with PostgreSQL (contrib) and is a trusted
-- extension, so the database's owner may create it; it is in the system PostgreSQL 15 and the embedded 18.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE products
  ADD COLUMN category text CHECK (length(category) BETWEEN 1 AND 60),
  -- The current photo's content hash (null: none); the bytes are in product_images.
  ADD COLUMN image_hash text CHECK (image_hash ~ '^[0-9a-f]{16}$');

-- `q` matches name, description and category, each lower-cased: substrings (LIKE) and typos (word
-- similarity, `<%`) both use these indexes.
CREATE INDEX products_name_trgm_idx ON products USING gin (lower(name) gin_trgm_ops);
CREATE INDEX products_description_trgm_idx ON products USING gin (lower(description) gin_trgm_ops);
CREATE INDEX products_category_trgm_idx ON products USING gin (lower(category) gin_trgm_ops);
-- GET /categories and ?category=.
CREATE INDEX products_category_idx ON products (lower(category)) WHERE active AND category IS NOT NULL;

-- A product's photo, re-encoded by the server (never the uploaded bytes), in the database so that every node
-- serves it. One per product: a new upload replaces it (and changes the URL, which carries the hash).
CREATE TABLE product_images (
  product_id uuid PRIMARY KEY REFERENCES products (id),
  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{16}$'),
  content_type text NOT NULL CHECK (content_type IN ('image/webp', 'image/jpeg')),
  width integer NOT NULL CHECK (width BETWEEN 1 AND 800),
  height integer NOT NULL CHECK (height > 0),
  bytes bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Fees and thresholds per store (cents). The defaults keep the first wave's totals.
ALTER TABLE stores
  ADD COLUMN delivery_fee_cents integer NOT NULL DEFAULT 0 CHECK (delivery_fee_cents BETWEEN 0 AND 100000),
  ADD COLUMN free_delivery_from_cents integer CHECK (free_delivery_from_cents >= 0),
  ADD COLUMN min_order_cents integer NOT NULL DEFAULT 0 CHECK (min_order_cents >= 0);

-- An order's bill: total = items + delivery fee + tip; the items are the total less the other two, so
-- earlier orders (fee and tip 0) need no rewrite.
ALTER TABLE orders
  ADD COLUMN delivery_fee_cents integer NOT NULL DEFAULT 0 CHECK (delivery_fee_cents >= 0),
  ADD COLUMN tip_cents integer NOT NULL DEFAULT 0 CHECK (tip_cents BETWEEN 0 AND 10000),
  ADD CONSTRAINT orders_total_covers_fee_and_tip CHECK (total_cents >= delivery_fee_cents + tip_cents);

-- One rating per order, by its customer, once delivered. The comment is personal data: stored encrypted
-- (platform/encryption.ts, `v1:<keyId>:…`), never in clear text.
CREATE TABLE order_ratings (
  order_id uuid PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
  partner_id uuid REFERENCES users (id),
  stars smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
  comment text,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- A partner's average for /admin/users.
CREATE INDEX order_ratings_partner_idx ON order_ratings (partner_id) INCLUDE (stars) WHERE partner_id IS NOT NULL;

-- Admin search of orders by the short id people read out (the first 8 characters of the id).
CREATE INDEX orders_id_text_idx ON orders ((id::text) text_pattern_ops);
-- ... and by the customer's name or email.
CREATE INDEX users_name_trgm_idx ON users USING gin (lower(name) gin_trgm_ops);
CREATE INDEX users_email_trgm_idx ON users USING gin (lower(email) gin_trgm_ops);
