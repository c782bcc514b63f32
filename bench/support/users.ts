// Many users at once, written straight into the server's database, each with an access token signed with
// the bench servers' secret: thousands of accounts in a second, where registering through the API would
// spend minutes hashing passwords.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type pg from 'pg';
import { BENCH_JWT_SECRET } from './bench-server.js';

export interface BenchUser {
  id: string;
  token: string;
}

export async function createUsers(
  db: pg.Pool,
  count: number,
  role: 'customer' | 'partner' | 'admin',
  secret: string = BENCH_JWT_SECRET,
): Promise<BenchUser[]> {
  const key = new TextEncoder().encode(secret);
  // Each user gets a session of its own: the server refuses an access token whose session has no row.
  const { rows } = await db.query<{ id: string; session_id: string }>(
    `WITH created AS (
       INSERT INTO users (email, name, role, password_hash)
       SELECT 'bench-' || $2 || '-' || g || '-' || $3 || '@example.test', 'Bench ' || $2, $2, 'not-used'
       FROM generate_series(1, $1) AS g RETURNING id
     )
     INSERT INTO sessions (id, user_id) SELECT gen_random_uuid(), id FROM created
     RETURNING user_id AS id, id AS session_id`,
    [count, role, randomUUID().slice(0, 8)],
  );
  return Promise.all(
    rows.map(async ({ id, session_id }) => ({
      id,
      token: await new SignJWT({ role, sid: session_id })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(id)
        .setIssuer('swyft')
        .setAudience('swyft-api')
        .setIssuedAt()
        .setExpirationTime('2h')
        .sign(key),
    })),
  );
}

/** A product nobody runs out of (at the default store, or at every store with `everyStore`). */
export async function createBenchProduct(db: pg.Pool, { everyStore = false } = {}): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `WITH product AS (INSERT INTO products (name, price_cents) VALUES ('Bench item', 199) RETURNING id)
     INSERT INTO store_stock (store_id, product_id, stock)
     SELECT s.id, product.id, 100000000 FROM product, stores s
     WHERE $1 OR s.id = (SELECT id FROM stores WHERE active ORDER BY created_at, id LIMIT 1)
     RETURNING product_id AS id`,
    [everyStore],
  );
  return rows[0]!.id;
}
