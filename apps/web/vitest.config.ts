import { defineProject } from 'vitest/config';

/** Component and unit tests of the web app (`npx vitest run --project web`), in happy-dom. */
export default defineProject({
  test: {
    name: 'web',
    root: import.meta.dirname,
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    setupFiles: ['test/setup.ts'],
  },
});
