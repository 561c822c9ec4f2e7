import { _electron as electron, expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { electronBinary } from '../scripts/electron-binary.mjs';
import { freePort } from './support/ports';

const binary = electronBinary();

test.describe('Electron shell', () => {
  test.skip(!binary, 'Electron binary is not installed on this machine (it is fetched on first launch, and this machine cannot download it)');

  test('opens the window with the status page over IPC', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-electron-'));
    const sipPort = await freePort();
    const app = await electron.launch({
      executablePath: binary!,
      args: ['.', '--data-dir', dataDir, '--sip-ip', '127.0.0.1', '--sip-port', String(sipPort), '--no-sandbox'],
      env: { ...process.env, GB_SQLITE_BINDING: process.env.GB_SQLITE_BINDING ?? '' },
    });
    try {
      const window = await app.firstWindow();
      await expect(window.getByRole('heading', { name: 'Server status' })).toBeVisible();
      await expect(window.getByTestId('status-sip-id')).toHaveText('34020000002000000001');
      const hasNode = await window.evaluate(() => typeof (globalThis as { require?: unknown }).require !== 'undefined');
      expect(hasNode).toBe(false);
      await window.screenshot({ path: 'e2e/output/electron-status.png' });
    } finally {
      await app.close();
    }
  });
});
