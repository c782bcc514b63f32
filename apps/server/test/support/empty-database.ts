import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { createPool, type Pool } from '../../src/db/pool.js';
import { withDatabase } from '../global-setup.js';

/**
 * An empty database for this test file (not cloned from the migrated template), for tests that migrate it
 * themselves; dropped when the file is done. Call at the top level; read the pool inside tests.
 */
export function useEmptyDatabase(maxConnections: number): () => Pool {
  let pool: Pool | undefined;
  let name: string;
  const admin = () => new pg.Client({ connectionString: inject('pgAdminUrl') });
  beforeAll(async () => {
    name = `swyft_t${randomBytes(4).toString('hex')}_${inject('pgTemplate').slice('swyft_tpl_'.length)}`;
    const client = admin();
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    pool = createPool(withDatabase(inject('pgAdminUrl'), name), maxConnections, () => {});
  });
  afterAll(async () => {
    await pool?.end();
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });
  return () => pool!;
}
