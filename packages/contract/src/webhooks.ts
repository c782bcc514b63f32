import { z } from 'zod';
import { actorRoleSchema } from './auth.js';
import { idSchema, isoDateTimeSchema, pageQuerySchema, textSchema } from './common.js';
import { eventTypeSchema } from './events.js';

/** Every secret starts with this (Standard Webhooks); the rest is the standard base64 of the HMAC key. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
export const MAX_WEBHOOK_URL_LENGTH = 2048;
export const MAX_WEBHOOK_DESCRIPTION_LENGTH = 500;
/** What `GET /admin/webhooks/:id/deliveries` keeps: each attempt for this long. */
export const WEBHOOK_DELIVERY_RETENTION_DAYS = 7;

/**
 * The delays between attempts at one event (API.md, Webhooks): 5 s, 30 s, 2 min, 10 min, 1 h, then hourly.
 * After 24 h of failures the endpoint is disabled.
 */
export const WEBHOOK_RETRY_DELAYS_SECONDS = [5, 30, 120, 600, 3600] as const;
export const WEBHOOK_DISABLE_AFTER_HOURS = 24;

/** `["*"]` (every type, those added later included) or a list of event types. */
export const webhookEventTypesSchema = z
  .array(z.union([z.literal('*'), eventTypeSchema]))
  .min(1, 'must name at least one event type')
  .max(100)
  .refine((types) => new Set(types).size === types.length, 'must not name a type twice')
  .refine((types) => !types.includes('*') || types.length === 1, '"*" must be alone')
  .describe('`["*"]` for every type, or the event types to deliver');
export type WebhookEventTypes = z.infer<typeof webhookEventTypesSchema>;

/** An http(s) URL without credentials, as typed; where it resolves to is checked by the server. */
export const webhookUrlSchema = z
  .string()
  .trim()
  .min(1)
  .max(MAX_WEBHOOK_URL_LENGTH)
  .pipe(z.url({ protocol: /^https?$/, hostname: z.regexes.hostname, message: 'must be an http or https URL' }))
  .refine((url) => {
    const parsed = URL.canParse(url) ? new URL(url) : null;
    return parsed !== null && parsed.username === '' && parsed.password === '';
  }, 'must not carry a user name or password');

export const webhookDisabledReasons = ['admin', 'failing'] as const;

export const webhookSchema = z
  .object({
    id: idSchema,
    url: z.string(),
    eventTypes: z.array(z.string()).describe('`["*"]` or event types'),
    description: z.string(),
    enabled: z.boolean(),
    disabledBy: z
      .enum(['admin', 'failures'])
      .nullable()
      .describe('Who disabled it: an admin, or 24 h of failed deliveries (since `failingSince`); null when enabled'),
    disabledReason: z
      .string()
      .nullable()
      .describe(
        'Why, in words: "Disabled by an admin", or the last error when failures disabled it; null when enabled',
      ),
    lastSeq: z.number().int().describe('The last seq acknowledged (or skipped as not matching) for this endpoint'),
    backlog: z.number().int().describe('Matching events logged after `lastSeq`, waiting to be delivered'),
    oldestPendingAgeSeconds: z.number().nullable().describe('Age of the oldest event waiting, null when none'),
    lastSuccessAt: isoDateTimeSchema.nullable(),
    failingSince: isoDateTimeSchema
      .nullable()
      .describe('First failure of the event now being retried; null when healthy'),
    consecutiveFailures: z.number().int().describe('Failed attempts since the last success'),
    createdAt: isoDateTimeSchema,
  })
  .meta({ id: 'Webhook' });
export type Webhook = z.infer<typeof webhookSchema>;

export const createWebhookBodySchema = z.strictObject({
  url: webhookUrlSchema,
  eventTypes: webhookEventTypesSchema,
  description: textSchema({ multiline: true }).max(MAX_WEBHOOK_DESCRIPTION_LENGTH).optional(),
});
export type CreateWebhookBody = z.infer<typeof createWebhookBodySchema>;

export const createWebhookResponseSchema = z.object({
  webhook: webhookSchema,
  secret: z.string().describe('`whsec_` and the standard base64 of 32 random bytes: shown only in this answer'),
});
export type CreateWebhookResponse = z.infer<typeof createWebhookResponseSchema>;

export const updateWebhookBodySchema = z
  .strictObject({
    url: webhookUrlSchema.optional(),
    eventTypes: webhookEventTypesSchema.optional(),
    description: textSchema({ multiline: true }).max(MAX_WEBHOOK_DESCRIPTION_LENGTH).optional(),
    enabled: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'must set at least one field');
export type UpdateWebhookBody = z.infer<typeof updateWebhookBodySchema>;

export const webhookResponseSchema = z.object({ webhook: webhookSchema });
export type WebhookResponse = z.infer<typeof webhookResponseSchema>;

export const webhookListSchema = z.object({ items: z.array(webhookSchema) });
export type WebhookList = z.infer<typeof webhookListSchema>;

export const webhookIdParamsSchema = z.strictObject({ id: idSchema });

export const webhookDeliveryStatuses = ['succeeded', 'failed'] as const;

/** One attempt to deliver one event to one endpoint (kept 7 days). */
export const webhookDeliveryAttemptSchema = z
  .object({
    id: idSchema,
    seq: z.number().int().describe('The event delivered; 0 for a test event (`POST /admin/webhooks/:id/test`)'),
    eventType: z.string(),
    attempt: z.number().int().min(1).describe('1 for the first try at this seq, counting up through its retries'),
    status: z.enum(webhookDeliveryStatuses),
    responseCode: z.number().int().nullable().describe('The receiver answer’s status, null when none came'),
    error: z.string().nullable().describe('Why it failed (timeout, refused, redirect, HTTP status…); null on success'),
    durationMs: z.number().int(),
    test: z.boolean().describe('A test event, sent on an admin’s request and outside the log'),
    at: isoDateTimeSchema,
  })
  .meta({ id: 'WebhookDeliveryAttempt' });
export type WebhookDeliveryAttempt = z.infer<typeof webhookDeliveryAttemptSchema>;

export const webhookDeliveriesQuerySchema = pageQuerySchema;
export type WebhookDeliveriesQuery = z.input<typeof webhookDeliveriesQuerySchema>;

export const webhookDeliveryPageSchema = z
  .object({ items: z.array(webhookDeliveryAttemptSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'WebhookDeliveryPage' });
export type WebhookDeliveryPage = z.infer<typeof webhookDeliveryPageSchema>;

/** `POST /admin/webhooks/:id/replay`: deliver again every matching event from `fromSeq` (up to the endpoint's `lastSeq + 1`). */
export const replayWebhookBodySchema = z.strictObject({ fromSeq: z.number().int().min(1) });
export type ReplayWebhookBody = z.infer<typeof replayWebhookBodySchema>;

/** `POST /admin/webhooks/:id/test` → 200 `{attempt}`: the test event sent at once, and how the receiver answered. */
export const webhookTestResponseSchema = z.object({ attempt: webhookDeliveryAttemptSchema });
export type WebhookTestResponse = z.infer<typeof webhookTestResponseSchema>;

/** The body of a test delivery: shaped like an event of the log, with `seq` 0 and type `webhook.test`. */
export const webhookTestEventSchema = z
  .object({
    seq: z.literal(0),
    type: z.literal('webhook.test'),
    at: isoDateTimeSchema,
    actor: z.object({ id: idSchema, role: actorRoleSchema }).nullable(),
    orderId: z.null(),
    data: z.object({ webhookId: idSchema }),
    correlationId: z.string(),
  })
  .meta({ id: 'WebhookTestEvent' });
export type WebhookTestEvent = z.infer<typeof webhookTestEventSchema>;
