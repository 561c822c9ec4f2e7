// Devices and channels with the same name are told apart: the tree shows the ID's tail beside a duplicate name,
// and every label of a channel (Play, tiles, the session list) names its device the same way, with accessible
// names that start with the visible text, in English and Chinese.
import { expect, test, type Page } from '@playwright/test';
import { callApi, simStart, waitForDevicesReady } from './support/api';
import { startConsole, type RunningConsole } from './support/serve';

let server: RunningConsole;
let ids: string[];

test.beforeAll(async () => {
  server = await startConsole();
  ids = (await simStart(server.url, { count: 2, channels: 2 })).deviceIds;
  await waitForDevicesReady(server.url, ids);
  // Two cameras named alike, as every Hikvision is "IP CAMERA" out of the box; each has a channel 大门口.
  for (const deviceId of ids) await callApi(server.url, 'device.update', { deviceId, name: 'IP CAMERA' });
});
test.afterAll(async () => {
  await server?.stop();
});

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function pickChannel(page: Page, deviceId: string, tail: string, channel: string): Promise<void> {
  const tree = page.getByRole('tree', { name: /Devices and channels|设备和通道/ });
  // The device's channels are counted once its catalog has arrived: only then does it open.
  const device = tree.getByRole('treeitem', { name: new RegExp(`^IP CAMERA …${tail} ${deviceId}, online, 2/2 channels online$`) });
  await device.click();
  await device.press('ArrowRight');
  await expect(device).toHaveAttribute('aria-expanded', 'true');
  await tree.getByRole('treeitem', { name: new RegExp(`^${esc(channel)} `) }).first().click();
}

test('equal device names get their ID tail in the tree, and channel labels name the device, in English and Chinese', async ({ page }) => {
  const tails = ids.map((id) => id.slice(-4));
  expect(new Set(tails).size).toBe(2);
  await page.goto(server.url);
  const tree = page.getByRole('tree', { name: 'Devices and channels' });
  for (const [i, id] of ids.entries()) {
    const item = tree.getByRole('treeitem', { name: new RegExp(`^IP CAMERA …${tails[i]} ${id}, online`) });
    await expect(item).toBeVisible();
    await expect(item.locator('.tree-name')).toHaveText(`IP CAMERA …${tails[i]}`);
  }

  await pickChannel(page, ids[0], tails[0], '大门口');
  await page.getByRole('tab', { name: 'Live', exact: true }).click();
  const live = page.locator('#panel-live');
  const label = `大门口 (IP CAMERA …${tails[0]})`;
  const play = live.getByRole('button', { name: `Play ${label}`, exact: true });
  await expect(play).toHaveText(`Play ${label}`);
  await play.click();

  const tile = live.getByRole('listitem', { name: `Tile 1: ${label}` });
  await expect(tile).toBeVisible();
  await expect(tile.locator('.tile-head .ellipsis')).toHaveText(label);
  await expect(tile.getByRole('button', { name: `Stop live view of ${label}`, exact: true })).toBeVisible();
  const sessions = live.getByRole('region', { name: /Open sessions/ });
  const row = sessions.getByRole('row', { name: new RegExp(esc(label)) });
  await expect(row).toBeVisible();
  await expect(row.getByRole('button', { name: `Stop live view of ${label}`, exact: true })).toBeVisible();

  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  const zhLabel = `大门口（IP CAMERA …${tails[0]}）`;
  await expect(live.getByRole('button', { name: `播放 ${zhLabel}`, exact: true })).toHaveText(`播放 ${zhLabel}`);
  await expect(live.getByRole('listitem', { name: `画面 1：${zhLabel}` })).toBeVisible();
  await expect(live.getByRole('button', { name: `停止 ${zhLabel} 的实时预览` })).toHaveCount(2);

  await live.getByRole('button', { name: '全部停止' }).click().catch(() => undefined);
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
});

test('with no channel picked the Play button still starts with "Play"', async ({ page }) => {
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Live', exact: true }).click();
  const button = page.locator('#panel-live').getByRole('button', { name: /^Play/ }).first();
  await expect(button).toBeDisabled();
  await expect(button).toHaveText('Play: select a channel in the tree first');
});
