import { existsSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../apps/server/src/config.js';
import { createPool } from '../apps/server/src/db/pool.js';
import { createEncryption } from '../apps/server/src/platform/encryption.js';
import { createLogger } from '../apps/server/src/platform/logger.js';
import { seedDemoData } from '../apps/server/src/seed/seed-demo-data.js';
import { startNode } from '../apps/server/src/server.js';
import startDatabaseServer, { withDatabase } from '../apps/server/test/global-setup.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The running server (API, real-time and the built web app), e.g. http://127.0.0.1:41234. */
    e2eBaseUrl: string;
  }
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const webDist = path.resolve(import.meta.dirname, '../apps/web/dist');

/**
 * One real server for the browser tests: the server suites' database setup (the embedded PostgreSQL 18
 * with a migrated template), a database cloned from it with the demo accounts and catalog, and a node on a
 * random port serving the production build of the web app, exactly as `npm start` does.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(path.join(webDist, 'index.html')))
    throw new Error('e2e: apps/web/dist is missing; run `npm run build --workspace apps/web` first (npm test does)');
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`e2e: Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium)`);

  const stopDatabaseServer = await startDatabaseServer(project);
  try {
    const { pgAdminUrl, pgTemplate, scratchDir } = project.getProvidedContext();
    // The server setup's teardown drops every database named like its template's clones, this one too.
    const name = `swyft_te2e_${pgTemplate.slice('swyft_tpl_'.length)}`;
    const admin = new pg.Client({ connectionString: pgAdminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${pgTemplate}`);
    await admin.end();

    const databaseUrl = withDatabase(pgAdminUrl, name);
    const pool = createPool(databaseUrl, 10, () => {});
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      DATA_DIR: mkdtempSync(path.join(scratchDir, 'e2e-')),
      JWT_SECRET: 'e2e-secret-that-is-long-enough-for-hs256-0123456789',
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
      DEMO_DATA: 'false',
      WEB_DIST_DIR: webDist,
      // No internet here: maps draw without a base layer rather than asking a tile server that cannot answer.
      MAP_TILE_URL: 'off',
      RATE_LIMIT_PER_MINUTE: '100000',
      LOGIN_ATTEMPTS_PER_IP_PER_MINUTE: '100000',
      LOGIN_FAILURES_PER_ACCOUNT: '100000',
      // e2e/admin-webhooks.test.ts delivers to a receiver on this machine.
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    });
    // The first wave's setup: the default store delivers anywhere, so the tests' helpers and checkouts that
    // send no location keep working; e2e/geography.test.ts draws its own delivery area.
    await seedDemoData(pool, createEncryption(config.dataEncryption), { city: false });
    const node = await startNode({ config, pool, log: createLogger(config.logLevel) });
    project.provide('e2eBaseUrl', node.url);
    return async () => {
      await node.close();
      await pool.end();
      await stopDatabaseServer();
    };
  } catch (error) {
    // Nothing may outlive a failed start: the embedded PostgreSQL would hold its port and folder.
    await stopDatabaseServer();
    throw error;
  }
}
