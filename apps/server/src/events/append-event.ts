import type { EventActor, EventData, EventType } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { withoutPersonalData } from './logged-event.js';

/** The channel writers NOTIFY on commit, so the dispatcher wakes up instead of polling. */
export const EVENTS_CHANNEL = 'swyft_events';

/** An event to append; `data` must be the shape the contract gives its `type`. */
export interface NewEvent<T extends EventType = EventType> {
  type: T;
  actor: EventActor | null;
  orderId?: string | null;
  data: EventData<T>;
  correlationId: string;
  /** Who may see it besides admins (who see everything): `orderEventAudience` in audience.ts for orders. */
  audience?: { userIds?: string[]; onlinePartners?: boolean; offerPartnerIds?: string[] };
}

/**
 * Appends an event inside the caller's transaction: it commits if and only if the change does (outbox).
 * The NOTIFY is transactional too: it is delivered only on commit, and several in one transaction fold
 * into one.
 */
export async function appendEvent<T extends EventType>(db: Queryable, event: NewEvent<T>): Promise<number> {
  // Named: every change of state runs it, so each connection plans it once.
  const { rows } = await db.query<{ id: number }>({
    name: 'events.append',
    text: `WITH inserted AS (
       INSERT INTO events (type, actor_id, actor_role, order_id, data, correlation_id, audience_user_ids, to_online_partners, offer_partner_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING id
     )
     SELECT id, pg_notify('${EVENTS_CHANNEL}', '') FROM inserted`,
    values: [
      event.type,
      event.actor?.id ?? null,
      event.actor?.role ?? null,
      event.orderId ?? null,
      JSON.stringify(withoutPersonalData(event.data)),
      event.correlationId,
      [...new Set(event.audience?.userIds ?? [])],
      event.audience?.onlinePartners ?? false,
      [...new Set(event.audience?.offerPartnerIds ?? [])],
    ],
  });
  return rows[0]!.id;
}
