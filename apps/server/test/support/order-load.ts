import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TokenUser } from './fault-cluster.js';
import type { TestResponse } from './test-client.js';

export interface OrderLoadOptions {
  /** The nodes a client may use, in its order of preference; one it cannot reach, it fails over from. */
  urls(): string[];
  customers: TokenUser[];
  partners: TokenUser[];
  productIds: string[];
  /** Clients placing orders at once. */
  concurrency?: number;
}

export interface LoadReport {
  /** Answers by status ('network' when no node could be reached). */
  statuses: Record<string, number>;
  /** Orders answered 201 (first answers and replays of an Idempotency-Key). */
  placed: Set<string>;
  /** Contract breaches: a 5xx but 503 `unavailable`, an error outside the one shape, a 503 without retry-after. */
  problems: string[];
}

export interface OrderLoad {
  report: LoadReport;
  /** Resolves once this many more answers have come back (the load is really running); rejects after `timeoutMs`. */
  answered(count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<LoadReport>;
}

/** How often a client retries one request (same Idempotency-Key) on 503 or no answer before giving up on it. */
const ATTEMPTS = 4;
/** Problems kept verbatim (a broken promise usually repeats on every request). */
const PROBLEMS_KEPT = 10;

/**
 * Customers placing orders with an Idempotency-Key, as a careful client does: on 503 or a lost connection they
 * retry the same request (same key) on the next node, which returns the first answer if it did commit. Some
 * placed orders are then accepted by a partner and some cancelled by their customer, so stock comes back and
 * timelines grow. Every answer is checked against the contract's error shape as it arrives.
 */
export function startOrderLoad(options: OrderLoadOptions): OrderLoad {
  const { customers, partners, productIds, concurrency = 30 } = options;
  const report: LoadReport = { statuses: {}, placed: new Set(), problems: [] };
  const waiters = new Set<() => void>();
  let total = 0;
  let stopping = false;

  let problemCount = 0;
  const problem = (text: string) => {
    problemCount += 1;
    if (problemCount <= PROBLEMS_KEPT) report.problems.push(text);
    else report.problems[PROBLEMS_KEPT] = `... and ${problemCount - PROBLEMS_KEPT} more`;
  };

  const record = (what: string, response: TestResponse | undefined) => {
    total += 1;
    for (const waiter of waiters) waiter();
    const status = response ? String(response.status) : 'network';
    report.statuses[status] = (report.statuses[status] ?? 0) + 1;
    if (!response || response.status < 400) return;
    const error = (response.body as { error?: { code?: unknown; requestId?: unknown } })?.error;
    if (typeof error?.code !== 'string' || typeof error.requestId !== 'string') {
      problem(`${what}: ${response.status} outside the error shape: ${JSON.stringify(response.body)}`);
    } else if (response.status >= 500 && (response.status !== 503 || error.code !== 'unavailable')) {
      problem(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
    } else if (response.status === 503 && !response.headers.get('retry-after')) {
      problem(`${what}: 503 without retry-after`);
    }
  };

  /** One request, retried as a client would; answers the last response (undefined: no node answered). */
  const send = async (worker: number, what: string, call: (url: string) => Promise<TestResponse>) => {
    let response: TestResponse | undefined;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const urls = options.urls();
      const url = urls[(worker + attempt) % urls.length]!;
      response = await call(url).catch(() => undefined);
      record(what, response);
      if (response && response.status !== 503) return response;
      await sleep(50 + Math.random() * 100);
    }
    return response;
  };

  const worker = async (index: number) => {
    const customer = customers[index % customers.length]!;
    const partner = partners[index % partners.length]!;
    for (let round = 0; !stopping; round++) {
      const key = randomUUID();
      const body = {
        items: [{ productId: productIds[(index + round) % productIds.length]!, quantity: 1 + (round % 3) }],
        address: `${index} Load Street`,
      };
      const placed = await send(index, 'POST /orders', (url) =>
        customer.on(url).post('/api/v1/orders', body, { headers: { 'idempotency-key': key } }),
      );
      if (placed?.status !== 201) continue;
      const orderId: string = placed.body.order.id;
      report.placed.add(orderId);
      if (round % 3 === 1) {
        await send(index, 'PATCH accept', (url) => partner.on(url).patch(`/api/v1/orders/${orderId}/accept`));
      } else if (round % 3 === 2) {
        await send(index, 'PATCH cancel', (url) => customer.on(url).patch(`/api/v1/orders/${orderId}/cancel`));
      }
    }
  };

  const workers = Array.from({ length: concurrency }, (_, index) => worker(index));
  return {
    report,
    answered(count, timeoutMs = 30_000) {
      const target = total + count;
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${target - total} of ${count} answers missing; so far ${JSON.stringify(report.statuses)}`));
        }, timeoutMs);
        const check = () => {
          if (total < target) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      });
    },
    async stop() {
      stopping = true;
      await Promise.all(workers);
      return report;
    },
  };
}
