import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import {
  createEncryption,
  EncryptedValueError,
  encryptionKeyId,
  generateEncryptionKey,
  parseEncryptionKey,
} from './encryption.js';

const keyA = randomBytes(32);
const keyB = randomBytes(32);

describe('encryption of personal data', () => {
  it('round-trips text (unicode, empty, long) and never writes the clear text', () => {
    const encryption = createEncryption({ current: keyA });
    for (const text of ['12 Baker Street, London', '', 'Ünïcödé straße 7 — 3rd floor 🚪', 'x'.repeat(2000)]) {
      const stored = encryption.encrypt(text);
      expect(stored).toMatch(/^v1:[0-9a-f]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
      if (text.length > 3) expect(stored).not.toContain(text.slice(0, 6));
      expect(encryption.decrypt(stored)).toBe(text);
    }
    expect(encryption.decryptOptional(encryption.encryptOptional(null))).toBeNull();
  });

  it('uses a fresh 96-bit nonce per value and stores the key id', () => {
    const encryption = createEncryption({ current: keyA });
    const a = encryption.encrypt('same text');
    const b = encryption.encrypt('same text');
    expect(a).not.toBe(b);
    const [, keyId, nonce] = a.split(':');
    expect(keyId).toBe(encryptionKeyId(keyA));
    expect(encryption.keyId).toBe(keyId);
    expect(Buffer.from(nonce!, 'base64url')).toHaveLength(12);
  });

  it('reads values under the previous key after a rotation, and says which need re-encryption', () => {
    const before = createEncryption({ current: keyA });
    const old = before.encrypt('4 Privet Drive');
    const after = createEncryption({ current: keyB, previous: keyA });
    expect(after.decrypt(old)).toBe('4 Privet Drive');
    expect(after.needsReencryption(old)).toBe(true);
    expect(after.needsReencryption(after.encrypt('x'))).toBe(false);
    expect(after.needsReencryption('a clear first-wave address')).toBe(true);
    expect(after.isEncrypted('a clear first-wave address')).toBe(false);
    // Once the previous key is dropped, its values are refused by name.
    expect(() => createEncryption({ current: keyB }).decrypt(old)).toThrow(/neither DATA_ENCRYPTION_KEY/);
  });

  it('refuses a tampered value (body, tag, nonce or key id) instead of returning garbage', () => {
    const encryption = createEncryption({ current: keyA, previous: keyB });
    const stored = encryption.encrypt('221B Baker Street');
    const [version, keyId, nonce, body] = stored.split(':') as [string, string, string, string];
    const flip = (text: string, at: number) => {
      const bytes = Buffer.from(text, 'base64url');
      bytes[at]! ^= 1;
      return bytes.toString('base64url');
    };
    const tampered = [
      [version, keyId, nonce, flip(body, 0)], // ciphertext
      [version, keyId, nonce, flip(body, Buffer.from(body, 'base64url').length - 1)], // tag
      [version, keyId, flip(nonce, 3), body],
      [version, encryptionKeyId(keyB), nonce, body], // another known key id (authenticated head)
      [version, keyId, nonce, body.slice(0, 10)], // truncated
    ];
    for (const parts of tampered) {
      expect(() => encryption.decrypt(parts.join(':'))).toThrow(EncryptedValueError);
    }
    expect(() => encryption.decrypt('12 clear street')).toThrow(/not an encrypted value/);
  });

  it('parses keys as base64 of 32 bytes only', () => {
    const text = generateEncryptionKey();
    expect(parseEncryptionKey(text)).toHaveLength(32);
    expect(parseEncryptionKey(Buffer.from(parseEncryptionKey(text)!).toString('base64url'))).toHaveLength(32);
    expect(parseEncryptionKey('too short')).toBeUndefined();
    expect(parseEncryptionKey(randomBytes(16).toString('base64'))).toBeUndefined();
    expect(() => createEncryption({ current: randomBytes(16) })).toThrow(/32 bytes/);
  });
});

describe('DATA_ENCRYPTION_KEY configuration', () => {
  const dataDir = () => mkdtempSync(path.join(tmpdir(), 'swyft-enc-'));

  it('takes the key and the previous key from the environment', () => {
    const current = generateEncryptionKey();
    const previous = generateEncryptionKey();
    const config = loadConfig({
      DATA_DIR: dataDir(),
      DATA_ENCRYPTION_KEY: current,
      DATA_ENCRYPTION_KEY_PREVIOUS: previous,
    });
    expect(config.dataEncryption.current.equals(parseEncryptionKey(current)!)).toBe(true);
    expect(config.dataEncryption.previous!.equals(parseEncryptionKey(previous)!)).toBe(true);
  });

  it('is required in production, and a bad key stops the start naming the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), DATA_DIR: dataDir() })).toThrow(
      /^DATA_ENCRYPTION_KEY: required in production/,
    );
    expect(() => loadConfig({ DATA_DIR: dataDir(), DATA_ENCRYPTION_KEY: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir(), DATA_ENCRYPTION_KEY_PREVIOUS: 'abc' })).toThrow(
      /^DATA_ENCRYPTION_KEY_PREVIOUS: must be 32 random bytes/,
    );
  });

  it('with the embedded database, generates the key once in DATA_DIR (0600) and keeps it across starts', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir }).dataEncryption.current;
    const file = path.join(dir, 'data-encryption-key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(parseEncryptionKey(readFileSync(file, 'utf8'))!.equals(first)).toBe(true);
    expect(loadConfig({ DATA_DIR: dir }).dataEncryption.current.equals(first)).toBe(true);
  });

  it('nodes of a test cluster on one external database, each with its own DATA_DIR, share a key', () => {
    const env = { DATABASE_URL: 'postgres://localhost/x', JWT_SECRET: 'y'.repeat(40) };
    const a = loadConfig({ ...env, DATA_DIR: dataDir() }).dataEncryption.current;
    const b = loadConfig({ ...env, DATA_DIR: dataDir() }).dataEncryption.current;
    expect(a.equals(b)).toBe(true);
  });
});
