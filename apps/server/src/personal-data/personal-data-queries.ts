import type { Queryable } from '../db/pool.js';

/**
 * Every column that holds a value encrypted (platform/encryption.ts), by its table's uuid key: personal data
 * (addresses, notes, rating comments) and the webhooks' signing secrets.
 */
export const ENCRYPTED_COLUMNS = [
  { table: 'orders', key: 'id', column: 'address' },
  { table: 'addresses', key: 'id', column: 'line' },
  { table: 'addresses', key: 'id', column: 'notes' },
  { table: 'order_ratings', key: 'order_id', column: 'comment' },
  { table: 'webhook_endpoints', key: 'id', column: 'secret' },
] as const;

export type EncryptedColumn = (typeof ENCRYPTED_COLUMNS)[number];

/** A stored value of ours under some key; anything else in these columns is first-wave clear text. */
const ENCRYPTED_SQL_PATTERN = '^v1:[0-9a-f]{8}:';

/**
 * Up to `limit` values of `column` after `afterId` (by id) that need writing again: clear text, and with
 * `keyId`, values under any other key too.
 */
export async function selectValuesToEncrypt(
  db: Queryable,
  { table, key, column }: EncryptedColumn,
  page: { afterId: string | null; limit: number; keyId: string | null },
): Promise<{ id: string; value: string }[]> {
  const { rows } = await db.query<{ id: string; value: string }>(
    `SELECT ${key} AS id, ${column} AS value FROM ${table}
     WHERE ${column} IS NOT NULL
       AND (${column} !~ '${ENCRYPTED_SQL_PATTERN}' OR ($2::text IS NOT NULL AND left(${column}, 12) <> 'v1:' || $2 || ':'))
       AND ($1::uuid IS NULL OR ${key} > $1)
     ORDER BY ${key}
     LIMIT $3`,
    [page.afterId, page.keyId, page.limit],
  );
  return rows;
}

/**
 * Writes the new values of one page; a row whose value changed meanwhile (a concurrent write, already
 * encrypted under the current key) is left as it is. Answers how many rows were written.
 */
export async function updateEncryptedValues(
  db: Queryable,
  { table, key, column }: EncryptedColumn,
  changes: { id: string; from: string; to: string }[],
): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE ${table} t SET ${column} = c.to_value
     FROM unnest($1::uuid[], $2::text[], $3::text[]) AS c(id, from_value, to_value)
     WHERE t.${key} = c.id AND t.${column} = c.from_value`,
    [changes.map((c) => c.id), changes.map((c) => c.from), changes.map((c) => c.to)],
  );
  return rowCount ?? 0;
}

/** Stored idempotency outcomes (often an order, with its address) in clear or sealed under another key. */
export async function selectOutcomesToSeal(
  db: Queryable,
  page: { after: { userId: string; key: string } | null; limit: number; keyId: string | null },
): Promise<{ userId: string; key: string; outcome: unknown }[]> {
  const { rows } = await db.query<{ user_id: string; key: string; outcome: unknown }>(
    `SELECT user_id, key, outcome FROM idempotency_keys
     WHERE outcome IS NOT NULL
       AND (NOT outcome ? 'sealed'
            OR ($3::text IS NOT NULL AND left(outcome->>'sealed', 12) <> 'v1:' || $3 || ':'))
       AND ($1::uuid IS NULL OR (user_id, key) > ($1, $2::text))
     ORDER BY user_id, key
     LIMIT $4`,
    [page.after?.userId ?? null, page.after?.key ?? null, page.keyId, page.limit],
  );
  return rows.map((row) => ({ userId: row.user_id, key: row.key, outcome: row.outcome }));
}

export async function updateSealedOutcomes(
  db: Queryable,
  changes: { userId: string; key: string; from: unknown; to: unknown }[],
): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE idempotency_keys t SET outcome = c.to_value
     FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::jsonb[]) AS c(user_id, key, from_value, to_value)
     WHERE t.user_id = c.user_id AND t.key = c.key AND t.outcome = c.from_value`,
    [
      changes.map((c) => c.userId),
      changes.map((c) => c.key),
      changes.map((c) => JSON.stringify(c.from)),
      changes.map((c) => JSON.stringify(c.to)),
    ],
  );
  return rowCount ?? 0;
}

/** Whether the first wave's clear values were encrypted once already (app_meta marker). */
export async function isFirstWaveEncrypted(db: Queryable): Promise<boolean> {
  const { rows } = await db.query("SELECT 1 FROM app_meta WHERE key = 'personal_data_encrypted'");
  return rows.length === 1;
}

export async function markFirstWaveEncrypted(db: Queryable): Promise<void> {
  await db.query(
    "INSERT INTO app_meta (key, value) VALUES ('personal_data_encrypted', to_jsonb(now())) ON CONFLICT (key) DO NOTHING",
  );
}
