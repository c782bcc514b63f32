import { setTimeout as delay } from 'node:timers/promises';
import type { Config } from '../config.js';
import type { Logger } from '../platform/logger.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './embedded.js';
import { createPool, type Pool } from './pool.js';

export interface Database {
  pool: Pool;
  /** The embedded PostgreSQL this process started, when DATABASE_URL was not set. */
  embedded: EmbeddedDatabase | undefined;
  close(): Promise<void>;
}

/** One `pg` pool, on DATABASE_URL or on an embedded PostgreSQL started here: the same driver and SQL either way. */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.dataDir, log: (line) => log.debug({ postgres: line }) });
  const url = config.databaseUrl ?? embedded!.url;
  const pool = createPool(url, config.databasePoolSize, (error) =>
    // Not the error object itself: pg attaches the whole client to it.
    log.warn(
      { error: error.message, code: (error as { code?: string }).code },
      'database connection lost; the pool reconnects on demand',
    ),
  );
  // The connections not yet closed: pg-pool says 'remove' once a connection has ended, after pool.end().
  const open = new Set<unknown>();
  pool.on('connect', (client) => open.add(client));
  pool.on('remove', (client) => open.delete(client));
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => {});
    await embedded?.stop();
    throw new Error(`cannot reach the database: ${(error as Error).message}`);
  }
  return {
    pool,
    embedded,
    async close() {
      // pool.end() resolves once it has asked each connection to end, not once they have (pg-pool says
      // 'remove' only then): stopping PostgreSQL straight after would cut the ones still saying goodbye
      // (57P01, logged as lost).
      await pool.end();
      const closed = new Promise<void>((resolve) => {
        if (open.size === 0) resolve();
        pool.on('remove', () => open.size === 0 && resolve());
      });
      await Promise.race([closed, delay(2_000, undefined, { ref: false })]);
      await embedded?.stop();
    },
  };
}
