import type { DeliveryQuote, Order, Page, Product, Store } from '@swyft/contract';
import type { ApiClient } from './api-client.js';
import type { HandoverDesk } from './handover.js';
import { connectLive, type LiveSocket } from './live-connection.js';
import { addressFor, randomDoor } from './route.js';
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
    private readonly catalog: Catalog,
    /** Mean seconds between two orders of this customer. */
    private readonly meanIntervalS: number,
    /** Where this customer tells the partner at the door the handover code. */
    private readonly door?: HandoverDesk,
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

  /** From a door inside the areas: the store that serves it (the quote) decides whose shelves to look at. */
  private async placeOrder(): Promise<void> {
    const location = randomDoor(this.catalog.stores());
    const quote = await this.api.get<DeliveryQuote>(`/api/v1/delivery-quote?lat=${location.lat}&lng=${location.lng}`);
    if (quote.status !== 200) {
      this.stats.error(`quote: ${quote.status} ${quote.body.error?.code}`);
      return;
    }
    const available = this.catalog.products(quote.body.store.id).filter((p) => p.active && p.stock > 0);
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
      address: addressFor(this.index),
      location,
      paymentMethod: Math.random() < 0.5 ? 'cash_on_delivery' : 'prepaid',
    };
    const res = await this.api.post<{ order: Order }>('/api/v1/orders', body, {
      'idempotency-key': this.api.newIdempotencyKey(),
    });
    if (res.status === 201) {
      this.stats.placed++;
      this.door?.placed(res.body.order.id, this.api);
    } else if (res.body.error?.code === 'insufficient_stock') this.stats.stockOuts++;
    else this.stats.error(`place: ${res.status} ${res.body.error?.code}`);
  }
}

export interface Catalog {
  /** The open stores. */
  stores(): Store[];
  /** The products with their stock at one store. */
  products(storeId: string): Product[];
  stop(): void;
}

/**
 * Keeps a fresh copy of the stores and of each store's shelves for the customers (a few requests every few
 * seconds for all of them).
 */
export async function watchCatalog(api: ApiClient, everyMs: number): Promise<Catalog> {
  let stores: Store[] = [];
  const shelves = new Map<string, Product[]>();
  const load = async () => {
    const res = await api.get<Page<Store>>('/api/v1/stores?limit=100');
    if (res.status === 200) stores = res.body.items;
    for (const store of stores) {
      const products = await api.get<Page<Product>>(`/api/v1/products?limit=100&storeId=${store.id}`);
      if (products.status === 200) shelves.set(store.id, products.body.items);
    }
  };
  await load();
  const timer = setInterval(() => void load().catch(() => {}), everyMs);
  return { stores: () => stores, products: (storeId) => shelves.get(storeId) ?? [], stop: () => clearInterval(timer) };
}
