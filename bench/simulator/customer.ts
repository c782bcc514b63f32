import type { Order, Page, Product } from '@swyft/contract';
import type { ApiClient } from './api-client.js';
import { connectLive, type LiveSocket } from './live-connection.js';
import { addressFor, randomAddressPoint } from './route.js';
import type { SimulationStats } from './stats.js';

/** A customer who orders a few items now and then and watches their orders live. */
export class SimulatedCustomer {
  private socket: LiveSocket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly api: ApiClient,
    private readonly stats: SimulationStats,
    private readonly index: number,
    private readonly catalog: () => Product[],
    /** Mean seconds between two orders of this customer. */
    private readonly meanIntervalS: number,
  ) {}

  start(): void {
    this.socket = connectLive(this.api, this.stats, {
      onEvent: (event) => {
        if (event.type === 'order.delivered') this.stats.delivered++;
      },
    });
    this.scheduleNext(Math.random() * this.meanIntervalS * 1000);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.disconnect();
  }

  private scheduleNext(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.placeOrder()
        .catch((error: Error) => this.stats.error(`place: ${error.message}`))
        .finally(() => this.scheduleNext(-Math.log(1 - Math.random()) * this.meanIntervalS * 1000));
    }, delayMs);
  }

  private async placeOrder(): Promise<void> {
    const available = this.catalog().filter((p) => p.active && p.stock > 0);
    if (available.length === 0) {
      this.stats.stockOuts++;
      return;
    }
    const lines = new Map<string, number>();
    const count = 1 + Math.floor(Math.random() * 3);
    for (let i = 0; i < count; i++) {
      const product = available[Math.floor(Math.random() * available.length)]!;
      lines.set(product.id, Math.min(product.stock, (lines.get(product.id) ?? 0) + 1 + Math.floor(Math.random() * 2)));
    }
    const body = {
      items: [...lines].map(([productId, quantity]) => ({ productId, quantity })),
      address: addressFor(randomAddressPoint(), this.index),
      paymentMethod: Math.random() < 0.5 ? 'cash_on_delivery' : 'prepaid',
    };
    const res = await this.api.post<{ order: Order }>('/api/v1/orders', body, {
      'idempotency-key': this.api.newIdempotencyKey(),
    });
    if (res.status === 201) this.stats.placed++;
    else if (res.body.error?.code === 'insufficient_stock') this.stats.stockOuts++;
    else this.stats.error(`place: ${res.status} ${res.body.error?.code}`);
  }
}

/** Keeps a fresh copy of the catalog for the customers (one request every few seconds for all of them). */
export async function watchCatalog(
  api: ApiClient,
  everyMs: number,
): Promise<{ products: () => Product[]; stop(): void }> {
  let products: Product[] = [];
  const load = async () => {
    const res = await api.get<Page<Product>>('/api/v1/products?limit=100');
    if (res.status === 200) products = res.body.items;
  };
  await load();
  const timer = setInterval(() => void load().catch(() => {}), everyMs);
  return { products: () => products, stop: () => clearInterval(timer) };
}
