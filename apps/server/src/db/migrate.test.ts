import { describe, expect, it } from 'vitest';
import { useEmptyDatabase } from '../../test/support/empty-database.js';
import { migrate, readMigrations } from './migrate.js';
import { withTransaction } from './transaction.js';

/** An empty database (not cloned from the migrated template): these tests migrate it themselves. */
const database = useEmptyDatabase(20);

describe('migrate', () => {
  it('applies every migration exactly once when several nodes start at the same moment', async () => {
    const all = readMigrations();
    const results = await Promise.all([
      migrate(database()),
      migrate(database()),
      migrate(database()),
      migrate(database()),
    ]);
    // One runner applied them all, in order; the others waited on the advisory lock and found nothing to do.
    const appliedSomething = results.filter((applied) => applied.length > 0);
    expect(appliedSomething).toHaveLength(1);
    expect(appliedSomething[0]).toEqual(all.map((m) => `${String(m.version).padStart(3, '0')}_${m.name}`));
    const { rows } = await database().query('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(all.map((m) => m.version));
    expect(await migrate(database())).toEqual([]);
  });

  it('rolls back a failing migration whole and names it', async () => {
    const broken = [{ version: 999, name: 'broken', sql: 'CREATE TABLE half_done (id int); SELECT 1/0;' }];
    await expect(migrate(database(), broken)).rejects.toThrow(/migration 999_broken failed: division by zero/);
    const { rows } = await database().query(
      `SELECT to_regclass('half_done') AS table, (SELECT count(*) FROM schema_migrations WHERE version = 999) AS recorded`,
    );
    expect(rows[0]).toEqual({ table: null, recorded: 0 });
  });
});

describe('withTransaction', () => {
  it('retries a serialization failure and then succeeds', async () => {
    await database().query('CREATE TABLE IF NOT EXISTS counter (id int PRIMARY KEY, n int NOT NULL)');
    await database().query('INSERT INTO counter VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET n = 0');
    // Twenty serializable read-modify-writes of one row collide; each collision is retried, none is lost.
    let attempts = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withTransaction(
          database(),
          async (tx) => {
            attempts++;
            const { rows } = await tx.query('SELECT n FROM counter WHERE id = 1');
            await tx.query('UPDATE counter SET n = $1 WHERE id = 1', [rows[0].n + 1]);
          },
          { isolation: 'serializable', maxRetries: 50 },
        ),
      ),
    );
    const { rows } = await database().query('SELECT n FROM counter WHERE id = 1');
    expect(rows[0].n).toBe(20);
    expect(attempts).toBeGreaterThan(20); // some did collide and were retried
  });

  it('rolls back on error and does not retry other errors', async () => {
    let attempts = 0;
    await expect(
      withTransaction(database(), async (tx) => {
        attempts++;
        await tx.query('INSERT INTO counter VALUES (2, 0)');
        throw new Error('business rule says no');
      }),
    ).rejects.toThrow('business rule says no');
    expect(attempts).toBe(1);
    expect((await database().query('SELECT * FROM counter WHERE id = 2')).rows).toEqual([]);
  });
});
