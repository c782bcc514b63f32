import { hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { generateEncryptionKey, parseEncryptionKey } from './platform/encryption.js';

/** `15m`, `30d`, `900` (seconds) → seconds. */
const durationSchema = z
  .string()
  .regex(/^\d+\s*[smhd]?$/, 'must be a number of seconds or a duration such as 15m, 12h, 30d')
  .transform((value) => {
    const match = /^(\d+)\s*([smhd]?)$/.exec(value)!;
    const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
    return Number(match[1]) * unit;
  })
  .pipe(z.number().int().positive());

const booleanSchema = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const positiveIntSchema = z.coerce.number().int().positive();

const encryptionKeySchema = z.string().transform((value, ctx) => {
  const key = parseEncryptionKey(value);
  if (!key) ctx.addIssue({ code: 'custom', message: 'must be 32 random bytes in base64 (openssl rand -base64 32)' });
  return key ?? Buffer.alloc(0);
});

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Loopback unless told otherwise: a development server is not for the whole network to reach.
  HOST: z.string().min(1).default('localhost'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_SIZE: positiveIntSchema.default(20),
  DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w.-]{1,40}$/, 'must be 1-40 letters, digits, dots, dashes or underscores')
    .default('swyft'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  API_KEY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  DATA_ENCRYPTION_KEY: encryptionKeySchema.optional(),
  DATA_ENCRYPTION_KEY_PREVIOUS: encryptionKeySchema.optional(),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  CORS_ORIGIN: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url()))
    .optional(),
  COOKIE_SECURE: booleanSchema.optional(),
  TRUST_PROXY: booleanSchema.default(false),
  ACCESS_TOKEN_TTL: durationSchema.default(15 * 60),
  REFRESH_TOKEN_TTL: durationSchema.default(30 * 86400),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_DATA: booleanSchema.optional(),
  RATE_LIMIT_PER_MINUTE: positiveIntSchema.default(1200),
  LOGIN_ATTEMPTS_PER_IP_PER_MINUTE: positiveIntSchema.default(30),
  LOGIN_FAILURES_PER_ACCOUNT: positiveIntSchema.default(10),
  API_KEY_RATE_LIMIT_PER_MINUTE: positiveIntSchema.default(600),
  WEB_DIST_DIR: z.string().min(1).optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  DELIVERY_SPEED_KMH: z.coerce.number().positive().max(200).default(18),
  DISPATCH_MODE: z.enum(['nearest', 'broadcast']).default('nearest'),
  DISPATCH_WAVE_SIZE: z.coerce.number().int().min(1).max(50).default(3),
  DISPATCH_OFFER_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
  DISPATCH_MAX_WAVES: z.coerce.number().int().min(1).max(20).default(3),
  DISPATCH_MAX_ACTIVE: z.coerce.number().int().min(1).max(20).default(1),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: booleanSchema.default(false),
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  // `off`: partners deliver without the customer's handover code (API.md, "Proof of delivery").
  HANDOVER_CODE: z.enum(['on', 'off']).default('on'),
  // `off`: maps draw without a base layer (markers and areas still render).
  MAP_TILE_URL: z
    .string()
    .refine(
      (v) => v === 'off' || (/^https?:\/\//.test(v) && v.includes('{z}') && v.includes('{x}') && v.includes('{y}')),
      'must be an http(s) tile URL template with {z}, {x} and {y}, or off',
    )
    .default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  MAP_ATTRIBUTION: z.string().max(500).default('© OpenStreetMap contributors'),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Unset: the server starts an embedded PostgreSQL in `<dataDir>/pg`. */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  dataDir: string;
  /** Unset: a single node, fan-out and counters in process. */
  redisUrl: string | undefined;
  /** Prefix of every Redis key and channel, so several deployments (or test runs) can share one Redis. */
  redisPrefix: string;
  jwtSecret: string;
  /** The HMAC key API-key secrets are hashed under: API_KEY_SECRET, else derived from the JWT secret. */
  apiKeyHashKey: Buffer;
  /** AES-256-GCM keys of personal data at rest (platform/encryption.ts): `previous` only reads. */
  dataEncryption: { current: Buffer; previous: Buffer | undefined };
  admin: { email: string; password: string } | undefined;
  corsOrigins: string[];
  /** Unset: Secure cookies when the request came over https. */
  cookieSecure: boolean | undefined;
  trustProxy: boolean;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  logLevel: string;
  demoData: boolean;
  rateLimits: {
    perMinute: number;
    loginPerIpPerMinute: number;
    loginFailuresPerAccount: number;
    /** Per API key, on top of nothing else: a key's requests do not count against any user. */
    apiKeyPerMinute: number;
  };
  webDistDir: string;
  /** Set: GET /metrics answers only `Authorization: Bearer <metricsToken>`. */
  metricsToken: string | undefined;
  /** The delivery speed an estimate assumes until a store has enough deliveries of its own. */
  deliverySpeedKmh: number;
  /** API.md, Dispatch: how a placed order finds its partner. */
  dispatch: DispatchConfig;
  /** HANDOVER_CODE: whether a partner's delivery needs the customer's 4-digit code (API.md, Proof of delivery). */
  handoverCode: boolean;
  /** Served to the web app (GET /app-config); a null tile URL draws maps without a base layer. */
  map: { tileUrl: string | null; attribution: string };
  /** API.md, Webhooks. */
  webhooks: WebhooksConfig;
}

export interface WebhooksConfig {
  /** Deliver to loopback, private, link-local and metadata addresses too (tests, a local receiver). */
  allowPrivateNetworks: boolean;
  /** Endpoints one node delivers to at once (each endpoint has at most one delivery in flight anywhere). */
  concurrency: number;
}

export interface DispatchConfig {
  mode: 'nearest' | 'broadcast';
  waveSize: number;
  offerSeconds: number;
  maxWaves: number;
  /** Partners holding this many active orders are not offered more. */
  maxActive: number;
}

export class ConfigError extends Error {}

/** Parses the environment once, at start. A bad value stops the start with one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(emptyToUndefined(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  if (e.ADMIN_EMAIL && !e.ADMIN_PASSWORD) throw new ConfigError('ADMIN_PASSWORD: required when ADMIN_EMAIL is set');
  if (e.ADMIN_PASSWORD && !e.ADMIN_EMAIL) throw new ConfigError('ADMIN_EMAIL: required when ADMIN_PASSWORD is set');
  if (e.NODE_ENV === 'production' && !e.JWT_SECRET) throw new ConfigError('JWT_SECRET: required in production');
  if (e.NODE_ENV === 'production' && !e.DATA_ENCRYPTION_KEY) {
    throw new ConfigError('DATA_ENCRYPTION_KEY: required in production (openssl rand -base64 32)');
  }

  const dataDir = path.resolve(e.DATA_DIR);
  const jwtSecret = e.JWT_SECRET ?? readOrCreateSecret(dataDir, 'jwt-secret');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    jwtSecret,
    apiKeyHashKey: apiKeyHashKey(e.API_KEY_SECRET, jwtSecret),
    dataEncryption: {
      current: e.DATA_ENCRYPTION_KEY ?? developmentEncryptionKey(dataDir, e.DATABASE_URL, jwtSecret),
      previous: e.DATA_ENCRYPTION_KEY_PREVIOUS,
    },
    admin: e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD } : undefined,
    corsOrigins: e.CORS_ORIGIN ?? [],
    cookieSecure: e.COOKIE_SECURE,
    trustProxy: e.TRUST_PROXY,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL,
    refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL,
    logLevel: e.LOG_LEVEL,
    demoData: e.DEMO_DATA ?? e.DATABASE_URL === undefined,
    rateLimits: {
      perMinute: e.RATE_LIMIT_PER_MINUTE,
      loginPerIpPerMinute: e.LOGIN_ATTEMPTS_PER_IP_PER_MINUTE,
      loginFailuresPerAccount: e.LOGIN_FAILURES_PER_ACCOUNT,
      apiKeyPerMinute: e.API_KEY_RATE_LIMIT_PER_MINUTE,
    },
    webDistDir: path.resolve(e.WEB_DIST_DIR ?? new URL('../../web/dist', import.meta.url).pathname),
    metricsToken: e.METRICS_TOKEN,
    deliverySpeedKmh: e.DELIVERY_SPEED_KMH,
    dispatch: {
      mode: e.DISPATCH_MODE,
      waveSize: e.DISPATCH_WAVE_SIZE,
      offerSeconds: e.DISPATCH_OFFER_SECONDS,
      maxWaves: e.DISPATCH_MAX_WAVES,
      maxActive: e.DISPATCH_MAX_ACTIVE,
    },
    handoverCode: e.HANDOVER_CODE === 'on',
    map: { tileUrl: e.MAP_TILE_URL === 'off' ? null : e.MAP_TILE_URL, attribution: e.MAP_ATTRIBUTION },
    webhooks: { allowPrivateNetworks: e.WEBHOOK_ALLOW_PRIVATE_NETWORKS, concurrency: e.WEBHOOK_CONCURRENCY },
  };
}

/**
 * Without API_KEY_SECRET the key is derived (HKDF-SHA-256) from the JWT secret, which every node already
 * shares: nothing new to set, and the JWT key itself never doubles as the hashing key. Setting
 * API_KEY_SECRET decouples the two (changing the JWT secret would otherwise invalidate every API key).
 */
function apiKeyHashKey(apiKeySecret: string | undefined, jwtSecret: string): Buffer {
  if (apiKeySecret) return Buffer.from(apiKeySecret, 'utf8');
  return Buffer.from(hkdfSync('sha256', jwtSecret, 'swyft', 'api-key-hash', 32));
}

/**
 * Outside production, without DATA_ENCRYPTION_KEY: the embedded database's key is generated once and kept in
 * DATA_DIR beside it (mode 0600). Nodes of a development or test cluster on an external database each have a
 * DATA_DIR of their own but share the JWT secret, so their key is derived from it (HKDF-SHA-256).
 */
function developmentEncryptionKey(dataDir: string, databaseUrl: string | undefined, jwtSecret: string): Buffer {
  if (databaseUrl) return Buffer.from(hkdfSync('sha256', jwtSecret, 'swyft', 'data-encryption-key', 32));
  const stored = readOrCreateSecret(dataDir, 'data-encryption-key', generateEncryptionKey);
  const key = parseEncryptionKey(stored);
  if (!key) throw new ConfigError(`${path.join(dataDir, 'data-encryption-key')}: not a 32-byte base64 key`);
  return key;
}

function emptyToUndefined(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
}

/** A secret generated on first start and kept in DATA_DIR, so sessions survive a restart in development. */
export function readOrCreateSecret(
  dataDir: string,
  name: string,
  generate: () => string = () => randomBytes(48).toString('base64url'),
): string {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = generate();
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process started at the same moment and wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
  return secret;
}
