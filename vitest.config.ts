import { defineConfig } from 'vitest/config';

// unit: no I/O. integration-*: the machine's real Redis and each database.
// data: reads ../shared (real datasets and fixtures) and fails clearly without it.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], testTimeout: 20_000 } },
      {
        test: {
          name: 'integration-pglite',
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          exclude: ['tests/integration/postgres/**'],
          env: { TEST_DB: 'pglite' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'integration-postgres',
          include: ['tests/integration/**/*.test.ts', 'tests/hostile/**/*.test.ts'],
          exclude: ['tests/integration/pglite/**'],
          env: { TEST_DB: 'postgres' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'data',
          include: ['tests/data/**/*.test.ts'],
          globalSetup: ['tests/helpers/require-shared.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
