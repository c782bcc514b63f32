import { once } from 'node:events';
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
      // pool.end() resolves once it has asked each connection to end, not once they have: stopping
      // PostgreSQL straight after would cut the ones still saying goodbye (57P01, logged as lost).
      const ended: Promise<unknown>[] = [];
      pool.on('remove', (client) => ended.push(once(client, 'end')));
      await pool.end();
      await Promise.race([Promise.all(ended), delay(2_000, undefined, { ref: false })]);
      await embedded?.stop();
    },
  };
}
