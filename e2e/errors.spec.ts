// An API error shown in the console is worded in the chosen language from its code and parameters (the HTTP API
// still gives the English sentence).
import { expect, test } from '@playwright/test';
import { simStart, simStop, tokenFor, waitFor, waitForDevicesReady, callApi } from './support/api';
import { startConsole, type RunningConsole } from './support/serve';

let server: RunningConsole;
test.afterEach(async () => {
  await server?.stop();
});

test('"device is offline" from a refresh reads in Chinese in the Chinese console, in English in the English one', async ({ page }) => {
  server = await startConsole();
  const [id] = (await simStart(server.url, { count: 1, channels: 1 })).deviceIds;
  await waitForDevicesReady(server.url, [id]);
  // The details pane is named after the device's DeviceInfo answer, which follows the catalogue: wait for it too, or
  // on a busy machine the simulator stops before it answers and the pane is named by the ID.
  await waitFor('the device named by its DeviceInfo', async () => ((await callApi(server.url, 'device.get', { deviceId: id })).name === '模拟摄像机1' ? true : undefined));
  await simStop(server.url);
  await waitFor('the device offline', async () => ((await callApi(server.url, 'device.get', { deviceId: id })).online ? undefined : true));

  // The API's own answer: English, with the code and parameters beside it.
  const res = await fetch(new URL('/api/device.refresh', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenFor(server.url)}` },
    body: JSON.stringify({ deviceId: id, what: 'catalog' }),
  });
  expect(res.status).toBe(409);
  const english = `device ${id} is offline; it can be asked once it registers and keepalives again`;
  expect(((await res.json()) as { error: unknown }).error).toEqual({ code: 'conflict', message: english, text: { code: 'api.deviceOffline', params: { deviceId: id }, text: english } });

  await page.goto(server.url);
  await page.getByRole('tree', { name: 'Devices and channels' }).getByRole('treeitem', { name: new RegExp(`${id}, offline`) }).click();
  const details = page.getByRole('region', { name: /^模拟摄像机1$/ });
  await details.getByRole('button', { name: 'Refresh catalog' }).click();
  await expect(details.getByText(english)).toBeVisible();

  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await details.getByRole('button', { name: '刷新目录' }).click();
  await expect(details.getByText(`设备 ${id} 离线；待其重新注册并发送心跳后才能查询`)).toBeVisible();
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
});
