import { hashPassword } from '../auth/passwords.js';
import type { Queryable } from '../db/pool.js';
import { isUniqueViolation } from '../db/transaction.js';
import { findUserByEmail, insertUser } from './user-queries.js';

export type EnsureAdminOutcome = 'created' | 'exists' | 'exists-not-admin';

/**
 * Creates an admin account unless one with this email exists. An existing account is never changed
 * (its password is not reset from configuration on every start).
 */
export async function ensureAdmin(
  db: Queryable,
  admin: { email: string; password: string; name?: string },
): Promise<EnsureAdminOutcome> {
  const existing = await findUserByEmail(db, admin.email);
  if (existing) return existing.role === 'admin' ? 'exists' : 'exists-not-admin';
  const passwordHash = await hashPassword(admin.password);
  try {
    await insertUser(db, { email: admin.email, name: admin.name ?? 'Administrator', role: 'admin', passwordHash });
    return 'created';
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) return 'exists'; // another node created it just now
    throw error;
  }
}
