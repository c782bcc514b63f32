import { updateMeBodySchema, userResponseSchema } from '@swyft/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clearSessionCookies } from '../auth/session-cookies.js';
import type { AppContext } from '../context.js';
import { principalOf } from '../http/authenticate.js';
import { errorResponses } from '../http/openapi.js';
import { deactivateMe } from './deactivate-me.js';
import { getUser } from './get-user.js';
import { updateMe } from './update-me.js';

export function meRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/me',
      {
        schema: {
          tags: ['me'],
          summary: 'The signed-in user',
          response: { 200: userResponseSchema, ...errorResponses(401, 403) },
        },
      },
      async (request) => ({ user: await getUser(ctx, principalOf(request).userId) }),
    );

    app.patch(
      '/me',
      {
        schema: {
          tags: ['me'],
          summary: 'Change your name or password (a new password needs `currentPassword`)',
          body: updateMeBodySchema,
          response: { 200: userResponseSchema, ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { userId, role, sessionId } = principalOf(request);
        return { user: await updateMe(ctx, { userId, role, sessionId, correlationId: request.id, ...request.body }) };
      },
    );

    app.delete(
      '/me',
      {
        schema: {
          tags: ['me'],
          summary: 'Close your account (orders are kept)',
          response: { 204: z.null().describe('Closed'), ...errorResponses(401, 403) },
        },
      },
      async (request, reply) => {
        const { userId, role } = principalOf(request);
        await deactivateMe(ctx, { userId, role, correlationId: request.id });
        clearSessionCookies(reply, ctx.config);
        return reply.code(204).send(null);
      },
    );
  };
}
