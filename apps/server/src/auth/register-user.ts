import type { User } from '@swyft/contract';
import type { AppContext } from '../context.js';
import { isUniqueViolation, withTransaction } from '../db/transaction.js';
import { AppError } from '../errors/app-error.js';
import { appendEvent } from '../events/append-event.js';
import { insertUser, toUserDto } from '../users/user-queries.js';
import { hashPassword } from './passwords.js';
import { type IssuedSession, issueSession } from './start-session.js';

export interface RegisterUserInput {
  name: string;
  email: string;
  password: string;
  role: 'customer' | 'partner';
  correlationId: string;
}

/** Creates the account, its `user.registered` event and a first session, in one transaction. */
export async function registerUser(
  ctx: AppContext,
  input: RegisterUserInput,
): Promise<{ user: User; session: IssuedSession }> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await withTransaction(ctx.pool, async (tx) => {
      const row = await insertUser(tx, { email: input.email, name: input.name, role: input.role, passwordHash });
      const user = toUserDto(row);
      await appendEvent(tx, {
        type: 'user.registered',
        actor: { id: user.id, role: user.role },
        data: { user },
        correlationId: input.correlationId,
      });
      return { user, session: await issueSession(ctx, tx, row) };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) {
      throw new AppError('email_taken', 'An account with this email already exists', { field: 'email' });
    }
    throw error;
  }
}
