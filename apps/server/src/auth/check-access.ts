import type { Role } from '@swyft/contract';
import type { AccountStates } from './account-states.js';
import type { AccessClaims, AccessTokens } from './tokens.js';

export type AccessCheck =
  | { ok: true; userId: string; role: Role; sessionId: string }
  | { ok: false; code: 'unauthenticated' | 'account_disabled'; message: string; badToken: boolean };

/**
 * The one check behind every HTTP request and every socket handshake: a token we signed, unexpired, of an
 * account that still exists and is not disabled, in a session that has not ended. The role comes from the
 * account, not from the token (it may have been signed before a change).
 */
export async function checkAccess(
  deps: { accessTokens: AccessTokens; accountStates: AccountStates },
  token: string,
): Promise<AccessCheck> {
  const claims = await deps.accessTokens.verify(token);
  if (!claims)
    return { ok: false, code: 'unauthenticated', message: 'Invalid or expired access token', badToken: true };
  return checkSession(deps.accountStates, claims);
}

/** The part of the check that can change while a token stays valid: also re-run for open connections. */
export async function checkSession(
  accountStates: AccountStates,
  { userId, sessionId }: Pick<AccessClaims, 'userId' | 'sessionId'>,
): Promise<AccessCheck> {
  const state = await accountStates.get(userId, sessionId);
  if (!state || state.deactivated) {
    return { ok: false, code: 'unauthenticated', message: 'This account no longer exists', badToken: false };
  }
  if (state.disabled) {
    return { ok: false, code: 'account_disabled', message: 'This account has been disabled', badToken: false };
  }
  // An ended session's token is as good as an expired one: a public page treats its holder as a visitor.
  if (!state.sessionLive) {
    return { ok: false, code: 'unauthenticated', message: 'This session has ended; sign in again', badToken: true };
  }
  return { ok: true, userId, role: state.role, sessionId };
}
