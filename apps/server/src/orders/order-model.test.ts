import type { OrderStatus } from '@swyft/contract';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { TestClient } from '../../test/support/test-client.js';
import { withTestNode } from '../../test/support/test-node.js';
import { createProduct } from './testing/order-factories.js';
import {
  adminMoves,
  checkInvariants,
  held,
  type Model,
  type ModelOrder,
  outcome,
  partnerSteps,
  type Real,
} from './testing/order-model.js';

/**
 * A model-based test: random sequences of place / accept / decline-or-release / step / cancel / admin override
 * by random actors, run against a real node, compared after every step with a small model written from API.md
 * (independently of the server's own table), and checked against the database's invariants.
 */

const PRODUCTS = 3;
const INITIAL_STOCK = 6;
const CUSTOMERS = 2;
const PARTNERS = 3;

const { node, admin, customers, partners } = withTestNode({ admins: 1, customers: CUSTOMERS, partners: PARTNERS });

/** A command acts on the real node and the model, then the invariants are checked against the database. */
abstract class ModelCommand implements fc.AsyncCommand<Model, Real> {
  check(_model: Readonly<Model>): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    await this.act(model, real);
    await checkInvariants(model, real);
  }
  abstract act(model: Model, real: Real): Promise<void>;
}

/** Acts on one of the orders placed so far (`pick` modulo their number). */
abstract class OrderCommand extends ModelCommand {
  constructor(readonly pick: number) {
    super();
  }
  override check(model: Readonly<Model>): boolean {
    return model.orders.length > 0;
  }
  protected orderOf(model: Model): ModelOrder {
    return model.orders[this.pick % model.orders.length]!;
  }
}

class PlaceOrder extends ModelCommand {
  constructor(
    readonly customer: number,
    readonly lines: { product: number; quantity: number }[],
  ) {
    super();
  }
  async act(model: Model, real: Real) {
    const res = await customers[this.customer]!.client.post('/api/v1/orders', {
      items: this.lines.map((l) => ({ productId: real.productIds[l.product]!, quantity: l.quantity })),
      address: 'Model Street',
    });
    const enough = this.lines.every((l) => model.stock[l.product]! >= l.quantity);
    expect(outcome(res)).toEqual(enough ? { status: 201 } : { status: 409, code: 'insufficient_stock' });
    if (!enough) return;
    for (const l of this.lines) model.stock[l.product]! -= l.quantity;
    model.orders.push({
      id: res.body.order.id,
      customer: this.customer,
      partner: null,
      status: 'placed',
      lines: this.lines,
      declined: new Set(),
    });
  }
  override toString = () => `place(c${this.customer}, ${JSON.stringify(this.lines)})`;
}

class Accept extends OrderCommand {
  constructor(
    pick: number,
    readonly partner: number,
  ) {
    super(pick);
  }
  async act(model: Model) {
    const order = this.orderOf(model);
    const res = await partners[this.partner]!.client.patch(`/api/v1/orders/${order.id}/accept`);
    if (order.declined.has(this.partner)) {
      expect(outcome(res)).toEqual({ status: 404, code: 'not_found' });
    } else if (order.status === 'placed') {
      expect(outcome(res)).toEqual({ status: 200 });
      order.status = 'accepted';
      order.partner = this.partner;
    } else if (order.partner === this.partner) {
      expect(outcome(res)).toEqual({ status: 409, code: 'invalid_transition' });
    } else if (held(order.status)) {
      expect(outcome(res)).toEqual({ status: 409, code: 'already_assigned' });
    } else {
      expect(outcome(res)).toEqual({ status: 404, code: 'not_found' });
    }
  }
  override toString = () => `accept(#${this.pick}, p${this.partner})`;
}

class Reject extends OrderCommand {
  constructor(
    pick: number,
    readonly partner: number,
  ) {
    super(pick);
  }
  async act(model: Model) {
    const order = this.orderOf(model);
    const res = await partners[this.partner]!.client.patch(`/api/v1/orders/${order.id}/reject`);
    if (order.status === 'placed' && !order.declined.has(this.partner)) {
      expect(outcome(res)).toEqual({ status: 200 }); // declined for this partner; nothing else changes
      order.declined.add(this.partner);
    } else if (order.partner === this.partner && order.status === 'accepted') {
      expect(outcome(res)).toEqual({ status: 200 });
      order.status = 'placed';
      order.partner = null;
      order.declined.add(this.partner);
    } else if (order.partner === this.partner) {
      expect(outcome(res)).toEqual({ status: 409, code: 'invalid_transition' });
    } else {
      expect(outcome(res)).toEqual({ status: 404, code: 'not_found' });
    }
  }
  override toString = () => `reject(#${this.pick}, p${this.partner})`;
}

/** A partner reports progress: usually the holder and the next step, sometimes anyone and anything. */
class Step extends OrderCommand {
  constructor(
    pick: number,
    readonly who: 'holder' | number,
    readonly target: 'next' | OrderStatus,
  ) {
    super(pick);
  }
  async act(model: Model) {
    const order = this.orderOf(model);
    const partner = this.who === 'holder' ? (order.partner ?? 0) : this.who;
    const to = this.target === 'next' ? (partnerSteps[order.status]?.[0] ?? 'preparing') : this.target;
    // Delivering takes the code the customer's own view shows (API.md, Proof of delivery).
    const shown = to === 'delivered' ? await customers[order.customer]!.client.get(`/api/v1/orders/${order.id}`) : null;
    const handoverCode = shown?.body.order?.handoverCode ?? undefined;
    const body = handoverCode ? { status: to, handoverCode } : { status: to };
    const res = await partners[partner]!.client.patch(`/api/v1/orders/${order.id}/status`, body);
    const declined = order.declined.has(partner);
    const visible = order.partner === partner || (order.status === 'placed' && !declined);
    if (visible && order.status === 'placed' && to === 'accepted') {
      // Naming the status is the same move as PATCH /accept: one table decides.
      expect(outcome(res)).toEqual({ status: 200 });
      order.status = 'accepted';
      order.partner = partner;
    } else if (!visible) {
      expect(outcome(res)).toEqual(
        to === 'accepted' && held(order.status) && !declined
          ? { status: 409, code: 'already_assigned' }
          : { status: 404, code: 'not_found' },
      );
    } else if (order.partner === partner && order.status === 'accepted' && to === 'placed') {
      expect(outcome(res)).toEqual({ status: 200 }); // the same as giving it back with PATCH /reject
      order.status = 'placed';
      order.partner = null;
      order.declined.add(partner);
    } else if (order.partner === partner && partnerSteps[order.status]?.includes(to)) {
      expect(outcome(res)).toEqual({ status: 200 });
      order.status = to;
    } else {
      expect(outcome(res)).toEqual({ status: 409, code: 'invalid_transition' });
    }
  }
  override toString = () => `step(#${this.pick}, ${this.who}, ${this.target})`;
}

class Cancel extends OrderCommand {
  constructor(
    pick: number,
    readonly by: 'owner' | 'other' | 'admin',
  ) {
    super(pick);
  }
  async act(model: Model) {
    const order = this.orderOf(model);
    const client: TestClient =
      this.by === 'admin' ? admin.client : customers[this.by === 'owner' ? order.customer : 1 - order.customer]!.client;
    const res = await client.patch(`/api/v1/orders/${order.id}/cancel`);
    const allowed =
      this.by === 'owner' ? ['placed', 'accepted'].includes(order.status) : adminMoves[order.status] !== undefined;
    if (this.by === 'other') {
      expect(outcome(res)).toEqual({ status: 404, code: 'not_found' });
    } else if (allowed) {
      expect(outcome(res)).toEqual({ status: 200 });
      order.status = 'cancelled';
      for (const l of order.lines) model.stock[l.product]! += l.quantity;
    } else {
      expect(outcome(res)).toEqual({ status: 409, code: 'invalid_transition' });
    }
  }
  override toString = () => `cancel(#${this.pick}, ${this.by})`;
}

class AdminOverride extends OrderCommand {
  constructor(
    pick: number,
    readonly to: OrderStatus,
  ) {
    super(pick);
  }
  async act(model: Model) {
    const order = this.orderOf(model);
    const res = await admin.client.patch(`/api/v1/orders/${order.id}/status`, { status: this.to });
    if (!adminMoves[order.status]?.includes(this.to)) {
      expect(outcome(res)).toEqual({ status: 409, code: 'invalid_transition' });
      return;
    }
    expect(outcome(res)).toEqual({ status: 200 });
    if (this.to === 'placed') order.partner = null;
    if (this.to === 'cancelled') for (const l of order.lines) model.stock[l.product]! += l.quantity;
    order.status = this.to;
  }
  override toString = () => `admin(#${this.pick}, ${this.to})`;
}

const statusArb = fc.constantFrom<OrderStatus>(
  'placed',
  'accepted',
  'preparing',
  'picked_up',
  'on_the_way',
  'delivered',
  'cancelled',
);
const partnerArb = fc.nat({ max: PARTNERS - 1 });
const linesArb = fc
  .uniqueArray(fc.nat({ max: PRODUCTS - 1 }), { minLength: 1, maxLength: PRODUCTS })
  .chain((products) =>
    fc.tuple(
      ...products.map((product) =>
        fc.record({ product: fc.constant(product), quantity: fc.integer({ min: 1, max: 3 }) }),
      ),
    ),
  );

const commandArbs = [
  fc.tuple(fc.nat({ max: CUSTOMERS - 1 }), linesArb).map(([c, lines]) => new PlaceOrder(c, lines)),
  fc.tuple(fc.nat(), partnerArb).map(([pick, p]) => new Accept(pick, p)),
  fc.tuple(fc.nat(), partnerArb).map(([pick, p]) => new Reject(pick, p)),
  fc
    .tuple(
      fc.nat(),
      fc.oneof({ arbitrary: fc.constant('holder' as const), weight: 3 }, partnerArb),
      fc.oneof({ arbitrary: fc.constant('next' as const), weight: 3 }, statusArb),
    )
    .map(([pick, who, to]) => new Step(pick, who, to)),
  fc
    .tuple(fc.nat(), fc.constantFrom('owner', 'other', 'admin') as fc.Arbitrary<'owner' | 'other' | 'admin'>)
    .map(([pick, by]) => new Cancel(pick, by)),
  fc.tuple(fc.nat(), statusArb).map(([pick, to]) => new AdminOverride(pick, to)),
];

it('keeps stock, statuses, partners and events consistent under random sequences of moves', async () => {
  await fc.assert(
    fc.asyncProperty(fc.commands(commandArbs, { maxCommands: 40, size: 'large' }), async (cmds) => {
      // Fresh products each run, so a run's stock is its own.
      const products = await Promise.all(
        Array.from({ length: PRODUCTS }, () => createProduct(admin.client, { stock: INITIAL_STOCK })),
      );
      await fc.asyncModelRun(
        () => ({
          model: { stock: Array(PRODUCTS).fill(INITIAL_STOCK), orders: [] },
          real: {
            db: node.db.pool,
            productIds: products.map((p) => p.id),
            initialStock: INITIAL_STOCK,
            partnerIds: partners.map((p) => p.user.id),
          },
        }),
        cmds,
      );
    }),
    { numRuns: 20 },
  );
}, 120_000);
