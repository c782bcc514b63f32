import {
  apiKeyIdParamsSchema,
  apiKeyListSchema,
  createApiKeyBodySchema,
  createApiKeyResponseSchema,
} from '@swyft/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { principalOf } from '../http/authenticate.js';
import { errorResponses } from '../http/openapi.js';
import { createApiKey } from './create-api-key.js';
import { listApiKeys } from './list-api-keys.js';
import { revokeApiKey } from './revoke-api-key.js';

const adminOnly = { roles: ['admin'] } as const;
const tags = ['admin'];

export function apiKeyRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/admin/api-keys',
      {
        config: adminOnly,
        schema: {
          tags,
          summary: 'Create an API key for a machine client; its secret is in this answer only',
          description:
            'Send the secret as `Authorization: Bearer sk_…`. The key may call only the routes of its scopes ' +
            '(others answer 403 `forbidden` with `details.requiredScope`); it has a rate limit of its own.',
          body: createApiKeyBodySchema,
          response: { 201: createApiKeyResponseSchema, ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const created = await createApiKey(ctx, {
          adminId: principalOf(request).userId,
          key: request.body,
          correlationId: request.id,
        });
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/admin/api-keys',
      {
        config: adminOnly,
        schema: {
          tags,
          summary: 'Every API key, newest first, revoked ones included (never a secret)',
          response: { 200: apiKeyListSchema, ...errorResponses(401, 403) },
        },
      },
      async () => listApiKeys(ctx),
    );

    app.delete(
      '/admin/api-keys/:id',
      {
        config: adminOnly,
        schema: {
          tags,
          summary: 'Revoke an API key: refused (401) on every node within a second; again: no change',
          params: apiKeyIdParamsSchema,
          response: { 204: z.null().describe('Revoked'), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await revokeApiKey(ctx, {
          adminId: principalOf(request).userId,
          keyId: request.params.id,
          correlationId: request.id,
        });
        return reply.code(204).send(null);
      },
    );
  };
}
