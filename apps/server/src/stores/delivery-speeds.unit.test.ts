import { describe, expect, it } from 'vitest';
import type { Queryable } from '../db/pool.js';
import { createDeliverySpeeds } from './delivery-estimate.js';

/** A database that answers the rides query after a moment, counting how often it is asked. */
function slowDatabase(answer: () => Promise<{ rows: unknown[] }>) {
  const asked = { count: 0 };
  const db = {
    query: async () => {
      asked.count += 1;
      return answer();
    },
  } as unknown as Queryable;
  return { db, asked };
}

const store = { id: 'store-1', location: { lat: 52.52, lng: 13.405 } };

describe('delivery speeds', () => {
  it('reads a store once for the positions that arrive while it is read, and keeps it a minute', async () => {
    let now = 0;
    const speeds = createDeliverySpeeds({ clock: { now: () => new Date(now) }, defaultKmh: 18 });
    const { db, asked } = slowDatabase(() => new Promise((resolve) => setTimeout(() => resolve({ rows: [] }), 20)));
    const answers = await Promise.all(Array.from({ length: 50 }, () => speeds.speedKmh(db, store)));
    expect(answers).toEqual(Array(50).fill(18));
    expect(asked.count).toBe(1);
    now += 30_000;
    await speeds.speedKmh(db, store);
    expect(asked.count).toBe(1);
    now += 31_000;
    await speeds.speedKmh(db, store);
    expect(asked.count).toBe(2);
  });

  it('does not keep a failed read: the next caller reads again', async () => {
    const speeds = createDeliverySpeeds({ clock: { now: () => new Date(0) }, defaultKmh: 18 });
    let fail = true;
    const { db, asked } = slowDatabase(async () => {
      if (fail) throw new Error('connection lost');
      return { rows: [] };
    });
    await expect(speeds.speedKmh(db, store)).rejects.toThrow('connection lost');
    fail = false;
    expect(await speeds.speedKmh(db, store)).toBe(18);
    expect(asked.count).toBe(2);
  });
});
