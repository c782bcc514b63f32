import path from 'node:path';
import { type Config, ConfigError, loadConfig } from './config.js';
import { type Database, openDatabase } from './db/database.js';
import { type EmbeddedDatabase, EmbeddedDatabaseError } from './db/embedded.js';
import { migrate } from './db/migrate.js';
import { encryptFirstWaveData } from './personal-data/encrypt-personal-data.js';
import { createEncryption } from './platform/encryption.js';
import { createLogger } from './platform/logger.js';
import { recordNodeLifecycle } from './platform/node-lifecycle.js';
import { findWorkingDemoLogins } from './seed/demo-logins.js';
import { DEMO_PASSWORD, seedDemoData } from './seed/seed-demo-data.js';
import { type RunningNode, startNode } from './server.js';
import { ensureAdmin } from './users/ensure-admin.js';

const SHUTDOWN_TIMEOUT_MS = 15_000;

interface Running {
  node: RunningNode;
  db: Database;
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  let running: Running | undefined;
  let stopRequested: string | undefined;
  const stop = async (signal: string, { node, db }: Running) => {
    log.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    try {
      // Best effort: a node stopping because its database is gone still stops.
      await recordNodeLifecycle(db, { type: 'system.stopping', nodeId: node.nodeId }).catch((error: unknown) =>
        log.warn({ err: error }, 'could not record system.stopping'),
      );
      await node.close();
      await db.close(); // PostgreSQL last: it runs in its own process group, so Ctrl+C did not stop it
      log.info('stopped');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  const onSignal = (signal: string) => {
    if (stopRequested === undefined) {
      stopRequested = signal;
      if (running) void stop(signal, running);
      // Still starting: stop once started, so that initdb and PostgreSQL are not left half-way.
      else log.info({ signal }, 'stopping as soon as start-up has finished (signal again to stop at once)');
    } else if (!running) {
      process.exit(1); // the exit hook stops the embedded PostgreSQL if it is running
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => onSignal(signal));

  const db = await openDatabase(config, log);
  const applied = await migrate(db.pool);
  if (applied.length > 0) log.info({ migrations: applied }, 'migrations applied');
  const encryption = createEncryption(config.dataEncryption);
  await encryptFirstWaveData({ pool: db.pool, encryption, log });
  if (config.admin) {
    const outcome = await ensureAdmin(db.pool, config.admin);
    if (outcome === 'exists-not-admin')
      log.warn({ email: config.admin.email }, 'ADMIN_EMAIL belongs to a non-admin account');
  }
  const seeded = config.demoData ? await seedDemoData(db.pool, encryption) : false;
  const demoLogins = config.demoData ? await findWorkingDemoLogins(db.pool) : undefined;
  const node = await startNode({ config, pool: db.pool, log });
  running = { node, db };
  await recordNodeLifecycle(db, { type: 'system.started', nodeId: node.nodeId }).catch((error: unknown) =>
    log.warn({ err: error }, 'could not record system.started'),
  );
  if (stopRequested) return stop(stopRequested, running);
  const database = describeDatabase(config, db.embedded);
  log.info(
    { url: node.url, startupMs: Math.round(performance.now() - startedAt), database: database.join(' ') },
    'listening',
  );
  printBanner({ url: node.url, database, demoLogins, seeded });
}

/** Where the data is, in words: the cluster's real folder, or the external server (without credentials). */
function describeDatabase(config: Config, embedded: EmbeddedDatabase | undefined): string[] {
  if (!embedded) {
    const { host, pathname } = new URL(config.databaseUrl!);
    return [`PostgreSQL at ${host}${pathname} (DATABASE_URL)`];
  }
  const lines = [`embedded PostgreSQL 18, data in ${embedded.clusterDir}`];
  if (embedded.outsideDataDir) {
    lines.push(
      `(the "postgres" user cannot reach DATA_DIR ${config.dataDir}; ${path.join(config.dataDir, 'pg')} links there)`,
    );
  }
  return lines;
}

interface Banner {
  url: string;
  database: string[];
  /** Undefined without demo data. */
  demoLogins: { email: string; role: string }[] | undefined;
  seeded: boolean;
}

function printBanner({ url, database, demoLogins, seeded }: Banner): void {
  const lines = [
    '',
    `  Swyft is running at ${url}`,
    `  API docs:  ${url}/api-docs`,
    ...database.map((line, i) => `  ${i === 0 ? 'Database:' : '         '}  ${line}`),
  ];
  if (demoLogins && demoLogins.length > 0) {
    lines.push(`  Demo accounts${seeded ? ' (just created)' : ''}, password "${DEMO_PASSWORD}":`);
    for (const login of demoLogins) lines.push(`    ${login.role.padEnd(9)} ${login.email}`);
  } else if (demoLogins) {
    lines.push('  Demo accounts: none can sign in any more (disabled, closed or password changed).');
  }
  console.log(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  // One line that names the problem; the stack only for the unexpected.
  if (error instanceof ConfigError) console.error(`swyft: configuration: ${error.message}`);
  else if (error instanceof EmbeddedDatabaseError) console.error(`swyft: ${error.message}`);
  else
    console.error(`swyft: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
