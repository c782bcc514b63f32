import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { notFound } from '../errors/app-error.js';
import { appendEvent } from '../events/append-event.js';
import { revokeApiKeyRow, toApiKeyDto } from './api-key-queries.js';
import type { ApiKeys } from './api-key-states.js';

/**
 * An admin revokes a key: at once, on every node (the bus after commit; the `api_key.revoked` event in the
 * log if a bus message is lost). Revoking a revoked key again changes nothing and logs nothing.
 */
export async function revokeApiKey(
  deps: { pool: Pool; apiKeys: Pick<ApiKeys, 'revoked'> },
  input: { adminId: string; keyId: string; correlationId: string },
): Promise<void> {
  const revoked = await withTransaction(deps.pool, async (tx) => {
    const result = await revokeApiKeyRow(tx, input.keyId);
    if (!result) throw notFound('API key');
    if (result.wasLive) {
      await appendEvent(tx, {
        type: 'api_key.revoked',
        actor: { id: input.adminId, role: 'admin' },
        data: { apiKey: toApiKeyDto(result.row) },
        correlationId: input.correlationId,
      });
    }
    return result.row;
  });
  deps.apiKeys.revoked(revoked.prefix);
}
