import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { type StoredOutcome, sealOutcome } from '../idempotency/idempotency-queries.js';
import type { Encryption } from '../platform/encryption.js';
import type { Logger } from '../platform/logger.js';
import {
  ENCRYPTED_COLUMNS,
  isFirstWaveEncrypted,
  markFirstWaveEncrypted,
  selectOutcomesToSeal,
  selectValuesToEncrypt,
  updateEncryptedValues,
  updateSealedOutcomes,
} from './personal-data-queries.js';

export interface EncryptionPass {
  /** Values written (encrypted or re-encrypted), by `table.column`. */
  written: Record<string, number>;
  /** Values that could not be read (under a key that is neither current nor previous, or damaged), by `table.column`. */
  unreadable: Record<string, number>;
}

/**
 * Writes every personal value that is not under the current key again, under it: first-wave clear text, and
 * (with `reencrypt`) values under DATA_ENCRYPTION_KEY_PREVIOUS. A page at a time, each page in a short
 * transaction of its own, so it runs beside a serving node; a row changed meanwhile is left as it is (the
 * change wrote it under the current key). Stopped half-way, a second run picks up what is left: it only
 * ever selects what still needs writing. A value that cannot be read is counted and left alone.
 */
export async function encryptPersonalData(
  deps: { pool: Pool; encryption: Encryption },
  options: { reencrypt: boolean; batchSize?: number; onPage?: (column: string, written: number) => void },
): Promise<EncryptionPass> {
  const { pool, encryption } = deps;
  const limit = options.batchSize ?? 500;
  const keyId = options.reencrypt ? encryption.keyId : null;
  const pass: EncryptionPass = { written: {}, unreadable: {} };

  for (const target of ENCRYPTED_COLUMNS) {
    const name = `${target.table}.${target.column}`;
    pass.written[name] = 0;
    pass.unreadable[name] = 0;
    for (let afterId: string | null = null; ; ) {
      const rows = await selectValuesToEncrypt(pool, target, { afterId, limit, keyId });
      if (rows.length === 0) break;
      afterId = rows.at(-1)!.id;
      const changes = [];
      for (const { id, value } of rows) {
        const text = readable(encryption, value);
        if (text === undefined) pass.unreadable[name]! += 1;
        else changes.push({ id, from: value, to: encryption.encrypt(text) });
      }
      const written = changes.length > 0 ? await updateEncryptedValues(pool, target, changes) : 0;
      pass.written[name]! += written;
      options.onPage?.(name, written);
    }
  }

  const name = 'idempotency_keys.outcome';
  pass.written[name] = 0;
  pass.unreadable[name] = 0;
  for (let after: { userId: string; key: string } | null = null; ; ) {
    const rows = await selectOutcomesToSeal(pool, { after, limit, keyId });
    if (rows.length === 0) break;
    const last = rows.at(-1)!;
    after = { userId: last.userId, key: last.key };
    const changes = [];
    for (const row of rows) {
      const sealed = (row.outcome as { sealed?: unknown }).sealed;
      const text = typeof sealed === 'string' ? readable(encryption, sealed) : JSON.stringify(row.outcome);
      if (text === undefined) pass.unreadable[name] += 1;
      else changes.push({ ...row, from: row.outcome, to: sealOutcome(JSON.parse(text) as StoredOutcome, encryption) });
    }
    const written = changes.length > 0 ? await updateSealedOutcomes(pool, changes) : 0;
    pass.written[name] += written;
    options.onPage?.(name, written);
  }
  return pass;
}

/** The text of a stored value: clear text as it is, an encrypted one decrypted; undefined when unreadable. */
function readable(encryption: Encryption, value: string): string | undefined {
  if (!encryption.isEncrypted(value)) return value;
  try {
    return encryption.decrypt(value);
  } catch {
    return undefined;
  }
}

/**
 * The start-up step after the migrations (migration 151 could not do it: SQL does not know the key): the
 * first time a node of this version starts on a database, it encrypts what the first wave stored in clear,
 * then marks the database so that later starts skip the scan. Values under an older key are `npm run
 * reencrypt`'s work, not the start's.
 */
export async function encryptFirstWaveData(deps: { pool: Pool; encryption: Encryption; log: Logger }): Promise<void> {
  if (await isFirstWaveEncrypted(deps.pool)) return;
  const pass = await encryptPersonalData(deps, { reencrypt: false });
  const written = Object.values(pass.written).reduce((sum, n) => sum + n, 0);
  const unreadable = Object.values(pass.unreadable).reduce((sum, n) => sum + n, 0);
  if (written > 0) deps.log.info({ written: pass.written }, 'personal data stored in clear was encrypted');
  if (unreadable > 0) {
    deps.log.warn({ unreadable: pass.unreadable }, 'some personal data could not be read with DATA_ENCRYPTION_KEY');
  }
  await withTransaction(deps.pool, (tx) => markFirstWaveEncrypted(tx));
}
