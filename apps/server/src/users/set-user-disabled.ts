import type { User } from '@swyft/contract';
import { revokeUserSessions } from '../auth/session-queries.js';
import type { AppContext } from '../context.js';
import { withTransaction } from '../db/transaction.js';
import { forbidden, notFound } from '../errors/app-error.js';
import { appendEvent } from '../events/append-event.js';
import { toUserDto, updateUser } from './user-queries.js';

/**
 * An admin disables (or enables again) an account. Disabling takes effect at once: sessions are ended (an
 * enabled account signs in again), and every node drops its cached account state, by the bus at once and
 * by the event in the log should the bus be down, so the next request with a still-valid access token is
 * refused, and the real-time gateway closes the user's sockets.
 */
export async function setUserDisabled(
  ctx: AppContext,
  input: { adminId: string; userId: string; disabled: boolean; correlationId: string },
): Promise<User> {
  if (input.disabled && input.adminId === input.userId) throw forbidden('You cannot disable your own account');
  const user = await withTransaction(ctx.pool, async (tx) => {
    const row = await updateUser(tx, input.userId, { disabled: input.disabled });
    if (!row) throw notFound('User');
    // The user.disabled event below tells the other nodes (and the log) that these sessions ended.
    if (input.disabled) await revokeUserSessions(tx, input.userId, 'account_disabled');
    const dto = toUserDto(row);
    await appendEvent(tx, {
      type: input.disabled ? 'user.disabled' : 'user.enabled',
      actor: { id: input.adminId, role: 'admin' },
      data: { user: dto },
      correlationId: input.correlationId,
    });
    return dto;
  });
  ctx.accountStates.changed(input.userId);
  return user;
}
