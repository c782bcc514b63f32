import { timingSafeEqual } from 'node:crypto';
import { ACCESS_COOKIE, CSRF_COOKIE, CSRF_HEADER, type Role } from '@swyft/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { AppError, forbidden, unauthenticated } from './app-error.js';

export interface Principal {
  userId: string;
  role: Role;
  sessionId: string;
  /** How the request proved itself: a browser cookie (CSRF applies) or an Authorization header. */
  via: 'cookie' | 'bearer';
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Anyone may call it; a valid token is still read (and a disabled account still refused). */
    public?: boolean;
    /** Only these roles; others get 403. */
    roles?: readonly Role[];
    /** Exempt from the CSRF check (API.md: register, login, refresh). */
    csrfExempt?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The signed-in caller, for handlers of routes that are not public. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated();
  return request.principal;
}

/**
 * Authentication, account state, role, CSRF and the general rate limit, in that order, before the body
 * is even parsed: an anonymous or forbidden caller learns nothing about what their body would have done.
 */
export function registerAuthentication(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    request.principal = await readPrincipal(ctx, request);
    if (!request.principal && !config.public) throw unauthenticated();

    if (request.principal) {
      const state = await ctx.accountStates.get(request.principal.userId);
      if (!state || state.deactivated) throw unauthenticated('This account no longer exists');
      if (state.disabled) throw new AppError('account_disabled', 'This account has been disabled');
      // The role is read from the account, not trusted from a token signed before a change.
      request.principal.role = state.role;
      if (config.roles && !config.roles.includes(state.role)) throw forbidden();
      if (request.principal.via === 'cookie' && UNSAFE_METHODS.has(request.method) && !config.csrfExempt) {
        assertCsrf(request);
      }
    }
    await ctx.limits.api.consume(request.principal ? `user:${request.principal.userId}` : `ip:${request.ip}`);
  });
}

async function readPrincipal(ctx: AppContext, request: FastifyRequest): Promise<Principal | null> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const claims = match ? await ctx.accessTokens.verify(match[1]!) : undefined;
    // A credential that was sent but is bad is refused even on a public route: the client has a bug or
    // an expired token, and must hear it (a 401 is what triggers its refresh).
    if (!claims) throw unauthenticated('Invalid or expired access token');
    return { ...claims, via: 'bearer' };
  }
  const cookie = request.cookies[ACCESS_COOKIE];
  if (cookie) {
    const claims = await ctx.accessTokens.verify(cookie);
    if (!claims) {
      if (request.routeOptions.config.public) return null;
      throw unauthenticated('Invalid or expired access token');
    }
    return { ...claims, via: 'cookie' };
  }
  return null;
}

function assertCsrf(request: FastifyRequest): void {
  const cookie = request.cookies[CSRF_COOKIE];
  const header = request.headers[CSRF_HEADER];
  const expected = Buffer.from(typeof cookie === 'string' ? cookie : '');
  const given = Buffer.from(typeof header === 'string' ? header : '');
  const ok = expected.length > 0 && expected.length === given.length && timingSafeEqual(expected, given);
  if (!ok) throw new AppError('csrf_failed', `Missing or wrong ${CSRF_HEADER} header`);
}
