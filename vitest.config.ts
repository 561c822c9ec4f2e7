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
    // Both cores, and one process per worker for all its files instead of one per file (starting a fork per file
    // was a third of the run). Test files therefore restore what they change (globals, timers, env).
    maxWorkers: 2,
    isolate: false,
    // The run's temporary folders, under one folder removed at the end.
    globalSetup: ['./scripts/test-temp-dir.ts'],
    setupFiles: ['./scripts/test-file-hygiene.ts'],
  },
});
