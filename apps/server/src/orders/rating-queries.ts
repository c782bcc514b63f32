import type { Queryable } from '../db/pool.js';
import type { Encryption } from '../platform/encryption.js';

/** The order's customer, status and partner, locked until the transaction ends (a rating and a move queue). */
export async function lockOrderForRating(
  db: Queryable,
  orderId: string,
): Promise<{ customerId: string; status: string; partnerId: string | null } | undefined> {
  const { rows } = await db.query<{ customer_id: string; status: string; partner_id: string | null }>(
    'SELECT customer_id, status, partner_id FROM orders WHERE id = $1 FOR UPDATE',
    [orderId],
  );
  const row = rows[0];
  return row ? { customerId: row.customer_id, status: row.status, partnerId: row.partner_id } : undefined;
}

/** Stores an order's rating, its comment encrypted; answers false when the order already has one. */
export async function insertRating(
  db: Queryable,
  rating: { orderId: string; partnerId: string | null; stars: number; comment: string | null },
  encryption: Encryption,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO order_ratings (order_id, partner_id, stars, comment) VALUES ($1, $2, $3, $4)
     ON CONFLICT (order_id) DO NOTHING`,
    [rating.orderId, rating.partnerId, rating.stars, encryption.encryptOptional(rating.comment)],
  );
  return rowCount === 1;
}

/** Each partner's rating from customers: the mean of the stars (one decimal) and how many. */
export async function selectPartnerRatings(
  db: Queryable,
  partnerIds: string[],
): Promise<Map<string, { average: number | null; count: number }>> {
  if (partnerIds.length === 0) return new Map();
  const { rows } = await db.query<{ partner_id: string; average: string; count: number }>(
    `SELECT partner_id, round(avg(stars), 1) AS average, count(*)::int AS count
     FROM order_ratings WHERE partner_id = ANY($1::uuid[]) GROUP BY partner_id`,
    [partnerIds],
  );
  return new Map(rows.map((row) => [row.partner_id, { average: Number(row.average), count: row.count }]));
}
