import type { Order, Product } from '@swyft/contract';
import { expect } from 'vitest';
import type { TestClient } from '../../../test/support/test-client.js';
import type { TestNode, TestUser } from '../../../test/support/test-node.js';

/** Small factories for the catalog and order tests: they go through the HTTP API, as a client would. */
export async function createProduct(
  admin: TestClient,
  overrides: Partial<{ name: string; description: string; priceCents: number; stock: number; active: boolean }> = {},
): Promise<Product> {
  const res = await admin.post('/api/v1/products', {
    name: overrides.name ?? `Product ${Math.random().toString(36).slice(2, 8)}`,
    priceCents: 250,
    stock: 100,
    ...overrides,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.product;
}

export async function placeOrder(
  customer: TestClient,
  items: { productId: string; quantity: number }[],
  options: { paymentMethod?: 'cash_on_delivery' | 'prepaid'; address?: string } = {},
): Promise<Order> {
  const res = await customer.post('/api/v1/orders', {
    items,
    address: options.address ?? '1 Test Street',
    ...(options.paymentMethod ? { paymentMethod: options.paymentMethod } : {}),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.order;
}

export async function moveOrder(client: TestClient, orderId: string, action: string, body?: unknown): Promise<Order> {
  const res = await client.patch(`/api/v1/orders/${orderId}/${action}`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.order;
}

/** The order's handover code, read as its customer reads it (GET /orders/:id; API.md, "Proof of delivery"). */
export async function handoverCodeOf(customer: TestClient, orderId: string): Promise<string> {
  const res = await customer.get(`/api/v1/orders/${orderId}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const code = (res.body.order as Order).handoverCode;
  if (typeof code !== 'string') throw new Error(`order ${orderId} shows its customer no handover code`);
  return code;
}

/** The partner delivers the order with the code its customer shows. */
export async function deliverOrder(partner: TestClient, customer: TestClient, orderId: string): Promise<Order> {
  const handoverCode = await handoverCodeOf(customer, orderId);
  return moveOrder(partner, orderId, 'status', { status: 'delivered', handoverCode });
}

/** The body of a step by a partner: `delivered` carries the customer's code. */
export async function partnerStepBody(
  customer: TestClient,
  orderId: string,
  status: string,
): Promise<{ status: string; handoverCode?: string }> {
  return status === 'delivered' ? { status, handoverCode: await handoverCodeOf(customer, orderId) } : { status };
}

export interface Cast {
  admin: TestUser;
  customers: TestUser[];
  partners: TestUser[];
}

export async function createCast(
  node: TestNode,
  counts: { customers?: number; partners?: number } = {},
): Promise<Cast> {
  const admin = await node.createUser('admin');
  const customers = await Promise.all(Array.from({ length: counts.customers ?? 2 }, () => node.createUser('customer')));
  const partners = await Promise.all(Array.from({ length: counts.partners ?? 2 }, () => node.createUser('partner')));
  return { admin, customers, partners };
}

/** Reads a product's stock straight from the database. */
export async function stockOf(node: TestNode, productId: string): Promise<number> {
  const { rows } = await node.db.pool.query<{ stock: number }>(
    'SELECT sum(stock)::int AS stock FROM store_stock WHERE product_id = $1',
    [productId],
  );
  return rows[0]!.stock;
}
