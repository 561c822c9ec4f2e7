import { expect, test } from '@playwright/test';
import { simStart, waitForDevicesReady } from './support/api';
import { startConsole, type RunningConsole } from './support/serve';

let server: RunningConsole;

test.beforeAll(async () => {
  server = await startConsole();
});
test.afterAll(async () => {
  await server?.stop();
});

test('shows the server status and keeps a setting changed in the form across a reload', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Server status' })).toBeVisible();
  await expect(page.getByTestId('status-sip-id')).toHaveText('34020000002000000001');
  await expect(page.getByTestId('status-domain')).toHaveText('3402000000');
  await expect(page.getByRole('list', { name: 'Listening on' })).toContainText(`UDP 127.0.0.1:${server.sipPort}`);

  await page.getByRole('button', { name: 'Show password' }).click();
  await expect(page.getByLabel('Device password')).not.toHaveText(/•/);
  await page.screenshot({ path: 'e2e/output/status.png', fullPage: true });

  await page.getByRole('tab', { name: 'Settings' }).click();
  const portRange = page.getByLabel('Media ports to');
  await portRange.fill('30500');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toContainText('Saved');

  await page.reload();
  await page.getByRole('tab', { name: 'Settings' }).click();
  await expect(page.getByLabel('Media ports to')).toHaveValue('30500');
});

test('explains an invalid setting next to its field and stores nothing', async ({ page }) => {
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByLabel('SIP server ID (20 digits)').fill('340200000020000000');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('alert')).toContainText('SIP ID must be exactly 20 digits');
  await page.reload();
  await page.getByRole('tab', { name: 'Settings' }).click();
  await expect(page.getByLabel('SIP server ID (20 digits)')).toHaveValue('34020000002000000001');
});

test('switches to Simplified Chinese and back, remembering the choice', async ({ page }) => {
  await page.goto(server.url);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await expect(page.getByRole('heading', { name: '服务器状态' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: '服务器状态' })).toBeVisible();
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  await expect(page.getByRole('heading', { name: 'Server status' })).toBeVisible();
});

test('uptime in h/min/s and dates year-month-day in Chinese; status as icons worded for screen readers', async ({ page }) => {
  const [id] = (await simStart(server.url, { count: 1, channels: 1 })).deviceIds;
  await waitForDevicesReady(server.url, [id]);
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Server', exact: true }).click();
  await expect(page.getByTestId('status-uptime')).toHaveText(/^(\d+ s|\d+ min \d\d s|\d+ h \d\d min \d\d s)$/);
  // One camera is one camera, not "camera(s)".
  await page.getByRole('tab', { name: 'Devices', exact: true }).click();
  await page.getByRole('tab', { name: 'Camera setup' }).click();
  await expect(page.getByText(`1 simulated camera running: ${id}`, { exact: true })).toBeVisible();
  await page.getByRole('tab', { name: 'Device list' }).click();

  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await expect(page.getByTestId('status-uptime')).toHaveText(/^(\d+ 秒|\d+ 分 \d\d 秒|\d+ 小时 \d\d 分 \d\d 秒)$/);
  await page.getByRole('tree', { name: '设备与通道' }).getByRole('treeitem', { name: new RegExp(`${id}, 在线`) }).click();
  await page.getByRole('tab', { name: '设备', exact: true }).click();
  const details = page.getByRole('region', { name: /^模拟摄像机1$/ });
  const lastSeen = details.getByRole('term').filter({ hasText: /^最近活动$/ }).locator('xpath=following-sibling::dd[1]');
  await expect(lastSeen).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(/);
  // The channel's state: an icon, with the word for screen readers (not a text pill).
  const state = details.getByRole('table', { name: '通道' }).locator('.status-icon').first();
  await expect(state).toHaveText('●在线');
  await expect(state.locator('[aria-hidden="true"]')).toHaveText('●');
  await expect(state.locator('.visually-hidden')).toHaveText('在线');
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
});
