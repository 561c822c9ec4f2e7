// Settings as the installer sees them: values given on the command line are read-only and name their flag, secrets
// are masked until asked for, and a theme switch (system, light, dark) sits beside the language; in English and
// Chinese.
import { expect, test } from '@playwright/test';
import { callApi } from './support/api';
import { startConsole, type RunningConsole } from './support/serve';

let server: RunningConsole;
test.afterEach(async () => {
  await server?.stop();
});

test('a setting given on the command line is read-only with its flag; secrets are masked; saving keeps the rest', async ({ page }) => {
  server = await startConsole({ args: ['--sip-id', '44010200492000000001', '--domain', '4401020049', '--password', 'flag-secret-7'] });
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Settings', exact: true }).click();
  const form = page.getByRole('region', { name: 'Settings' });

  const domain = form.getByRole('textbox', { name: 'SIP domain (first 10 digits of the ID)' });
  await expect(domain).toHaveValue('4401020049');
  await expect(domain).not.toBeEditable();
  await expect(domain).toHaveAccessibleDescription('Set by --domain on the command line: read-only here. Start the server without --domain to change it.');

  // The password is a password field (masked), read-only too, shown on request.
  const password = form.locator('#setting-password');
  await expect(password).toHaveAttribute('type', 'password');
  await expect(password).toHaveAccessibleDescription(/^Set by --password on the command line/);
  await form.getByRole('button', { name: 'Show password' }).first().click();
  await expect(password).toHaveAttribute('type', 'text');
  await expect(password).toHaveValue('flag-secret-7');
  await expect(form.locator('#setting-apiToken')).toHaveAttribute('type', 'password');

  // Saving another setting says "saved" and does not try to change what the flags gave.
  await form.getByRole('spinbutton', { name: 'Keep signalling log for (days)' }).fill('9');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByRole('status')).toHaveText('Settings saved.');
  const stored = await callApi(server.url, 'settings.get', {});
  expect(stored.values.logRetentionDays).toBe(9);
  expect(stored.flags).toEqual({ sipIp: '--sip-ip', sipPort: '--sip-port', sipId: '--sip-id', domain: '--domain', password: '--password' });

  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await expect(page.getByRole('textbox', { name: 'SIP 域（编号前 10 位）' })).toHaveAccessibleDescription('由命令行参数 --domain 指定：此处只读。不带 --domain 启动服务器后可在此修改。');
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
});

test('the theme switch beside the language: light, dark, or the system\'s, kept across a reload', async ({ page }) => {
  server = await startConsole();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(server.url);
  const theme = page.getByRole('combobox', { name: 'Theme' });
  await expect(theme).toHaveValue('system');
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await background()).toBe('rgb(246, 247, 249)');

  await theme.selectOption('dark');
  await expect.poll(background).toBe('rgb(21, 24, 28)');
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveValue('dark');
  expect(await background()).toBe('rgb(21, 24, 28)');

  // "Light" wins over a dark system.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('light');
  await expect.poll(background).toBe('rgb(246, 247, 249)');
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('system');
  await expect.poll(background).toBe('rgb(21, 24, 28)');

  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  const zhTheme = page.getByRole('combobox', { name: '主题' });
  await expect(zhTheme.getByRole('option')).toHaveText(['跟随系统', '浅色', '深色']);
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
});

test("a refusal only the server finds (another client changed the SIP ID meanwhile) reads in Chinese, in the notice and at the field", async ({ page }) => {
  server = await startConsole();
  await page.goto(server.url);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await page.getByRole('tab', { name: '设置', exact: true }).click();
  const form = page.getByRole('region', { name: '设置' });
  await expect(form.getByRole('textbox', { name: 'SIP 服务器编号（20 位）' })).toHaveValue('34020000002000000001');

  // Another console (or a script) moves the server to another domain; this form still shows the old values.
  await callApi(server.url, 'settings.update', { sipId: '44010200492000000001', domain: '4401020049' });
  await form.getByRole('textbox', { name: 'SIP 服务器编号（20 位）' }).fill('34020000002000000002');
  await form.getByRole('button', { name: '保存设置' }).click();

  const problem = 'SIP 域必须是 SIP 服务器编号 34020000002000000002 的前 10 位，即 3402000000；实际为 4401020049';
  await expect(form.getByRole('status')).toHaveText(`设置项 domain：${problem}`);
  await expect(form.getByRole('textbox', { name: 'SIP 域（编号前 10 位）' })).toHaveAccessibleDescription(problem);
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  await expect(page.getByRole('region', { name: 'Settings' }).getByRole('textbox', { name: 'SIP domain (first 10 digits of the ID)' })).toHaveAccessibleDescription(
    'domain must be the first 10 digits of the SIP ID 34020000002000000002, i.e. 3402000000; got 4401020049',
  );
});

