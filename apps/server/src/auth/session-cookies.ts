import { ACCESS_COOKIE, CSRF_COOKIE, REFRESH_COOKIE } from '@swyft/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { newCsrfToken } from './tokens.js';

const REFRESH_PATH = '/api/v1/auth';

function secure(config: Config, request: FastifyRequest): boolean {
  return config.cookieSecure ?? request.protocol === 'https';
}

/**
 * The browser session: both tokens HttpOnly (no script can read them), SameSite=Lax, Secure over https.
 * The refresh token is only sent to the auth routes. The CSRF token is readable on purpose: the web app
 * echoes it in `x-csrf-token` (double submit), which a cross-site page cannot do.
 */
export function setSessionCookies(
  reply: FastifyReply,
  config: Config,
  tokens: { accessToken: string; refreshToken: string },
): void {
  const base = { sameSite: 'lax', secure: secure(config, reply.request), path: '/' } as const;
  const csrfToken = reply.request.cookies[CSRF_COOKIE] || newCsrfToken();
  reply
    .setCookie(ACCESS_COOKIE, tokens.accessToken, { ...base, httpOnly: true, maxAge: config.accessTokenTtlSeconds })
    .setCookie(REFRESH_COOKIE, tokens.refreshToken, {
      ...base,
      httpOnly: true,
      path: REFRESH_PATH,
      maxAge: config.refreshTokenTtlSeconds,
    })
    .setCookie(CSRF_COOKIE, csrfToken, { ...base, httpOnly: false, maxAge: config.refreshTokenTtlSeconds });
}

export function clearSessionCookies(reply: FastifyReply, config: Config): void {
  const base = { sameSite: 'lax', secure: secure(config, reply.request), path: '/' } as const;
  reply
    .clearCookie(ACCESS_COOKIE, { ...base, httpOnly: true })
    .clearCookie(REFRESH_COOKIE, { ...base, httpOnly: true, path: REFRESH_PATH })
    .clearCookie(CSRF_COOKIE, base);
}
