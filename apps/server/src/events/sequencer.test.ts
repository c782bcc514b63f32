import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { withTransaction } from '../db/transaction.js';
import { createEncryption } from '../platform/encryption.js';
import { createLogger } from '../platform/logger.js';
import { appendEvent } from './append-event.js';
import type { LoggedEvent } from './logged-event.js';
import { type Sequencer, startSequencer } from './sequencer.js';
import { sampleUserData } from './testing/sample-event-data.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

const log = createLogger('silent');
const testEncryption = createEncryption({ current: randomBytes(32) });

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

async function unstampedCount(): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE seq IS NULL');
  return rows[0]!.n;
}

it('stamps a contiguous seq in commit order, with two candidates and the leader stepping down mid-stream', async () => {
  const received: LoggedEvent[][] = [[], []];
  const start = (index: number) =>
    startSequencer({
      connection: db.pool.options,
      encryption: testEncryption,
      log,
      onStamped: (events) => received[index]!.push(...events),
      electionIntervalMs: 100,
    });
  const sequencers: Sequencer[] = [start(0), start(1)];
  await waitFor(() => sequencers.some((s) => s.isLeader));

  // Writers whose transactions overlap and commit out of id order: some hold their id for a while.
  const writers = 8;
  const perWriter = 60;
  let written = 0;
  const write = async () => {
    for (let i = 0; i < perWriter; i++) {
      await withTransaction(db.pool, async (tx) => {
        const count = 1 + (i % 3);
        for (let k = 0; k < count; k++) {
          await appendEvent(tx, {
            type: 'user.registered',
            actor: null,
            data: sampleUserData(`writer ${i}.${k}`),
            correlationId: randomUUID(),
          });
        }
        if (Math.random() < 0.2) await sleep(Math.random() * 15);
      });
      written += 1 + (i % 3);
      if (written > (writers * perWriter) / 2 && sequencers.length === 2) {
        // The current leader stops (releasing the lock): the other one must take over.
        const leader = sequencers.findIndex((s) => s.isLeader);
        if (leader >= 0) {
          const [stopped] = sequencers.splice(leader, 1);
          void stopped!.stop();
        }
      }
    }
  };
  await Promise.all(Array.from({ length: writers }, write));
  await waitFor(async () => (await unstampedCount()) === 0);
  for (const sequencer of sequencers) await sequencer.stop();

  const { rows } = await db.pool.query<{ seq: number; id: number }>('SELECT seq, id FROM events ORDER BY seq');
  expect(rows.length).toBe(written);
  expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));

  // Each sequencer handed out strictly increasing seqs, and together every event exactly once.
  for (const batch of received) {
    const seqs = batch.map((e) => e.event.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  }
  const all = received.flat().map((e) => e.event.seq);
  expect(all.length).toBe(written);
  expect(new Set(all).size).toBe(written);
  expect(received[0]!.length).toBeGreaterThan(0);
  expect(received[1]!.length).toBeGreaterThan(0);
});

it('gives a later transaction a higher seq than one it depends on', async () => {
  const sequencer = startSequencer({
    connection: db.pool.options,
    encryption: testEncryption,
    log,
    onStamped: () => {},
  });
  const first = await withTransaction(db.pool, (tx) =>
    appendEvent(tx, { type: 'user.registered', actor: null, data: sampleUserData(), correlationId: 'a' }),
  );
  const second = await withTransaction(db.pool, (tx) =>
    appendEvent(tx, { type: 'user.disabled', actor: null, data: sampleUserData(), correlationId: 'b' }),
  );
  await waitFor(async () => (await unstampedCount()) === 0);
  await sequencer.stop();
  const { rows } = await db.pool.query<{ id: number; seq: number }>('SELECT id, seq FROM events WHERE id = ANY($1)', [
    [first, second],
  ]);
  const seqOf = (id: number) => rows.find((r) => r.id === id)!.seq;
  expect(seqOf(second)).toBeGreaterThan(seqOf(first));
});

it('takes the lead again after its connection is terminated, and stamps what was written meanwhile', async () => {
  const sequencer = startSequencer({
    connection: db.pool.options,
    encryption: testEncryption,
    log,
    onStamped: () => {},
    electionIntervalMs: 100,
  });
  await waitFor(() => sequencer.isLeader);
  for (let round = 0; round < 3; round++) {
    // What a failover or idle_session_timeout does to the connection that holds the lock and LISTENs.
    const { rows } = await db.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'swyft-sequencer'`,
    );
    expect(rows).toHaveLength(1);
    await withTransaction(db.pool, (tx) =>
      appendEvent(tx, {
        type: 'user.registered',
        actor: null,
        data: sampleUserData(`round ${round}`),
        correlationId: randomUUID(),
      }),
    );
    await waitFor(async () => (await unstampedCount()) === 0);
  }
  expect(sequencer.isLeader).toBe(true);
  await sequencer.stop();
});
