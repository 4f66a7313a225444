import { defineConfig } from 'vitest/config';

// Two projects: `unit` is pure logic (no network, runs in seconds); `integration` talks to the
// real local stack (Kafka, schema registry, MariaDB, Redis) and runs its files one at a time so
// that they do not fight over the two cores and the shared broker.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'services/*/src/**/*.test.ts',
            'tools/**/*.test.ts',
            'test/docs/**/*.test.ts',
            'test/contract/**/*.test.ts',
          ],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/*/test/**/*.int.test.ts', 'services/*/test/**/*.int.test.ts', 'test/**/*.int.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
