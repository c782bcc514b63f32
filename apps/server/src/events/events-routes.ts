import {
  eventHealthSchema,
  eventSchema,
  eventStatsSchema,
  eventsQuerySchema,
  pageSchema,
  replayEventsBodySchema,
  replayEventsResponseSchema,
} from '@swyft/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { errorResponses } from '../http/openapi.js';
import { eventPageSerializer } from './event-page-serializer.js';
import { getEventHealth } from './get-event-health.js';
import { getEventStats } from './get-event-stats.js';
import { listEvents } from './list-events.js';
import { replayEvents } from './replay-events.js';

const adminOnly = { roles: ['admin'] } as const;

export function eventRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/events',
      {
        config: { ...adminOnly, scope: 'events:read' },
        schema: {
          tags: ['events'],
          summary: 'The event log, oldest first (stamped events only)',
          description: "`after` a seq, or the previous page's `cursor`; filter by `type` and `orderId`.",
          querystring: eventsQuerySchema,
          response: { 200: pageSchema(eventSchema), ...errorResponses(400, 401, 403) },
        },
        serializerCompiler: eventPageSerializer,
      },
      async (request) => listEvents(ctx, request.query),
    );

    app.get(
      '/events/stats',
      {
        config: adminOnly,
        schema: {
          tags: ['events'],
          summary: 'Counts by type, events per minute over the last hour, dispatch lag',
          response: { 200: eventStatsSchema, ...errorResponses(401, 403) },
        },
      },
      async () => getEventStats(ctx),
    );

    app.get(
      '/events/health',
      {
        config: adminOnly,
        schema: {
          tags: ['events'],
          summary: "Last seq, undelivered backlog and its oldest age, and this node's dispatch position",
          response: { 200: eventHealthSchema, ...errorResponses(401, 403) },
        },
      },
      async () => getEventHealth(ctx),
    );

    app.post(
      '/events/replay',
      {
        config: adminOnly,
        schema: {
          tags: ['events'],
          summary: 'Re-send stamped events fromSeq..toSeq to the live connections that may see them',
          description:
            'Each is sent marked `replayed: true` and may repeat a seq a client already has; clients skip those.',
          body: replayEventsBodySchema,
          response: { 200: replayEventsResponseSchema, ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => replayEvents(ctx, request.body),
    );
  };
}
