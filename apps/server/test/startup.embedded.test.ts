import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import http from 'node:http';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makePrivateClone } from './support/private-clone.js';
import { type ServerProcess, spawnServer } from './support/server-process.js';
import { TestClient } from './support/test-client.js';

/**
 * What a new user does: start the server with nothing configured (embedded PostgreSQL in DATA_DIR, demo
 * data), start it again, stop it. Runs real processes, as `npm start` does.
 */
const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const dataDir = mkdtempSync(path.join(inject('scratchDir'), 'start-'));
chmodSync(dataDir, 0o755); // PostgreSQL runs as the postgres user when the tests run as root
const running: ServerProcess[] = [];
const start = (extra: Record<string, string> = {}) => {
  const server = spawnServer({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', ...extra });
  running.push(server);
  return server;
};
const urlOf = async (server: ServerProcess) => (await server.waitForOutput(/Swyft is running at (http:\/\/\S+)/))[1]!;

/** The server's `swyft_http_requests_in_flight` gauge, read from a /metrics response. */
const inFlightRequests = (metrics: { body: string }) =>
  Number(/^swyft_http_requests_in_flight (\d+)/m.exec(metrics.body)?.[1]);

/** A sign-in whose body is half sent: the server counts it in flight until `finish` sends the rest. */
function holdLogin(baseUrl: string): { finish(): void; status: Promise<number> } {
  const body = JSON.stringify({ email: 'customer@swyft.local', password: 'swyft-demo' });
  const request = http.request(new URL('/api/v1/auth/login', baseUrl), {
    method: 'POST',
    agent: false, // a connection of its own, which the server's close cannot find idle
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  const status = new Promise<number>((resolve, reject) => {
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode!));
    });
    request.on('error', reject);
  });
  request.write(body.slice(0, 10));
  return { finish: () => request.end(body.slice(10)), status };
}

afterAll(async () => {
  for (const server of running) if (server.child.exitCode === null) server.child.kill('SIGKILL');
});

describe('npm start with nothing configured', () => {
  let first: ServerProcess;
  let url: string;

  it('starts an embedded PostgreSQL, seeds demo data and prints the URL and demo logins', async () => {
    first = start();
    url = await urlOf(first);
    expect(first.output()).toContain(`Database:  embedded PostgreSQL 18, data in ${realpathSync(dataDir)}/pg\n`);
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

  it("listens on localhost only: the machine's other addresses refuse connections", async () => {
    const { port, hostname } = new URL(url);
    expect(hostname).toBe('localhost');
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((address) => address && !address.internal && address.family === 'IPv4')
      .map((address) => address!.address);
    for (const address of others) {
      await expect(fetch(`http://${address}:${port}/healthz`), address).rejects.toThrow();
    }
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

  it('lists on the next start only the demo accounts that can still sign in', async () => {
    const admin = new TestClient(url);
    await admin.post('/api/v1/auth/login', { email: 'admin@swyft.local', password: 'swyft-demo' });
    const partners = await admin.get('/api/v1/admin/users?q=partner3%40swyft.local');
    expect((await admin.patch(`/api/v1/admin/users/${partners.body.items[0].id}/disable`)).status).toBe(200);
    const customer = new TestClient(url);
    await customer.post('/api/v1/auth/login', { email: 'customer2@swyft.local', password: 'swyft-demo' });
    const changed = await customer.patch('/api/v1/me', { password: 'not the demo one', currentPassword: 'swyft-demo' });
    expect(changed.status).toBe(200);
    // checked by the restart below
  });

  it('on SIGTERM finishes in-flight requests, then stops PostgreSQL and exits 0', async () => {
    // Four logins the server has the headers of but not yet the whole body: in flight, deterministically,
    // for as long as the test holds them.
    const held = Array.from({ length: 4 }, () => holdLogin(url));
    await expect
      .poll(async () => inFlightRequests(await new TestClient(url).get('/metrics')), { timeout: 10_000, interval: 20 })
      .toBeGreaterThanOrEqual(5); // the four logins and this /metrics request
    first.child.kill('SIGTERM');
    // Shutting down: new connections are refused (or, on a connection kept alive, told 503 to go elsewhere).
    await expect
      .poll(
        () =>
          new TestClient(url).get('/healthz').then(
            (response) => response.status,
            () => 'refused',
          ),
        { timeout: 10_000, interval: 20 },
      )
      .toMatch(/refused|503/);
    for (const login of held) login.finish();
    expect(await Promise.all(held.map((login) => login.status))).toEqual([200, 200, 200, 200]);
    expect(await first.exited, first.output()).toBe(0);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'server.pid'))).toBe(false);
  });

  it('reuses the data on the next start and seeds nothing twice', async () => {
    const again = start();
    url = await urlOf(again);
    expect(again.output()).not.toContain('just created');
    expect(again.output()).toMatch(/admin\s+admin@swyft\.local/);
    expect(again.output()).toMatch(/partner\s+partner2@swyft\.local/);
    expect(again.output()).not.toContain('partner3@swyft.local'); // disabled
    expect(again.output()).not.toContain('customer2@swyft.local'); // password changed
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

describe('Ctrl+C in the terminal of npm start', () => {
  it('reaches the server alone: it finishes, then stops PostgreSQL, and exits 0 with no stack trace', async () => {
    const groupDataDir = mkdtempSync(path.join(inject('scratchDir'), 'sigint-'));
    chmodSync(groupDataDir, 0o755);
    // A terminal's Ctrl+C signals its whole foreground process group: npm, its shell, node and whatever
    // they started in the same group. This group is ours alone.
    const npm = spawn('npm', ['run', 'start', '--workspace', 'apps/server'], {
      cwd: REPO,
      detached: true,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: groupDataDir, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout!.on('data', (chunk) => (output += chunk));
    npm.stderr!.on('data', (chunk) => (output += chunk));
    const exited = once(npm, 'exit');
    await expect.poll(() => output, { timeout: 60_000, interval: 100 }).toMatch(/Swyft is running at http/);
    const url = /Swyft is running at (http:\/\/\S+)/.exec(output)![1]!;
    const customer = new TestClient(url);
    expect(
      (await customer.post('/api/v1/auth/login', { email: 'customer@swyft.local', password: 'swyft-demo' })).status,
    ).toBe(200);

    process.kill(-npm.pid!, 'SIGINT');
    // npm ends as a shell expects of Ctrl+C (by SIGINT, printing nothing); the server logs `stopped` just
    // before its exit 0, once its requests are done and PostgreSQL has stopped.
    const [code, signal] = await exited;
    expect({ code, signal }, output).toEqual({ code: null, signal: 'SIGINT' });
    expect(output).toContain('"msg":"stopped"');
    expect(output).not.toMatch(/npm (error|ERR)/);
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toContain('"stack"');
    expect(output).not.toContain('database connection lost');
    expect(existsSync(path.join(groupDataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 90_000);
});

describe.runIf(process.getuid?.() === 0)('a clone in a folder only root may enter (as /root is), run as root', () => {
  let clone: string;
  let cluster: string | undefined;
  const startClone = (env: Record<string, string>) => {
    const server = spawnServer({ PORT: '0', LOG_LEVEL: 'warn', ...env }, [path.join(clone, 'apps/server/src/main.ts')]);
    running.push(server);
    return server;
  };
  beforeAll(() => {
    clone = makePrivateClone(inject('scratchDir'));
  });
  afterAll(() => {
    if (cluster) rmSync(cluster, { recursive: true, force: true });
  });

  it('starts: PostgreSQL runs from a copy of its binaries, its cluster outside DATA_DIR, and the banner says where', async () => {
    const server = startClone({ DATA_DIR: path.join(clone, 'data') });
    const url = (await server.waitForOutput(/Swyft is running at (http:\/\/\S+)/, 60_000))[1]!;
    cluster = realpathSync(path.join(clone, 'data', 'pg'));
    expect(cluster).toMatch(/^\/var\/lib\/swyft\/data-[0-9a-f]{12}$/);
    expect(server.output()).toContain(`data in ${cluster}\n`);
    expect(server.output()).toContain(`cannot reach DATA_DIR ${path.join(clone, 'data')};`);
    const login = await new TestClient(url).post('/api/v1/auth/login', {
      email: 'admin@swyft.local',
      password: 'swyft-demo',
    });
    expect(login.status).toBe(200);
    await server.stop();
    expect(await server.exited).toBe(0);
  }, 90_000);

  it('says in one line what is wrong when the postgres user cannot reach a cluster made earlier', async () => {
    const dataDir = path.join(clone, 'old-data');
    mkdirSync(path.join(dataDir, 'pg'), { recursive: true });
    const server = startClone({ DATA_DIR: dataDir });
    expect(await server.exited).toBe(1);
    const privateDir = path.dirname(clone);
    expect(server.output().trim()).toBe(
      `swyft: PostgreSQL runs as the "postgres" user, which cannot enter ${privateDir} (on the way to its cluster in ${dataDir}): chmod o+x ${privateDir}, or set DATA_DIR to another folder.`,
    );
  }, 60_000);
});
