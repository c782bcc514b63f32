import type { User } from '@swyft/contract';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { revokeUserSessions } from '../auth/session-queries.js';
import type { AppContext } from '../context.js';
import { withTransaction } from '../db/transaction.js';
import { notFound, validationFailed } from '../http/app-error.js';
import { findUserById, toUserDto, updateUser } from './user-queries.js';

/**
 * Renames the caller and/or changes their password. A new password needs the current one, and ends every
 * other session of the account (a thief holding one loses it).
 */
export async function updateMe(
  ctx: AppContext,
  input: { userId: string; sessionId: string; name?: string; password?: string; currentPassword?: string },
): Promise<User> {
  let passwordHash: string | undefined;
  if (input.password !== undefined) {
    const current = await findUserById(ctx.pool, input.userId);
    if (!current) throw notFound('User');
    if (!(await verifyPassword(current.password_hash, input.currentPassword ?? ''))) {
      throw validationFailed('body.currentPassword', 'is not your current password');
    }
    passwordHash = await hashPassword(input.password);
  }
  return withTransaction(ctx.pool, async (tx) => {
    const row = await updateUser(tx, input.userId, { name: input.name, passwordHash });
    if (!row) throw notFound('User');
    if (passwordHash) await revokeUserSessions(tx, input.userId, input.sessionId);
    return toUserDto(row);
  });
}
