import { defineConfig } from 'vitest/config';

// Load tests against the shipped configuration, one file at a time with the machine to themselves.
export default defineConfig({
  test: {
    include: ['src/**/*.storm.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 30_000,
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['./scripts/test-temp-dir.ts'],
  },
});
