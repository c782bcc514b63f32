import type { ApiKey } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { selectApiKeys, toApiKeyDto } from './api-key-queries.js';

/** Every key, newest first, revoked ones included; never a secret or its hash. */
export async function listApiKeys(deps: { pool: Queryable }): Promise<{ items: ApiKey[] }> {
  return { items: (await selectApiKeys(deps.pool)).map(toApiKeyDto) };
}
