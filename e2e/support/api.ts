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
    ...(body === undefined ? {} : { data: body }),
  });
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
  return (response.status() === 204 ? undefined : await response.json()) as T;
}

interface OrderAnswer {
  order: { id: string; status: string };
}

/** A customer's order of one unit of the shop's first product. */
export async function placeOrder(customer: BrowserContext, address: string): Promise<string> {
  const products = await callApi<{ items: { id: string }[] }>(customer, 'GET', '/products?limit=1');
  const { order } = await callApi<OrderAnswer>(customer, 'POST', '/orders', {
    items: [{ productId: products.items[0]!.id, quantity: 1 }],
    address,
  });
  return order.id;
}

const partnerSteps = ['preparing', 'picked_up', 'on_the_way', 'delivered'] as const;

/** The partner accepts a placed order and steps it on up to `status`. */
export async function deliverUpTo(
  partner: BrowserContext,
  orderId: string,
  status: 'accepted' | (typeof partnerSteps)[number],
): Promise<void> {
  await callApi<OrderAnswer>(partner, 'PATCH', `/orders/${orderId}/accept`);
  if (status === 'accepted') return;
  for (const step of partnerSteps.slice(0, partnerSteps.indexOf(status) + 1))
    await callApi(partner, 'PATCH', `/orders/${orderId}/status`, { status: step });
}
