// An address that sent too many wrong passwords for a camera's ID is locked out; the installer sees the lock
// (and until when) under Registration problems and lifts it with Unlock, in English and Chinese.
import { expect, test, type Page } from '@playwright/test';
import { SipPeer } from '../src/main/attacks/testing/sip-peer';
import { startConsole, type RunningConsole } from './support/serve';

const CAM = '34020000001320000077';
let server: RunningConsole;
test.beforeAll(async () => {
  server = await startConsole();
});
test.afterAll(async () => {
  await server?.stop();
});

/** Fifteen wrong passwords for CAM from one address: that device ID at that address is locked. */
async function lockOut(): Promise<SipPeer> {
  const peer = await SipPeer.open({ address: '127.0.0.1', port: server.sipPort, transport: 'UDP' });
  for (let i = 0; i < 15; i++) await peer.login(CAM, `wrong-${i}`);
  expect((await peer.register({ deviceId: CAM })).status).toBe(403);
  return peer;
}

async function openProblems(page: Page, tab: RegExp, panel: RegExp): Promise<void> {
  await page.goto(server.url);
  await page.getByRole('tab', { name: tab }).first().click();
  await page.getByRole('tab', { name: panel }).click();
}

for (const lang of ['en', 'zh'] as const) {
  test(`${lang}: a locked-out camera shows until when, and Unlock lifts it`, async ({ page }) => {
    const peer = await lockOut();
    try {
      if (lang === 'zh') {
        await page.goto(server.url);
        await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
      }
      const words =
        lang === 'en'
          ? { tab: /^Devices$/, panel: /^Registration problems/, until: /Locked until /, unlock: 'Unlock', done: `Lifted the lock on ${CAM}: it can register again now.` }
          : { tab: /^设备$/, panel: /^注册问题/, until: /锁定至 /, unlock: '解除锁定', done: `已解除对 ${CAM} 的锁定，现在可以重新注册。` };
      await openProblems(page, words.tab, words.panel);
      const row = page.getByRole('row').filter({ hasText: CAM }).filter({ hasText: words.until });
      await expect(row).toBeVisible();
      await row.getByRole('button', { name: words.unlock }).click();
      await expect(page.getByText(words.done)).toBeVisible();
      // The address is challenged again instead of refused.
      expect((await peer.register({ deviceId: CAM })).status).toBe(401);
    } finally {
      await peer.close();
    }
  });
}
