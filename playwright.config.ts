import crypto from 'node:crypto';
import { defineConfig } from '@playwright/test';

// Every console an e2e test starts (e2e/support/serve.ts) inherits this as its API token, so the request fixture
// can send it. Browsers never use these credentials (the console never asks for Basic auth): the pages get their
// token from the console page itself, as an installer's browser does.
process.env.GB_API_TOKEN ??= crypto.randomBytes(24).toString('base64url');

// Debian's Chromium, launched by path: the machine cannot download Playwright's own browser builds.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: './e2e',
  // Fails the run early when no CJK font is installed.
  globalSetup: './e2e/global-setup.ts',
  outputDir: './e2e/output/test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Spec files on both cores (each test starts its own console on free ports); a file's tests run in order.
  fullyParallel: false,
  workers: 2,
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    },
    httpCredentials: { username: 'e2e', password: process.env.GB_API_TOKEN, send: 'always' },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
