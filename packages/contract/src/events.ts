import { z } from 'zod';
import { roleSchema } from './auth.js';
import { idSchema, isoDateTimeSchema } from './common.js';

export const eventTypes = [
  'user.registered',
  'user.disabled',
  'user.enabled',
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
