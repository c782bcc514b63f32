import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { waitUntil } from '../realtime/testing/socket-clients.js';
import { migrate } from './migrate.js';
import type { PoolClient } from './pool.js';
import { withTransaction } from './transaction.js';
import { isDatabaseUnavailable } from './unavailable.js';

// What a failover, a restart or idle_session_timeout does to a connection the server holds. Without a
// listener on a checked-out client, its 'error' event would end this process (the test worker) at once.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.pool.query('CREATE TABLE lost_writes (id int PRIMARY KEY)');
});
afterAll(() => db?.drop());

async function terminate(pid: number): Promise<void> {
  await db.pool.query('SELECT pg_terminate_backend($1)', [pid]);
}

async function backendPid(client: PoolClient): Promise<number> {
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return rows[0]!.pid;
}

/** Resolves once the client's connection has ended (without listening to its 'error', which would hide the bug). */
function ended(client: PoolClient): Promise<void> {
  return new Promise((resolve) => client.once('end', () => resolve()));
}

describe('withTransaction on a lost connection', () => {
  it('fails as unavailable, runs the work once, commits nothing, and the pool replaces the connection', async () => {
    let runs = 0;
    const failure = await withTransaction(db.pool, async (tx) => {
      runs += 1;
      await tx.query('INSERT INTO lost_writes VALUES (1)');
      const gone = ended(tx);
      await terminate(await backendPid(tx));
      await gone; // lost between two statements: nobody is waiting for an answer on it
      await tx.query('INSERT INTO lost_writes VALUES (2)');
    }).catch((error: unknown) => error);

    expect(isDatabaseUnavailable(failure), String(failure)).toBe(true);
    expect(runs).toBe(1);
    expect((await db.pool.query('SELECT id FROM lost_writes')).rows).toEqual([]);
    // The broken client was discarded: every client the pool hands out now works.
    await Promise.all(Array.from({ length: 10 }, () => db.pool.query('SELECT 1')));
  });

  it('fails as unavailable when the connection dies under a running statement, and does not run it again', async () => {
    let runs = 0;
    const failure = await withTransaction(db.pool, async (tx) => {
      runs += 1;
      const pid = await backendPid(tx);
      const sleeping = tx.query('SELECT pg_sleep(30)');
      // It fails as soon as the backend dies, maybe before the await below attaches to it: not "unhandled".
      sleeping.catch(() => {});
      await waitUntil(
        async () =>
          (
            await db.pool.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND query LIKE 'SELECT pg_sleep%'`, [
              pid,
            ])
          ).rowCount === 1,
      );
      await terminate(pid);
      await sleeping;
    }).catch((error: unknown) => error);

    expect(isDatabaseUnavailable(failure), String(failure)).toBe(true);
    expect(runs).toBe(1);
    expect((await db.pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });
});

describe('migrate on a lost connection', () => {
  it('fails naming the migration, and leaves the migration lock free', async () => {
    const slow = [{ version: 998, name: 'slow', sql: 'SELECT pg_sleep(30)' }];
    const migrating = migrate(db.pool, slow).catch((error: Error) => error);
    let pid: number | undefined;
    await waitUntil(async () => {
      const { rows } = await db.pool.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'SELECT pg_sleep(30)'`,
      );
      pid = rows[0]?.pid;
      return pid !== undefined;
    });
    await terminate(pid!);

    expect(String(await migrating)).toMatch(/migration 998_slow failed/);
    // Nothing holds the advisory lock: the next start migrates at once.
    expect(await migrate(db.pool, [])).toEqual([]);
  });
});
