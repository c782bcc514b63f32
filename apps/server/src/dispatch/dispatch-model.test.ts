import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { withTestServices } from '../../test/support/test-services.js';
import { createProduct } from '../catalog/create-product.js';
import { AppError } from '../errors/app-error.js';
import { acceptOrder } from '../orders/accept-order.js';
import { placeOrder } from '../orders/place-order.js';
import { rejectOrder } from '../orders/reject-order.js';
import { installJobQueue } from '../platform/job-runner.js';
import { expireOfferWave } from './expire-offer-wave.js';
import { north, STORE } from './testing/dispatch-helpers.js';

/**
 * A property test of nearest dispatch, on the service tier (use cases and the expiry job called directly,
 * against a real database, time moved by hand): random partners, positions, presence, accepts, declines,
 * give-backs and expiries. After every step: never two holders, never an offer to a decliner, a busy, an
 * offline or a far-behind partner, waves nearest first, at most one running wave, every expiry acted on
 * once (a second run of the job changes nothing), and no wave left running once all its partners declined.
 */
const PARTNERS = 6;
const { services, admin, customer, partners } = withTestServices(
  { admins: 1, customers: 1, partners: PARTNERS },
  { DISPATCH_MODE: 'nearest', DISPATCH_WAVE_SIZE: '2', DISPATCH_MAX_WAVES: '3', DISPATCH_MAX_ACTIVE: '1' },
);

let productId: string;
let requests = 0;
const correlationId = () => `model-${++requests}`;

beforeAll(async () => {
  await installJobQueue(services.pool);
  const product = await createProduct(services, {
    actor: { id: admin.id, role: 'admin' },
    product: { name: 'Model product', description: '', priceCents: 100, stock: 100_000 },
    correlationId: correlationId(),
  });
  productId = product.id;
});

type Step =
  | { kind: 'accept' | 'reject' | 'giveBack'; partner: number }
  | { kind: 'expire' }
  | { kind: 'move'; partner: number; meters: number }
  | { kind: 'online'; partner: number; online: boolean };

const partnerIndex = fc.integer({ min: 0, max: PARTNERS - 1 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('accept' as const, 'reject' as const, 'giveBack' as const),
    partner: partnerIndex,
  }),
  fc.constant({ kind: 'expire' as const }),
  fc.record({ kind: fc.constant('move' as const), partner: partnerIndex, meters: fc.integer({ min: 0, max: 5_000 }) }),
  fc.record({ kind: fc.constant('online' as const), partner: partnerIndex, online: fc.boolean() }),
);
const startArb = fc.array(
  fc.record({ online: fc.boolean(), meters: fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: undefined }) }),
  { minLength: PARTNERS, maxLength: PARTNERS },
);

const q = async <T>(sql: string, values: unknown[] = []) => (await services.pool.query(sql, values)).rows as T[];
const codeOf = async (work: Promise<unknown>) => {
  try {
    await work;
    return 200;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
};

async function setOnline(partnerId: string, online: boolean) {
  await services.pool.query(
    `INSERT INTO partner_presence (partner_id, online) VALUES ($1, $2)
     ON CONFLICT (partner_id) DO UPDATE SET online = $2, changed_at = now()`,
    [partnerId, online],
  );
}

interface OfferRow {
  id: number;
  round: number;
  wave: number;
  partner_ids: string[];
  candidates: { partnerId: string; distanceMeters: number }[];
  ended_at: Date | null;
  outcome: string | null;
}

it('keeps the dispatch invariants under random partners, accepts, declines and expiries', async () => {
  const ids = partners.map((p) => p.id);
  let wavesChecked = 0;
  await fc.assert(
    fc.asyncProperty(startArb, fc.array(stepArb, { minLength: 1, maxLength: 12 }), async (start, steps) => {
      // A fresh world: nobody holds anything, every position is a minute old at most.
      await services.pool.query(
        "UPDATE orders SET status = 'cancelled' WHERE status NOT IN ('placed', 'delivered', 'cancelled')",
      );
      await services.pool.query("UPDATE orders SET status = 'cancelled' WHERE status = 'placed'");
      services.clock.advance(61_000);
      const distance = new Map<string, number>();
      for (const [i, { online, meters }] of start.entries()) {
        await setOnline(ids[i]!, online);
        if (meters !== undefined) {
          await services.positions.record({
            partnerId: ids[i]!,
            location: north(STORE, meters),
            at: services.clock.now(),
          });
          distance.set(ids[i]!, meters);
        }
      }
      const order = (
        await placeOrder(services, {
          customer,
          items: [{ productId, quantity: 1 }],
          address: 'Model Street',
          paymentMethod: 'cash_on_delivery',
          correlationId: correlationId(),
        })
      ).value;
      const seenOffers = new Set<number>();

      const check = async () => {
        const [state] = await q<{ status: string; partner_id: string | null }>(
          'SELECT status, partner_id FROM orders WHERE id = $1',
          [order.id],
        );
        const offers = await q<OfferRow>('SELECT * FROM order_offers WHERE order_id = $1 ORDER BY id', [order.id]);
        expect(offers.filter((o) => o.ended_at === null).length).toBeLessThanOrEqual(1);
        if (state!.status !== 'placed') expect(offers.filter((o) => o.ended_at === null)).toEqual([]);
        // Every expiry acted on once.
        const expiredEvents = await q<{ n: number }>(
          "SELECT count(*)::int AS n FROM events WHERE order_id = $1 AND type = 'order.offer_expired'",
          [order.id],
        );
        expect(expiredEvents[0]!.n).toBe(
          offers.filter((o) => o.outcome === 'expired' || o.outcome === 'declined').length,
        );
        // A wave every partner of which declined has ended.
        for (const offer of offers.filter((o) => o.ended_at === null)) {
          const [declines] = await q<{ n: number }>(
            'SELECT count(*)::int AS n FROM order_declines WHERE order_id = $1 AND partner_id = ANY($2::uuid[])',
            [order.id, offer.partner_ids],
          );
          expect(declines!.n).toBeLessThan(offer.partner_ids.length);
        }
        for (const offer of offers.filter((o) => !seenOffers.has(o.id))) {
          seenOffers.add(offer.id);
          wavesChecked += 1;
          // A new wave, checked as it was made (nothing else moved in the step that made it).
          const declined = new Set(
            (
              await q<{ partner_id: string }>('SELECT partner_id FROM order_declines WHERE order_id = $1', [order.id])
            ).map((r) => r.partner_id),
          );
          const busy = new Set(
            (
              await q<{ partner_id: string }>(
                "SELECT partner_id FROM orders WHERE status IN ('accepted', 'preparing', 'picked_up', 'on_the_way')",
              )
            ).map((r) => r.partner_id),
          );
          const online = new Set(
            (await q<{ partner_id: string }>('SELECT partner_id FROM partner_presence WHERE online')).map(
              (r) => r.partner_id,
            ),
          );
          const earlier = new Set(
            offers.filter((o) => o.round === offer.round && o.id < offer.id).flatMap((o) => o.partner_ids),
          );
          const eligible = ids.filter(
            (id) => distance.has(id) && online.has(id) && !declined.has(id) && !busy.has(id) && !earlier.has(id),
          );
          for (const id of offer.partner_ids) expect(eligible).toContain(id);
          // Nearest first: nobody eligible left out is nearer than the farthest of the wave.
          const farthest = Math.max(...offer.partner_ids.map((id) => distance.get(id)!));
          for (const id of eligible.filter((e) => !offer.partner_ids.includes(e))) {
            expect(distance.get(id)!).toBeGreaterThanOrEqual(farthest - 1);
          }
          expect(offer.partner_ids.length).toBe(Math.min(2, eligible.length));
        }
        return { state: state!, running: offers.find((o) => o.ended_at === null) };
      };

      let { state, running } = await check();
      for (const step of steps) {
        const partnerId = 'partner' in step ? ids[step.partner]! : undefined;
        const caller = 'partner' in step ? partners[step.partner]! : undefined;
        if (step.kind === 'accept') {
          const [declinedRow] = await q('SELECT 1 FROM order_declines WHERE order_id = $1 AND partner_id = $2', [
            order.id,
            partnerId,
          ]);
          const visible =
            state.status === 'placed' && !declinedRow && (!running || running.partner_ids.includes(partnerId!));
          const code = await codeOf(
            acceptOrder(services, { orderId: order.id, partner: caller!, correlationId: correlationId() }),
          );
          if (visible) expect(code).toBe(200);
          else if (state.status === 'placed' || declinedRow) expect(code).toBe('not_found');
          else expect(code === 'already_assigned' || code === 'not_found' || code === 'invalid_transition').toBe(true);
        } else if (step.kind === 'giveBack') {
          // Take it (when offered) and give it back at once: the order is dispatched again without them.
          const taken = await codeOf(
            acceptOrder(services, { orderId: order.id, partner: caller!, correlationId: correlationId() }),
          );
          if (taken === 200) {
            expect(
              await codeOf(
                rejectOrder(services, { orderId: order.id, partner: caller!, correlationId: correlationId() }),
              ),
            ).toBe(200);
          }
        } else if (step.kind === 'reject') {
          await codeOf(rejectOrder(services, { orderId: order.id, partner: caller!, correlationId: correlationId() }));
        } else if (step.kind === 'expire') {
          services.clock.advance(1_000);
          if (running) {
            const deps = { ...services, config: services.config.dispatch };
            expect(await expireOfferWave(deps, { offerId: running.id })).toBe('expired');
            expect(await expireOfferWave(deps, { offerId: running.id })).toBe('not_running');
          }
        } else if (step.kind === 'move') {
          await services.positions.record({
            partnerId: partnerId!,
            location: north(STORE, step.meters),
            at: services.clock.now(),
          });
          distance.set(partnerId!, step.meters);
        } else if (step.kind === 'online') {
          await setOnline(partnerId!, step.online);
        }
        ({ state, running } = await check());
        // Never two holders: a held order has exactly its one partner, and nobody else has been told yes.
        if (state.status === 'accepted') expect(state.partner_id).not.toBeNull();
      }
    }),
    { numRuns: 40 },
  );
  // Not vacuous: the runs made waves to check.
  expect(wavesChecked).toBeGreaterThan(10);
});

it('sends the next wave at once when every partner of a wave has declined (no wait for its expiry)', async () => {
  const ids = partners.map((p) => p.id);
  await services.pool.query("UPDATE orders SET status = 'cancelled' WHERE status <> 'delivered'");
  services.clock.advance(61_000);
  for (const [i, id] of ids.entries()) await setOnline(id, i < 3);
  for (const [i, meters] of [100, 200, 300].entries()) {
    await services.positions.record({ partnerId: ids[i]!, location: north(STORE, meters), at: services.clock.now() });
  }
  const order = (
    await placeOrder(services, {
      customer,
      items: [{ productId, quantity: 1 }],
      address: 'Decline Street',
      paymentMethod: 'cash_on_delivery',
      correlationId: correlationId(),
    })
  ).value;
  const offers = () =>
    q<{ wave: number; partner_ids: string[]; outcome: string | null }>(
      'SELECT wave, partner_ids, outcome FROM order_offers WHERE order_id = $1 ORDER BY id',
      [order.id],
    );
  const logged = async () =>
    (
      await q<{ type: string; data: { wave?: number; reason?: string } }>(
        "SELECT type, data FROM events WHERE order_id = $1 AND type LIKE 'order.o%' ORDER BY id",
        [order.id],
      )
    ).map((e) => [e.type, e.data.wave ?? e.data.reason ?? null]);
  const decline = (i: number) =>
    rejectOrder(services, { orderId: order.id, partner: partners[i]!, correlationId: correlationId() });
  expect(await offers()).toEqual([{ wave: 1, partner_ids: [ids[0], ids[1]], outcome: null }]);
  // One of two declines: the wave runs on (the clock does not move in this test: no expiry ever comes).
  await decline(0);
  expect((await offers()).map((o) => o.outcome)).toEqual([null]);
  // The last of the wave declines: the wave ends now and the next goes to the next nearest.
  await decline(1);
  expect(await offers()).toEqual([
    { wave: 1, partner_ids: [ids[0], ids[1]], outcome: 'declined' },
    { wave: 2, partner_ids: [ids[2]], outcome: null },
  ]);
  expect(await logged()).toEqual([
    ['order.offered', null],
    ['order.offer_expired', 1],
    ['order.offered', null],
  ]);
  // The only partner of wave 2 declines: nobody is left, the order opens at once.
  await decline(2);
  expect((await offers()).map((o) => o.outcome)).toEqual(['declined', 'declined']);
  expect((await logged()).slice(3)).toEqual([
    ['order.offer_expired', 2],
    ['order.opened', 'waves_exhausted'],
  ]);
  // The scheduled expiry of the declined wave, when it comes, changes nothing.
  const [first] = await q<{ id: number }>('SELECT id FROM order_offers WHERE order_id = $1 ORDER BY id', [order.id]);
  expect(await expireOfferWave({ ...services, config: services.config.dispatch }, { offerId: first!.id })).toBe(
    'not_running',
  );
});
