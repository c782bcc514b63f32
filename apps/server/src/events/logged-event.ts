import type { EventActor, EventType, SwyftEvent } from '@swyft/contract';

/**
 * A stamped event as the dispatch path carries it between nodes: the public event (what clients receive)
 * and its audience (who may see it; never sent to clients). Plain JSON, so it crosses Redis as is.
 */
export interface LoggedEvent {
  event: SwyftEvent;
  audience: { userIds: string[]; onlinePartners: boolean };
}

/** A row of `events`, as the dispatch queries select it. */
export interface EventRow {
  seq: number;
  type: EventType;
  at: Date;
  actor_id: string | null;
  actor_role: EventActor['role'] | null;
  order_id: string | null;
  data: Record<string, unknown>;
  correlation_id: string;
  audience_user_ids: string[];
  to_online_partners: boolean;
}

export const EVENT_ROW_COLUMNS =
  'seq, type, at, actor_id, actor_role, order_id, data, correlation_id, audience_user_ids, to_online_partners';

export function toEventDto(row: EventRow): SwyftEvent {
  return {
    seq: row.seq,
    type: row.type,
    at: row.at.toISOString(),
    actor: row.actor_id && row.actor_role ? { id: row.actor_id, role: row.actor_role } : null,
    orderId: row.order_id,
    data: row.data,
    correlationId: row.correlation_id,
  };
}

export function toLoggedEvent(row: EventRow): LoggedEvent {
  return {
    event: toEventDto(row),
    audience: { userIds: row.audience_user_ids, onlinePartners: row.to_online_partners },
  };
}
