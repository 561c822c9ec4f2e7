// What needs looking at is seen from every tab: registration problems grouped by source address and reason,
// searchable and dismissed in bulk, with their count in the status bar; devices going offline counted there and
// told in one grouped toast; in English and Chinese.
import { expect, test } from '@playwright/test';
import { SipPeer } from '../src/main/attacks/testing/sip-peer';
import { callApi, simStart, simStop, waitFor, waitForDevicesReady } from './support/api';
import { startConsole, type RunningConsole } from './support/serve';

let server: RunningConsole;
test.beforeEach(async () => {
  server = await startConsole();
});
test.afterEach(async () => {
  await server?.stop();
});

/** Six cameras with a wrong password and two with a malformed ID, all from one address (real SIP over UDP). */
async function refuseEight(): Promise<string[]> {
  const peer = await SipPeer.open({ address: '127.0.0.1', port: server.sipPort, transport: 'UDP' });
  const ids = Array.from({ length: 6 }, (_, i) => `340200000013200001${String(i + 10)}`);
  try {
    for (const id of ids) await peer.login(id, 'not-the-password');
    await peer.register({ deviceId: '3402000000132' });
    await peer.register({ deviceId: '3402000000132000000X' });
  } finally {
    await peer.close();
  }
  await waitFor('eight registration problems', async () => ((await callApi(server.url, 'registration.failures', {})).length === 8 ? true : undefined));
  return ids;
}

test('registration problems: a status-bar count on every tab, grouped by address and reason, searched, dismissed in bulk', async ({ page }) => {
  const ids = await refuseEight();
  await page.goto(server.url);
  const bar = page.getByRole('contentinfo', { name: /^(Status bar|状态栏)$/ });
  for (const tab of ['Live', 'Signalling', 'Settings']) {
    await page.getByRole('tab', { name: tab, exact: true }).click();
    await expect(bar.getByRole('button', { name: 'Registration problems 8' })).toBeVisible();
  }
  await bar.getByRole('button', { name: 'Registration problems 8' }).click();
  const panel = page.getByRole('region', { name: /^(Registration problems|注册问题)$/ });
  const table = panel.getByRole('table', { name: /^(Registration problems|注册问题)$/ });
  const group = table.getByRole('button', { name: /^127\.0\.0\.1 · Wrong password · 6 devices, 6 attempts, last / });
  await expect(group).toHaveAttribute('aria-expanded', 'false');
  await expect(table.getByRole('row').filter({ hasText: ids[0] })).toHaveCount(0);
  await group.click();
  await expect(group).toHaveAttribute('aria-expanded', 'true');
  for (const id of ids) await expect(table.getByRole('row').filter({ hasText: id })).toBeVisible();
  await expect(table.getByRole('button', { name: /^127\.0\.0\.1 · Device ID is not 20 digits · 2 devices, 2 attempts/ })).toBeVisible();

  await panel.getByRole('searchbox', { name: 'Search ID, address or reason' }).fill(ids[3]);
  await expect(panel.getByText('1 of 8 shown')).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: ids[3] })).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: ids[2] })).toHaveCount(0);
  await panel.getByRole('searchbox', { name: 'Search ID, address or reason' }).fill('');

  await table.getByRole('button', { name: 'Dismiss these 6 from 127.0.0.1' }).click();
  await expect(panel.getByText('Dismissed 6 entries.')).toBeVisible();
  await expect(bar.getByRole('button', { name: 'Registration problems 2' })).toBeVisible();

  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await expect(bar.getByRole('button', { name: '注册问题 2' })).toBeVisible();
  await expect(table.getByRole('button', { name: /^127\.0\.0\.1 · 设备编号不是 20 位 · 2 台设备，2 次尝试，最近 / })).toBeVisible();
  await panel.getByRole('button', { name: '忽略全部显示的条目（2）' }).click();
  await expect(panel.getByText('没有注册失败的设备。')).toBeVisible();
  await expect(bar.getByRole('button', { name: /^注册问题/ })).toHaveCount(0);
  expect(await callApi(server.url, 'registration.failures', {})).toEqual([]);
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
});

test('devices going offline: a status-bar count and one grouped toast, in English and Chinese', async ({ page }) => {
  const ids = (await simStart(server.url, { count: 3, channels: 1 })).deviceIds;
  await waitForDevicesReady(server.url, ids);
  await page.goto(server.url);
  const tree = page.getByRole('tree', { name: 'Devices and channels' });
  await expect(tree.getByRole('treeitem', { name: /, online/ })).toHaveCount(3);
  const bar = page.getByRole('contentinfo', { name: /^(Status bar|状态栏)$/ });
  await expect(bar.getByRole('button', { name: /^Devices offline/ })).toHaveCount(0);

  await simStop(server.url);
  const toast = page.getByRole('status', { name: 'Offline' });
  await expect(toast).toContainText(/^Offline 3 devices went offline: 模拟摄像机\d, 模拟摄像机\d, 模拟摄像机\d/);
  await expect(bar.getByRole('button', { name: 'Devices offline 3' })).toBeVisible();

  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  const zhToast = page.getByRole('status', { name: '设备离线' });
  await expect(zhToast).toContainText(/3 台设备已离线：模拟摄像机\d、模拟摄像机\d、模拟摄像机\d/);
  await expect(bar.getByRole('button', { name: '离线设备 3' })).toBeVisible();
  await zhToast.getByRole('button', { name: '查看离线设备' }).click();
  await expect(page.getByRole('tab', { name: '设备', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('checkbox', { name: '仅显示离线' })).toBeChecked();
  await expect(zhToast).toHaveCount(0);
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
});
