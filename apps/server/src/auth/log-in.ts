import type { User } from '@swyft/contract';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { AppError } from '../errors/app-error.js';
import { appendEvent } from '../events/append-event.js';
import type { Limiter } from '../platform/rate-limit.js';
import { findAccountByEmail } from '../users/find-account.js';
import { burnPasswordCheck, verifyPassword } from './passwords.js';
import { type IssuedSession, issueSession, type SessionDeps } from './start-session.js';

// One message for an unknown email and a wrong password: the answer must not reveal which accounts exist.
const BAD_CREDENTIALS = 'Email or password is incorrect';

export interface LogInDeps extends SessionDeps {
  pool: Pool;
  limits: { loginByIp: Limiter; loginFailuresByAccount: Limiter };
}

/**
 * Checks the password and opens a session, with its `user.logged_in` event (admins only, for audit: the
 * client kind, never the password or a token) in the same transaction. Throttled twice: every attempt
 * counts against the client's IP, and failures count against the account (whether or not it exists),
 * which then refuses even the right password until the window passes.
 */
export async function logIn(
  deps: LogInDeps,
  input: { email: string; password: string; ip: string; client: 'cookie' | 'token'; correlationId: string },
): Promise<{ user: User; session: IssuedSession }> {
  const { loginByIp, loginFailuresByAccount } = deps.limits;
  const accountKey = input.email.trim().toLowerCase();
  await loginByIp.consume(input.ip);
  await loginFailuresByAccount.assertNotBlocked(accountKey);

  const account = await findAccountByEmail(deps, accountKey);
  const passwordOk = account
    ? await verifyPassword(account.passwordHash, input.password)
    : await burnPasswordCheck(input.password);
  if (!account || !passwordOk || account.deactivated) {
    await loginFailuresByAccount.consume(accountKey);
    throw new AppError('unauthenticated', BAD_CREDENTIALS);
  }
  if (account.user.disabled) throw new AppError('account_disabled', 'This account has been disabled');
  await loginFailuresByAccount.reset(accountKey);
  const { user } = account;
  const session = await withTransaction(deps.pool, async (tx) => {
    const issued = await issueSession(deps, tx, user);
    await appendEvent(tx, {
      type: 'user.logged_in',
      actor: { id: user.id, role: user.role },
      data: { userId: user.id, client: input.client },
      correlationId: input.correlationId,
    });
    return issued;
  });
  return { user, session };
}
