import type { Role, User } from '@swyft/contract';
import type { AccountStates } from '../auth/account-states.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { revokeSessions } from '../auth/revoke-sessions.js';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { notFound, validationFailed } from '../errors/app-error.js';
import { findAccount } from './find-account.js';
import { toUserDto, updateUser } from './user-queries.js';

/**
 * Renames the caller and/or changes their password. A new password needs the current one, and ends every
 * other session of the account (a thief holding one loses it, access tokens included, on every node).
 */
export async function updateMe(
  deps: { pool: Pool; accountStates: Pick<AccountStates, 'locked'> },
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
    const current = await findAccount(deps, input.userId);
    if (!current) throw notFound('User');
    if (!(await verifyPassword(current.passwordHash, input.currentPassword ?? ''))) {
      throw validationFailed('body.currentPassword', 'is not your current password');
    }
    passwordHash = await hashPassword(input.password);
  }
  const { user, endedSessions } = await withTransaction(deps.pool, async (tx) => {
    const row = await updateUser(tx, input.userId, { name: input.name, passwordHash });
    if (!row) throw notFound('User');
    const ended = passwordHash
      ? await revokeSessions(tx, input.userId, {
          reason: 'password_changed',
          exceptSessionId: input.sessionId,
          actor: { id: input.userId, role: input.role },
          correlationId: input.correlationId,
        })
      : [];
    return { user: toUserDto(row), endedSessions: ended };
  });
  if (endedSessions.length > 0) deps.accountStates.locked({ userId: input.userId, sessionIds: endedSessions });
  return user;
}
