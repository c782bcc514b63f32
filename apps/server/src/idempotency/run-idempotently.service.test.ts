import { describe, expect, it } from 'vitest';
import { withTestServices } from '../../test/support/test-services.js';
import type { PoolClient } from '../db/pool.js';
import { AppError } from '../errors/app-error.js';
import { purgeExpiredIdempotencyKeys } from './purge-expired-keys.js';
import { fingerprintOf, type IdempotentRequest, ReplayedRefusal, runIdempotently } from './run-idempotently.js';

/** The wrapper on its own, around work that records each run in app_meta: a run that commits leaves a row. */
const { services, customer } = withTestServices({ customers: 1 });

const DAY_MS = 24 * 60 * 60_000;
let runs = 0;
const request = (key: string, fingerprint: unknown = { n: 1 }): IdempotentRequest => ({
  idempotencyKey: key,
  callerId: customer.id,
  operation: 'test-operation',
  fingerprint,
  correlationId: `request-${++runs}`,
});
const recordRun = async (tx: PoolClient) => {
  const marker = `run-${runs}-${Math.random()}`;
  await tx.query(`INSERT INTO app_meta (key, value) VALUES ($1, '1')`, [marker]);
  return { marker };
};
const committed = async (marker: string) =>
  (await services.pool.query('SELECT count(*)::int AS n FROM app_meta WHERE key = $1', [marker])).rows[0].n === 1;

describe('runIdempotently', () => {
  it('runs the work once per key; a retry gets its value, marked replayed', async () => {
    const first = await runIdempotently(services, request('once'), recordRun);
    const retry = await runIdempotently(services, request('once'), recordRun);
    expect(first.replayed).toBe(false);
    expect(retry).toEqual({ value: first.value, replayed: true });
    expect(await committed(first.value.marker)).toBe(true);
  });

  it('without a key, simply runs the work in a transaction', async () => {
    const { idempotencyKey: _, ...keyless } = request('none');
    const first = await runIdempotently(services, keyless, recordRun);
    const second = await runIdempotently(services, keyless, recordRun);
    expect(first.value.marker).not.toBe(second.value.marker);
  });

  it('stores a domain refusal, rolls back what the work wrote, and refuses a retry the same way', async () => {
    let marker = '';
    const refuse = async (tx: PoolClient) => {
      ({ marker } = await recordRun(tx));
      throw new AppError('insufficient_stock', 'Not enough stock for 1 item', { lines: [] });
    };
    const first = await runIdempotently(services, request('refused'), refuse).catch((error: unknown) => error);
    expect(first).toBeInstanceOf(AppError);
    expect(first).not.toBeInstanceOf(ReplayedRefusal);
    expect(await committed(marker)).toBe(false);

    const retry = await runIdempotently(services, request('refused'), recordRun).catch((error: unknown) => error);
    expect(retry).toBeInstanceOf(ReplayedRefusal);
    expect(retry).toMatchObject({ code: 'insufficient_stock', statusCode: 409, details: { lines: [] } });
    expect((retry as ReplayedRefusal).firstCorrelationId).toBe(`request-${runs - 1}`);
  });

  it('keeps nothing when the work fails otherwise, so a retry runs it', async () => {
    const crash = async () => {
      throw new Error('connection lost');
    };
    await expect(runIdempotently(services, request('crash'), crash)).rejects.toThrow('connection lost');
    const retry = await runIdempotently(services, request('crash'), recordRun);
    expect(retry.replayed).toBe(false);
  });

  it('refuses the key with another fingerprint (422), and runs nothing', async () => {
    await runIdempotently(services, request('bound', { n: 1 }), recordRun);
    await expect(runIdempotently(services, request('bound', { n: 2 }), recordRun)).rejects.toMatchObject({
      code: 'idempotency_key_reused',
      statusCode: 422,
    });
  });

  it('waits for a request with the same key that is still running, and answers 409 when it runs too long', async () => {
    // Another request holds the key in an open transaction (as the first of two would, mid-flight).
    const holder = await services.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(
        'INSERT INTO idempotency_keys (user_id, key, operation, request_hash) VALUES ($1, $2, $3, $4)',
        [customer.id, 'held', 'test-operation', fingerprintOf('test-operation', { n: 1 })],
      );
      const impatient = runIdempotently(services, { ...request('held'), idempotencyWaitMs: 150 }, recordRun);
      await expect(impatient).rejects.toMatchObject({ code: 'idempotency_in_flight', statusCode: 409 });

      // When the holder commits its outcome, a waiting request replays it.
      const waiting = runIdempotently(services, { ...request('held'), idempotencyWaitMs: 5000 }, recordRun);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await holder.query(
        `UPDATE idempotency_keys SET outcome = '{"value":{"marker":"stored"}}' WHERE user_id = $1 AND key = 'held'`,
        [customer.id],
      );
      await holder.query('COMMIT');
      expect(await waiting).toEqual({ value: { marker: 'stored' }, replayed: true });
    } finally {
      holder.release();
    }
  });

  it('forgets a key 24 hours after its first use, by the clock it is given', async () => {
    const first = await runIdempotently(services, request('daily'), recordRun);
    services.clock.advance(DAY_MS - 60_000);
    expect((await runIdempotently(services, request('daily', { n: 2 }), recordRun).catch((e) => e)).code).toBe(
      'idempotency_key_reused',
    );
    services.clock.advance(2 * 60_000);
    const later = await runIdempotently(services, request('daily', { n: 2 }), recordRun);
    expect(later.replayed).toBe(false);
    expect(later.value.marker).not.toBe(first.value.marker);
  });

  it('purges the records older than 24 hours, and only those', async () => {
    await runIdempotently(services, request('old'), recordRun);
    services.clock.advance(DAY_MS + 60_000);
    await runIdempotently(services, request('fresh'), recordRun);
    await purgeExpiredIdempotencyKeys(services);
    const { rows } = await services.pool.query('SELECT key FROM idempotency_keys WHERE user_id = $1', [customer.id]);
    expect(rows.map((row) => row.key)).toContain('fresh');
    expect(rows.map((row) => row.key)).not.toContain('old');
  });
});
