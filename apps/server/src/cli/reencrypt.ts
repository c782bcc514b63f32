// Re-encrypts personal data under the current key: `npm run reencrypt [-- --batch-size 500]`.
// After a rotation (DATA_ENCRYPTION_KEY new, DATA_ENCRYPTION_KEY_PREVIOUS the old one), it writes every value
// that is not under the current key id again (values under the previous key, and any clear text left from
// the first wave), a page at a time, beside serving nodes. Stopped half-way, run it again: it picks up what is
// left, and a run with nothing to do writes nothing. Works against DATABASE_URL or the embedded PostgreSQL
// of a running server (it attaches), or starts the embedded one for the moment.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { runningEmbeddedUrl } from '../db/embedded.js';
import { migrate } from '../db/migrate.js';
import { encryptPersonalData } from '../personal-data/encrypt-personal-data.js';
import { createEncryption } from '../platform/encryption.js';
import { createLogger } from '../platform/logger.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'batch-size': { type: 'string' } } });
  const batchSize = Number(values['batch-size'] ?? 500);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new Error('--batch-size must be a whole number from 1 to 10000');
  }
  const env = { ...process.env };
  const attachTo = env.DATABASE_URL ? undefined : runningEmbeddedUrl(loadConfig(env).dataDir);
  if (attachTo) env.DATABASE_URL = attachTo;
  const config = loadConfig({ ...env, LOG_LEVEL: env.LOG_LEVEL ?? 'warn' });
  const encryption = createEncryption(config.dataEncryption);
  const db = await openDatabase(config, createLogger(config.logLevel));
  try {
    await migrate(db.pool);
    console.log(`Re-encrypting personal data under key ${encryption.keyId} (pages of ${batchSize})…`);
    const pass = await encryptPersonalData({ pool: db.pool, encryption }, { reencrypt: true, batchSize });
    for (const [column, written] of Object.entries(pass.written)) {
      const unreadable = pass.unreadable[column] ?? 0;
      console.log(`  ${column}: ${written} re-encrypted${unreadable > 0 ? `, ${unreadable} unreadable` : ''}`);
    }
    const unreadable = Object.values(pass.unreadable).reduce((sum, n) => sum + n, 0);
    if (unreadable > 0) {
      console.error(
        `reencrypt: ${unreadable} values could not be read: they are under a key that is neither DATA_ENCRYPTION_KEY nor DATA_ENCRYPTION_KEY_PREVIOUS, or damaged; they were left as they are`,
      );
      process.exitCode = 1;
    } else {
      console.log(`Done: every value is under key ${encryption.keyId}; DATA_ENCRYPTION_KEY_PREVIOUS may be removed.`);
    }
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`reencrypt: configuration: ${error.message}`);
  else console.error(`reencrypt: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
