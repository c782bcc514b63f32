import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '@swyft/contract';
import { jwtVerify, SignJWT } from 'jose';

export interface AccessClaims {
  userId: string;
  role: Role;
  /** The session (refresh-token family) this access token was issued for. */
  sessionId: string;
}

const ISSUER = 'swyft';
const AUDIENCE = 'swyft-api';
const ALGORITHM = 'HS256';

export interface AccessTokens {
  sign(claims: AccessClaims): Promise<string>;
  /** The claims, or undefined for anything not signed by us with HS256, expired, or malformed. */
  verify(token: string): Promise<AccessClaims | undefined>;
}

/** Verified tokens kept, by their exact text, until they expire: every request carries one. */
const VERIFIED_CACHE_SIZE = 10_000;

export function createAccessTokens(secret: string, ttlSeconds: number): AccessTokens {
  const key = new TextEncoder().encode(secret);
  // The signature check costs ~90 µs per request. A token is immutable and its exact text was verified, so
  // the claims are kept until its expiry (a changed byte is another key and is verified afresh). Whether
  // the account may still act is checked per request elsewhere (account state), not here.
  const verified = new Map<string, { claims: AccessClaims; expiresAtMs: number }>();
  return {
    sign: ({ userId, role, sessionId }) =>
      new SignJWT({ role, sid: sessionId })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key),
    async verify(token) {
      const hit = verified.get(token);
      if (hit) {
        if (hit.expiresAtMs > Date.now()) return { ...hit.claims };
        verified.delete(token);
      }
      try {
        // The algorithm is pinned: `alg: none`, RS256 with our secret as a "public key", and the like
        // are refused by jose before the signature is even looked at.
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          issuer: ISSUER,
          audience: AUDIENCE,
        });
        const { sub, role, sid, exp } = payload;
        if (typeof sub !== 'string' || typeof sid !== 'string' || typeof exp !== 'number') return undefined;
        if (role !== 'customer' && role !== 'partner' && role !== 'admin') return undefined;
        const claims: AccessClaims = { userId: sub, role, sessionId: sid };
        if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
        verified.set(token, { claims, expiresAtMs: exp * 1000 });
        return { ...claims };
      } catch {
        return undefined;
      }
    },
  };
}

/** An opaque refresh token (256 random bits) and the hash we store in its place. */
export function newRefreshToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}
