import {
  type ActorRole,
  activeOrderStatuses,
  type Eta,
  type Location,
  type Order,
  type OrderItem,
  type OrderStatus,
  type PaymentMethod,
  type PaymentStatus,
} from '@swyft/contract';
import { isFinishedStatus } from '@swyft/contract/order-rules';
import type { Queryable } from '../db/pool.js';
import { sqlIn } from '../db/sql-in.js';
import { badCursor, decodeCursor, isTimestampText, toPage } from '../pagination/keyset-cursor.js';
import type { Encryption } from '../platform/encryption.js';

interface OrderRow {
  id: string;
  customer_id: string;
  partner_id: string | null;
  partner_name: string | null;
  status: OrderStatus;
  total_cents: number;
  delivery_fee_cents: number;
  tip_cents: number;
  rating: { stars: number; comment: string | null } | null;
  address: string;
  payment_method: PaymentMethod;
  payment_status: PaymentStatus;
  created_at: Date;
  updated_at: Date;
  items: OrderItem[];
  timeline: { status: OrderStatus; at: string; actorId: string; actorRole: ActorRole; recordedAt: string }[];
  delivery_flagged: boolean;
  store: Order['store'];
  destination_lat: number | null;
  destination_lng: number | null;
  deliver_by: Date | null;
  eta_minutes: number | null;
}

/**
 * An order with its lines and timeline, in one round trip (each child list is one index range). Lists add
 * the key their cursor is made of.
 */
const orderSelect = (cursorKey = '', extra = '') => `
  SELECT ${cursorKey ? `${cursorKey} AS cursor_key, ` : ''}${extra ? `${extra}, ` : ''}o.id, o.customer_id, o.partner_id,
    (SELECT u.name FROM users u WHERE u.id = o.partner_id) AS partner_name, o.status, o.total_cents, o.delivery_fee_cents, o.tip_cents, o.address, o.payment_method,
    o.payment_status, o.created_at, o.updated_at, o.destination_lat, o.destination_lng, o.deliver_by, o.eta_minutes,
    o.delivery_flagged,
    (SELECT json_build_object('id', s.id, 'name', s.name, 'location', json_build_object('lat', s.lat, 'lng', s.lng))
       FROM stores s WHERE s.id = o.store_id) AS store,
    (SELECT COALESCE(json_agg(json_build_object('productId', i.product_id, 'name', i.name,
              'priceCents', i.price_cents, 'quantity', i.quantity) ORDER BY i.line), '[]')
       FROM order_items i WHERE i.order_id = o.id) AS items,
    (SELECT COALESCE(json_agg(json_build_object('status', t.status, 'at', t.at, 'actorId', t.actor_id,
              'actorRole', t.actor_role, 'recordedAt', COALESCE(t.recorded_at, t.at)) ORDER BY t.position), '[]')
       FROM order_timeline t WHERE t.order_id = o.id) AS timeline,
    (SELECT json_build_object('stars', r.stars, 'comment', r.comment) FROM order_ratings r WHERE r.order_id = o.id)
      AS rating
  FROM orders o`;

/**
 * `orders.address` and the rating's comment are stored encrypted (platform/encryption.ts); callers of this
 * module see plain text only. The comment is read only for those who may see it (`withComment`: the
 * customer's own views and admins'); elsewhere it is null.
 */
export function toOrderDto(row: OrderRow, encryption: Encryption, { withComment = false } = {}): Order {
  const totalCents = Number(row.total_cents);
  return {
    id: row.id,
    customerId: row.customer_id,
    partnerId: row.partner_id,
    partner: row.partner_id ? { id: row.partner_id, name: row.partner_name ?? '' } : null,
    status: row.status,
    items: row.items,
    itemsCents: totalCents - row.delivery_fee_cents - row.tip_cents,
    deliveryFeeCents: row.delivery_fee_cents,
    tipCents: row.tip_cents,
    totalCents,
    rating: row.rating
      ? { stars: row.rating.stars, comment: withComment ? encryption.decryptOptional(row.rating.comment) : null }
      : null,
    address: encryption.decrypt(row.address),
    store: row.store,
    destination:
      row.destination_lat === null || row.destination_lng === null
        ? null
        : { lat: row.destination_lat, lng: row.destination_lng },
    eta:
      row.deliver_by && row.eta_minutes !== null
        ? estimateAtPlacement(row.status, row.deliver_by, row.eta_minutes)
        : null,
    payment: { method: row.payment_method, status: row.payment_status },
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    // json_agg writes timestamps with microseconds and the session's offset; the API speaks ISO UTC.
    timeline: row.timeline.map((entry) => ({
      ...entry,
      at: new Date(entry.at).toISOString(),
      recordedAt: new Date(entry.recordedAt).toISOString(),
    })),
    ...(row.delivery_flagged ? { deliveryFlagged: true } : {}),
  };
}

/** The estimate made at placement (API.md, "Delivery estimate"), while the order is not finished. */
export function estimateAtPlacement(status: OrderStatus, deliverBy: Date, minutes: number): Eta | null {
  if (isFinishedStatus(status)) return null;
  return { deliverBy: deliverBy.toISOString(), minutes, basis: 'estimate', positionAt: null };
}

// The statements on the hot path are named: each connection prepares them once and PostgreSQL reuses the
// plan, instead of parsing and planning a CTE on every order. (Lists keep unnamed statements: their plans
// depend on which filters are set.)

/** The wave an order is offered to now (nearest dispatch), as one caller sees it. */
export interface RunningOffer {
  id: number;
  wave: number;
  round: number;
  expiresAt: string;
  partnerIds: string[];
  /** From the caller's position to the store, when the caller is one of the wave's partners. */
  callerDistanceMeters: number | null;
}

/** An order as one caller finds it: the order, and whether that caller turned it down (declined or gave it back). */
export interface OrderForCaller {
  order: Order;
  declinedByCaller: boolean;
  /** The running wave, if the order is offered to one now. */
  offer: RunningOffer | null;
}

type OfferRow = {
  id: string;
  wave: number;
  round: number;
  expires_at: string;
  partner_ids: string[];
  distance_meters: number | null;
} | null;

/** The running wave of `o`, with caller `$2`'s distance in it (a json column `running_offer`). */
const runningOfferColumn = (callerParam: string) => `
  (SELECT json_build_object('id', f.id, 'wave', f.wave, 'round', f.round, 'expires_at', f.expires_at,
            'partner_ids', f.partner_ids,
            'distance_meters', (SELECT (c->>'distanceMeters')::int FROM jsonb_array_elements(f.candidates) c
                                WHERE (c->>'partnerId')::uuid = ${callerParam}))
     FROM order_offers f WHERE f.order_id = o.id AND f.ended_at IS NULL) AS running_offer`;

function toRunningOffer(row: OfferRow): RunningOffer | null {
  if (!row) return null;
  return {
    id: Number(row.id),
    wave: row.wave,
    round: row.round,
    expiresAt: new Date(row.expires_at).toISOString(),
    partnerIds: row.partner_ids,
    callerDistanceMeters: row.distance_meters,
  };
}

/** The order as an offered partner sees it: with their offer. */
export function withOfferFor(order: Order, offer: RunningOffer | null, callerId: string): Order {
  if (!offer?.partnerIds.includes(callerId)) return order;
  return {
    ...order,
    offer: { wave: offer.wave, expiresAt: offer.expiresAt, distanceMeters: offer.callerDistanceMeters ?? 0 },
  };
}

/**
 * The order, or undefined. With `lock`, the row is locked first, in a statement of its own, and stays locked
 * until the transaction ends (moves queue here). The read must not be part of the locking statement: under
 * READ COMMITTED, a statement that waited for the lock re-reads the locked row but keeps its snapshot from
 * before the wait for everything else (the timeline, the lines, the declines), so it would miss the move
 * that held the lock. The read that follows the lock takes its snapshot once the lock is held. Both are
 * written at once on the pipelined connection, so the lock costs no extra round trip.
 */
export async function findOrderForCaller(
  db: Queryable,
  id: string,
  callerId: string,
  { encryption, lock = false, withComment = false }: { encryption: Encryption; lock?: boolean; withComment?: boolean },
): Promise<OrderForCaller | undefined> {
  const locked = lock
    ? db.query({ name: 'orders.lock', text: 'SELECT 1 FROM orders WHERE id = $1 FOR UPDATE', values: [id] })
    : undefined;
  const read = db.query<OrderRow & { declined_by_caller: boolean; running_offer: OfferRow }>({
    name: 'orders.find-for-caller',
    text: `SELECT found.*, EXISTS (SELECT 1 FROM order_declines d WHERE d.order_id = found.id AND d.partner_id = $2)
             AS declined_by_caller
           FROM (${orderSelect(undefined, runningOfferColumn('$2'))} WHERE o.id = $1) found`,
    values: [id, callerId],
  });
  if (locked) {
    read.catch(() => {}); // when the lock fails, the read fails with it: the lock's error is the one to surface
    await locked;
  }
  const row = (await read).rows[0];
  return row
    ? {
        order: toOrderDto(row, encryption, { withComment }),
        declinedByCaller: row.declined_by_caller,
        offer: toRunningOffer(row.running_offer),
      }
    : undefined;
}

export interface NewOrder {
  id: string;
  customerId: string;
  items: OrderItem[];
  totalCents: number;
  deliveryFeeCents: number;
  tipCents: number;
  address: string;
  paymentMethod: PaymentMethod;
  paymentStatus: PaymentStatus;
  storeId: string;
  destination: Location | null;
  etaMinutes: number;
  actor: { id: string; role: ActorRole };
}

/**
 * Inserts the order, its lines and its first timeline entry in one statement; answers the placement time and
 * the estimate's deliver-by time (placement + the estimate's minutes).
 */
export async function insertOrder(
  db: Queryable,
  order: NewOrder,
  encryption: Encryption,
): Promise<{ placedAt: Date; deliverBy: Date }> {
  const { rows } = await db.query<{ created_at: Date; deliver_by: Date }>({
    name: 'orders.insert',
    text: `WITH placed AS (
       INSERT INTO orders (id, customer_id, status, total_cents, address, payment_method, payment_status,
                           store_id, destination_lat, destination_lng, eta_minutes, deliver_by, delivery_fee_cents,
                           tip_cents)
       VALUES ($1, $2, 'placed', $3, $4, $5, $6, $13, $14, $15, $16, now() + make_interval(mins => $16), $17, $18)
       RETURNING id, created_at, deliver_by
     ), lines AS (
       INSERT INTO order_items (order_id, line, product_id, name, price_cents, quantity)
       SELECT $1, l.line - 1, l.product_id, l.name, l.price_cents, l.quantity
       FROM unnest($7::uuid[], $8::text[], $9::int[], $10::int[]) WITH ORDINALITY
         AS l(product_id, name, price_cents, quantity, line)
     ), first_entry AS (
       INSERT INTO order_timeline (order_id, position, status, at, actor_id, actor_role)
       SELECT id, 0, 'placed', created_at, $11, $12 FROM placed
     )
     SELECT created_at, deliver_by FROM placed`,
    values: [
      order.id,
      order.customerId,
      order.totalCents,
      encryption.encrypt(order.address),
      order.paymentMethod,
      order.paymentStatus,
      order.items.map((i) => i.productId),
      order.items.map((i) => i.name),
      order.items.map((i) => i.priceCents),
      order.items.map((i) => i.quantity),
      order.actor.id,
      order.actor.role,
      order.storeId,
      order.destination?.lat ?? null,
      order.destination?.lng ?? null,
      order.etaMinutes,
      order.deliveryFeeCents,
      order.tipCents,
    ],
  });
  return { placedAt: rows[0]!.created_at, deliverBy: rows[0]!.deliver_by };
}

type PageOf<T> = { items: T[]; nextCursor: string | null };
type Keyed = OrderRow & { cursor_key: string };

/** A customer's orders, newest first. */
export async function listCustomerOrders(
  db: Queryable,
  filter: { customerId: string; limit: number; cursor?: string },
  encryption: Encryption,
): Promise<PageOf<Order>> {
  const after = decodeCursor(filter.cursor, 'timestamp');
  const { rows } = await db.query<Keyed>(
    `${orderSelect('o.created_at::text')}
     WHERE o.customer_id = $1
       AND ($2::timestamptz IS NULL OR (o.created_at, o.id) < ($2, $3::uuid))
     ORDER BY o.created_at DESC, o.id DESC
     LIMIT $4`,
    [filter.customerId, after?.key ?? null, after?.id ?? null, filter.limit + 1],
  );
  return toPage(
    rows,
    filter.limit,
    (row) => toOrderDto(row, encryption, { withComment: true }),
    (row) => ({ key: row.cursor_key, id: row.id }),
  );
}

/**
 * Offers this partner has not declined, oldest first (the longest-waiting customer first): the open ones,
 * and those whose running wave holds this partner (each with the partner's offer).
 */
export async function listOpenOffers(
  db: Queryable,
  filter: { partnerId: string; limit: number; cursor?: string },
  encryption: Encryption,
): Promise<PageOf<Order>> {
  const after = decodeCursor(filter.cursor, 'timestamp');
  const { rows } = await db.query<Keyed & { running_offer: OfferRow }>(
    `${orderSelect('o.created_at::text', runningOfferColumn('$1'))}
     WHERE o.status = 'placed'
       AND NOT EXISTS (SELECT 1 FROM order_declines d WHERE d.order_id = o.id AND d.partner_id = $1)
       AND NOT EXISTS (SELECT 1 FROM order_offers f
                       WHERE f.order_id = o.id AND f.ended_at IS NULL AND NOT (f.partner_ids @> ARRAY[$1::uuid]))
       AND ($2::timestamptz IS NULL OR (o.created_at, o.id) > ($2, $3::uuid))
     ORDER BY o.created_at, o.id
     LIMIT $4`,
    [filter.partnerId, after?.key ?? null, after?.id ?? null, filter.limit + 1],
  );
  const toOffer = (row: Keyed & { running_offer: OfferRow }) =>
    withOfferFor(toOrderDto(row, encryption), toRunningOffer(row.running_offer), filter.partnerId);
  return toPage(rows, filter.limit, toOffer, (row) => ({ key: row.cursor_key, id: row.id }));
}

const ACTIVE_CONDITION = sqlIn('o.status', activeOrderStatuses);

/**
 * Orders a partner holds or held: the active ones first, then the finished ones, each newest first. The
 * cursor key is `<1|0> <created_at>` (active flag, then time), so both parts page with one row comparison.
 */
export async function listPartnerOrders(
  db: Queryable,
  filter: { partnerId: string; limit: number; cursor?: string },
  encryption: Encryption,
): Promise<PageOf<Order>> {
  const after = decodeCursor(filter.cursor, 'text');
  const [flag, createdAt] = after ? splitActiveKey(String(after.key)) : [null, null];
  const { rows } = await db.query<Keyed>(
    `${orderSelect(`(CASE WHEN ${ACTIVE_CONDITION} THEN '1 ' ELSE '0 ' END) || o.created_at::text`)}
     WHERE o.partner_id = $1
       AND ($2::boolean IS NULL OR (${ACTIVE_CONDITION}, o.created_at, o.id) < ($2, $3::timestamptz, $4::uuid))
     ORDER BY ${ACTIVE_CONDITION} DESC, o.created_at DESC, o.id DESC
     LIMIT $5`,
    [filter.partnerId, flag, createdAt, after?.id ?? null, filter.limit + 1],
  );
  return toPage(
    rows,
    filter.limit,
    (row) => toOrderDto(row, encryption),
    (row) => ({ key: row.cursor_key, id: row.id }),
  );
}

function splitActiveKey(key: string): [boolean, string] {
  const match = /^([01]) (.+)$/.exec(key);
  // decodeCursor accepted any text; only the shape this list gives out is a cursor here.
  if (!match || !isTimestampText(match[2]!)) throw badCursor();
  return [match[1] === '1', match[2]!];
}

/** The filters of the admin's order table and its export. */
export interface AdminOrderFilter {
  q?: string;
  status?: OrderStatus;
  partnerId?: string;
  customerId?: string;
  from?: string;
  to?: string;
  /** Deliveries flagged in their proof (true), or all the others (false). */
  flagged?: boolean;
}

/**
 * The admin filters as SQL over `o`, from parameter `$first` on. `q` is the customer's name or email (a part
 * of either, case-insensitive: the trigram indexes on users serve it), or the start of the order's id (8
 * hex characters or more: the short id people read out).
 */
function adminOrderConditions(filter: AdminOrderFilter, first: number): { sql: string; values: unknown[] } {
  const q = filter.q?.toLowerCase() ?? null;
  const idPrefix = q !== null && /^[0-9a-f-]{8,36}$/.test(q) ? q : null;
  const p = (n: number) => `$${first + n}`;
  // The flag is a literal, not a parameter, so that `flagged=true` is planned on its partial index.
  const flagged = filter.flagged === undefined ? '' : `AND ${filter.flagged ? '' : 'NOT '}o.delivery_flagged`;
  return {
    sql: `(${p(0)}::text IS NULL OR o.status = ${p(0)}) ${flagged}
       AND (${p(1)}::uuid IS NULL OR o.partner_id = ${p(1)})
       AND (${p(2)}::uuid IS NULL OR o.customer_id = ${p(2)})
       AND (${p(3)}::timestamptz IS NULL OR o.created_at >= ${p(3)})
       AND (${p(4)}::timestamptz IS NULL OR o.created_at < ${p(4)})
       AND (${p(5)}::text IS NULL
            OR o.customer_id IN (SELECT u.id FROM users u WHERE lower(u.name) LIKE ${p(5)} OR lower(u.email) LIKE ${p(5)})
            OR (${p(6)}::text IS NOT NULL AND o.id::text LIKE ${p(6)}))`,
    values: [
      filter.status ?? null,
      filter.partnerId ?? null,
      filter.customerId ?? null,
      filter.from ?? null,
      filter.to ?? null,
      q === null ? null : `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      idPrefix === null ? null : `${idPrefix}%`,
    ],
  };
}

/** The customer's name and email and the partner's name, as admin answers carry them. */
export async function findOrderPeople(
  db: Queryable,
  orderId: string,
): Promise<Pick<Order, 'customerName' | 'customerEmail' | 'partnerName'> | undefined> {
  const { rows } = await db.query<{ customer_name: string; customer_email: string; partner_name: string | null }>(
    `SELECT c.name AS customer_name, c.email AS customer_email, p.name AS partner_name
     FROM orders o JOIN users c ON c.id = o.customer_id LEFT JOIN users p ON p.id = o.partner_id
     WHERE o.id = $1`,
    [orderId],
  );
  const row = rows[0];
  return row
    ? { customerName: row.customer_name, customerEmail: row.customer_email, partnerName: row.partner_name }
    : undefined;
}

/** The people of an admin's order row: the customer's name and email, the partner's name. */
const ADMIN_PEOPLE = `(SELECT u.name FROM users u WHERE u.id = o.customer_id) AS customer_name,
  (SELECT u.email FROM users u WHERE u.id = o.customer_id) AS customer_email`;
type AdminKeyed = Keyed & { customer_name: string; customer_email: string };

function toAdminOrderDto(row: AdminKeyed, encryption: Encryption): Order {
  return {
    ...toOrderDto(row, encryption, { withComment: true }),
    customerName: row.customer_name,
    customerEmail: row.customer_email,
    partnerName: row.partner_id ? (row.partner_name ?? '') : null,
  };
}

/**
 * Every order, newest first, filtered by status, partner, customer, placement time (`from` ≤ t < `to`) and
 * `q`; with the people's names (admins).
 */
export async function listOrders(
  db: Queryable,
  filter: AdminOrderFilter & { limit: number; cursor?: string },
  encryption: Encryption,
): Promise<PageOf<Order>> {
  const after = decodeCursor(filter.cursor, 'timestamp');
  const conditions = adminOrderConditions(filter, 4);
  const { rows } = await db.query<AdminKeyed>(
    `${orderSelect('o.created_at::text', ADMIN_PEOPLE)}
     WHERE ($1::timestamptz IS NULL OR (o.created_at, o.id) < ($1, $2::uuid))
       AND ${conditions.sql}
     ORDER BY o.created_at DESC, o.id DESC
     LIMIT $3`,
    [after?.key ?? null, after?.id ?? null, filter.limit + 1, ...conditions.values],
  );
  return toPage(
    rows,
    filter.limit,
    (row) => toAdminOrderDto(row, encryption),
    (row) => ({ key: row.cursor_key, id: row.id }),
  );
}
