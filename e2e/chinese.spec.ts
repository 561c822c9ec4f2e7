// Chinese all the way: what the server says (live-view end reasons, "recently ended", registration reasons)
// arrives as a code and parameters and is worded in the console's language; switching language rewords it.
import { expect, test } from '@playwright/test';
import { simStart, simStop, waitForDevicesReady } from './support/api';
import { collectErrors } from './support/screens';
import { startConsole, type RunningConsole } from './support/serve';

let own: RunningConsole | null = null;
test.afterEach(async () => {
  await own?.stop();
  own = null;
});

test('live-view end reasons and "recently ended" follow the language, tile notes included', async ({ page }) => {
  const errors = collectErrors(page);
  own = await startConsole();
  const [id] = (await simStart(own.url, { count: 1, channels: 2 })).deviceIds;
  await waitForDevicesReady(own.url, [id]);
  await page.goto(own.url);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await page.getByRole('tab', { name: '实时预览', exact: true }).click();
  const tree = page.getByRole('tree', { name: '设备与通道' });
  await tree.getByRole('treeitem', { name: new RegExp(`${id}, 在线`) }).press('ArrowRight');
  await tree.getByRole('treeitem', { name: /^大门口 \d{20}, 在线$/ }).click();
  await page.getByRole('button', { name: '播放 大门口', exact: true }).click();
  await expect(page.getByTestId('tile-status-1')).toHaveText(/^正在播放 /, { timeout: 20_000 });

  // The device goes away mid-stream: the tile says why, in Chinese, and in English after a switch.
  await simStop(own.url);
  const status = page.getByTestId('tile-status-1');
  await expect(status).toHaveText(/^已结束：(设备 \d{20} 已离线|摄像机 \d{20} 结束了实时预览)/, { timeout: 15_000 });
  const ended = page.getByRole('list', { name: '最近结束' });
  await expect(ended).toContainText(/(设备 \d{20} 已离线|摄像机 \d{20} 结束了实时预览)/);
  await expect(ended).not.toContainText('live view');
  await page.screenshot({ path: 'e2e/output/chinese-live-ended.png' });
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  await expect(status).toHaveText(/^Ended: (device \d{20} went offline|camera \d{20} ended live view)/);
  await expect(page.getByRole('list', { name: 'Recently ended' })).toContainText(/(device \d{20} went offline|camera \d{20} ended live view)/);
  expect(errors).toEqual([]);
});
