import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrate.js';
import { createPool } from '../src/db/pool.js';
import { SYSTEM_POSTGRES_URL, SYSTEM_REDIS_URL } from './support/services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser connection string to the server the tests create their databases on. */
    pgAdminUrl: string;
    /** A migrated database every test file clones (CREATE DATABASE ... TEMPLATE). */
    pgTemplate: string;
    /** Set in the project that runs the multi-node configuration. */
    redisUrl: string | undefined;
    /** A temporary folder for this run's DATA_DIRs. */
    scratchDir: string;
  }
}

/**
 * One database server per project: `pg18` starts the embedded PostgreSQL 18 (what `npm start` runs),
 * `pg15` and `faults` use the system's PostgreSQL 15 and Redis (the scaled-out configuration). Each run
 * migrates a template database once; every test file clones it, so files run in parallel without sharing rows.
 */
export default async function setup(project: TestProject) {
  const scratchDir = mkdtempSync(path.join(tmpdir(), 'swyft-test-'));
  chmodSync(scratchDir, 0o755); // the embedded PostgreSQL runs as the postgres user when we are root
  const system = project.name === 'pg15' || project.name === 'faults';
  const embedded = system ? undefined : await startEmbeddedPostgres({ dataDir: path.join(scratchDir, 'embedded') });
  const adminUrl = system ? SYSTEM_POSTGRES_URL : embedded!.url;

  const template = `swyft_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`${project.name}: cannot reach PostgreSQL at ${adminUrl}: ${(error as Error).message}`);
  }
  await admin.query(`CREATE DATABASE ${template}`);
  const pool = createPool(withDatabase(adminUrl, template), 2, () => {});
  await migrate(pool);
  await pool.end();
  await admin.query(`ALTER DATABASE ${template} WITH is_template true`);

  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);
  project.provide('redisUrl', system ? SYSTEM_REDIS_URL : undefined);
  project.provide('scratchDir', scratchDir);

  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'swyft_t%' AND datname LIKE $1`,
      [`%${template.slice('swyft_tpl_'.length)}%`],
    );
    for (const { datname } of rows) {
      await admin.query(`ALTER DATABASE ${datname} WITH is_template false`);
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
    await admin.end();
    await embedded?.stop();
    rmSync(scratchDir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
