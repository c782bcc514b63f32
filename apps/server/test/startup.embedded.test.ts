import { chmodSync, existsSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type ServerProcess, spawnServer } from './support/server-process.js';
import { TestClient } from './support/test-client.js';

/**
 * What a new user does: start the server with nothing configured (embedded PostgreSQL in DATA_DIR, demo
 * data), start it again, stop it. Runs real processes, as `npm start` does.
 */
const dataDir = mkdtempSync(path.join(inject('scratchDir'), 'start-'));
chmodSync(dataDir, 0o755); // PostgreSQL runs as the postgres user when the tests run as root
const running: ServerProcess[] = [];
const start = (extra: Record<string, string> = {}) => {
  const server = spawnServer({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extra });
  running.push(server);
  return server;
};
const urlOf = async (server: ServerProcess) => (await server.waitForOutput(/Swyft is running at (http:\/\/\S+)/))[1]!;

afterAll(async () => {
  for (const server of running) if (server.child.exitCode === null) server.child.kill('SIGKILL');
});

describe('npm start with nothing configured', () => {
  let first: ServerProcess;
  let url: string;

  it('starts an embedded PostgreSQL, seeds demo data and prints the URL and demo logins', async () => {
    first = start({ UV_THREADPOOL_SIZE: '1' });
    url = await urlOf(first);
    expect(first.output()).toContain('Demo accounts (just created), password "swyft-demo"');
    expect(first.output()).toMatch(/admin\s+admin@swyft\.local/);
    expect((await new TestClient(url).get('/healthz')).status).toBe(200);
    const login = await new TestClient(url).post('/api/v1/auth/login', {
      email: 'admin@swyft.local',
      password: 'swyft-demo',
    });
    expect(login.status).toBe(200);
    expect(login.body.user.role).toBe('admin');
  });

  it('refuses a second server on the same data directory, naming the owner', async () => {
    const second = start();
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/DATA_DIR .* is in use by another Swyft server \(pid \d+\)/);
  });

  it("lets the admin tool attach to the running server's database", async () => {
    const cli = spawnServer({ DATA_DIR: dataDir, ADMIN_PASSWORD: 'a long password' }, [
      fileURLToPath(new URL('../src/cli/create-admin.ts', import.meta.url)),
      '--email',
      'ops@example.test',
      '--name',
      'Ops',
    ]);
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain('Admin ops@example.test created.');
    const login = await new TestClient(url).post('/api/v1/auth/login', {
      email: 'ops@example.test',
      password: 'a long password',
    });
    expect(login.body.user.role).toBe('admin');
  });

  it('on SIGTERM finishes in-flight requests, then stops PostgreSQL and exits 0', async () => {
    // This server hashes on a single thread (UV_THREADPOOL_SIZE=1, see below): 16 logins take a few hundred
    // ms one after the other, so once the server counts them all in flight, the signal finds them there.
    const inFlight = Array.from({ length: 16 }, () =>
      new TestClient(url).post('/api/v1/auth/login', { email: 'customer@swyft.local', password: 'swyft-demo' }),
    );
    await expect
      .poll(
        async () =>
          Number(/^swyft_http_requests_in_flight (\d+)/m.exec((await new TestClient(url).get('/metrics')).body)?.[1]),
        {
          timeout: 10_000,
          interval: 5,
        },
      )
      .toBeGreaterThanOrEqual(17); // the 16 logins and this /metrics request
    first.child.kill('SIGTERM');
    const statuses = (await Promise.all(inFlight)).map((r) => r.status);
    expect(statuses).toEqual(statuses.map(() => 200));
    expect(await first.exited, first.output()).toBe(0);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'server.pid'))).toBe(false);
  });

  it('reuses the data on the next start and seeds nothing twice', async () => {
    const again = start();
    url = await urlOf(again);
    expect(again.output()).not.toContain('just created');
    const admin = new TestClient(url);
    await admin.post('/api/v1/auth/login', { email: 'admin@swyft.local', password: 'swyft-demo' });
    const users = await admin.get('/api/v1/admin/users?q=swyft.local&limit=100');
    expect(users.body.items).toHaveLength(6);
    again.child.kill('SIGKILL'); // leaves its PostgreSQL running, orphaned
    await again.exited;
  });

  it('after a kill -9, the next start shuts the orphaned PostgreSQL down and starts cleanly', async () => {
    const recovered = start();
    url = await urlOf(recovered);
    expect((await new TestClient(url).get('/readyz')).status).toBe(200);
    recovered.child.kill('SIGTERM');
    expect(await recovered.exited).toBe(0);
  });
});
