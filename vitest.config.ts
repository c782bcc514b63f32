import { defineConfig } from 'vitest/config';

/**
 * Test tiers (STYLE.md): `unit` needs nothing; `pg18` runs the server suites on the embedded PostgreSQL 18
 * as a single node; `pg15` runs the same suites on the system's PostgreSQL 15 with Redis (the scaled-out
 * configuration) plus the multi-node ones; `faults` runs real server processes under load while their
 * database connections are terminated or refused, Redis stops or a node is killed; `web` runs component
 * tests; `e2e` drives Chromium.
 * `npm test` (scripts/test.mjs) picks the projects whose services this machine has.
 */
const serverSuites = ['apps/server/src/**/*.test.ts', 'apps/server/test/**/*.test.ts'];
const unitSuites = ['**/*.unit.test.ts'];
const faultSuites = ['**/*.fault.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.unit.test.ts', 'apps/server/src/**/*.unit.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'pg18',
          include: serverSuites,
          exclude: [...unitSuites, ...faultSuites, '**/*.cluster.test.ts', '**/node_modules/**'],
          globalSetup: ['apps/server/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'pg15',
          include: serverSuites,
          exclude: [...unitSuites, ...faultSuites, '**/*.embedded.test.ts', '**/node_modules/**'],
          globalSetup: ['apps/server/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'faults',
          include: faultSuites.map((pattern) => `apps/server/${pattern}`),
          globalSetup: ['apps/server/test/global-setup.ts'],
          // Each file loads real server processes and breaks what they depend on: one file at a time, so
          // two faults never share the two cores. Waits are generous, never asserted.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'cluster',
          include: ['scripts/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      './apps/web/vitest.config.ts',
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['e2e/global-setup.ts'],
          setupFiles: ['e2e/support/fresh-start.ts'],
          // One server and a few browsers: files one after another; waits are generous, never asserted.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 120_000,
          // A browser and a server sharing two cores with the rest: a poll waits up to 10 s, not 1.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
