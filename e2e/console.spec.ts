// The console window without devices: layout at 1280x800, both languages, the camera set-up values, readable
// messages while the device / log / live backends still answer 503, and the new settings.
import { expect, test, type Page } from '@playwright/test';
import { startConsole, type RunningConsole } from './support/serve';

let server: RunningConsole;

test.beforeAll(async () => {
  server = await startConsole();
});
test.afterAll(async () => {
  await server?.stop();
});

const TABS = ['Live', 'Devices', 'Signalling', 'Server', 'Settings'] as const;
const TABS_ZH = ['实时预览', '设备', '信令', '服务器', '设置'] as const;

/** Every visible control lies inside the window and is the topmost element at its centre (not clipped or covered). */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const selector = 'button, input, select, textarea, [role="tab"], [role="treeitem"], [role="row"][tabindex]';
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || el.closest('[hidden]')) continue;
      const name = `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
      if (r.left < 0 || r.right > window.innerWidth + 0.5) problems.push(`${name} sticks out horizontally (${Math.round(r.left)}..${Math.round(r.right)})`);
      const cx = r.left + r.width / 2;
      const cy = r.top + r.height / 2;
      if (cy < 0 || cy > window.innerHeight) continue; // below the fold of a scrolling area
      // Inside a scroller, only what the scroller shows counts.
      let clipped = false;
      for (let p = el.parentElement; p; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (/(auto|scroll|hidden)/.test(style.overflow + style.overflowY)) {
          const pr = p.getBoundingClientRect();
          if (cy < pr.top || cy > pr.bottom) clipped = true;
        }
      }
      if (clipped) continue;
      const top = document.elementFromPoint(cx, cy);
      if (!top || !(el === top || el.contains(top) || top.contains(el) || (top as HTMLElement).closest('label')?.contains(el))) {
        problems.push(`${name} is covered by ${top ? `${top.tagName.toLowerCase()}.${(top as HTMLElement).className}` : 'nothing'}`);
      }
    }
    return problems;
  });
}

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/503|Service Unavailable/i.test(msg.text())) errors.push(msg.text());
  });
  return errors;
}

test('lays out header, device tree, tabs and status bar at 1280x800 without clipped or covered controls', async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(server.url);

  await expect(page.getByRole('heading', { name: 'GB28181 Console', level: 1 })).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Device tree' })).toBeVisible();
  const statusBar = page.getByRole('contentinfo', { name: 'Status bar' });
  await expect(statusBar).toContainText(`UDP 127.0.0.1:${server.sipPort}`);
  await expect(statusBar).toContainText('Devices online 0/0');

  const shots: Record<(typeof TABS)[number], string> = { Live: 'live', Devices: 'devices', Signalling: 'signalling', Server: 'server', Settings: 'settings' };
  for (const name of TABS) {
    const tab = page.getByRole('tab', { name, exact: true });
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('tabpanel', { name })).toBeVisible();
    expect(await layoutProblems(page), `layout of the ${name} tab`).toEqual([]);
    await page.screenshot({ path: `e2e/output/${shots[name]}.png` });
  }

  // Arrow keys move between the main tabs.
  await page.getByRole('tab', { name: 'Live', exact: true }).click();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Devices', exact: true })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Devices', exact: true })).toHaveAttribute('aria-selected', 'true');

  for (const sub of ['Registration problems', 'Camera setup']) {
    await page.getByRole('tab', { name: sub }).click();
    expect(await layoutProblems(page), `layout of ${sub}`).toEqual([]);
    await page.screenshot({ path: `e2e/output/${sub === 'Camera setup' ? 'camera-setup' : 'registration-problems'}.png` });
  }

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByRole('tab', { name: 'Device list' }).click();
  await page.screenshot({ path: 'e2e/output/devices-dark.png' });
  await page.getByRole('tab', { name: 'Signalling', exact: true }).click();
  await page.screenshot({ path: 'e2e/output/signalling-dark.png' });
  expect(errors).toEqual([]);
});

test('shows a readable message, not a crash, where the device, log and live backends are not there yet', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(server.url);

  const tree = page.getByRole('complementary', { name: 'Device tree' });
  await expect(tree.getByTestId('tree-problem')).toContainText('not available yet');
  await expect(tree.getByRole('button', { name: 'Try again' })).toBeVisible();
  await tree.getByRole('radio', { name: 'By organisation' }).check();
  await expect(tree.getByTestId('tree-problem')).toContainText('channel.tree');
  await tree.getByRole('radio', { name: 'By device' }).check();
  await tree.getByRole('checkbox', { name: 'Offline only' }).check();
  await tree.getByRole('textbox', { name: 'Search ID or name' }).fill('东门');
  await expect(tree.getByTestId('tree-problem')).toContainText('device.list');

  await page.getByRole('tab', { name: 'Devices', exact: true }).click();
  await expect(page.getByTestId('devices-problem')).toContainText(/This part of the server is not available yet \(device\.list: .+\)/);
  await expect(page.getByText('Select a device in the tree or the list to see its details.')).toBeVisible();
  await page.getByRole('tab', { name: 'Registration problems' }).click();
  await expect(page.getByTestId('problems-problem')).toContainText('registration.failures');

  await page.getByRole('tab', { name: 'Signalling', exact: true }).click();
  await expect(page.getByTestId('log-problem')).toContainText('log.query');
  await expect(page.getByRole('search', { name: 'Log filters' })).toBeVisible();
  // Filters still go to the backend and still fail politely.
  await page.getByRole('textbox', { name: 'Device ID' }).fill('34020000001320000001');
  await page.getByRole('combobox', { name: 'Direction' }).selectOption('in');
  await expect(page.getByTestId('log-problem')).toContainText('not available yet');
  await page.getByRole('button', { name: 'Export pcap' }).click();
  await expect(page.getByRole('alert')).toContainText('log.export');
  await page.screenshot({ path: 'e2e/output/signalling-unavailable.png' });

  await page.getByRole('tab', { name: 'Live', exact: true }).click();
  await expect(page.getByTestId('live-problem')).toContainText('live.list');
  await expect(page.getByRole('list', { name: 'Live view tiles' }).getByRole('listitem')).toHaveCount(4);

  expect(errors).toEqual([]);
});

test('the camera set-up panel shows the server ID, domain, address, port and password to type into a camera', async ({ page, request }) => {
  const settings = (await (await request.post(new URL('/api/settings.get', server.url).href, { data: {} })).json()) as { values: { password: string } };
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Devices', exact: true }).click();
  await page.getByRole('tab', { name: 'Camera setup' }).click();

  const panel = page.getByRole('region', { name: 'How to configure a camera' });
  await expect(panel.getByTestId('setup-sip-id')).toHaveText('34020000002000000001');
  await expect(panel.getByTestId('setup-domain')).toHaveText('3402000000');
  await expect(panel.getByTestId('setup-ip')).toHaveText('127.0.0.1');
  await expect(panel.getByTestId('setup-port')).toHaveText(String(server.sipPort));
  await expect(panel.getByTestId('setup-transport')).toContainText('UDP or TCP');
  await expect(panel.getByTestId('setup-password')).not.toContainText(settings.values.password);
  await panel.getByRole('button', { name: 'Show password' }).click();
  await expect(panel.getByTestId('setup-password')).toContainText(settings.values.password);
  for (const what of ['SIP server ID', 'SIP server domain', 'SIP server IP', 'SIP server port', 'Password']) {
    await expect(panel.getByRole('button', { name: `Copy ${what}` })).toBeVisible();
  }
  await page.screenshot({ path: 'e2e/output/camera-setup.png' });
});

test('switches every tab to Simplified Chinese and back, remembering the choice across a reload', async ({ page }) => {
  await page.goto(server.url);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await expect(page.getByRole('complementary', { name: '设备树' })).toBeVisible();
  await expect(page.getByRole('contentinfo', { name: '状态栏' })).toContainText('在线设备');

  const expectations: Record<(typeof TABS_ZH)[number], () => Promise<void>> = {
    实时预览: () => expect(page.getByRole('button', { name: '全部停止' })).toBeVisible(),
    设备: () => expect(page.getByRole('tab', { name: '摄像机配置' })).toBeVisible(),
    信令: () => expect(page.getByRole('search', { name: '日志筛选' })).toBeVisible(),
    服务器: () => expect(page.getByRole('heading', { name: '服务器状态' })).toBeVisible(),
    设置: () => expect(page.getByRole('combobox', { name: '准入方式' })).toBeVisible(),
  };
  for (const name of TABS_ZH) {
    await page.getByRole('tab', { name, exact: true }).click();
    await expectations[name]();
    expect(await layoutProblems(page), `layout of the ${name} tab in Chinese`).toEqual([]);
  }
  await page.getByRole('tab', { name: '设备', exact: true }).click();
  await page.getByRole('tab', { name: '摄像机配置' }).click();
  await expect(page.getByRole('region', { name: '如何配置摄像机' })).toContainText('SIP 服务器编号');
  await page.screenshot({ path: 'e2e/output/zh-camera-setup.png' });
  await page.getByRole('tab', { name: '信令', exact: true }).click();
  await expect(page.getByTestId('log-problem')).toContainText('服务器的这部分功能尚不可用');
  await page.screenshot({ path: 'e2e/output/zh-signalling.png' });

  await page.reload();
  await expect(page.getByRole('tab', { name: '信令', exact: true })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  for (const name of TABS) await expect(page.getByRole('tab', { name, exact: true })).toBeVisible();
  await expect(page.getByRole('contentinfo', { name: 'Status bar' })).toContainText('Devices online');
});

test('saves admission mode, strict target check and log retention from the settings form', async ({ page, request }) => {
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Settings', exact: true }).click();
  await page.getByRole('combobox', { name: 'Admission' }).selectOption('allowlist');
  await page.getByRole('checkbox', { name: 'Reject devices registering to another server ID or domain' }).check();
  await page.getByRole('textbox', { name: 'Keep signalling log for (days)' }).or(page.getByRole('spinbutton', { name: 'Keep signalling log for (days)' })).fill('30');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toContainText('Settings saved');

  const stored = (await (await request.post(new URL('/api/settings.get', server.url).href, { data: {} })).json()) as { values: Record<string, unknown> };
  expect(stored.values).toMatchObject({ admissionMode: 'allowlist', strictTarget: true, logRetentionDays: 30 });

  await page.reload();
  await page.getByRole('tab', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Admission' })).toHaveValue('allowlist');
  await expect(page.getByRole('checkbox', { name: 'Reject devices registering to another server ID or domain' })).toBeChecked();

  // The camera set-up panel now warns that new devices must be added first.
  await page.getByRole('tab', { name: 'Devices', exact: true }).click();
  await page.getByRole('tab', { name: 'Camera setup' }).click();
  await expect(page.getByRole('region', { name: 'How to configure a camera' })).toContainText('Admission is set to allowlist');
});
