import type { Role, User } from '@swyft/contract';
import { endUserSessions } from '../auth/end-sessions.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import type { AppContext } from '../context.js';
import { withTransaction } from '../db/transaction.js';
import { notFound, validationFailed } from '../errors/app-error.js';
import { findUserById, toUserDto, updateUser } from './user-queries.js';

/**
 * Renames the caller and/or changes their password. A new password needs the current one, and ends every
 * other session of the account (a thief holding one loses it, access tokens included, on every node).
 */
export async function updateMe(
  ctx: AppContext,
  input: {
    userId: string;
    role: Role;
    sessionId: string;
    correlationId: string;
    name?: string;
    password?: string;
    currentPassword?: string;
  },
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
  const { user, endedSessions } = await withTransaction(ctx.pool, async (tx) => {
    const row = await updateUser(tx, input.userId, { name: input.name, passwordHash });
    if (!row) throw notFound('User');
    const ended = passwordHash
      ? await endUserSessions(tx, input.userId, {
          reason: 'password_changed',
          exceptSessionId: input.sessionId,
          actor: { id: input.userId, role: input.role },
          correlationId: input.correlationId,
        })
      : [];
    return { user: toUserDto(row), endedSessions: ended.length };
  });
  if (endedSessions > 0) ctx.accountStates.changed(input.userId);
  return user;
}
