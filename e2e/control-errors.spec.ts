// An API error a command meets (here: reading the configuration of an offline device) reads in the chosen
// language from its code and parameters; the HTTP API keeps the English sentence with the code beside it.
import { expect, test } from '@playwright/test';
import { callApi, simStart, simStop, tokenFor, waitFor, waitForDevicesReady } from './support/api';
import { startConsole, type RunningConsole } from './support/serve';

let own: RunningConsole | null = null;
test.afterEach(async () => {
  await own?.stop();
  own = null;
});

test('"device is offline" from Read configuration reads in English, then in Chinese', async ({ page }) => {
  own = await startConsole();
  const [id] = (await simStart(own.url, { count: 1, channels: 1 })).deviceIds;
  await waitForDevicesReady(own.url, [id]);
  await simStop(own.url);
  await waitFor('the device offline', async () => ((await callApi(own!.url, 'device.get', { deviceId: id })).online ? undefined : true));

  const english = `device ${id} is offline; its configuration can be read once it registers again`;
  const res = await fetch(new URL('/api/device.config.get', own.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenFor(own.url)}` },
    body: JSON.stringify({ deviceId: id, types: ['BasicParam'] }),
  });
  expect(((await res.json()) as { error: unknown }).error).toMatchObject({ message: english, text: { code: 'control.offlineConfig', params: { deviceId: id } } });

  await page.goto(own.url);
  await page.getByRole('tree', { name: 'Devices and channels' }).getByRole('treeitem', { name: new RegExp(`${id}, offline`) }).click();
  const details = page.getByRole('region', { name: /^模拟摄像机1$/ });
  await details.getByRole('tablist', { name: 'Device operations' }).getByRole('tab', { name: 'Configuration' }).click();
  await details.getByRole('button', { name: 'Read configuration' }).click();
  await expect(details.getByText(english)).toBeVisible();

  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await details.getByRole('button', { name: '读取配置' }).click();
  await expect(details.getByText(`设备 ${id} 离线；待其重新注册后才能读取配置`)).toBeVisible();
  await expect(details.getByText(english)).toHaveCount(0);
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
});

test('a settings value that breaks its rule is explained in Chinese, and in English after a switch', async ({ page }) => {
  own = await startConsole();
  await page.goto(own.url);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await page.getByRole('tab', { name: '设置', exact: true }).click();
  await page.getByLabel('信令日志保留天数').fill('0');
  await page.getByRole('button', { name: '保存设置' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '信令日志保留天数必须是 1 到 3650 的整数；实际为 0' })).toBeVisible();
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  await expect(page.getByRole('alert').filter({ hasText: 'log retention must be a whole number of days from 1 to 3650; got 0' })).toBeVisible();
});

test("a device's time zone the server refuses is explained in Chinese", async ({ page }) => {
  own = await startConsole();
  const [id] = (await simStart(own.url, { count: 1, channels: 1 })).deviceIds;
  await waitForDevicesReady(own.url, [id]);
  await page.goto(own.url);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await page.getByRole('tree', { name: '设备与通道' }).getByRole('treeitem', { name: new RegExp(`${id}, 在线`) }).click();
  const details = page.getByRole('region', { name: /^模拟摄像机1$/ });
  await details.getByLabel('设备时区').fill('+15:00');
  await details.getByRole('button', { name: '保存设备' }).click();
  await expect(details.getByText('时区偏移 "+15:00" 超出范围（-14:00 到 +14:00）')).toBeVisible();
  await expect(details.getByText('is out of range')).toHaveCount(0);
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
});
