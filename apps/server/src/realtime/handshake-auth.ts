import type { IncomingHttpHeaders } from 'node:http';
import { fastifyCookie } from '@fastify/cookie';
import { ACCESS_COOKIE, type RealtimeConnectError, realtimeAuthSchema } from '@swyft/contract';
import type { ExtendedError } from 'socket.io';
import type { ApiKeys } from '../api-keys/api-key-states.js';
import type { AccountStates } from '../auth/account-states.js';
import { checkAccess } from '../auth/check-access.js';
import type { AccessTokens } from '../auth/tokens.js';
import type { Logger } from '../platform/logger.js';
import type { ConnectionCounter } from './socket-limits.js';
import type { RealtimeSocket } from './socket-types.js';

export function refusal(code: RealtimeConnectError): ExtendedError {
  const error: ExtendedError = new Error(code);
  error.data = { code };
  return error;
}

/**
 * The handshake is authenticated like an HTTP request (`checkAccess`): the `access_token` cookie or
 * `auth.token`; a disabled or closed account is refused even with an unexpired token, and an API key is
 * refused (`forbidden`).
 */
export function handshakeAuthenticator(options: {
  accessTokens: AccessTokens;
  accountStates: AccountStates;
  apiKeys: Pick<ApiKeys, 'check'>;
  connections: ConnectionCounter;
  corsOrigins: string[];
  log: Logger;
}) {
  const { connections, log } = options;
  return async (socket: RealtimeSocket, next: (error?: ExtendedError) => void) => {
    const auth = realtimeAuthSchema.safeParse(socket.handshake.auth ?? {});
    if (!auth.success) return next(refusal('validation_failed'));
    const headers = socket.handshake.headers;
    const cookieToken = auth.data.token ? undefined : readAccessCookie(headers);
    // A cookie rides along with any request the browser makes: from a page of another origin, refuse
    // (cross-site WebSocket hijacking). Token clients prove themselves with the token they send.
    if (cookieToken && !isAllowedOrigin(headers, options.corsOrigins)) return next(refusal('unauthenticated'));
    const token = auth.data.token ?? cookieToken;
    if (!token) return next(refusal('unauthenticated'));
    try {
      const access = await checkAccess(options, token);
      if (!access.ok) return next(refusal(access.code));
      // The socket carries a person's live view; machine clients read the log over HTTP.
      if (access.kind === 'api_key') return next(refusal('forbidden'));
      if (connections.isFull(access.userId)) return next(refusal('too_many_connections'));
      socket.data = {
        userId: access.userId,
        role: access.role,
        sessionId: access.sessionId,
        lastSeq: auth.data.lastSeq,
        declaresOnline: access.role === 'partner' ? auth.data.online : undefined,
      };
      next();
    } catch (error) {
      log.warn({ err: error }, 'socket handshake could not be checked');
      next(refusal('unavailable'));
    }
  };
}

function readAccessCookie(headers: IncomingHttpHeaders): string | undefined {
  if (!headers.cookie) return undefined;
  return fastifyCookie.parse(headers.cookie)[ACCESS_COOKIE] || undefined;
}

function isAllowedOrigin(headers: IncomingHttpHeaders, corsOrigins: string[]): boolean {
  const origin = headers.origin;
  if (!origin) return true; // not a browser page
  if (corsOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === headers.host;
  } catch {
    return false;
  }
}
