// Creates an admin account: `npm run create-admin -- --email you@example.com [--name "You"]`.
// The password comes from ADMIN_PASSWORD or is asked for on the terminal. Works against DATABASE_URL, the
// embedded PostgreSQL of a running server (it attaches), or starts the embedded one for the moment.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { runningEmbeddedUrl } from '../db/embedded.js';
import { migrate } from '../db/migrate.js';
import { createLogger } from '../platform/logger.js';
import { ensureAdmin } from '../users/ensure-admin.js';

const argsSchema = z.object({
  email: z.email('--email must be an email address'),
  name: z.string().trim().min(1).max(100).default('Administrator'),
  password: z.string().min(8, 'the password must be at least 8 characters'),
});

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
  // The admin to create comes from the arguments; ADMIN_EMAIL/ADMIN_PASSWORD are the server's start-up admin.
  const { ADMIN_EMAIL: _startupAdminEmail, ADMIN_PASSWORD: adminPassword, ...env } = process.env;
  const attachTo = env.DATABASE_URL ? undefined : runningEmbeddedUrl(loadConfig(env).dataDir);
  if (attachTo) env.DATABASE_URL = attachTo;
  const config = loadConfig({ ...env, LOG_LEVEL: env.LOG_LEVEL ?? 'warn' });

  const password = adminPassword ?? (await ask('Password for the new admin: '));
  const args = argsSchema.parse({ email: values.email, name: values.name, password });
  const db = await openDatabase(config, createLogger(config.logLevel));
  try {
    await migrate(db.pool);
    const outcome = await ensureAdmin(db.pool, args);
    const messages = {
      created: `Admin ${args.email} created.`,
      exists: `An admin with email ${args.email} already exists; nothing changed.`,
      'exists-not-admin': `${args.email} belongs to a non-admin account; nothing changed.`,
    };
    console.log(messages[outcome]);
    process.exitCode = outcome === 'exists-not-admin' ? 1 : 0;
  } finally {
    await db.close();
  }
}

async function ask(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new Error('set ADMIN_PASSWORD, or run this in a terminal to be asked');
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await terminal.question(question);
  } finally {
    terminal.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof z.ZodError) console.error(`create-admin: ${error.issues.map((i) => i.message).join('; ')}`);
  else if (error instanceof ConfigError) console.error(`create-admin: configuration: ${error.message}`);
  else console.error(`create-admin: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
