import { expect, test } from '@playwright/test';
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
