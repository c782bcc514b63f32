import type { EventActor, EventType, SwyftEvent } from '@swyft/contract';
import { EncryptedValueError, type Encryption } from '../platform/encryption.js';

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
  /** The order's delivery address, encrypted (`orders.address`): the log itself stores none (appendEvent). */
  order_address: string | null;
} & TypedData;

export const EVENT_ROW_COLUMNS =
  'seq, type, at, actor_id, actor_role, order_id, data, correlation_id, audience_user_ids, to_online_partners, offer_partner_ids';

/**
 * EVENT_ROW_COLUMNS of `events` (named `alias` in the statement), and the address of the event's order. An
 * order's address never changes after placement, so the one on the order is the one the event was written with.
 */
export function eventRowColumns(alias: string): string {
  const own = EVENT_ROW_COLUMNS.split(', ')
    .map((column) => `${alias}.${column}`)
    .join(', ');
  return `${own}, (SELECT a.address FROM orders a WHERE a.id = ${alias}.order_id) AS order_address`;
}

/**
 * The data of an event as the log stores it: an order's delivery address is personal data (API.md, "API keys
 * and data protection"), kept only encrypted on the order; the event's copy is left out here and put back by
 * `toEventDto` from `order_address`, so the log (and a dump of it) never holds an address in clear.
 */
export function withoutPersonalData(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || !('order' in data)) return data;
  const order = (data as { order: unknown }).order;
  if (typeof order !== 'object' || order === null || !('address' in order)) return data;
  const { address: _address, ...rest } = order as Record<string, unknown>;
  return { ...data, order: rest };
}

/**
 * The public event of a row. `unreadable: 'refuse'` (HTTP reads of the log) throws EncryptedValueError when the
 * order's address cannot be read (changed in the database, or under an unknown key): the request is a 500.
 * `'blank'` (the dispatch path: stamping, catch-up, replay, resume) delivers such an event with an empty
 * address instead, so that one damaged row cannot stop every later event on every node; the order's own
 * reads still refuse it.
 */
export function toEventDto(
  row: EventRow,
  encryption: Encryption,
  unreadable: 'refuse' | 'blank' = 'refuse',
): SwyftEvent {
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
    order_address,
    ...typed
  } = row;
  return {
    seq,
    at: at.toISOString(),
    actor: actor_id && actor_role ? { id: actor_id, role: actor_role } : null,
    orderId: order_id,
    correlationId: correlation_id,
    ...withPersonalData(typed, order_address, encryption, unreadable),
  };
}

function withPersonalData<T extends TypedData>(
  typed: T,
  orderAddress: string | null,
  encryption: Encryption,
  unreadable: 'refuse' | 'blank',
): T {
  const data = typed.data as { order?: Record<string, unknown> };
  if (orderAddress === null || typeof data.order !== 'object' || data.order === null) return typed;
  let address: string;
  try {
    address = encryption.decrypt(orderAddress);
  } catch (error) {
    if (unreadable === 'refuse' || !(error instanceof EncryptedValueError)) throw error;
    address = '';
  }
  return { ...typed, data: { ...data, order: { ...data.order, address } } };
}

/** A row as the dispatch path carries it (an unreadable address is blanked: see toEventDto). */
export function toLoggedEvent(row: EventRow, encryption: Encryption): LoggedEvent {
  return {
    event: toEventDto(row, encryption, 'blank'),
    audience: {
      userIds: row.audience_user_ids,
      onlinePartners: row.to_online_partners,
      ...(row.offer_partner_ids.length > 0 ? { offerPartnerIds: row.offer_partner_ids } : {}),
    },
  };
}
