import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('./', import.meta.url));

// Every test file runs in its own process (pool: forks): chDB binds one data
// directory per process, and each test that touches the store makes its own.
export default defineConfig({
  // `@baton/sdk` is the SDK package's source (packages/sdk), as tsconfig.json maps it.
  resolve: { alias: { '@baton/sdk': `${root}packages/sdk/src/index.ts`, '@': root.replace(/\/$/, '') } },
  test: {
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['lib/**/*.test.ts', 'ingest/**/*.test.ts', 'components/**/*.test.ts', 'tests/conformance/**/*.test.ts', 'simulator/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'packages/*/*.test.ts'], testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/browser/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file starts its own Baton; two at a time keeps a 2-core machine responsive.
          maxWorkers: 2,
          // Runs after the unit project (vitest needs distinct groups for distinct worker counts).
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
