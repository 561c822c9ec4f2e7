import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    // Load tests run alone (npm run test:storm), so other test files do not share their two cores.
    exclude: ['**/node_modules/**', 'src/**/*.storm.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // The run's temporary folders, under one folder removed at the end.
    globalSetup: ['./scripts/test-temp-dir.ts'],
  },
});
