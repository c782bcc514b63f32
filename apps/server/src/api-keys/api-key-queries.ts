import type { ApiKey, ApiKeyScope } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';

export interface ApiKeyRow {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** What a request's check needs of a key: never sent anywhere. */
export interface ApiKeyCredential {
  id: string;
  scopes: ApiKeyScope[];
  secretHash: Buffer;
  revoked: boolean;
}

const API_KEY_COLUMNS = 'id, name, scopes, prefix, created_at, last_used_at, revoked_at';

export function toApiKeyDto(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    prefix: row.prefix,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

export async function insertApiKey(
  db: Queryable,
  key: { id: string; name: string; scopes: ApiKeyScope[]; prefix: string; secretHash: Buffer; createdBy: string },
): Promise<ApiKeyRow> {
  const { rows } = await db.query<ApiKeyRow>(
    `INSERT INTO api_keys (id, name, scopes, prefix, secret_hash, created_by)
     VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING ${API_KEY_COLUMNS}`,
    [key.id, key.name, key.scopes, key.prefix, key.secretHash, key.createdBy],
  );
  return rows[0]!;
}

/** Every key, newest first: a deployment has a handful, so the list is not paginated. */
export async function selectApiKeys(db: Queryable): Promise<ApiKeyRow[]> {
  const { rows } = await db.query<ApiKeyRow>(
    `SELECT ${API_KEY_COLUMNS} FROM api_keys ORDER BY created_at DESC, id DESC LIMIT 1000`,
  );
  return rows;
}

export async function findApiKeyCredential(db: Queryable, prefix: string): Promise<ApiKeyCredential | undefined> {
  const { rows } = await db.query<{ id: string; scopes: ApiKeyScope[]; secret_hash: Buffer; revoked: boolean }>({
    name: 'api-keys.credential',
    text: 'SELECT id, scopes, secret_hash, revoked_at IS NOT NULL AS revoked FROM api_keys WHERE prefix = $1',
    values: [prefix],
  });
  const row = rows[0];
  return row && { id: row.id, scopes: row.scopes, secretHash: row.secret_hash, revoked: row.revoked };
}

/** Revokes a key; undefined when there is no such key. An already revoked key keeps its first time. */
export async function revokeApiKeyRow(
  db: Queryable,
  id: string,
): Promise<{ row: ApiKeyRow; wasLive: boolean } | undefined> {
  const { rows } = await db.query<ApiKeyRow & { was_live: boolean }>(
    `UPDATE api_keys AS k SET revoked_at = COALESCE(before.revoked_at, now())
     FROM (SELECT id, revoked_at FROM api_keys WHERE id = $1 FOR UPDATE) AS before
     WHERE k.id = before.id
     RETURNING k.id, k.name, k.scopes, k.prefix, k.created_at, k.last_used_at, k.revoked_at,
               before.revoked_at IS NULL AS was_live`,
    [id],
  );
  const row = rows[0];
  return row && { row, wasLive: row.was_live };
}

/** Writes the batched last-use times: one statement for every key used since the last flush. */
export async function updateLastUsed(db: Queryable, uses: Map<string, Date>): Promise<void> {
  if (uses.size === 0) return;
  await db.query(
    `UPDATE api_keys AS k SET last_used_at = GREATEST(k.last_used_at, u.at)
     FROM unnest($1::uuid[], $2::timestamptz[]) AS u (id, at)
     WHERE k.id = u.id`,
    [[...uses.keys()], [...uses.values()]],
  );
}
