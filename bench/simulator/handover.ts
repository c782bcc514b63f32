import type { Order } from '@swyft/contract';
import type { ApiClient } from './api-client.js';

/**
 * The door (API.md, "Proof of delivery"): a partner delivers with the code the customer's app shows. Each
 * simulated customer says which orders are theirs; the partner at the door "asks" that customer, who reads
 * the code from their own view of the order (GET /orders/:id), as a person would read it off their phone.
 */
export class HandoverDesk {
  private readonly customers = new Map<string, ApiClient>();

  placed(orderId: string, customer: ApiClient): void {
    this.customers.set(orderId, customer);
  }

  /** The code the customer shows, or undefined when the order is not one of ours or shows none. */
  async codeOf(orderId: string): Promise<string | undefined> {
    const customer = this.customers.get(orderId);
    if (!customer) return undefined;
    const res = await customer.get<{ order: Order }>(`/api/v1/orders/${orderId}`);
    return res.status === 200 ? (res.body.order.handoverCode ?? undefined) : undefined;
  }

  /** The order is finished: its customer is no longer asked. */
  done(orderId: string): void {
    this.customers.delete(orderId);
  }
}
