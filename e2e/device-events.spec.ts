// A device's recent events are worded in the console's language from their codes and parameters; the API keeps
// each English sentence, with its code beside it.
import { expect, test } from '@playwright/test';
import { callApi, simStart, simStop, waitFor, waitForDevicesReady } from './support/api';
import { startConsole, type RunningConsole } from './support/serve';

let own: RunningConsole | null = null;
test.afterEach(async () => {
  await own?.stop();
  own = null;
});

test("a device's recent events read in Chinese in the Chinese console, in English in the English one", async ({ page }) => {
  own = await startConsole();
  const [id] = (await simStart(own.url, { count: 1, channels: 1 })).deviceIds;
  await waitForDevicesReady(own.url, [id]);
  await callApi(own.url, 'device.update', { deviceId: id, timeZone: 'Asia/Shanghai' });
  await simStop(own.url);
  await waitFor('the device offline', async () => ((await callApi(own!.url, 'device.get', { deviceId: id })).online ? undefined : true));

  // The API: English sentences, codes beside them.
  const { events } = await callApi(own.url, 'device.get', { deviceId: id });
  const catalog = events.find((e) => e.message.startsWith('catalog received: '));
  expect(catalog?.text).toEqual({ code: 'dev.catalogReceived', params: { n: expect.any(Number) }, text: catalog?.message });
  expect(events.find((e) => e.message.startsWith('offline: '))?.text?.code).toBe('dev.offline');

  await page.goto(own.url);
  await page.getByRole('tree', { name: 'Devices and channels' }).getByRole('treeitem', { name: new RegExp(`${id}, offline`) }).click();
  const list = page.getByRole('region', { name: /^模拟摄像机1$/ }).getByRole('list', { name: 'Recent events' });
  await expect(list).toContainText(/catalog received: \d+ items/);
  await expect(list).toContainText(/registered from 127\.0\.0\.1:\d+ over UDP for \d+ s \(GB28181-Console device simulator\)/);
  await expect(list).toContainText('times in its messages are read in time zone Asia/Shanghai');
  await expect(list).toContainText(/offline: unregistered \(REGISTER with Expires: 0 from 127\.0\.0\.1:\d+\)/);

  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  const zh = page.getByRole('region', { name: /^模拟摄像机1$/ }).getByRole('list', { name: '最近事件' });
  await expect(zh).toContainText(/已收到目录：\d+ 项/);
  await expect(zh).toContainText(/从 127\.0\.0\.1:\d+（UDP）注册，有效期 \d+ 秒（GB28181-Console device simulator）/);
  await expect(zh).toContainText('其消息中的时间按时区 Asia/Shanghai 解读');
  await expect(zh).toContainText(/离线：已注销（来自 127\.0\.0\.1:\d+ 的 REGISTER，Expires: 0）/);
  await expect(zh.getByRole('listitem').filter({ hasText: /\d 上线$/ })).toHaveCount(1);
  await expect(zh).not.toContainText(/catalog received|registered from|offline:|online/);
  await zh.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/output/chinese-device-events.png' });
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  await expect(page.getByRole('list', { name: 'Recent events' })).toContainText(/catalog received: \d+ items/);
});
