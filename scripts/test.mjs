#!/usr/bin/env node
// The whole test suite, as `npm test` and CI run it: lint and format check, type check, the web build,
// then every Vitest project whose services this machine has. A project whose service is missing is
// skipped loudly on a developer's machine and fails the run in CI (CI=true): it is never skipped silently.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import pg from 'pg';

const CI = process.env.CI === 'true' || process.env.CI === '1';
const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const nginxPath = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
const extraArgs = process.argv.slice(2);

function run(title, command, args) {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    console.error(`\n✖ ${title} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

async function postgresProblem() {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${postgresUrl} is not reachable (${error.message})`;
  } finally {
    await client.end().catch(() => {});
  }
}

function redisProblem() {
  const { hostname, port } = new URL(redisUrl);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const fail = (why) => {
      socket.destroy();
      resolve(`Redis at ${redisUrl} is not reachable (${why})`);
    };
    socket.setTimeout(3000, () => fail('timeout'));
    socket.on('error', (error) => fail(error.message));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG') ? undefined : `Redis at ${redisUrl} answered ${data}`);
    });
  });
}

const projects = [
  { name: 'unit', needs: [] },
  { name: 'pg18', needs: [] },
  { name: 'pg15', needs: ['postgres', 'redis'] },
  // Real server processes under load while their database connections are terminated or refused, a Redis
  // of their own (redis-server) is stopped, or a node is killed; each fault followed by the integrity check.
  { name: 'faults', needs: ['postgres', 'redis', 'redis-server'] },
  { name: 'cluster', needs: ['postgres', 'redis', 'nginx'] },
  { name: 'web', needs: [], when: () => existsSync('apps/web/vitest.config.ts') },
  { name: 'e2e', needs: ['chromium'], when: () => existsSync('e2e/global-setup.ts') },
];

const problems = {
  postgres: await postgresProblem(),
  redis: await redisProblem(),
  'redis-server':
    spawnSync('redis-server', ['--version']).status === 0
      ? undefined
      : 'redis-server not found on PATH (apt-get install -y redis-server): the fault tests start and stop their own',
  nginx: existsSync(nginxPath) ? undefined : `nginx not found at ${nginxPath} (apt-get install -y nginx)`,
  chromium: existsSync(chromiumPath)
    ? undefined
    : `Chromium not found at ${chromiumPath} (apt-get install -y chromium)`,
};

const selected = [];
const skipped = [];
for (const project of projects) {
  if (project.when && !project.when()) continue;
  const missing = project.needs.map((need) => problems[need]).filter(Boolean);
  if (missing.length === 0) selected.push(project.name);
  else skipped.push({ name: project.name, why: missing.join('; ') });
}

if (skipped.length > 0) {
  const lines = skipped.map(({ name, why }) => `  ${name}: ${why}`);
  const banner = '!'.repeat(78);
  console.error(
    `\n${banner}\n  ${CI ? 'MISSING SERVICES (CI=true: failing)' : 'SKIPPED TEST SUITES'}:\n${lines.join('\n')}\n${banner}\n`,
  );
  if (CI) process.exit(1);
}

run('lint and format (biome)', 'npx', ['biome', 'check', '.']);
for (const dir of ['packages/contract', 'apps/server', 'apps/web', 'e2e', 'bench', 'scripts']) {
  if (existsSync(`${dir}/tsconfig.json`)) run(`type check ${dir}`, 'npx', ['tsc', '-p', dir, '--noEmit']);
}
if (existsSync('apps/web/vite.config.ts')) run('web build', 'npm', ['run', 'build', '--workspace', 'apps/web']);
run(`tests: ${selected.join(', ')}`, 'npx', [
  'vitest',
  'run',
  ...selected.flatMap((name) => ['--project', name]),
  ...extraArgs,
]);

if (skipped.length > 0) {
  console.error(`\nReminder: skipped ${skipped.map((s) => s.name).join(', ')} (see above).`);
}
