import type { Order, Page } from '@swyft/contract';
import type { ApiClient } from './api-client.js';
import { connectLive, type LiveSocket } from './live-connection.js';
import { alongPath, streetPath } from './route.js';
import type { SimulationStats } from './stats.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A delivery partner: online, takes one offer at a time (racing the others for it), steps it through
 * preparing, picked up and on the way, sending positions along the route, and delivers it.
 */
export class SimulatedPartner {
  private socket: LiveSocket | undefined;
  private busy = false;
  private stopped = false;

  constructor(
    private readonly api: ApiClient,
    private readonly stats: SimulationStats,
    /** Seconds between two steps of a delivery (the ride itself takes three steps). */
    private readonly stepS: number,
  ) {}

  start(): void {
    this.socket = connectLive(this.api, this.stats, {
      online: true,
      onEvent: (event) => {
        if ((event.type === 'order.placed' || event.type === 'order.released') && event.orderId) {
          void this.consider(event.orderId);
        }
      },
    });
    this.socket.on('connect', () => this.socket?.emit('availability', { online: true }));
    void this.lookForWork();
  }

  stop(): void {
    this.stopped = true;
    this.socket?.emit('availability', { online: false });
    this.socket?.disconnect();
  }

  /** Offers made while this partner was busy are still waiting: take the oldest. */
  private async lookForWork(): Promise<void> {
    if (this.busy || this.stopped) return;
    const res = await this.api.get<Page<Order>>('/api/v1/orders/unassigned?limit=5');
    const offer = res.status === 200 ? res.body.items[0] : undefined;
    if (offer) await this.consider(offer.id);
  }

  private async consider(orderId: string): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      await sleep(200 + Math.random() * 800); // a person reading the offer
      const res = await this.api.patch<{ order: Order }>(`/api/v1/orders/${orderId}/accept`);
      if (res.status === 200) {
        this.stats.accepted++;
        await this.deliver(res.body.order);
      } else if (
        res.body.error?.code === 'already_assigned' ||
        res.body.error?.code === 'invalid_transition' ||
        res.status === 404
      ) {
        this.stats.racesLost++; // someone was faster, or the customer cancelled
      } else {
        this.stats.error(`accept: ${res.status} ${res.body.error?.code}`);
      }
    } catch (error) {
      this.stats.error(`accept: ${(error as Error).message}`);
    } finally {
      this.busy = false;
    }
    void this.lookForWork().catch(() => {});
  }

  /** Steps the order through, then rides a street-like path from its store to its door, sending positions. */
  private async deliver(order: Order): Promise<void> {
    const path = streetPath(order.store.location, order.destination ?? order.store.location);
    for (const status of ['preparing', 'picked_up', 'on_the_way'] as const) {
      await sleep(this.stepS * 1000);
      if (!(await this.step(order.id, status))) return;
    }
    const rideMs = this.stepS * 3000;
    for (let t = 0; t <= rideMs && !this.stopped; t += 1000) {
      const at = alongPath(path, t / rideMs);
      this.socket?.emit('location', { lat: at.lat, lng: at.lng, heading: at.heading, speed: 6 });
      await sleep(1000);
    }
    await this.step(order.id, 'delivered');
  }

  private async step(orderId: string, status: string): Promise<boolean> {
    const res = await this.api.patch<{ order: Order }>(`/api/v1/orders/${orderId}/status`, { status });
    if (res.status === 200) return true;
    // The customer (or an admin) may have cancelled meanwhile: that ends this delivery, it is no error.
    if (res.body.error?.code !== 'invalid_transition')
      this.stats.error(`${status}: ${res.status} ${res.body.error?.code}`);
    return false;
  }
}
