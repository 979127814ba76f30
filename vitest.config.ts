import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// The packaging tools live in packaging/node_modules (scripts/packaging-tools.mjs). The tests that
// import them by name get this alias (as the type checker gets tsconfig.json's `paths`); it is
// given to each project that holds such tests, since inline projects do not inherit the root's.
const packagingTools = {
  alias: [
    {
      find: /^(electron-builder|app-builder-lib|builder-util|@electron\/asar)(\/.*)?$/,
      replacement: `${resolve(import.meta.dirname, 'packaging', 'node_modules').replaceAll('\\', '/')}/$1$2`,
    },
  ],
};

// Three tiers (see STYLE.md): unit tests are pure and fast; integration tests start a real Redis,
// real SQLite files and real worker processes; e2e drives the web monitor in Chromium.
export default defineConfig({
  test: {
    // Engine logs below errors would bury the test report; a failing test prints what it needs.
    env: { SEMANTIK_LOG_LEVEL: 'error' },
    // Every skipped test is recorded; `npm test` lists them at its end (scripts/skip-summary.mjs).
    reporters: ['default', './test/reporters/skip-list.ts'],
    projects: [
      {
        resolve: packagingTools,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 60_000,
          // Each file starts its own Redis and workers; two cores cannot run many at once.
          maxWorkers: 1,
          fileParallelism: false,
        },
      },
      {
        test: {
          // The desktop shell's built bundle under a stand-in for Electron (test/shell/stand-in).
          name: 'shell',
          include: ['test/shell/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 60_000,
          maxWorkers: 1,
          fileParallelism: false,
        },
      },
      {
        resolve: packagingTools,
        test: {
          // electron-builder packs the built app against a stand-in Electron; slow, run on its own.
          name: 'package',
          include: ['test/package/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 900_000,
          maxWorkers: 1,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // expect.poll's 1 s default is no bound we mean: a first search starts the query-embedding
          // thread and loads the model, which takes longer than that on two busy cores.
          expect: { poll: { timeout: 30_000, interval: 100 } },
          testTimeout: 240_000,
          hookTimeout: 120_000,
          maxWorkers: 1,
          fileParallelism: false,
        },
      },
    ],
  },
});
