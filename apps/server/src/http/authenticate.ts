import { timingSafeEqual } from 'node:crypto';
import { ACCESS_COOKIE, CSRF_COOKIE, CSRF_HEADER, type Role } from '@swyft/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Caller } from '../auth/caller.js';
import { checkAccess } from '../auth/check-access.js';
import type { AppContext } from '../context.js';
import { AppError, forbidden, unauthenticated } from '../errors/app-error.js';

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

/** The signed-in caller as use cases see it (an account and its role), for routes that are not public. */
export function callerOf(request: FastifyRequest): Caller {
  const { userId, role } = principalOf(request);
  return { id: userId, role };
}

/** The caller on a public route: null for an anonymous visitor. */
export function optionalCallerOf(request: FastifyRequest): Caller | null {
  return request.principal ? { id: request.principal.userId, role: request.principal.role } : null;
}

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
      if (config.roles && !config.roles.includes(request.principal.role)) throw forbidden();
      if (request.principal.via === 'cookie' && UNSAFE_METHODS.has(request.method) && !config.csrfExempt) {
        assertCsrf(request);
      }
    }
    await ctx.limits.api.consume(request.principal ? `user:${request.principal.userId}` : `ip:${request.ip}`);
  });
}

async function readPrincipal(ctx: AppContext, request: FastifyRequest): Promise<Principal | null> {
  const header = request.headers.authorization;
  const bearer = header === undefined ? undefined : /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (header !== undefined && !bearer) throw unauthenticated('Invalid or expired access token');
  const token = bearer ?? request.cookies[ACCESS_COOKIE];
  if (!token) return null;
  const access = await checkAccess(ctx, token);
  if (access.ok) {
    return { userId: access.userId, role: access.role, sessionId: access.sessionId, via: bearer ? 'bearer' : 'cookie' };
  }
  // A stale cookie on a public page is just an anonymous visitor. A bearer token that was sent but is bad is
  // refused even on a public route: the client has a bug or an expired token, and must hear it (a 401 is
  // what triggers its refresh). A disabled account is refused everywhere.
  if (access.badToken && !bearer && request.routeOptions.config.public) return null;
  throw new AppError(access.code, access.message);
}

function assertCsrf(request: FastifyRequest): void {
  const cookie = request.cookies[CSRF_COOKIE];
  const header = request.headers[CSRF_HEADER];
  const expected = Buffer.from(typeof cookie === 'string' ? cookie : '');
  const given = Buffer.from(typeof header === 'string' ? header : '');
  const ok = expected.length > 0 && expected.length === given.length && timingSafeEqual(expected, given);
  if (!ok) throw new AppError('csrf_failed', `Missing or wrong ${CSRF_HEADER} header`);
}
