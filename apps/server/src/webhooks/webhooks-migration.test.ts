import { describe, expect, it } from 'vitest';
import { useEmptyDatabase } from '../../test/support/empty-database.js';
import { migrate, readMigrations } from '../db/migrate.js';

/**
 * Migration 170 on endpoints disabled before it: who disabled each is read from the words stored then
 * ("Disabled by an admin", or "Failing since <time>: <last error>"), and the words keep only the last error.
 */
const database = useEmptyDatabase(3);

describe('migration 170: who disabled a webhook', () => {
  it('marks endpoints disabled by an admin or by failures, and leaves enabled ones alone', async () => {
    await migrate(
      database(),
      readMigrations().filter((m) => m.version < 170),
    );
    const insert = (url: string, reason: string | null) =>
      database().query(
        `INSERT INTO webhook_endpoints (id, url, event_types, secret, enabled, disabled_reason, last_seq, failing_since)
         VALUES (gen_random_uuid(), $1, '{*}', 'sealed', $2::text IS NULL, $2::text, 0,
                 CASE WHEN $2::text ILIKE 'failing%' THEN now() END)`,
        [url, reason],
      );
    await insert('https://on.example.test/', null);
    await insert('https://admin.example.test/', 'Disabled by an admin');
    await insert(
      'https://failing.example.test/',
      'Failing since 2026-11-29T10:00:00.000Z: HTTP 503 (event 12, attempt 30)',
    );

    expect(await migrate(database())).toContain('170_webhook_disabled_by');
    const { rows } = await database().query(
      'SELECT url, enabled, disabled_by, disabled_reason FROM webhook_endpoints ORDER BY url',
    );
    expect(rows).toEqual([
      {
        url: 'https://admin.example.test/',
        enabled: false,
        disabled_by: 'admin',
        disabled_reason: 'Disabled by an admin',
      },
      {
        url: 'https://failing.example.test/',
        enabled: false,
        disabled_by: 'failures',
        disabled_reason: 'HTTP 503 (event 12, attempt 30)',
      },
      { url: 'https://on.example.test/', enabled: true, disabled_by: null, disabled_reason: null },
    ]);
    // Enabled means nobody disabled it, and the other way round.
    await expect(
      database().query("UPDATE webhook_endpoints SET disabled_by = NULL WHERE url = 'https://admin.example.test/'"),
    ).rejects.toThrow(/check constraint/);
  });
});
