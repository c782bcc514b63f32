import { z } from 'zod';
import { apiKeySchema } from './api-keys.js';
import { actorRoleSchema, userSchema } from './auth.js';
import { productSchema } from './catalog.js';
import { idSchema, isoDateTimeSchema, pageQuerySchema } from './common.js';
import { type OrderEventType, orderEventTypes } from './order-rules.js';
import { deliveryProofSchema, orderSchema, orderStatusSchema } from './orders.js';
import { storeSchema, storeStockItemSchema } from './stores.js';

export const eventTypes = [
  'user.registered',
  'user.disabled',
  'user.enabled',
  'session.revoked',
  'user.logged_in',
  'api_key.created',
  'api_key.revoked',
  'system.started',
  'system.stopping',
  'product.created',
  'product.updated',
  'store.created',
  'store.updated',
  'stock.updated',
  'webhook.created',
  'webhook.updated',
  'webhook.deleted',
  'webhook.disabled',
  ...orderEventTypes,
] as const;
export const eventTypeSchema = z.enum(eventTypes);
export type EventType = (typeof eventTypes)[number];

/** An account, or (`role: "api_key"`) a machine client's key, whose id is then the key's. */
export const eventActorSchema = z.object({ id: idSchema, role: actorRoleSchema });
export type EventActor = z.infer<typeof eventActorSchema>;

/** `order.*`: the order as `GET /orders/:id` returns it after the change, and its status before (null when placed). */
export const orderEventDataSchema = z
  .object({ order: orderSchema, from: orderStatusSchema.nullable() })
  .meta({ id: 'OrderEventData' });
/** `order.delivered`: also the proof of delivery (absent from events logged before it existed). */
export const orderDeliveredDataSchema = orderEventDataSchema
  .extend({ proof: deliveryProofSchema.optional() })
  .meta({ id: 'OrderDeliveredData' });

/** One partner a wave considered: straight-line distance to the store and time since their last order. */
export const dispatchCandidateSchema = z
  .object({
    partnerId: idSchema,
    distanceMeters: z.number().int(),
    idleSeconds: z.number().int().describe('Seconds since the partner last finished or took an order'),
  })
  .meta({ id: 'DispatchCandidate' });
export type DispatchCandidate = z.infer<typeof dispatchCandidateSchema>;

/**
 * `order.offered`: the order is offered to a wave of partners until `expiresAt`. Admins get every field; an
 * offered partner gets `dispatch` cut to `{wave, expiresAt}`.
 */
export const orderOfferedDataSchema = orderEventDataSchema
  .extend({
    dispatch: z.object({
      wave: z.number().int().min(1),
      partnerIds: z.array(idSchema).optional(),
      expiresAt: isoDateTimeSchema,
      candidates: z.array(dispatchCandidateSchema).optional(),
    }),
  })
  .meta({ id: 'OrderOfferedData' });
/** `order.offer_expired`: the wave ended with nobody accepting. */
export const orderOfferExpiredDataSchema = orderEventDataSchema
  .extend({ wave: z.number().int().min(1) })
  .meta({ id: 'OrderOfferExpiredData' });
export const orderOpenedReasons = ['no_candidates', 'waves_exhausted'] as const;
/** `order.opened`: every online partner sees the order now and any may accept. */
export const orderOpenedDataSchema = orderEventDataSchema
  .extend({ reason: z.enum(orderOpenedReasons) })
  .meta({ id: 'OrderOpenedData' });

/** `user.*`: the account after the change. */
export const userEventDataSchema = z.object({ user: userSchema }).meta({ id: 'UserEventData' });
export const productCreatedDataSchema = z.object({ product: productSchema }).meta({ id: 'ProductCreatedData' });
export const productUpdatedDataSchema = z
  .object({ product: productSchema, changed: z.array(z.string()).describe('The fields the update set') })
  .meta({ id: 'ProductUpdatedData' });

/** `store.created` (admins only): the new store. */
export const storeCreatedDataSchema = z.object({ store: storeSchema }).meta({ id: 'StoreCreatedData' });
/** `store.updated` (admins only): the store after the change and the fields the update set. */
export const storeUpdatedDataSchema = z
  .object({ store: storeSchema, changed: z.array(z.string()) })
  .meta({ id: 'StoreUpdatedData' });
/** `stock.updated` (admins only): a store's new stock levels, as set by `PUT /stores/:id/stock` or a product write. */
export const stockUpdatedDataSchema = z
  .object({ storeId: idSchema, items: z.array(storeStockItemSchema) })
  .meta({ id: 'StockUpdatedData' });

export const sessionEndReasons = [
  'logout',
  'refresh_token_reused',
  'password_changed',
  'account_disabled',
  'account_closed',
] as const;
/** `session.revoked` (admins only): the sessions that ended, never a token. */
export const sessionRevokedDataSchema = z
  .object({ userId: idSchema, sessionIds: z.array(idSchema), reason: z.enum(sessionEndReasons) })
  .meta({ id: 'SessionRevokedData' });

/** `user.logged_in` (admins only, for audit): who signed in and as which kind of client; never a password or token. */
export const userLoggedInDataSchema = z
  .object({ userId: idSchema, client: z.enum(['cookie', 'token']) })
  .meta({ id: 'UserLoggedInData' });
/** `api_key.created` / `api_key.revoked` (admins only): the key as `GET /admin/api-keys` lists it, never its secret. */
export const apiKeyEventDataSchema = z.object({ apiKey: apiKeySchema }).meta({ id: 'ApiKeyEventData' });
/** `system.started` / `system.stopping` (admins only): which node, running which version. */
export const systemEventDataSchema = z
  .object({ nodeId: z.string(), version: z.string() })
  .meta({ id: 'SystemEventData' });

/**
 * `webhook.*` (admins only): the endpoint after the change (never its secret). `webhook.disabled` is logged
 * when 24 h of failures disable it (`disabledBy: "failures"`, `disabledReason` the last error), not when an admin
 * disables it (`webhook.updated`, `disabledBy: "admin"`).
 */
export const webhookEventDataSchema = z
  .object({
    webhookId: idSchema,
    url: z.string(),
    eventTypes: z.array(z.string()),
    enabled: z.boolean(),
    disabledBy: z
      .enum(['admin', 'failures'])
      .nullable()
      .optional()
      .describe('Absent from events logged before it was added'),
    disabledReason: z.string().nullable(),
  })
  .meta({ id: 'WebhookEventData' });

/** The shape of `data` for each event type. */
const eventDataSchemas = {
  'user.registered': userEventDataSchema,
  'user.disabled': userEventDataSchema,
  'user.enabled': userEventDataSchema,
  'session.revoked': sessionRevokedDataSchema,
  'user.logged_in': userLoggedInDataSchema,
  'api_key.created': apiKeyEventDataSchema,
  'api_key.revoked': apiKeyEventDataSchema,
  'system.started': systemEventDataSchema,
  'system.stopping': systemEventDataSchema,
  'product.created': productCreatedDataSchema,
  'product.updated': productUpdatedDataSchema,
  'store.created': storeCreatedDataSchema,
  'store.updated': storeUpdatedDataSchema,
  'stock.updated': stockUpdatedDataSchema,
  'webhook.created': webhookEventDataSchema,
  'webhook.updated': webhookEventDataSchema,
  'webhook.deleted': webhookEventDataSchema,
  'webhook.disabled': webhookEventDataSchema,
  'order.placed': orderEventDataSchema,
  'order.accepted': orderEventDataSchema,
  'order.released': orderEventDataSchema,
  'order.status_changed': orderEventDataSchema,
  'order.cancelled': orderEventDataSchema,
  'order.delivered': orderDeliveredDataSchema,
  'order.offered': orderOfferedDataSchema,
  'order.offer_expired': orderOfferExpiredDataSchema,
  'order.opened': orderOpenedDataSchema,
} as const satisfies Record<EventType, z.ZodType>;

function eventOf<T extends EventType>(type: T) {
  return z.object({
    seq: z.number().int().positive(),
    type: z.literal(type),
    at: isoDateTimeSchema,
    actor: eventActorSchema.nullable(),
    orderId: idSchema.nullable(),
    data: eventDataSchemas[type],
    correlationId: z.string(),
  });
}

/**
 * One entry of the durable event log, its `data` shaped by its `type`. `seq` is stamped in commit order by
 * the dispatcher, so it is strictly increasing over the whole log; a reader that follows `seq` never skips
 * an event.
 */
export const eventSchema = z
  .discriminatedUnion('type', [
    eventOf('user.registered'),
    eventOf('user.disabled'),
    eventOf('user.enabled'),
    eventOf('session.revoked'),
    eventOf('user.logged_in'),
    eventOf('api_key.created'),
    eventOf('api_key.revoked'),
    eventOf('system.started'),
    eventOf('system.stopping'),
    eventOf('product.created'),
    eventOf('product.updated'),
    eventOf('store.created'),
    eventOf('store.updated'),
    eventOf('stock.updated'),
    eventOf('webhook.created'),
    eventOf('webhook.updated'),
    eventOf('webhook.deleted'),
    eventOf('webhook.disabled'),
    eventOf('order.placed'),
    eventOf('order.accepted'),
    eventOf('order.released'),
    eventOf('order.status_changed'),
    eventOf('order.cancelled'),
    eventOf('order.delivered'),
    eventOf('order.offered'),
    eventOf('order.offer_expired'),
    eventOf('order.opened'),
  ])
  .meta({ id: 'Event' });
export type SwyftEvent = z.infer<typeof eventSchema>;
/** The event of one type (or of any of a union of types), `data` narrowed to it. */
export type EventOf<T extends EventType> = Extract<SwyftEvent, { type: T }>;
export type EventData<T extends EventType> = EventOf<T>['data'];
export type OrderEvent = EventOf<OrderEventType>;

// Fails to compile when a type has no variant in the union above.
const everyTypeHasAVariant: Exclude<EventType, SwyftEvent['type']> extends never ? true : false = true;
void everyTypeHasAVariant;

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
    webhooks: z
      .object({
        enabledEndpoints: z.number().int(),
        backlog: z.number().int().describe('Matching events waiting, summed over the enabled endpoints'),
        oldestPendingAgeSeconds: z.number().nullable().describe('The oldest event any enabled endpoint waits for'),
      })
      .describe('Webhook delivery; a failing receiver does not make the log `degraded`'),
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
