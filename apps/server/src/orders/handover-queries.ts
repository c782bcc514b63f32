import type { Queryable } from '../db/pool.js';

/**
 * The handover codes (API.md, "Proof of delivery"). Only three readers: the customer's own views, the check
 * of a partner's delivery, and placement, which writes one. No other query joins this table.
 */

export async function insertHandoverCode(db: Queryable, orderId: string, code: string): Promise<void> {
  await db.query({
    name: 'handover.insert',
    text: 'INSERT INTO order_handover_codes (order_id, code) VALUES ($1, $2)',
    values: [orderId, code],
  });
}

/** The codes of these orders, by order id (an order placed before codes existed has none). */
export async function findHandoverCodes(db: Queryable, orderIds: string[]): Promise<Map<string, string>> {
  if (orderIds.length === 0) return new Map();
  const { rows } = await db.query<{ order_id: string; code: string }>({
    name: 'handover.find',
    text: 'SELECT order_id, code FROM order_handover_codes WHERE order_id = ANY($1::uuid[])',
    values: [orderIds],
  });
  return new Map(rows.map((row) => [row.order_id, row.code]));
}

/** The code to check and the wrong codes sent so far; undefined for an order without a code. */
export async function findHandoverState(
  db: Queryable,
  orderId: string,
): Promise<{ code: string; failedAttempts: number } | undefined> {
  const { rows } = await db.query<{ code: string; failed_attempts: number }>({
    name: 'handover.state',
    text: 'SELECT code, failed_attempts FROM order_handover_codes WHERE order_id = $1',
    values: [orderId],
  });
  const row = rows[0];
  return row && { code: row.code, failedAttempts: row.failed_attempts };
}

/**
 * Counts one wrong code, in one atomic statement: the count never passes `max`, whatever runs at once.
 * Answers the new count, or undefined when the order was already locked (the count had reached `max`).
 */
export async function countWrongHandoverCode(db: Queryable, orderId: string, max: number): Promise<number | undefined> {
  const { rows } = await db.query<{ failed_attempts: number }>({
    name: 'handover.count-wrong',
    text: `UPDATE order_handover_codes SET failed_attempts = failed_attempts + 1
           WHERE order_id = $1 AND failed_attempts < $2
           RETURNING failed_attempts`,
    values: [orderId, max],
  });
  return rows[0]?.failed_attempts;
}
