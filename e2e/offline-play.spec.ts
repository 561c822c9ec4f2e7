// A channel whose device is offline is not offered for playing: neither the Live tab's "Play …" button nor an
// empty tile's "Play … in tile n", in English and Chinese; the button says why.
import { expect, test, type Page } from '@playwright/test';
import { simStart, simStop, waitForDevicesReady } from './support/api';
import { startConsole, type RunningConsole } from './support/serve';

let server: RunningConsole;
test.beforeAll(async () => {
  server = await startConsole();
});
test.afterAll(async () => {
  await server?.stop();
});

async function pickChannel(page: Page, id: string): Promise<void> {
  const tree = page.getByRole('tree', { name: /Devices and channels|设备和通道/ });
  const device = tree.getByRole('treeitem', { name: new RegExp(`${id}, (online|offline|在线|离线)`) });
  await device.click();
  await device.press('ArrowRight');
  await tree.getByRole('treeitem', { name: /^大门口 / }).click();
}

test('Play and "Play here" are offered while the device is online and not once it goes offline', async ({ page }) => {
  const [id] = (await simStart(server.url, { count: 1, channels: 2 })).deviceIds;
  await waitForDevicesReady(server.url, [id]);
  await page.goto(server.url);
  await pickChannel(page, id);
  await page.getByRole('tab', { name: 'Live', exact: true }).click();
  const live = page.locator('#panel-live');
  await expect(live.getByRole('button', { name: /^Play 大门口 \(模拟摄像机1\)$/ })).toBeEnabled();
  await expect(live.getByRole('button', { name: /^Play 大门口.* in tile 1$/ })).toBeVisible();

  await simStop(server.url);
  await expect(live.getByRole('button', { name: /^Play 大门口.*: cannot, its device is offline$/ })).toBeDisabled();
  await expect(live.getByRole('button', { name: /^Play / })).toHaveCount(1);
  await expect(live.getByRole('button', { name: / in tile \d+$/ })).toHaveCount(0);
  // The tree's channel cannot be dragged onto a tile either.
  const channel = page.getByRole('treeitem', { name: /^大门口 .*device offline$/ });
  await expect(channel).toHaveAttribute('draggable', 'false');

  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await expect(live.getByRole('button', { name: /^播放 大门口.*：无法播放，其设备离线$/ })).toBeDisabled();
  await expect(live.getByRole('button', { name: /^播放 / })).toHaveCount(1);
  await expect(live.getByRole('button', { name: /^在画面/ })).toHaveCount(0);
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
});
