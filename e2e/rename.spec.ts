// A channel renamed in the console: shown everywhere at once, kept across a catalog refresh and a restart of the
// console, and given back its device's own name when the name is cleared; in English and Chinese.
import { expect, test } from '@playwright/test';
import { callApi, simStart, waitFor, waitForDevicesReady } from './support/api';
import { startConsole, type RunningConsole } from './support/serve';

let server: RunningConsole | undefined;
test.afterAll(async () => {
  await server?.stop();
});

async function channelName(url: string, deviceId: string, channelId: string): Promise<string | undefined> {
  return (await callApi(url, 'channel.list', { deviceId })).find((c) => c.channelId === channelId)?.name;
}

test('renames a channel, keeps the name across a catalog refresh and a restart, and clearing it gives back the device\'s name', async ({ page }) => {
  server = await startConsole();
  const [id] = (await simStart(server.url, { count: 1, channels: 2 })).deviceIds;
  await waitForDevicesReady(server.url, [id]);
  const gate = (await callApi(server.url, 'channel.list', { deviceId: id })).find((c) => c.name === '大门口')!;

  await page.goto(server.url);
  const tree = page.getByRole('tree', { name: /^(Devices and channels|设备与通道)$/ });
  const device = tree.getByRole('treeitem', { name: new RegExp(`^模拟摄像机1 ${id}, online, 2/2 channels online$`) });
  await device.click();
  await device.press('ArrowRight');
  await expect(tree.getByRole('treeitem', { name: /^大门口 \d{20}, online$/ })).toBeVisible();

  const details = page.getByRole('region', { name: '模拟摄像机1' });
  await details.getByRole('button', { name: 'Rename 大门口', exact: true }).click();
  const form = details.getByRole('form', { name: 'Rename 大门口' });
  await form.getByRole('textbox', { name: 'Name in the console' }).fill('东门入口');
  await form.getByRole('button', { name: 'Save name' }).click();
  await expect(tree.getByRole('treeitem', { name: /^东门入口 \d{20}, online$/ })).toBeVisible();
  await expect(details.getByRole('table', { name: 'Channels' }).getByRole('row', { name: /东门入口 \(renamed\)/ })).toBeVisible();
  await expect(details.getByRole('button', { name: 'Play 东门入口', exact: true })).toBeVisible();

  // The device's catalog comes again with its own names: the console's name stays.
  await callApi(server.url, 'device.refresh', { deviceId: id, what: 'catalog' });
  expect(await channelName(server.url, id, gate.channelId)).toBe('东门入口');
  await expect(tree.getByRole('treeitem', { name: /^东门入口 \d{20}, online$/ })).toBeVisible();

  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await details.getByRole('button', { name: '重命名 东门入口', exact: true }).click();
  const zhForm = details.getByRole('form', { name: '重命名 东门入口' });
  await zhForm.getByRole('textbox', { name: '控制台中的名称' }).fill('');
  await zhForm.getByRole('button', { name: '保存名称' }).click();
  await expect(tree.getByRole('treeitem', { name: /^大门口 \d{20}/ })).toBeVisible();
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');

  // Stored: a console started again on the same data folder knows the name.
  await callApi(server.url, 'channel.rename', { deviceId: id, channelId: gate.channelId, name: '东门入口' });
  const dataDir = server.dataDir;
  await server.stop();
  server = await startConsole({ dataDir });
  const url = server.url;
  await waitFor('the renamed channel after a restart', async () => ((await channelName(url, id, gate.channelId)) === '东门入口' ? true : undefined));
});
