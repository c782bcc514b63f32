import type { EventActor, EventType, SwyftEvent } from '@swyft/contract';

/**
 * A stamped event as the dispatch path carries it between nodes: the public event (what clients receive)
 * and its audience (who may see it; never sent to clients). Plain JSON, so it crosses Redis as is.
 */
export interface LoggedEvent {
  event: SwyftEvent;
  audience: {
    userIds: string[];
    onlinePartners: boolean;
    /** Nearest dispatch: the wave's partners the event offers the order to, or withdraws it from. */
    offerPartnerIds?: string[];
  };
}

/** `type` with the `data` the contract gives it, as one row holds them. */
type TypedData = { [T in EventType]: Pick<Extract<SwyftEvent, { type: T }>, 'type' | 'data'> }[EventType];

/**
 * A row of `events`, as the dispatch queries select it (exactly `EVENT_ROW_COLUMNS`). The log holds only
 * what `appendEvent` wrote, typed by the contract, so a row's `data` is the shape of its `type`.
 */
export type EventRow = {
  seq: number;
  at: Date;
  actor_id: string | null;
  actor_role: EventActor['role'] | null;
  order_id: string | null;
  correlation_id: string;
  audience_user_ids: string[];
  to_online_partners: boolean;
  offer_partner_ids: string[];
} & TypedData;

export const EVENT_ROW_COLUMNS =
  'seq, type, at, actor_id, actor_role, order_id, data, correlation_id, audience_user_ids, to_online_partners, offer_partner_ids';

export function toEventDto(row: EventRow): SwyftEvent {
  // What is left is `type` and `data`, still paired (the rest of a union keeps each member's pairing).
  const {
    seq,
    at,
    actor_id,
    actor_role,
    order_id,
    correlation_id,
    audience_user_ids,
    to_online_partners,
    offer_partner_ids,
    ...typed
  } = row;
  return {
    seq,
    at: at.toISOString(),
    actor: actor_id && actor_role ? { id: actor_id, role: actor_role } : null,
    orderId: order_id,
    correlationId: correlation_id,
    ...typed,
  };
}

export function toLoggedEvent(row: EventRow): LoggedEvent {
  return {
    event: toEventDto(row),
    audience: {
      userIds: row.audience_user_ids,
      onlinePartners: row.to_online_partners,
      ...(row.offer_partner_ids.length > 0 ? { offerPartnerIds: row.offer_partner_ids } : {}),
    },
  };
}
