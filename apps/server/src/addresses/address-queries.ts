import type { Address, Location } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import type { Encryption } from '../platform/encryption.js';

interface AddressRow {
  id: string;
  label: string;
  line: string;
  lat: number;
  lng: number;
  notes: string | null;
  created_at: Date;
  updated_at: Date;
}

const ADDRESS_COLUMNS = 'id, label, line, lat, lng, notes, created_at, updated_at';

/** `line` and `notes` are stored encrypted (platform/encryption.ts); callers of this module see plain text only. */
export function toAddressDto(row: AddressRow, encryption: Encryption): Address {
  return {
    id: row.id,
    label: row.label,
    line: encryption.decrypt(row.line),
    location: { lat: row.lat, lng: row.lng },
    notes: encryption.decryptOptional(row.notes),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface NewAddress {
  label: string;
  line: string;
  location: Location;
  notes?: string | null;
}

/**
 * Locks the user's row until the transaction ends, so that two saves of one user queue here and the second
 * counts the first's address (the limit holds under concurrency). Answers whether the user exists.
 */
export async function lockAddressBook(db: Queryable, userId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE', [userId]);
  return rows.length === 1;
}

export async function countAddresses(db: Queryable, userId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM addresses WHERE user_id = $1', [
    userId,
  ]);
  return rows[0]!.n;
}

export async function insertAddress(
  db: Queryable,
  encryption: Encryption,
  userId: string,
  address: NewAddress,
): Promise<Address> {
  const { rows } = await db.query<AddressRow>(
    `INSERT INTO addresses (user_id, label, line, lat, lng, notes) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING ${ADDRESS_COLUMNS}`,
    [
      userId,
      address.label,
      encryption.encrypt(address.line),
      address.location.lat,
      address.location.lng,
      encryption.encryptOptional(address.notes ?? null),
    ],
  );
  return toAddressDto(rows[0]!, encryption);
}

/** The owner's addresses, newest first. */
export async function listAddresses(db: Queryable, encryption: Encryption, userId: string): Promise<Address[]> {
  const { rows } = await db.query<AddressRow>(
    `SELECT ${ADDRESS_COLUMNS} FROM addresses WHERE user_id = $1 ORDER BY created_at DESC, id DESC`,
    [userId],
  );
  return rows.map((row) => toAddressDto(row, encryption));
}

/** Changes an address of this owner; undefined when the owner has no such address (another's included). */
export async function updateAddress(
  db: Queryable,
  encryption: Encryption,
  userId: string,
  id: string,
  changes: Partial<NewAddress>,
): Promise<Address | undefined> {
  const { rows } = await db.query<AddressRow>(
    `UPDATE addresses SET
       label = COALESCE($3, label),
       line = COALESCE($4, line),
       lat = COALESCE($5, lat),
       lng = COALESCE($6, lng),
       notes = CASE WHEN $7 THEN $8 ELSE notes END,
       updated_at = now()
     WHERE id = $2 AND user_id = $1
     RETURNING ${ADDRESS_COLUMNS}`,
    [
      userId,
      id,
      changes.label ?? null,
      changes.line === undefined ? null : encryption.encrypt(changes.line),
      changes.location?.lat ?? null,
      changes.location?.lng ?? null,
      changes.notes !== undefined,
      encryption.encryptOptional(changes.notes ?? null),
    ],
  );
  return rows[0] ? toAddressDto(rows[0], encryption) : undefined;
}

/** Removes an address of this owner; answers whether there was one. */
export async function deleteAddress(db: Queryable, userId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM addresses WHERE id = $2 AND user_id = $1', [userId, id]);
  return rowCount === 1;
}
