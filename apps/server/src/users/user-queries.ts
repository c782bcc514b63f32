import type { Role, User } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { decodeCursor, toPage } from '../pagination/keyset-cursor.js';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  disabled: boolean;
  deactivated_at: Date | null;
  created_at: Date;
}

const USER_COLUMNS = 'id, email, name, role, password_hash, disabled, deactivated_at, created_at';

export function toUserDto(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    disabled: row.disabled,
    createdAt: row.created_at.toISOString(),
  };
}

export async function insertUser(
  db: Queryable,
  user: { email: string; name: string; role: Role; passwordHash: string },
): Promise<UserRow> {
  const { rows } = await db.query<UserRow>(
    `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING ${USER_COLUMNS}`,
    [user.email, user.name, user.role, user.passwordHash],
  );
  return rows[0]!;
}

export async function findUserById(db: Queryable, id: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
  return rows[0];
}

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE lower(email) = lower($1)`, [email]);
  return rows[0];
}

export async function updateUser(
  db: Queryable,
  id: string,
  changes: { name?: string; passwordHash?: string; disabled?: boolean; deactivated?: boolean },
): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    `UPDATE users SET
       name = COALESCE($2, name),
       password_hash = COALESCE($3, password_hash),
       disabled = COALESCE($4, disabled),
       deactivated_at = CASE WHEN $5::boolean THEN COALESCE(deactivated_at, now()) ELSE deactivated_at END,
       updated_at = now()
     WHERE id = $1
     RETURNING ${USER_COLUMNS}`,
    [id, changes.name ?? null, changes.passwordHash ?? null, changes.disabled ?? null, changes.deactivated ?? false],
  );
  return rows[0];
}

export async function listUsers(
  db: Queryable,
  filter: { role?: Role; q?: string; disabled?: boolean; limit: number; cursor?: string },
): Promise<{ items: User[]; nextCursor: string | null }> {
  const after = decodeCursor(filter.cursor, 'timestamp');
  // The cursor keeps created_at as PostgreSQL's own text (microseconds); a JS Date would round it to ms.
  const { rows } = await db.query<UserRow & { cursor_key: string }>(
    `SELECT ${USER_COLUMNS}, created_at::text AS cursor_key FROM users
     WHERE ($1::text IS NULL OR role = $1)
       AND ($2::text IS NULL OR name ILIKE $2 OR email ILIKE $2)
       AND ($3::boolean IS NULL OR disabled = $3)
       AND ($4::timestamptz IS NULL OR (created_at, id) < ($4, $5::uuid))
     ORDER BY created_at DESC, id DESC
     LIMIT $6`,
    [
      filter.role ?? null,
      filter.q ? `%${escapeLike(filter.q)}%` : null,
      filter.disabled ?? null,
      after ? String(after.key) : null,
      after?.id ?? null,
      filter.limit + 1,
    ],
  );
  return toPage(rows, filter.limit, toUserDto, (row) => ({ key: row.cursor_key, id: row.id }));
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
