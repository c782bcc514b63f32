import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reachableCopy } from './binaries.js';
import { EmbeddedDatabaseError } from './errors.js';

/** A small stand-in for a platform package's native folder: a program, a library and its link, data. */
function fakeNativeDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'swyft-native-'));
  mkdirSync(path.join(dir, 'bin'));
  mkdirSync(path.join(dir, 'lib'));
  mkdirSync(path.join(dir, 'share/timezone'), { recursive: true });
  writeFileSync(path.join(dir, 'bin/postgres'), '#!/bin/sh\necho "postgres (PostgreSQL) 18"\n', { mode: 0o700 });
  writeFileSync(path.join(dir, 'lib/libpq.so.5.18'), 'library', { mode: 0o600 });
  symlinkSync('libpq.so.5.18', path.join(dir, 'lib/libpq.so.5'));
  writeFileSync(path.join(dir, 'share/timezone/UTC'), 'zone', { mode: 0o600 });
  return dir;
}

const mode = (file: string) => statSync(file).mode & 0o7777;

describe('reachableCopy', () => {
  it('copies once for servers starting together: one complete copy, readable by all, no staging left', async () => {
    const source = fakeNativeDir();
    const cacheRoot = path.join(mkdtempSync(path.join(tmpdir(), 'swyft-cache-')), 'postgres');
    const copies = await Promise.all(
      Array.from({ length: 6 }, () => reachableCopy(source, cacheRoot, 'linux-x64-18.0.0')),
    );
    const target = path.join(cacheRoot, 'linux-x64-18.0.0');
    expect(new Set(copies)).toEqual(new Set([target]));
    expect(readdirSync(cacheRoot)).toEqual(['linux-x64-18.0.0']);
    expect(readFileSync(path.join(target, 'bin/postgres'), 'utf8')).toContain('PostgreSQL');
    expect(readlinkSync(path.join(target, 'lib/libpq.so.5'))).toBe('libpq.so.5.18'); // still relative
    expect(mode(path.join(target, 'bin/postgres'))).toBe(0o755);
    expect(mode(path.join(target, 'lib/libpq.so.5.18'))).toBe(0o644);
    expect(mode(path.join(target, 'share/timezone'))).toBe(0o755);
    expect(mode(cacheRoot)).toBe(0o755);
  });

  it('reuses a finished copy and removes one that a killed process left half-made', async () => {
    const source = fakeNativeDir();
    const cacheRoot = mkdtempSync(path.join(tmpdir(), 'swyft-cache-'));
    const abandoned = path.join(cacheRoot, '.linux-x64-18.0.0-Zq81xa');
    mkdirSync(path.join(abandoned, 'bin'), { recursive: true });
    const anHourAgo = new Date(Date.now() - 3_700_000);
    utimesSync(abandoned, anHourAgo, anHourAgo);

    const target = await reachableCopy(source, cacheRoot, 'linux-x64-18.0.0');
    expect(readdirSync(cacheRoot)).toEqual(['linux-x64-18.0.0']);
    writeFileSync(path.join(source, 'bin/postgres'), 'changed');
    expect(await reachableCopy(source, cacheRoot, 'linux-x64-18.0.0')).toBe(target);
    expect(readFileSync(path.join(target, 'bin/postgres'), 'utf8')).toContain('PostgreSQL'); // keyed by version
  });

  it('refuses a cache folder that other users could write to: they would choose what PostgreSQL runs', async () => {
    const cacheRoot = mkdtempSync(path.join(tmpdir(), 'swyft-cache-'));
    chmodSync(cacheRoot, 0o777);
    const copying = reachableCopy(fakeNativeDir(), cacheRoot, 'linux-x64-18.0.0');
    await expect(copying).rejects.toThrow(EmbeddedDatabaseError);
    await expect(copying).rejects.toThrow(`${cacheRoot} must belong to root and be writable by no one else`);
  });
});
