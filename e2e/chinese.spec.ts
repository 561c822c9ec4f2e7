// Chinese all the way: what the server says (live-view end reasons, "recently ended", registration reasons)
// arrives as a code and parameters and is worded in the console's language; switching language rewords it.
import { expect, test } from '@playwright/test';
import { simStart, simStop, waitForDevicesReady } from './support/api';
import { collectErrors } from './support/screens';
import { startSimCli } from './support/sim-cli';
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
  await page.getByRole('button', { name: '播放 大门口（模拟摄像机1）', exact: true }).click();
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

test('registration failure reasons are worded in the chosen language', async ({ page }) => {
  const errors = collectErrors(page);
  own = await startConsole();
  const [bad] = (await simStart(own.url, { count: 1, channels: 1, wrongPassword: true })).deviceIds;
  await page.goto(own.url);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await page.getByRole('tab', { name: '设备', exact: true }).click();
  await page.getByRole('tab', { name: /^注册问题/ }).click();
  const row = page.getByRole('table', { name: '注册问题' }).getByRole('row').filter({ hasText: bad });
  await expect(row.getByRole('cell').nth(2)).toContainText(new RegExp(`设备 ${bad}（127\\.0\\.0\\.1:\\d+）密码错误（第 1 次）`));
  await expect(row.getByRole('cell').nth(2)).not.toContainText('sent a wrong password');
  await page.screenshot({ path: 'e2e/output/chinese-registration-problems.png' });
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  const rowEn = page.getByRole('table', { name: 'Registration problems' }).getByRole('row').filter({ hasText: bad });
  await expect(rowEn.getByRole('cell').nth(2)).toContainText(new RegExp(`device ${bad} at 127\\.0\\.0\\.1:\\d+ sent a wrong password \\(1st time\\)`));
  expect(errors).toEqual([]);
});

test("a tile's warnings and a device's last problem follow the language", async ({ page }) => {
  const errors = collectErrors(page);
  own = await startConsole();
  const id = '34020000001320000051';
  // A camera that streams with an SSRC of its own and registers to another server ID (both accepted, flagged).
  const sim = await startSimCli(own, ['--devices', '1', '--channels', '1', '--id-base', id, '--ssrc-mismatch', '--server-id', '44010200492000000001', '--quiet']);
  try {
    await waitForDevicesReady(own.url, [id]);
    await page.goto(own.url);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');

    // The device details say which server it registered to, in Chinese.
    const tree = page.getByRole('tree', { name: '设备与通道' });
    await tree.getByRole('treeitem', { name: new RegExp(`${id}, 在线`) }).click();
    const other = '注册到了服务器编号 44010200492000000001、域 4401020049，但本服务器是域 3402000000 中的 34020000002000000001';
    await expect(page.getByText(`该设备${other}。已接受，请在摄像机中改正。`)).toBeVisible();
    await expect(page.getByText(`最近的问题：设备 ${id} ${other}；已接受（开启严格的服务器编号检查可拒绝此类设备）`)).toBeVisible();

    // Live view: the tile's warnings, in Chinese, then in English after a switch.
    await page.getByRole('tab', { name: '实时预览', exact: true }).click();
    const liveTree = page.getByRole('tree', { name: '设备与通道' });
    await liveTree.getByRole('treeitem', { name: new RegExp(`${id}, 在线`) }).press('ArrowRight');
    await liveTree.getByRole('treeitem', { name: /^\S+ \d{20}, 在线$/ }).first().click();
    await page.getByRole('button', { name: /^播放 / }).first().click();
    await expect(page.getByTestId('tile-status-1')).toHaveText(/^正在播放 /, { timeout: 20_000 });
    await page.getByRole('checkbox', { name: '统计信息' }).check();
    const tile = page.getByTestId('tile-1');
    await expect(tile.getByText(/^摄像机 \d{20} 应答的 SSRC 是 \d{10}，而不是我们提议的 \d{10}$/)).toBeVisible({ timeout: 15_000 });
    await expect(tile.getByText(/^摄像机 \d{20} 发送视频所用的 SSRC 是 \d{10}，而不是我们提议的 \d{10}；已接受$/)).toBeVisible({ timeout: 15_000 });
    await expect(tile).not.toContainText('instead of');
    await page.screenshot({ path: 'e2e/output/chinese-live-warnings.png' });
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await expect(tile.getByText(/^camera \d{20} sends video with SSRC \d{10} instead of the offered \d{10}; accepted$/)).toBeVisible();
    await page.getByRole('button', { name: 'Stop all' }).click();
  } finally {
    await sim.stop();
  }
  expect(errors).toEqual([]);
});
