import type { Role } from '@swyft/contract';
import type { AccountStates } from './account-states.js';
import type { AccessTokens } from './tokens.js';

export type AccessCheck =
  | { ok: true; userId: string; role: Role; sessionId: string }
  | { ok: false; code: 'unauthenticated' | 'account_disabled'; message: string; badToken: boolean };

/**
 * The one check behind every HTTP request and every socket handshake: a token we signed, unexpired, of an
 * account that still exists and is not disabled. The role comes from the account, not from the token (it
 * may have been signed before a change).
 */
export async function checkAccess(
  deps: { accessTokens: AccessTokens; accountStates: AccountStates },
  token: string,
): Promise<AccessCheck> {
  const claims = await deps.accessTokens.verify(token);
  if (!claims)
    return { ok: false, code: 'unauthenticated', message: 'Invalid or expired access token', badToken: true };
  const state = await deps.accountStates.get(claims.userId);
  if (!state || state.deactivated) {
    return { ok: false, code: 'unauthenticated', message: 'This account no longer exists', badToken: false };
  }
  if (state.disabled) {
    return { ok: false, code: 'account_disabled', message: 'This account has been disabled', badToken: false };
  }
  return { ok: true, userId: claims.userId, role: state.role, sessionId: claims.sessionId };
}
