import {
  loginBodySchema,
  REFRESH_COOKIE,
  refreshBodySchema,
  registerBodySchema,
  type SessionResponse,
  sessionResponseSchema,
} from '@swyft/contract';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { principalOf } from '../http/authenticate.js';
import { errorResponses } from '../http/openapi.js';
import { logIn } from './log-in.js';
import { logOut } from './log-out.js';
import { registerUser } from './register-user.js';
import { rotateRefreshToken } from './rotate-refresh-token.js';
import { clearSessionCookies, setSessionCookies } from './session-cookies.js';
import type { IssuedSession } from './start-session.js';

const publicAuth = { public: true, csrfExempt: true } as const;

export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  /** Cookie clients get the tokens as cookies; token clients get them in the body and no cookie. */
  const answer = (
    reply: FastifyReply,
    client: 'cookie' | 'token',
    result: { user: SessionResponse['user']; session: IssuedSession },
  ): SessionResponse => {
    if (client === 'token') {
      return { user: result.user, accessToken: result.session.accessToken, refreshToken: result.session.refreshToken };
    }
    setSessionCookies(reply, ctx.config, result.session);
    return { user: result.user };
  };

  return async (app) => {
    app.post(
      '/auth/register',
      {
        config: publicAuth,
        schema: {
          tags: ['auth'],
          summary: 'Create a customer or partner account and sign in',
          body: registerBodySchema,
          response: { 201: sessionResponseSchema, ...errorResponses(400, 409, 429) },
        },
      },
      async (request, reply) => {
        const { client, ...input } = request.body;
        const result = await registerUser(ctx, { ...input, correlationId: request.id });
        return reply.code(201).send(answer(reply, client, result));
      },
    );

    app.post(
      '/auth/login',
      {
        config: publicAuth,
        schema: {
          tags: ['auth'],
          summary: 'Sign in; `client: "token"` returns the tokens instead of setting cookies',
          body: loginBodySchema,
          response: { 200: sessionResponseSchema, ...errorResponses(400, 401, 403, 429) },
        },
      },
      async (request, reply) => {
        const { email, password, client } = request.body;
        const result = await logIn(ctx, { email, password, client, ip: request.ip, correlationId: request.id });
        return answer(reply, client, result);
      },
    );

    app.post(
      '/auth/refresh',
      {
        config: publicAuth,
        schema: {
          tags: ['auth'],
          summary: 'Rotate the refresh token (cookie, or `refreshToken` in the body for token clients)',
          body: refreshBodySchema,
          response: { 200: sessionResponseSchema, ...errorResponses(400, 401, 403, 429) },
        },
      },
      async (request, reply) => {
        const bodyToken = request.body?.refreshToken;
        const result = await rotateRefreshToken(ctx, bodyToken ?? request.cookies[REFRESH_COOKIE], request.id);
        return answer(reply, bodyToken ? 'token' : 'cookie', result);
      },
    );

    app.post(
      '/auth/logout',
      {
        schema: {
          tags: ['auth'],
          summary: 'End this session',
          response: { 204: z.null().describe('Signed out'), ...errorResponses(401, 403) },
        },
      },
      async (request, reply) => {
        const { userId, role, sessionId } = principalOf(request);
        await logOut(ctx, { userId, role, sessionId, correlationId: request.id });
        clearSessionCookies(reply, ctx.config);
        return reply.code(204).send(null);
      },
    );
  };
}
