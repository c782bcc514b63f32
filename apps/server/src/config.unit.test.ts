import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tileImageSources } from './app.js';
import { ConfigError, loadConfig } from './config.js';

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'swyft-config-'));

describe('loadConfig', () => {
  it("serves OpenStreetMap tiles by default, an operator's own, or none with off", () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).map).toEqual({
      tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      attribution: '© OpenStreetMap contributors',
    });
    const own = loadConfig({
      DATA_DIR: dataDir(),
      MAP_TILE_URL: 'https://{s}.tiles.example.org/{z}/{x}/{y}.png',
      MAP_ATTRIBUTION: '© Example',
    });
    expect(own.map).toEqual({ tileUrl: 'https://{s}.tiles.example.org/{z}/{x}/{y}.png', attribution: '© Example' });
    expect(tileImageSources(own.map.tileUrl)).toEqual(['https://*.tiles.example.org']);
    expect(loadConfig({ DATA_DIR: dataDir(), MAP_TILE_URL: 'off' }).map.tileUrl).toBeNull();
    expect(tileImageSources(null)).toEqual([]);
    expect(loadConfig({ DATA_DIR: dataDir() }).deliverySpeedKmh).toBe(18);
  });

  it('defaults to a single node on the embedded database with demo data', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config).toMatchObject({
      port: 3000,
      host: 'localhost',
      metricsToken: undefined,
      databaseUrl: undefined,
      redisUrl: undefined,
      demoData: true,
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 30 * 86400,
    });
  });

  it('generates JWT_SECRET once and keeps it in DATA_DIR', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir }).jwtSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ DATA_DIR: dir }).jwtSecret).toBe(first);
    expect(readFileSync(path.join(dir, 'jwt-secret'), 'utf8').trim()).toBe(first);
  });

  it('parses durations, booleans and lists', () => {
    const config = loadConfig({
      DATA_DIR: dataDir(),
      ACCESS_TOKEN_TTL: '5m',
      REFRESH_TOKEN_TTL: '7d',
      COOKIE_SECURE: 'true',
      CORS_ORIGIN: 'https://a.example, https://b.example',
      DATABASE_URL: 'postgres://u@db/x',
    });
    expect(config.accessTokenTtlSeconds).toBe(300);
    expect(config.refreshTokenTtlSeconds).toBe(7 * 86400);
    expect(config.cookieSecure).toBe(true);
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.demoData).toBe(false); // off by default with an external database
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT: /],
    [{ PORT: '70000' }, /^PORT: /],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL: must be a postgres:\/\/ URL/],
    [{ REDIS_URL: 'localhost:6379' }, /^REDIS_URL: /],
    [{ JWT_SECRET: 'short' }, /^JWT_SECRET: must be at least 32 characters/],
    [{ ACCESS_TOKEN_TTL: '15 minutes' }, /^ACCESS_TOKEN_TTL: /],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: /],
    [{ ADMIN_EMAIL: 'boss@example.com' }, /^ADMIN_PASSWORD: required/],
    [{ ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'longenough' }, /^ADMIN_EMAIL: /],
    [{ NODE_ENV: 'production' }, /^JWT_SECRET: required in production/],
    [{ COOKIE_SECURE: 'maybe' }, /^COOKIE_SECURE: /],
    [{ METRICS_TOKEN: 'guessable' }, /^METRICS_TOKEN: must be at least 16 characters/],
    [{ MAP_TILE_URL: 'ftp://tiles.example/{z}/{x}/{y}.png' }, /^MAP_TILE_URL: must be an http\(s\) tile URL/],
    [{ MAP_TILE_URL: 'https://tiles.example/tile.png' }, /^MAP_TILE_URL: /],
    [{ DELIVERY_SPEED_KMH: '0' }, /^DELIVERY_SPEED_KMH: /],
  ])('refuses %o with one line naming the variable', (env, message) => {
    const attempt = () => loadConfig({ DATA_DIR: dataDir(), ...env });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
