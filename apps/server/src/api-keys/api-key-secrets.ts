import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { API_KEY_SECRET_PREFIX } from '@swyft/contract';

const SECRET_BYTES = 32;
/** `sk_` and 32 bytes in base64url (43 characters, no padding). */
const SECRET_PATTERN = /^sk_[A-Za-z0-9_-]{43}$/;
/** How much of the secret identifies the key: `sk_` and 48 of its 256 random bits. */
const PREFIX_LENGTH = API_KEY_SECRET_PREFIX.length + 8;

/** A fresh secret (shown once), the prefix it is looked up by, and the hash stored in its place. */
export function newApiKeySecret(hashKey: Buffer): { secret: string; prefix: string; hash: Buffer } {
  const secret = `${API_KEY_SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { secret, prefix: secret.slice(0, PREFIX_LENGTH), hash: hashApiKeySecret(hashKey, secret) };
}

/** The bearer token looks like one of our keys (whether or not such a key exists). */
export function isApiKeySecret(token: string): boolean {
  return token.startsWith(API_KEY_SECRET_PREFIX);
}

/** The prefix of a well-formed secret, or undefined for anything else. */
export function prefixOf(secret: string): string | undefined {
  return SECRET_PATTERN.test(secret) ? secret.slice(0, PREFIX_LENGTH) : undefined;
}

/**
 * HMAC-SHA-256 under the server's key: 256 random bits need no slow hash, and without the server's key a
 * leaked table cannot even be checked against a candidate secret.
 */
export function hashApiKeySecret(hashKey: Buffer, secret: string): Buffer {
  return createHmac('sha256', hashKey).update(secret).digest();
}

export function secretMatches(hashKey: Buffer, secret: string, storedHash: Buffer): boolean {
  const hash = hashApiKeySecret(hashKey, secret);
  return hash.length === storedHash.length && timingSafeEqual(hash, storedHash);
}
