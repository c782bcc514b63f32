// The bench's stand-in for apps/server/src/platform/encryption.ts (see plain-personal-data-preload.ts): the
// same exports, but createEncryption stores text base64url-encoded in the same `v1:<keyId>:<nonce>:<body>`
// shape, without AES-GCM. Never used outside bench/encryption.ts's "off" server.
import * as real from '../../apps/server/src/platform/encryption.js';

export * from '../../apps/server/src/platform/encryption.js';

export function createEncryption(keys: real.EncryptionKeys): real.Encryption {
  const aes = real.createEncryption(keys);
  const keyId = aes.keyId;
  const encrypt = (text: string) => `v1:${keyId}:AAAAAAAAAAAAAAAA:${Buffer.from(text, 'utf8').toString('base64url')}`;
  const decrypt = (stored: string) =>
    Buffer.from(stored.slice(stored.lastIndexOf(':') + 1), 'base64url').toString('utf8');
  return {
    ...aes,
    encrypt,
    decrypt,
    encryptOptional: (text) => (text === null ? null : encrypt(text)),
    decryptOptional: (stored) => (stored === null ? null : decrypt(stored)),
  };
}
