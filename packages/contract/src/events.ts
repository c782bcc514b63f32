import { z } from 'zod';
import { roleSchema } from './auth.js';
import { idSchema, isoDateTimeSchema, pageQuerySchema } from './common.js';

export const eventTypes = [
  'user.registered',
  'user.disabled',
  'user.enabled',
  /** A session ended (logout, refresh-token reuse, password change, closed account); admins only, never a token. */
  'session.revoked',
  'product.created',
  'product.updated',
  'order.placed',
  'order.accepted',
  'order.released',
  'order.status_changed',
  'order.cancelled',
  'order.delivered',
] as const;
export const eventTypeSchema = z.enum(eventTypes);
export type EventType = z.infer<typeof eventTypeSchema>;

export const eventActorSchema = z.object({ id: idSchema, role: roleSchema });
export type EventActor = z.infer<typeof eventActorSchema>;

/**
 * One entry of the durable event log. `seq` is stamped in commit order by the dispatcher, so it is strictly
 * increasing over the whole log; a reader that follows `seq` never skips an event.
 */
export const eventSchema = z
  .object({
    seq: z.number().int().positive(),
    type: eventTypeSchema,
    at: isoDateTimeSchema,
    actor: eventActorSchema.nullable(),
    orderId: idSchema.nullable(),
    data: z.record(z.string(), z.unknown()),
    correlationId: z.string(),
  })
  .meta({ id: 'Event' });
export type SwyftEvent = z.infer<typeof eventSchema>;

/** `GET /events` (admins): the log, oldest first, after `after` (or the page's `cursor`); stamped events only. */
export const eventsQuerySchema = pageQuerySchema.extend({
  after: z.coerce.number().int().min(0).optional().describe('Only events with a greater seq'),
  type: eventTypeSchema.optional(),
  orderId: idSchema.optional(),
});
export type EventsQuery = z.input<typeof eventsQuerySchema>;

/** `GET /events/stats` (admins). */
export const eventStatsSchema = z
  .object({
    generatedAt: isoDateTimeSchema,
    countsByType: z.record(eventTypeSchema, z.number().int()).describe('Every type, zero included'),
    eventsPerMinute: z
      .array(z.object({ minute: isoDateTimeSchema, count: z.number().int() }))
      .describe('Events appended in each of the last 60 minutes (the current one last), zero included'),
    deliveryLag: z
      .object({
        windowMinutes: z.number().int(),
        events: z.number().int(),
        p50Ms: z.number().nullable(),
        p99Ms: z.number().nullable(),
        maxMs: z.number().nullable(),
      })
      .describe('Time from an event being appended to its seq being stamped (dispatched), over the window'),
  })
  .meta({ id: 'EventStats' });
export type EventStats = z.infer<typeof eventStatsSchema>;

/** `GET /events/health` (admins): whether the log is being dispatched. */
export const eventHealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']).describe('`degraded` when an event has waited more than 5 s for its seq'),
    lastSeq: z.number().int(),
    undelivered: z.number().int().describe('Committed events not stamped yet'),
    oldestUndeliveredAgeSeconds: z.number().nullable(),
    node: z.object({
      isSequencer: z.boolean().describe('This node holds the sequencer lock'),
      lastDeliveredSeq: z.number().int().describe('The last seq this node has pushed to its connections'),
      openSockets: z.number().int(),
    }),
  })
  .meta({ id: 'EventHealth' });
export type EventHealth = z.infer<typeof eventHealthSchema>;

export const MAX_REPLAY_EVENTS = 10_000;

/** `POST /events/replay` (admins): re-sends stamped events `fromSeq..toSeq` (inclusive) to live connections. */
export const replayEventsBodySchema = z
  .strictObject({ fromSeq: z.number().int().min(1), toSeq: z.number().int().min(1) })
  .refine((b) => b.toSeq >= b.fromSeq, { message: 'must not be below fromSeq', path: ['toSeq'] })
  .refine((b) => b.toSeq - b.fromSeq < MAX_REPLAY_EVENTS, {
    message: `at most ${MAX_REPLAY_EVENTS} events per replay`,
    path: ['toSeq'],
  });
export type ReplayEventsBody = z.infer<typeof replayEventsBodySchema>;

export const replayEventsResponseSchema = z.object({
  replayed: z.number().int().describe('How many events were re-sent (each marked `replayed: true`)'),
});
