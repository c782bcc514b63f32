import type { DeliveryArea, Location, Store } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { decodeCursor, toPage } from '../pagination/keyset-cursor.js';
import { boundingBoxOf } from './geometry.js';

interface StoreRow {
  id: string;
  name: string;
  address: string;
  lat: number;
  lng: number;
  delivery_area: DeliveryArea | null;
  prep_minutes: number;
  delivery_fee_cents: number;
  free_delivery_from_cents: number | null;
  min_order_cents: number;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

const STORE_COLUMNS = `id, name, address, lat, lng, delivery_area, prep_minutes, delivery_fee_cents,
  free_delivery_from_cents, min_order_cents, active, created_at, updated_at`;

export function toStoreDto(row: StoreRow): Store {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    location: { lat: row.lat, lng: row.lng },
    deliveryArea: row.delivery_area,
    prepMinutes: row.prep_minutes,
    deliveryFeeCents: row.delivery_fee_cents,
    freeDeliveryFromCents: row.free_delivery_from_cents,
    minOrderCents: row.min_order_cents,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface NewStore {
  name: string;
  address: string;
  location: Location;
  deliveryArea: DeliveryArea | null;
  prepMinutes: number;
  deliveryFeeCents?: number;
  freeDeliveryFromCents?: number | null;
  minOrderCents?: number;
  active?: boolean;
}

/** The area with its bounding box, as the four box columns want them (all null for "anywhere"). */
function areaColumns(
  area: DeliveryArea | null,
): [string | null, number | null, number | null, number | null, number | null] {
  if (!area) return [null, null, null, null, null];
  const box = boundingBoxOf(area);
  return [JSON.stringify(area), box.minLat, box.maxLat, box.minLng, box.maxLng];
}

export async function insertStore(db: Queryable, store: NewStore): Promise<Store> {
  const { rows } = await db.query<StoreRow>(
    `INSERT INTO stores (name, address, lat, lng, delivery_area, min_lat, max_lat, min_lng, max_lng, prep_minutes, active,
       delivery_fee_cents, free_delivery_from_cents, min_order_cents)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     RETURNING ${STORE_COLUMNS}`,
    [
      store.name,
      store.address,
      store.location.lat,
      store.location.lng,
      ...areaColumns(store.deliveryArea),
      store.prepMinutes,
      store.active ?? true,
      store.deliveryFeeCents ?? 0,
      store.freeDeliveryFromCents ?? null,
      store.minOrderCents ?? 0,
    ],
  );
  return toStoreDto(rows[0]!);
}

export async function updateStore(db: Queryable, id: string, changes: Partial<NewStore>): Promise<Store | undefined> {
  const areaChanged = changes.deliveryArea !== undefined;
  const { rows } = await db.query<StoreRow>(
    `UPDATE stores SET
       name = COALESCE($2, name),
       address = COALESCE($3, address),
       lat = COALESCE($4, lat),
       lng = COALESCE($5, lng),
       delivery_area = CASE WHEN $6 THEN $7::jsonb ELSE delivery_area END,
       min_lat = CASE WHEN $6 THEN $8 ELSE min_lat END,
       max_lat = CASE WHEN $6 THEN $9 ELSE max_lat END,
       min_lng = CASE WHEN $6 THEN $10 ELSE min_lng END,
       max_lng = CASE WHEN $6 THEN $11 ELSE max_lng END,
       prep_minutes = COALESCE($12, prep_minutes),
       active = COALESCE($13, active),
       delivery_fee_cents = COALESCE($14, delivery_fee_cents),
       free_delivery_from_cents = CASE WHEN $15 THEN $16::integer ELSE free_delivery_from_cents END,
       min_order_cents = COALESCE($17, min_order_cents),
       updated_at = now()
     WHERE id = $1
     RETURNING ${STORE_COLUMNS}`,
    [
      id,
      changes.name ?? null,
      changes.address ?? null,
      changes.location?.lat ?? null,
      changes.location?.lng ?? null,
      areaChanged,
      ...areaColumns(changes.deliveryArea ?? null),
      changes.prepMinutes ?? null,
      changes.active ?? null,
      changes.deliveryFeeCents ?? null,
      changes.freeDeliveryFromCents !== undefined,
      changes.freeDeliveryFromCents ?? null,
      changes.minOrderCents ?? null,
    ],
  );
  return rows[0] ? toStoreDto(rows[0]) : undefined;
}

export async function findStoreById(db: Queryable, id: string): Promise<Store | undefined> {
  const { rows } = await db.query<StoreRow>(`SELECT ${STORE_COLUMNS} FROM stores WHERE id = $1`, [id]);
  return rows[0] ? toStoreDto(rows[0]) : undefined;
}

/** The default store: the oldest active one. */
export async function findDefaultStore(db: Queryable): Promise<Store | undefined> {
  const { rows } = await db.query<StoreRow>({
    name: 'stores.default',
    text: `SELECT ${STORE_COLUMNS} FROM stores WHERE active ORDER BY created_at, id LIMIT 1`,
  });
  return rows[0] ? toStoreDto(rows[0]) : undefined;
}

/**
 * The active stores that may serve a point: those whose area's bounding box holds it, and those that deliver
 * anywhere. Only a prefilter: the caller checks the area itself.
 */
export async function findStoresAround(db: Queryable, location: Location): Promise<Store[]> {
  const { rows } = await db.query<StoreRow>({
    name: 'stores.around',
    // Each half is one index scan (see migration 100): the GiST box index answers "whose box holds this
    // point" as a box holding the point's degenerate box.
    text: `SELECT ${STORE_COLUMNS} FROM stores
           WHERE active AND delivery_area IS NOT NULL
             AND box(point(min_lng, min_lat), point(max_lng, max_lat)) @> box(point($2, $1), point($2, $1))
           UNION ALL
           SELECT ${STORE_COLUMNS} FROM stores WHERE active AND delivery_area IS NULL`,
    values: [location.lat, location.lng],
  });
  return rows.map(toStoreDto);
}

/** Stores by name (case-insensitive), then id; inactive ones only with `includeInactive`. */
export async function listStores(
  db: Queryable,
  filter: { includeInactive: boolean; limit: number; cursor?: string },
): Promise<{ items: Store[]; nextCursor: string | null }> {
  const after = decodeCursor(filter.cursor, 'text');
  const { rows } = await db.query<StoreRow & { sort_key: string }>(
    `SELECT ${STORE_COLUMNS}, lower(name) AS sort_key FROM stores
     WHERE ($1::boolean OR active)
       AND ($2::text IS NULL OR (lower(name), id) > ($2, $3::uuid))
     ORDER BY lower(name), id
     LIMIT $4`,
    [filter.includeInactive, after ? String(after.key) : null, after?.id ?? null, filter.limit + 1],
  );
  return toPage(rows, filter.limit, toStoreDto, (row) => ({ key: row.sort_key, id: row.id }));
}
