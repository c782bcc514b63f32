import type { ApiKeyScope, SwyftEvent } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import type { Bus } from '../platform/bus.js';
import type { Clock } from '../platform/clock.js';
import { type ApiKeyCredential, findApiKeyCredential, updateLastUsed } from './api-key-queries.js';
import { prefixOf, secretMatches } from './api-key-secrets.js';

/** Bus channel: a key was revoked; every node drops its copy at once. */
export const API_KEY_REVOKED = 'api_key.revoked';

const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

export type ApiKeyCheck = { ok: true; keyId: string; scopes: readonly ApiKeyScope[] } | { ok: false; message: string };

export interface ApiKeys {
  /** Whether `secret` is a live key: every request with `Bearer sk_…` asks. Records the use (batched). */
  check(secret: string): Promise<ApiKeyCheck>;
  /** Call after committing a revocation: every node drops its copy at once. */
  revoked(prefix: string): void;
  /** Every event this node delivers from the log: `api_key.revoked` also drops the copy (a lost bus message). */
  observe(event: SwyftEvent): void;
  /** Writes the last-use times gathered since the last flush (every few seconds, and at shutdown). */
  flushLastUsed(): Promise<void>;
}

/**
 * Keys are checked on every request of a machine client, so each node keeps what it read for a few
 * seconds, by prefix. A revocation drops every copy on every node: at once by the bus, and by the
 * `api_key.revoked` event in the log when a bus message is lost; the TTL is the last bound. A key's last
 * use is kept in memory and written in one statement every few seconds, not once per request.
 */
export function createApiKeys(deps: { db: Queryable; bus: Bus; clock: Clock; hashKey: Buffer }): ApiKeys {
  const { db, bus, clock, hashKey } = deps;
  const cache = new Map<string, { credential: ApiKeyCredential | undefined; expiresAt: number }>();
  const changedAt = new Map<string, number>();
  let lastUsed = new Map<string, Date>();

  const forget = (prefix: string) => {
    cache.delete(prefix);
    changedAt.set(prefix, performance.now());
    if (changedAt.size > 10_000) changedAt.clear();
  };
  bus.subscribe(API_KEY_REVOKED, ({ prefix }) => forget(prefix));

  const credentialOf = async (prefix: string) => {
    const now = performance.now();
    const hit = cache.get(prefix);
    if (hit && hit.expiresAt > now) return hit.credential;
    const credential = await findApiKeyCredential(db, prefix);
    // A revocation announced while this read was in flight may not be in what it read: do not keep it.
    if ((changedAt.get(prefix) ?? -1) < now) {
      if (cache.size >= MAX_ENTRIES) cache.clear();
      cache.set(prefix, { credential, expiresAt: now + TTL_MS });
    }
    return credential;
  };

  return {
    async check(secret) {
      const prefix = prefixOf(secret);
      const credential = prefix === undefined ? undefined : await credentialOf(prefix);
      if (!credential || !secretMatches(hashKey, secret, credential.secretHash)) {
        return { ok: false, message: 'Invalid API key' };
      }
      if (credential.revoked) return { ok: false, message: 'This API key has been revoked' };
      lastUsed.set(credential.id, clock.now());
      return { ok: true, keyId: credential.id, scopes: credential.scopes };
    },
    revoked(prefix) {
      bus.publish(API_KEY_REVOKED, { prefix });
    },
    observe(event) {
      if (event.type === 'api_key.revoked') forget(event.data.apiKey.prefix);
    },
    async flushLastUsed() {
      if (lastUsed.size === 0) return;
      const uses = lastUsed;
      lastUsed = new Map();
      try {
        await updateLastUsed(db, uses);
      } catch (error) {
        // Kept for the next flush, unless a newer use of the key came in meanwhile.
        for (const [id, at] of uses) if (!lastUsed.has(id)) lastUsed.set(id, at);
        throw error;
      }
    },
  };
}
