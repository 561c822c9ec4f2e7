// Alarms from a simulated camera reach the console: a toast, a badge on the device in the tree, a row in the Alarms
// tab that can be acknowledged; in English and in Chinese. A device's Query Alarm history and mobile positions in
// its details.
import { expect, test, type Page } from '@playwright/test';
import { callApi, waitFor, waitForDevicesReady } from './support/api';
import { collectErrors, layoutProblems } from './support/screens';
import { startConsole, type RunningConsole } from './support/serve';
import { startCommandedSim, type CommandedSim } from './support/sim-commands';

const DEVICE = '34020000001320000161';
let server: RunningConsole;
let sim: CommandedSim;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await startConsole();
  sim = await startCommandedSim(server, ['--devices', '1', '--channels', '2', '--id-base', DEVICE, '--quiet']);
  await waitForDevicesReady(server.url, [DEVICE]);
});
test.afterAll(async () => {
  await sim?.stop();
  await server?.stop();
});

/** Raises an alarm on the simulator and returns the description the console stored for it. */
async function raiseAlarm(): Promise<string> {
  const before = (await callApi(server.url, 'alarm.list', { deviceId: DEVICE })).alarms[0]?.id ?? 0;
  await sim.command('alarm', /alarm raised on \d{20}/);
  const a = await waitFor('the alarm stored by the console', async () => (await callApi(server.url, 'alarm.list', { deviceId: DEVICE })).alarms.find((x) => x.id > before));
  expect(a.description).toBeTruthy();
  return a.description!;
}

async function openConsole(page: Page): Promise<void> {
  await page.goto(server.url);
  await expect(page.getByRole('tree', { name: /Devices and channels|设备与通道/ }).getByRole('treeitem', { name: new RegExp(DEVICE) })).toBeVisible({ timeout: 20_000 });
}

test('an alarm shows as a toast, a badge on the device and a row in the Alarms tab, and is acknowledged', async ({ page }) => {
  const errors = collectErrors(page);
  await openConsole(page);
  const description = await raiseAlarm();

  const toast = page.getByRole('alert').filter({ hasText: 'Alarm from' });
  await expect(toast).toContainText(new RegExp(`Alarm from .+: ${description}`));
  await expect(page.getByTestId(`alarm-badge-${DEVICE}`)).toHaveText('1');
  await expect(page.getByRole('treeitem', { name: new RegExp(`${DEVICE}, online, .*, 1 unacknowledged alarms$`) })).toBeVisible();
  await page.screenshot({ path: 'e2e/output/alarm-toast-1280.png' });
  expect(await layoutProblems(page)).toEqual([]);

  await toast.getByRole('button', { name: 'Show alarms' }).click();
  await expect(page.getByRole('tab', { name: 'Alarms', exact: true })).toHaveAttribute('aria-selected', 'true');
  const table = page.getByRole('table', { name: 'Alarms' });
  const row = table.getByRole('row').filter({ hasText: description }).first();
  await expect(row).toContainText('video');
  await expect(row.getByRole('cell', { name: '1', exact: true })).toHaveAttribute('title', '1 (highest)');
  await page.screenshot({ path: 'e2e/output/alarms-tab-1280.png' });
  expect(await layoutProblems(page)).toEqual([]);

  await row.getByRole('button', { name: /^Acknowledge alarm \d+$/ }).click();
  await expect(row).toContainText('acknowledged');
  await expect(page.getByTestId(`alarm-badge-${DEVICE}`)).toHaveCount(0);

  await page.getByRole('checkbox', { name: 'Not acknowledged only' }).check();
  await expect(table.getByRole('row').filter({ hasText: description })).toHaveCount(0);
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.getByRole('checkbox', { name: 'Not acknowledged only' }).uncheck();
  await expect(table.getByRole('row').filter({ hasText: description }).first()).toBeVisible();
  await page.screenshot({ path: 'e2e/output/alarms-tab-1024.png' });
  // every column, Acknowledge included, without scrolling sideways
  const wrap = page.locator('.alarm-table-wrap');
  expect(await wrap.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  expect(await layoutProblems(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('in Chinese: the toast and the Alarms tab speak Chinese', async ({ page }) => {
  const errors = collectErrors(page);
  await openConsole(page);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  const description = await raiseAlarm();
  const toast = page.getByRole('alert').filter({ hasText: '的报警' });
  await expect(toast).toContainText(new RegExp(`来自 .+ 的报警：${description}`));
  await expect(page.getByTestId(`alarm-badge-${DEVICE}`)).toHaveText('1');
  await page.screenshot({ path: 'e2e/output/alarm-toast-zh.png' });
  await toast.getByRole('button', { name: '查看报警' }).click();
  const table = page.getByRole('table', { name: '报警列表' });
  const row = table.getByRole('row').filter({ hasText: description }).filter({ has: page.getByRole('button', { name: /^确认报警 \d+$/ }) });
  await expect(row).toContainText('视频');
  await expect(row.getByRole('cell', { name: '1', exact: true })).toHaveAttribute('title', '1（最高）');
  await page.screenshot({ path: 'e2e/output/alarms-tab-zh.png' });
  expect(await layoutProblems(page)).toEqual([]);
  await row.getByRole('button', { name: /^确认报警 \d+$/ }).click();
  await expect(table.getByRole('row').filter({ hasText: /已于 .+ 确认/ })).toHaveCount(2);
  await expect(page.getByTestId(`alarm-badge-${DEVICE}`)).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('device details: Query Alarm lists the device history; positions subscribed show the latest and a track', async ({ page }) => {
  const errors = collectErrors(page);
  await openConsole(page);
  await page.getByRole('tab', { name: 'Devices', exact: true }).click();
  await page.getByRole('tree', { name: 'Devices and channels' }).getByRole('treeitem', { name: new RegExp(DEVICE) }).click();
  await page.getByRole('tablist', { name: 'Device operations' }).getByRole('tab', { name: 'Alarms and position' }).click();
  await page.getByRole('button', { name: 'Query the device’s alarm history' }).click();
  await expect(page.getByText(/^The device listed \d+ alarms\.$/)).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('list', { name: 'Query the device’s alarm history' })).toContainText('报警');

  await page.getByRole('spinbutton', { name: 'Interval (s)' }).fill('1');
  await page.getByRole('button', { name: 'Subscribe to positions' }).click();
  await expect(page.getByText('Position subscription active.')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('position-latest')).toContainText(/^Latest: -?\d+\.\d{6}, -?\d+\.\d{6} at /, { timeout: 15_000 });
  await expect(page.getByRole('img', { name: /^Track of ([2-9]|\d\d+) points$/ })).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: 'e2e/output/device-alarms-position-1280.png' });
  expect(await layoutProblems(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test("the badge keeps an alarm raised while the console's first count of alarms was on its way", async ({ page }) => {
  // At least one older unacknowledged alarm, so the count with the answer differs from the event's alone.
  await raiseAlarm();
  const before = (await callApi(server.url, 'alarm.list', { deviceId: DEVICE, unacknowledged: true })).alarms.length;
  // The console's first read of the unacknowledged alarms is answered by the server now, before the alarm, and
  // handed to the page only after the alarm's event has arrived: the answer and the event take separate ways.
  let answered!: () => void;
  const serverAnswered = new Promise<void>((r) => (answered = r));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let held = false;
  await page.route('**/api/alarm.list', async (route) => {
    const body = route.request().postData() ?? '';
    if (held || !body.includes('"unacknowledged":true') || body.includes('deviceId')) return route.continue();
    held = true;
    const response = await route.fetch();
    answered();
    await released;
    await route.fulfill({ response });
  });
  await openConsole(page);
  await serverAnswered;
  const description = await raiseAlarm();
  await expect(page.getByRole('alert').filter({ hasText: 'Alarm from' })).toContainText(description);
  // Until the read is handed over, the badge counts the event alone.
  await expect(page.getByTestId(`alarm-badge-${DEVICE}`)).toHaveText('1');

  // Handed over, the answer's older alarms join the event's: before + 1. Taken alone it would say `before`.
  release();
  await expect(page.getByTestId(`alarm-badge-${DEVICE}`)).toHaveText(String(before + 1));
});
