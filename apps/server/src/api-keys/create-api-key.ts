import { randomUUID } from 'node:crypto';
import type { ApiKey, CreateApiKeyBody } from '@swyft/contract';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { appendEvent } from '../events/append-event.js';
import { insertApiKey, toApiKeyDto } from './api-key-queries.js';
import { newApiKeySecret } from './api-key-secrets.js';

const UNIQUE_VIOLATION = '23505';

/**
 * An admin creates a key: the secret is returned here once and stored only as its hash; `api_key.created`
 * (admins only, without the secret) is appended in the same transaction.
 */
export async function createApiKey(
  deps: { pool: Pool; config: { apiKeyHashKey: Buffer } },
  input: { adminId: string; key: CreateApiKeyBody; correlationId: string },
): Promise<{ apiKey: ApiKey; secret: string }> {
  for (let attempt = 0; ; attempt++) {
    const { secret, prefix, hash } = newApiKeySecret(deps.config.apiKeyHashKey);
    try {
      const apiKey = await withTransaction(deps.pool, async (tx) => {
        const row = await insertApiKey(tx, {
          id: randomUUID(),
          name: input.key.name,
          scopes: input.key.scopes,
          prefix,
          secretHash: hash,
          createdBy: input.adminId,
        });
        const apiKey = toApiKeyDto(row);
        await appendEvent(tx, {
          type: 'api_key.created',
          actor: { id: input.adminId, role: 'admin' },
          data: { apiKey },
          correlationId: input.correlationId,
        });
        return apiKey;
      });
      return { apiKey, secret };
    } catch (error) {
      // Two keys sharing 48 random bits: practically never, but the prefix is unique, so draw again.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION && attempt < 3) continue;
      throw error;
    }
  }
}
