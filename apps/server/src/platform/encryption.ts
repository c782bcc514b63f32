import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createSecretKey,
  type KeyObject,
  randomBytes,
} from 'node:crypto';

/**
 * Personal data at rest (API.md, "API keys and data protection"): AES-256-GCM from Node's `crypto`, a random
 * 96-bit nonce per value, the 128-bit tag checked on every read, and the id of the key with each value, so that
 * keys can be rotated. A stored value is one compact string:
 *
 *     v1:<keyId>:<nonce>:<ciphertext+tag>        keyId 8 hex digits, the other two base64url
 *
 * The `v1:<keyId>` head is the cipher's additional authenticated data, so a value whose head, nonce, body or
 * tag was changed is refused (EncryptedValueError), never returned as garbage. The query modules encrypt on
 * write and decrypt on read; use cases and responses see plain text only.
 */
export interface Encryption {
  /** The id of the key new values are written under. */
  readonly keyId: string;
  encrypt(text: string): string;
  /** The plain text of a stored value; throws EncryptedValueError for anything else (clear text included). */
  decrypt(stored: string): string;
  /** Null stays null (optional columns such as address notes). */
  encryptOptional(text: string | null): string | null;
  decryptOptional(stored: string | null): string | null;
  /** Whether this looks like a value of ours (any key): the startup step and `reencrypt` leave clear text to encrypt. */
  isEncrypted(stored: string): boolean;
  /** Whether a value should be (re-)written: clear text, or encrypted under another key than the current one. */
  needsReencryption(stored: string): boolean;
}

/** A stored value that cannot be read: tampered, truncated, under an unknown key, or not ours at all. */
export class EncryptedValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncryptedValueError';
  }
}

export const ENCRYPTION_KEY_BYTES = 32;
const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const STORED_PATTERN = /^v1:([0-9a-f]{8}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22,})$/;

/** The id stored beside each value: the first 4 bytes of SHA-256 of the key (names the key, reveals nothing). */
export function encryptionKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export interface EncryptionKeys {
  /** DATA_ENCRYPTION_KEY: writes and reads. */
  current: Buffer;
  /** DATA_ENCRYPTION_KEY_PREVIOUS: reads only, while `npm run reencrypt` moves values to the current key. */
  previous?: Buffer | undefined;
}

export function createEncryption({ current, previous }: EncryptionKeys): Encryption {
  for (const key of [current, previous]) {
    if (key && key.length !== ENCRYPTION_KEY_BYTES) throw new Error('an encryption key must be 32 bytes');
  }
  const keyId = encryptionKeyId(current);
  // Key objects made once: a raw Buffer would be turned into one on every call (measured: ~15% of a call).
  const currentKey = createSecretKey(current);
  const keys = new Map<string, KeyObject>([[keyId, currentKey]]);
  if (previous && !keys.has(encryptionKeyId(previous))) keys.set(encryptionKeyId(previous), createSecretKey(previous));

  function encrypt(text: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const head = `${VERSION}:${keyId}`;
    const cipher = createCipheriv('aes-256-gcm', currentKey, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(head, 'utf8'));
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${head}:${nonce.toString('base64url')}:${body.toString('base64url')}`;
  }

  function decrypt(stored: string): string {
    const match = STORED_PATTERN.exec(stored);
    if (!match) throw new EncryptedValueError('stored personal data is not an encrypted value (v1:<keyId>:…)');
    const [, id, nonceText, bodyText] = match as unknown as [string, string, string, string];
    const key = keys.get(id);
    if (!key) {
      throw new EncryptedValueError(
        `stored personal data is under key ${id}, which is neither DATA_ENCRYPTION_KEY nor DATA_ENCRYPTION_KEY_PREVIOUS`,
      );
    }
    const nonce = Buffer.from(nonceText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) {
      throw new EncryptedValueError(`stored personal data under key ${id} is truncated`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(`${VERSION}:${id}`, 'utf8'));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new EncryptedValueError(`stored personal data under key ${id} failed authentication (changed or damaged)`);
    }
  }

  const isEncrypted = (stored: string): boolean => STORED_PATTERN.test(stored);
  return {
    keyId,
    encrypt,
    decrypt,
    encryptOptional: (text) => (text === null ? null : encrypt(text)),
    decryptOptional: (stored) => (stored === null ? null : decrypt(stored)),
    isEncrypted,
    needsReencryption: (stored) => STORED_PATTERN.exec(stored)?.[1] !== keyId,
  };
}

/** Parses a key as DATA_ENCRYPTION_KEY holds it (base64 or base64url of 32 bytes); undefined if it is not one. */
export function parseEncryptionKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) return undefined;
  const key = Buffer.from(trimmed, 'base64');
  return key.length === ENCRYPTION_KEY_BYTES ? key : undefined;
}

/** A new key in the form DATA_ENCRYPTION_KEY takes. */
export function generateEncryptionKey(): string {
  return randomBytes(ENCRYPTION_KEY_BYTES).toString('base64');
}
