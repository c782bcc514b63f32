import { timingSafeEqual } from 'node:crypto';
import { ACCESS_COOKIE, type ApiKeyScope, CSRF_COOKIE, CSRF_HEADER, type Role } from '@swyft/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isApiKeySecret } from '../api-keys/api-key-secrets.js';
import type { Caller } from '../auth/caller.js';
import { checkAccess } from '../auth/check-access.js';
import type { AppContext } from '../context.js';
import { AppError, forbidden, unauthenticated } from '../errors/app-error.js';

export interface UserPrincipal {
  kind: 'user';
  userId: string;
  role: Role;
  sessionId: string;
  /** How the request proved itself: a browser cookie (CSRF applies) or an Authorization header. */
  via: 'cookie' | 'bearer';
}

/** A machine client's API key (`Authorization: Bearer sk_…`): no CSRF, its own rate limit, only its scopes. */
export interface ApiKeyPrincipal {
  kind: 'api_key';
  keyId: string;
  scopes: readonly ApiKeyScope[];
}

export type Principal = UserPrincipal | ApiKeyPrincipal;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Anyone may call it; a valid token is still read (and a disabled account still refused). */
    public?: boolean;
    /** Only these roles; others get 403. */
    roles?: readonly Role[];
    /**
     * API keys holding this scope may call the route (whatever `roles` says: roles are for accounts). A
     * route without one is closed to every key (403 naming no scope).
     */
    scope?: ApiKeyScope;
    /** Exempt from the CSRF check (API.md: register, login, refresh). */
    csrfExempt?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The caller as use cases see it, for routes that are not public: an account and its role, or an API key
 * (`role: "api_key"`, its id the key's), which acts with an admin's reach within the route's scope.
 */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.principal) throw unauthenticated();
  return toCaller(request.principal);
}

/** The caller on a public route: null for an anonymous visitor. */
export function optionalCallerOf(request: FastifyRequest): Caller | null {
  return request.principal ? toCaller(request.principal) : null;
}

function toCaller(principal: Principal): Caller {
  return principal.kind === 'api_key'
    ? { id: principal.keyId, role: 'api_key' }
    : { id: principal.userId, role: principal.role };
}

/** The signed-in account, for handlers of routes that no API key may call (their config names no scope). */
export function principalOf(request: FastifyRequest): UserPrincipal {
  if (!request.principal) throw unauthenticated();
  if (request.principal.kind !== 'user') throw forbidden('API keys may not call this route');
  return request.principal;
}

/**
 * Authentication, account state (or key), role (or scope), CSRF and the rate limit, in that order, before
 * the body is even parsed: an anonymous or forbidden caller learns nothing about what their body would
 * have done.
 */
export function registerAuthentication(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('principal', null);
  // The OpenAPI document says which routes a key may call, from the same declaration the check reads.
  app.addHook('onRoute', (route) => {
    const scope = (route.config as { scope?: ApiKeyScope } | undefined)?.scope;
    if (!scope || !route.schema) return;
    const note = `API keys may call it with the scope \`${scope}\`.`;
    route.schema.description = route.schema.description ? `${route.schema.description} ${note}` : note;
  });
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    const principal = await readPrincipal(ctx, request);
    request.principal = principal;
    if (!principal && !config.public) throw unauthenticated();

    if (principal?.kind === 'api_key') {
      assertScope(principal, config.scope);
      await ctx.limits.apiKey.consume(`key:${principal.keyId}`);
      return;
    }
    if (principal) {
      if (config.roles && !config.roles.includes(principal.role)) throw forbidden();
      if (principal.via === 'cookie' && UNSAFE_METHODS.has(request.method) && !config.csrfExempt) {
        assertCsrf(request);
      }
    }
    await ctx.limits.api.consume(principal ? `user:${principal.userId}` : `ip:${request.ip}`);
  });
}

/** A key calls only the routes that name one of its scopes; the refusal names the scope it lacks. */
function assertScope(principal: ApiKeyPrincipal, scope: ApiKeyScope | undefined): void {
  if (scope && principal.scopes.includes(scope)) return;
  throw new AppError(
    'forbidden',
    scope ? `This API key lacks the scope ${scope}` : 'API keys may not call this route',
    { requiredScope: scope ?? null },
  );
}

async function readPrincipal(ctx: AppContext, request: FastifyRequest): Promise<Principal | null> {
  const header = request.headers.authorization;
  const bearer = header === undefined ? undefined : /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (header !== undefined && !bearer) throw unauthenticated('Invalid or expired access token');
  const token = bearer ?? request.cookies[ACCESS_COOKIE];
  if (!token) return null;
  // A key is a bearer credential only: a cookie holding one is no session (and would skip the CSRF check).
  if (!bearer && isApiKeySecret(token)) {
    if (request.routeOptions.config.public) return null;
    throw unauthenticated('Invalid or expired access token');
  }
  const access = await checkAccess(ctx, token);
  if (access.ok && access.kind === 'api_key') return { kind: 'api_key', keyId: access.keyId, scopes: access.scopes };
  if (access.ok) {
    const { userId, role, sessionId } = access;
    return { kind: 'user', userId, role, sessionId, via: bearer ? 'bearer' : 'cookie' };
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
