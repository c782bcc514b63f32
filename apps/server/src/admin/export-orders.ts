import { Readable } from 'node:stream';
import { adminOrdersExportColumns, type adminOrdersExportQuerySchema, type Order } from '@swyft/contract';
import type { z } from 'zod';
import type { Queryable } from '../db/pool.js';
import { listOrders } from '../orders/order-queries.js';
import type { Encryption } from '../platform/encryption.js';
import { csvRecord } from './csv.js';

const PAGE_ROWS = 500;

type ExportFilter = z.output<typeof adminOrdersExportQuerySchema>;

/**
 * `GET /admin/orders/export`: every order the filters of `/admin/orders` match, newest first, as CSV (a
 * header row, then one row per order: API.md's columns), read page by page so that a large export never sits
 * in memory whole.
 */
export function exportOrders(deps: { pool: Queryable; encryption: Encryption }, filter: ExportFilter): Readable {
  return Readable.from(exportRows(deps, filter));
}

async function* exportRows(deps: { pool: Queryable; encryption: Encryption }, filter: ExportFilter) {
  yield csvRecord(adminOrdersExportColumns);
  let cursor: string | undefined;
  do {
    const page = await listOrders(deps.pool, { ...filter, limit: PAGE_ROWS, cursor }, deps.encryption);
    yield page.items.map((order) => csvRecord(exportRow(order))).join('');
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

function exportRow(order: Order): (string | number | null)[] {
  const cells: Record<(typeof adminOrdersExportColumns)[number], string | number | null> = {
    id: order.id,
    createdAt: order.createdAt,
    status: order.status,
    customerName: order.customerName ?? null,
    customerEmail: order.customerEmail ?? null,
    partnerName: order.partnerName ?? null,
    store: order.store.name,
    address: order.address,
    itemsCents: order.itemsCents,
    deliveryFeeCents: order.deliveryFeeCents,
    tipCents: order.tipCents,
    totalCents: order.totalCents,
    paymentMethod: order.payment.method,
    paymentStatus: order.payment.status,
  };
  return adminOrdersExportColumns.map((column) => cells[column]);
}
