import type { BrowserContext } from 'playwright-core';

/**
 * Calls the API as the person signed in to `context` (its cookies, with the CSRF echo the web app sends),
 * to arrange data that a test is not about (orders in a given state before a screen is audited, say).
 */
export async function callApi<T = unknown>(
  context: BrowserContext,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  body?: unknown,
): Promise<T> {
  const csrf = (await context.cookies()).find((cookie) => cookie.name === 'csrf_token')?.value;
  const response = await context.request.fetch(`/api/v1${path}`, {
    method,
    headers: csrf ? { 'x-csrf-token': csrf } : {},
    timeout: 20_000,
    ...(body === undefined ? {} : { data: body }),
  });
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
  return (response.status() === 204 ? undefined : await response.json()) as T;
}

interface OrderAnswer {
  order: { id: string; status: string };
}

/**
 * A customer's order of one unit of the shop's first product; with `at`, delivered to that point from the
 * store that delivers everywhere (the one without a delivery area: other tests add stores with areas).
 */
export async function placeOrder(
  customer: BrowserContext,
  address: string,
  at?: { lat: number; lng: number },
): Promise<string> {
  const products = await callApi<{ items: { id: string }[] }>(customer, 'GET', '/products?limit=1');
  let where = {};
  if (at) {
    const stores = await callApi<{ items: { id: string; deliveryArea: unknown }[] }>(
      customer,
      'GET',
      '/stores?limit=100',
    );
    where = { location: at, storeId: stores.items.find((store) => store.deliveryArea === null)!.id };
  }
  const { order } = await callApi<OrderAnswer>(customer, 'POST', '/orders', {
    items: [{ productId: products.items[0]!.id, quantity: 1 }],
    address,
    ...where,
  });
  return order.id;
}

const partnerSteps = ['preparing', 'picked_up', 'on_the_way', 'delivered'] as const;

/** The order's handover code, as its customer's own view shows it (API.md, "Proof of delivery"). */
export async function handoverCodeOf(customer: BrowserContext, orderId: string): Promise<string> {
  const { order } = await callApi<{ order: { handoverCode?: string | null } }>(customer, 'GET', `/orders/${orderId}`);
  if (!order.handoverCode) throw new Error(`order ${orderId} shows its customer no handover code`);
  return order.handoverCode;
}

/** The partner delivers an order on its way, with the code its customer shows. */
export async function deliver(partner: BrowserContext, customer: BrowserContext, orderId: string): Promise<void> {
  const handoverCode = await handoverCodeOf(customer, orderId);
  await callApi(partner, 'PATCH', `/orders/${orderId}/status`, { status: 'delivered', handoverCode });
}

/** The partner accepts a placed order and steps it on up to `status` (`delivered` needs the customer's code). */
export async function deliverUpTo(
  partner: BrowserContext,
  orderId: string,
  status: 'delivered',
  customer: BrowserContext,
): Promise<void>;
export async function deliverUpTo(
  partner: BrowserContext,
  orderId: string,
  status: 'accepted' | Exclude<(typeof partnerSteps)[number], 'delivered'>,
): Promise<void>;
export async function deliverUpTo(
  partner: BrowserContext,
  orderId: string,
  status: 'accepted' | (typeof partnerSteps)[number],
  customer?: BrowserContext,
): Promise<void> {
  await callApi<OrderAnswer>(partner, 'PATCH', `/orders/${orderId}/accept`);
  if (status === 'accepted') return;
  for (const step of partnerSteps.slice(0, partnerSteps.indexOf(status) + 1)) {
    if (step !== 'delivered') await callApi(partner, 'PATCH', `/orders/${orderId}/status`, { status: step });
    else if (customer) await deliver(partner, customer, orderId);
    else throw new Error('deliverUpTo delivered: pass the customer, whose app shows the handover code');
  }
}
