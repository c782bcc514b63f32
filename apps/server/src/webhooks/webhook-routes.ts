import {
  createWebhookBodySchema,
  createWebhookResponseSchema,
  replayWebhookBodySchema,
  updateWebhookBodySchema,
  webhookDeliveriesQuerySchema,
  webhookDeliveryPageSchema,
  webhookIdParamsSchema,
  webhookListSchema,
  webhookResponseSchema,
  webhookTestResponseSchema,
} from '@swyft/contract';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { principalOf } from '../http/authenticate.js';
import { errorResponses } from '../http/openapi.js';
import {
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  replayWebhook,
  sendTestEvent,
  updateWebhook,
} from './webhook-service.js';

const adminOnly = { roles: ['admin'] } as const;
const tags = ['admin'];

/** API.md, Webhooks: admins manage the endpoints that receive the event log. */
export function webhookRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const admin = (request: FastifyRequest) => ({
    adminId: principalOf(request).userId,
    correlationId: request.id,
  });
  return async (app) => {
    app.post(
      '/admin/webhooks',
      {
        config: adminOnly,
        schema: {
          tags,
          summary: 'Add a webhook endpoint; its secret (`whsec_…`) is in this answer only',
          description:
            'The endpoint receives matching events logged after its creation, in seq order, signed per Standard ' +
            'Webhooks. A URL whose host resolves to a loopback, private, link-local or metadata address is ' +
            'refused (400) unless WEBHOOK_ALLOW_PRIVATE_NETWORKS=true.',
          body: createWebhookBodySchema,
          response: { 201: createWebhookResponseSchema, ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createWebhook(ctx, { ...admin(request), body: request.body })),
    );

    app.get(
      '/admin/webhooks',
      {
        config: adminOnly,
        schema: {
          tags,
          summary: 'Every webhook endpoint with its cursor, backlog and health (never a secret)',
          response: { 200: webhookListSchema, ...errorResponses(401, 403) },
        },
      },
      async () => listWebhooks(ctx),
    );

    app.patch(
      '/admin/webhooks/:id',
      {
        config: adminOnly,
        schema: {
          tags,
          summary: 'Change an endpoint; `enabled: true` resumes delivery from where it stopped',
          params: webhookIdParamsSchema,
          body: updateWebhookBodySchema,
          response: { 200: webhookResponseSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => updateWebhook(ctx, { ...admin(request), id: request.params.id, body: request.body }),
    );

    app.delete(
      '/admin/webhooks/:id',
      {
        config: adminOnly,
        schema: {
          tags,
          summary: 'Remove an endpoint and its delivery log',
          params: webhookIdParamsSchema,
          response: { 204: z.null().describe('Deleted'), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await deleteWebhook(ctx, { ...admin(request), id: request.params.id });
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/admin/webhooks/:id/deliveries',
      {
        config: adminOnly,
        schema: {
          tags,
          summary: 'The delivery attempts of an endpoint, newest first (kept 7 days)',
          params: webhookIdParamsSchema,
          querystring: webhookDeliveriesQuerySchema,
          response: { 200: webhookDeliveryPageSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) =>
        listDeliveries(ctx, {
          id: request.params.id,
          limit: request.query.limit,
          ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
        }),
    );

    app.post(
      '/admin/webhooks/:id/replay',
      {
        config: adminOnly,
        schema: {
          tags,
          summary: 'Deliver again every matching event from `fromSeq` (at most the endpoint’s lastSeq + 1)',
          params: webhookIdParamsSchema,
          body: replayWebhookBodySchema,
          response: { 200: webhookResponseSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) =>
        replayWebhook(ctx, { ...admin(request), id: request.params.id, fromSeq: request.body.fromSeq }),
    );

    app.post(
      '/admin/webhooks/:id/test',
      {
        config: adminOnly,
        schema: {
          tags,
          summary: 'Send a `webhook.test` event to this endpoint now and answer with the attempt',
          description:
            'Outside the log: seq 0, `webhook-id` `evt_test_<uuid>`, signed like every delivery; the cursor does ' +
            'not move. Sent even to a disabled endpoint (to check it before enabling it).',
          params: webhookIdParamsSchema,
          response: { 200: webhookTestResponseSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => sendTestEvent(ctx, { ...admin(request), id: request.params.id }),
    );
  };
}
