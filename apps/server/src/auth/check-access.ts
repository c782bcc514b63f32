import type { ApiKeyScope, Role } from '@swyft/contract';
import { isApiKeySecret } from '../api-keys/api-key-secrets.js';
import type { ApiKeys } from '../api-keys/api-key-states.js';
import type { AccountStates } from './account-states.js';
import type { AccessClaims, AccessTokens } from './tokens.js';

export type UserAccess = { ok: true; kind: 'user'; userId: string; role: Role; sessionId: string };
/** A machine client's key: it may call the routes of its scopes, nothing else (the transport checks). */
export type ApiKeyAccess = { ok: true; kind: 'api_key'; keyId: string; scopes: readonly ApiKeyScope[] };
export type AccessRefusal = {
  ok: false;
  code: 'unauthenticated' | 'account_disabled';
  message: string;
  badToken: boolean;
};
export type AccessCheck = UserAccess | ApiKeyAccess | AccessRefusal;

/**
 * The one check behind every HTTP request and every socket handshake: an API key (`sk_…`) that exists and
 * is not revoked; or a token we signed, unexpired, of an account that still exists and is not disabled, in
 * a session that has not ended. The role comes from the account, not from the token (it may have been
 * signed before a change).
 */
export async function checkAccess(
  deps: { accessTokens: AccessTokens; accountStates: AccountStates; apiKeys: Pick<ApiKeys, 'check'> },
  token: string,
): Promise<AccessCheck> {
  if (isApiKeySecret(token)) {
    const key = await deps.apiKeys.check(token);
    if (!key.ok) return { ok: false, code: 'unauthenticated', message: key.message, badToken: true };
    return { ok: true, kind: 'api_key', keyId: key.keyId, scopes: key.scopes };
  }
  const claims = await deps.accessTokens.verify(token);
  if (!claims)
    return { ok: false, code: 'unauthenticated', message: 'Invalid or expired access token', badToken: true };
  return checkSession(deps.accountStates, claims);
}

/** The part of the check that can change while a token stays valid: also re-run for open connections. */
export async function checkSession(
  accountStates: AccountStates,
  { userId, sessionId }: Pick<AccessClaims, 'userId' | 'sessionId'>,
): Promise<UserAccess | AccessRefusal> {
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
  return { ok: true, kind: 'user', userId, role: state.role, sessionId };
}
