import type { User } from '@swyft/contract';
import type { AppContext } from '../context.js';
import { AppError } from '../errors/app-error.js';
import { findUserByEmail, toUserDto } from '../users/user-queries.js';
import { burnPasswordCheck, verifyPassword } from './passwords.js';
import { type IssuedSession, issueSession } from './start-session.js';

// One message for an unknown email and a wrong password: the answer must not reveal which accounts exist.
const BAD_CREDENTIALS = 'Email or password is incorrect';

/**
 * Checks the password and opens a session. Throttled twice: every attempt counts against the client's IP,
 * and failures count against the account (whether or not it exists), which then refuses even the right
 * password until the window passes.
 */
export async function logIn(
  ctx: AppContext,
  input: { email: string; password: string; ip: string },
): Promise<{ user: User; session: IssuedSession }> {
  const accountKey = input.email.trim().toLowerCase();
  await ctx.limits.loginByIp.consume(input.ip);
  await ctx.limits.loginFailuresByAccount.assertNotBlocked(accountKey);

  const row = await findUserByEmail(ctx.pool, accountKey);
  const passwordOk = row
    ? await verifyPassword(row.password_hash, input.password)
    : await burnPasswordCheck(input.password);
  if (!row || !passwordOk || row.deactivated_at) {
    await ctx.limits.loginFailuresByAccount.consume(accountKey);
    throw new AppError('unauthenticated', BAD_CREDENTIALS);
  }
  if (row.disabled) throw new AppError('account_disabled', 'This account has been disabled');
  await ctx.limits.loginFailuresByAccount.reset(accountKey);
  return { user: toUserDto(row), session: await issueSession(ctx, ctx.pool, row) };
}
