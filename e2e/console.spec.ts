// The console window with simulated cameras (sim.start in the console process, real SIP over loopback): layout at
// 1280x800, devices appearing live in the tree, device details, the signalling log with a REGISTER call ladder and
// pcap export, registration diagnostics for a wrong password, both languages, settings, and README screenshots.
import fs from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { en } from '../src/renderer/i18n/en';
import { zh } from '../src/renderer/i18n/zh';
import { callApi, simStart, simStop, waitForDevicesReady } from './support/api';
import { collectErrors, layoutProblems, readmeShot } from './support/screens';
import { startConsole, type RunningConsole } from './support/serve';

const TABS = ['Live', 'Devices', 'Signalling', 'Server', 'Settings'] as const;
const TABS_ZH = ['实时预览', '设备', '信令', '服务器', '设置'] as const;

/** Simulated cameras are named 模拟摄像机N by the console's sim.start; each has 4 cameras with Chinese names. */
const CAMERA_NAMES = ['大门口', '停车场东', '停车场西', '一楼大厅'];

let server: RunningConsole;
/** Three simulated cameras, registered, with their catalogs, before any test runs. */
let cams: string[];

test.beforeAll(async () => {
  server = await startConsole();
  cams = (await simStart(server.url, { count: 3, channels: 4 })).deviceIds;
  await waitForDevicesReady(server.url, cams);
});
test.afterAll(async () => {
  await server?.stop();
});

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The tree item of a device: "<name> <id>, online|offline[, n/m channels online]". */
function deviceItem(scope: Page | Locator, name: string, id: string, state: 'online' | 'offline' = 'online'): Locator {
  return scope.getByRole('treeitem', { name: new RegExp(`^${esc(name)} ${id}, ${state}(, \\d+/\\d+ channels online)?$`) });
}

/** Channel totals of a tree item, read from its accessible name. */
async function channelCounts(item: Locator): Promise<{ online: number; total: number }> {
  const m = /(\d+)\/(\d+) channels online$/.exec((await item.getAttribute('aria-label')) ?? '');
  if (!m) throw new Error(`no channel counts in ${await item.getAttribute('aria-label')}`);
  return { online: Number(m[1]), total: Number(m[2]) };
}

/** English phrases (two words or more) that should have been translated, found in the page's visible text. */
async function untranslatedPhrases(page: Page): Promise<string[]> {
  // What devices and the server wrote (log rows, message text, device events, SIP reason phrases) is left out.
  const text = await page.evaluate(() => {
    const body = document.body.cloneNode(true) as HTMLElement;
    body.querySelectorAll('[role="table"], pre, .events, .reason > div:not(.muted)').forEach((el) => el.remove());
    return body.textContent ?? '';
  });
  const found = new Set<string>();
  for (const key of Object.keys(en) as (keyof typeof en)[]) {
    if (en[key] === zh[key]) continue;
    for (const part of en[key].split(/\{\w+\}/)) {
      const phrase = part.trim().replace(/^[\s.,:;·()—-]+|[\s.,:;·()—-]+$/g, '');
      if (phrase.length >= 6 && /[a-z] [a-z]/i.test(phrase) && text.includes(phrase)) found.add(`${key}: ${phrase}`);
    }
  }
  return [...found];
}

test('lays out header, device tree, tabs and status bar at 1280x800 with devices present, without clipped or covered controls', async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(server.url);

  await expect(page.getByRole('heading', { name: 'GB28181 Console', level: 1 })).toBeVisible();
  const sidebar = page.getByRole('complementary', { name: 'Device tree' });
  const statusBar = page.getByRole('contentinfo', { name: 'Status bar' });
  await expect(statusBar.getByTestId('statusbar-sip')).toContainText(`UDP 127.0.0.1:${server.sipPort}`);
  await expect(statusBar.getByTestId('statusbar-devices')).toHaveText('Devices online 3/3');
  await expect(statusBar.getByTestId('statusbar-sessions')).toHaveText('Live sessions 0');
  await expect(statusBar.getByTestId('statusbar-rate')).toHaveText(/^Messages\/s \d+$/);
  await expect(sidebar.getByRole('treeitem')).toHaveCount(3);
  await expect(sidebar.getByTestId('tree-counts')).toContainText('3/3 devices online');

  // A device selected and opened, so the Devices tab shows details and the tree a second level.
  await deviceItem(sidebar, '模拟摄像机1', cams[0]).click();
  await deviceItem(sidebar, '模拟摄像机1', cams[0]).press('ArrowRight');
  await expect(sidebar.getByRole('treeitem', { name: /^大门口 \d{20}, online$/ })).toBeVisible();

  for (const name of TABS) {
    const tab = page.getByRole('tab', { name, exact: true });
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('tabpanel', { name })).toBeVisible();
    if (name === 'Signalling') {
      const newest = page.getByRole('table', { name: 'Signalling messages' }).getByRole('row', { name: /^\d\d:\d\d:\d\d\.\d{3} (received|sent) / }).first();
      await newest.click();
      await expect(page.getByRole('button', { name: 'Show call' })).toBeVisible();
    }
    expect(await layoutProblems(page), `layout of the ${name} tab`).toEqual([]);
    await page.screenshot({ path: `e2e/output/console-${name.toLowerCase()}.png` });
  }

  // Arrow keys move between the main tabs.
  await page.getByRole('tab', { name: 'Live', exact: true }).click();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Recordings', exact: true })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Devices', exact: true })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Devices', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('region', { name: '模拟摄像机1' })).toBeVisible();

  for (const sub of ['Registration problems', 'Camera setup']) {
    await page.getByRole('tab', { name: sub }).click();
    expect(await layoutProblems(page), `layout of ${sub}`).toEqual([]);
    await page.screenshot({ path: `e2e/output/console-${sub === 'Camera setup' ? 'camera-setup' : 'registration-problems'}.png` });
  }

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByRole('tab', { name: 'Device list' }).click();
  expect(await layoutProblems(page), 'layout of the device list in the dark theme').toEqual([]);
  await page.screenshot({ path: 'e2e/output/console-devices-dark.png' });
  await page.getByRole('tab', { name: 'Signalling', exact: true }).click();
  await page.screenshot({ path: 'e2e/output/console-signalling-dark.png' });
  expect(errors).toEqual([]);
});

test('devices appear live in the tree; the keyboard opens them; organisation view, search and the offline filter work', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  // Its own console: the tree must start empty and fill without a reload.
  const own = await startConsole();
  try {
    await page.goto(own.url);
    const sidebar = page.getByRole('complementary', { name: 'Device tree' });
    const tree = sidebar.getByRole('tree', { name: 'Devices and channels' });
    await expect(sidebar.getByText('No devices yet.')).toBeVisible();
    await expect(page.getByTestId('statusbar-devices')).toHaveText('Devices online 0/0');

    const [d1, d2] = (await simStart(own.url, { count: 2, channels: 4 })).deviceIds;
    const dev1 = deviceItem(tree, '模拟摄像机1', d1);
    const dev2 = deviceItem(tree, '模拟摄像机2', d2);
    // Online at once; the channel counts follow when the catalog has arrived.
    await expect(dev1).toBeVisible();
    await expect(dev2).toBeVisible();
    await expect(dev1).toHaveAttribute('aria-label', / channels online$/, { timeout: 15_000 });
    await expect(dev2).toHaveAttribute('aria-label', / channels online$/, { timeout: 15_000 });
    // At least the four cameras (the count may include the catalog's organisation nodes).
    const counts = await channelCounts(dev1);
    expect(counts.total).toBeGreaterThanOrEqual(4);
    expect(counts.online).toBe(counts.total);
    await expect(page.getByTestId('statusbar-devices')).toHaveText('Devices online 2/2');

    // Keyboard: Tab from the filters reaches the tree, ArrowRight opens a device, ArrowRight again enters it.
    await sidebar.getByRole('checkbox', { name: 'Offline only' }).focus();
    await page.keyboard.press('Tab');
    await expect(dev1).toBeFocused();
    await expect(dev1).toHaveAttribute('aria-expanded', 'false');
    await page.keyboard.press('ArrowRight');
    await expect(dev1).toHaveAttribute('aria-expanded', 'true');
    for (const name of CAMERA_NAMES) {
      await expect(tree.getByRole('treeitem', { name: new RegExp(`^${name} \\d{20}, online$`) })).toHaveAttribute('aria-level', '2');
    }
    await page.keyboard.press('ArrowRight');
    const firstChannel = tree.getByRole('treeitem', { level: 2 }).first();
    await expect(firstChannel).toBeFocused();
    const channelLabel = (await firstChannel.getAttribute('aria-label'))!;
    await page.keyboard.press('ArrowDown');
    await expect(tree.getByRole('treeitem', { level: 2 }).nth(1)).toBeFocused();
    await page.keyboard.press('ArrowUp');
    // Enter opens the channel's device in the Devices tab.
    await page.keyboard.press('Enter');
    await expect(page.getByRole('tab', { name: 'Devices', exact: true })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('region', { name: '模拟摄像机1' })).toBeVisible();
    await expect(tree.getByRole('treeitem', { name: channelLabel })).toHaveAttribute('aria-selected', 'true');
    // ArrowLeft goes back to the device, then closes it; ArrowDown moves to the next device.
    await tree.getByRole('treeitem', { name: channelLabel }).focus();
    await page.keyboard.press('ArrowLeft');
    await expect(dev1).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(dev1).toHaveAttribute('aria-expanded', 'false');
    await expect(tree.getByRole('treeitem', { level: 2 })).toHaveCount(0);
    await page.keyboard.press('ArrowDown');
    await expect(dev2).toBeFocused();

    // By organisation: device -> 215 business group -> 216 virtual organisations -> cameras.
    await sidebar.getByRole('radio', { name: 'By organisation' }).check();
    const org = sidebar.getByRole('tree', { name: 'Organisation' });
    const orgDev1 = org.getByRole('treeitem', { name: new RegExp(`^模拟摄像机1 ${d1}, online, 4/4 channels online$`) });
    await expect(orgDev1).toBeVisible();
    await orgDev1.focus();
    await page.keyboard.press('ArrowRight');
    const group = org.getByRole('treeitem', { name: /^园区监控 \d{10}215\d{7}, business group, 4\/4 channels online$/ });
    await expect(group).toHaveAttribute('aria-level', '2');
    await group.click(); // a grouping row opens and closes with a click
    const east = org.getByRole('treeitem', { name: /^东区 \d{10}216\d{7}, virtual organisation, 2\/2 channels online$/ });
    const west = org.getByRole('treeitem', { name: /^西区 \d{10}216\d{7}, virtual organisation, 2\/2 channels online$/ });
    await expect(east).toHaveAttribute('aria-level', '3');
    await expect(west).toHaveAttribute('aria-level', '3');
    await east.click();
    await west.click();
    for (const name of CAMERA_NAMES) {
      await expect(org.getByRole('treeitem', { name: new RegExp(`^${name} \\d{10}131\\d{7}, online$`) })).toHaveAttribute('aria-level', '4');
    }
    await org.getByRole('treeitem', { name: /^大门口 / }).click();
    await expect(page.getByRole('region', { name: '模拟摄像机1' })).toBeVisible();
    expect(await layoutProblems(page), 'layout with the organisation tree open').toEqual([]);
    await readmeShot(page, 'organisation.png');

    // Search in the organisation view keeps the path to the match open.
    await sidebar.getByRole('textbox', { name: 'Search ID or name' }).fill('停车场西');
    await expect(org.getByRole('treeitem', { name: /^停车场西 / })).toHaveCount(2);
    await expect(org.getByRole('treeitem', { name: /^大门口 / })).toHaveCount(0);
    await sidebar.getByRole('textbox', { name: 'Search ID or name' }).fill('');

    // Search by device ID, by Chinese channel name and by Chinese device name in the device view.
    await sidebar.getByRole('radio', { name: 'By device' }).check();
    const search = sidebar.getByRole('textbox', { name: 'Search ID or name' });
    await search.fill(d2);
    await expect(dev2).toBeVisible();
    await expect(dev1).toHaveCount(0);
    await search.fill('一楼大厅');
    await expect(tree.getByRole('treeitem', { name: /^一楼大厅 \d{20}, online$/ })).toHaveCount(2);
    await expect(tree.getByRole('treeitem', { name: /^大门口 / })).toHaveCount(0);
    await expect(dev1).toHaveAttribute('aria-expanded', 'true');
    await search.fill('模拟摄像机2');
    await expect(tree.getByRole('treeitem')).toHaveCount(1);
    await expect(dev2).toBeVisible();
    await search.fill('没有这个设备');
    await expect(sidebar.getByText('Nothing matches the search or filter.')).toBeVisible();
    await search.fill('');

    // Offline only: nothing while both are online; after the simulators stop and one comes back, only the other.
    const offlineOnly = sidebar.getByRole('checkbox', { name: 'Offline only' });
    await offlineOnly.check();
    await expect(sidebar.getByText('Nothing matches the search or filter.')).toBeVisible();
    await offlineOnly.uncheck();
    await simStop(own.url);
    await expect(deviceItem(tree, '模拟摄像机1', d1, 'offline')).toBeVisible();
    await expect(deviceItem(tree, '模拟摄像机2', d2, 'offline')).toBeVisible();
    await expect(page.getByTestId('statusbar-devices')).toHaveText('Devices online 0/2');
    const again = await simStart(own.url, { count: 1, channels: 4 });
    expect(again.deviceIds).toEqual([d1]);
    await expect(dev1).toBeVisible({ timeout: 15_000 });
    await offlineOnly.check();
    await expect(deviceItem(tree, '模拟摄像机2', d2, 'offline')).toBeVisible();
    await expect(tree.getByRole('treeitem', { level: 1 })).toHaveCount(1);
    await offlineOnly.uncheck();
    await expect(tree.getByRole('treeitem', { level: 1 })).toHaveCount(2);
    expect(errors).toEqual([]);
  } finally {
    await own.stop();
  }
});

test('device details show what DeviceInfo, DeviceStatus and the catalog returned; refresh and rename work', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(server.url);
  const sidebar = page.getByRole('complementary', { name: 'Device tree' });
  await deviceItem(sidebar, '模拟摄像机1', cams[0]).click();
  await expect(page.getByRole('tab', { name: 'Devices', exact: true })).toHaveAttribute('aria-selected', 'true');
  const list = page.getByRole('table', { name: 'Registered devices' });
  await expect(list.getByRole('row', { name: `模拟摄像机1 ${cams[0]}, online` })).toHaveAttribute('aria-current', 'true');
  for (const [i, id] of cams.entries()) await expect(list.getByRole('row', { name: `模拟摄像机${i + 1} ${id}, online` })).toBeVisible();

  const details = page.getByRole('region', { name: '模拟摄像机1' });
  const fact = (term: string) => details.getByRole('term').filter({ hasText: new RegExp(`^${esc(term)}$`) }).locator('xpath=following-sibling::dd[1]').first();
  await expect(details.getByRole('paragraph').filter({ hasText: new RegExp(`^${cams[0]}$`) })).toBeVisible();
  await expect(fact('Manufacturer')).toHaveText('GBSim');
  await expect(fact('Model')).toHaveText('SIM-NVR');
  await expect(fact('Firmware')).toHaveText(/^V\d/);
  await expect(fact('Address')).toHaveText(/^UDP 127\.0\.0\.1:\d+$/);
  await expect(fact('Charset')).toHaveText(/GB18030|UTF-8/);
  await expect(fact('Keepalive')).toHaveText("every 60 s, offline after 3 missed (from the device's BasicParam)");
  await expect(fact('Password')).toHaveText('server password');
  const catalog = details.getByRole('progressbar', { name: 'Catalog received' });
  await expect(catalog).toBeVisible();
  const expected = Number(await catalog.getAttribute('max'));
  expect(expected).toBeGreaterThanOrEqual(4);
  await expect(catalog).toHaveAttribute('value', String(expected));
  await expect(fact('Catalog')).toContainText(`${expected} of ${expected} items, complete`);
  await expect(details.getByLabel('DeviceInfo as reported')).toContainText('Manufacturer');
  await expect(details.getByLabel('DeviceInfo as reported')).toContainText('GBSim');
  for (const name of CAMERA_NAMES) await expect(details.getByRole('button', { name: `Play ${name}` })).toBeVisible();

  // Refresh status: DeviceStatus appears where it said "Not received yet".
  await details.getByRole('button', { name: 'Refresh status' }).click();
  await expect(details.getByLabel('DeviceStatus as reported')).toContainText('Online');
  await expect(details.getByRole('button', { name: 'Refresh status' })).toBeEnabled();

  // Refresh catalog: the catalog is received again (a newer time), complete, with the same items.
  const before = (await callApi(server.url, 'device.get', { deviceId: cams[0] })).catalog.updatedAt!;
  await details.getByRole('button', { name: 'Refresh catalog' }).click();
  // the button may still be enabled in the instant after the click: wait for the newer, complete catalog itself
  const newerComplete = async () => {
    const c = (await callApi(server.url, 'device.get', { deviceId: cams[0] })).catalog;
    return (c.updatedAt ?? 0) > before && c.complete;
  };
  await expect.poll(newerComplete, { timeout: 15_000 }).toBe(true);
  await expect(details.getByRole('button', { name: 'Refresh catalog' })).toBeEnabled({ timeout: 15_000 });
  await expect(details.getByRole('alert')).toHaveCount(0);
  await expect(fact('Catalog')).toContainText(`${expected} of ${expected} items, complete`);
  await expect(details.getByRole('list', { name: 'Recent events' })).toContainText('catalog received');

  // Refresh info answers too.
  await details.getByRole('button', { name: 'Refresh info' }).click();
  await expect(details.getByRole('button', { name: 'Refresh info' })).toBeEnabled();
  await expect(details.getByRole('alert')).toHaveCount(0);

  // The tree shows the selected device open on its channels.
  await deviceItem(sidebar, '模拟摄像机1', cams[0]).press('ArrowRight');
  await expect(sidebar.getByRole('treeitem', { name: /^大门口 \d{20}, online$/ })).toBeVisible();
  await readmeShot(page, 'devices.png');

  // Rename the third camera; the tree, the table and the search follow.
  await deviceItem(sidebar, '模拟摄像机3', cams[2]).click();
  const third = page.getByRole('region', { name: '模拟摄像机3' });
  await expect(third.getByRole('textbox', { name: 'Device name' })).toHaveValue('模拟摄像机3');
  await third.getByRole('textbox', { name: 'Device name' }).fill('东门摄像机');
  await third.getByRole('button', { name: 'Save device' }).click();
  await expect(page.getByRole('region', { name: '东门摄像机' })).toBeVisible();
  await expect(deviceItem(sidebar, '东门摄像机', cams[2])).toBeVisible();
  await expect(list.getByRole('row', { name: `东门摄像机 ${cams[2]}, online` })).toBeVisible();
  await sidebar.getByRole('textbox', { name: 'Search ID or name' }).fill('东门');
  await expect(sidebar.getByRole('treeitem', { level: 1 })).toHaveCount(1);
  expect((await callApi(server.url, 'device.get', { deviceId: cams[2] })).name).toBe('东门摄像机');
  expect(errors).toEqual([]);
});

test("filters the signalling log by a device, opens its REGISTER and the call ladder with the 401 and the 200, exports a pcap", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Signalling', exact: true }).click();
  const filters = page.getByRole('search', { name: 'Log filters' });
  await filters.getByRole('textbox', { name: 'Device ID' }).fill(cams[1]);
  const table = page.getByRole('table', { name: 'Signalling messages' });
  const registers = table.getByRole('row', { name: new RegExp(`received REGISTER 127\\.0\\.0\\.1:\\d+ ${cams[1]}$`) });
  // The device's first REGISTER (challenged) and the retry with credentials.
  await expect(registers).toHaveCount(2);
  // Only this device's messages are listed.
  await expect
    .poll(async () => (await table.getByRole('rowgroup').nth(1).getByRole('row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''))).filter((l) => !l.includes(cams[1])))
    .toEqual([]);
  for (const other of [cams[0], cams[2]]) await expect(table.getByRole('row', { name: new RegExp(other) })).toHaveCount(0);
  // Narrowed to REGISTER: the two requests and the server's two answers (a method filter matches responses by CSeq).
  await filters.getByLabel('Method or CmdType').fill('REGISTER');
  await expect(table.getByRole('rowgroup').nth(1).getByRole('row')).toHaveCount(4);
  await expect(table.getByRole('row', { name: new RegExp(`sent 401 Unauthorized 127\\.0\\.0\\.1:\\d+ ${cams[1]}$`) })).toHaveCount(1);
  await expect(table.getByRole('row', { name: new RegExp(`sent 200 OK 127\\.0\\.0\\.1:\\d+ ${cams[1]}$`) })).toHaveCount(1);

  // Open the first (challenged) REGISTER from the keyboard.
  await registers.last().focus();
  await page.keyboard.press('Enter');
  const message = page.getByRole('region', { name: 'received REGISTER' });
  await expect(message).toBeVisible();
  await expect(message.getByLabel('Headers')).toContainText(`REGISTER sip:`);
  await expect(message.getByLabel('Headers')).toContainText(`From: <sip:${cams[1]}@`);
  await expect(message.getByLabel('Headers')).not.toContainText('Authorization:');
  // The retry (clicked) carries the credentials.
  await registers.first().click();
  await expect(message.getByLabel('Headers')).toContainText('Authorization: Digest');
  const callId = (await message.getByRole('term').filter({ hasText: /^Call-ID$/ }).locator('xpath=following-sibling::dd[1]').innerText()).trim();
  expect(callId.length).toBeGreaterThan(4);
  expect(await layoutProblems(page), 'layout of the log with a message open').toEqual([]);
  await readmeShot(page, 'signalling.png');

  await message.getByRole('button', { name: 'Show call' }).click();
  const ladder = page.getByRole('dialog', { name: `Call ${callId}` });
  await expect(ladder).toBeVisible();
  await expect(ladder.getByRole('img', { name: new RegExp(`^Ladder diagram of call ${esc(callId)}: \\d+ messages between the server and ${cams[1]}$`) })).toBeVisible();
  const steps = ladder.getByRole('table', { name: 'Messages of the call' }).getByRole('row');
  await expect(steps.filter({ hasText: /401 Unauthorized/ })).toHaveCount(1);
  await expect(steps.filter({ hasText: /200 OK/ })).toHaveCount(1);
  await expect(steps.filter({ hasText: /REGISTER/ })).toHaveCount(2);
  await expect(steps.filter({ hasText: /401 Unauthorized/ })).toContainText(`Server → Device ${cams[1]}`);
  await expect(steps.filter({ hasText: /REGISTER/ }).first()).toContainText(`Device ${cams[1]} → Server`);
  await readmeShot(page, 'ladder.png');
  // Opening a step of the ladder shows that message.
  await ladder.getByRole('button', { name: /^Open message \d+: 401 Unauthorized$/ }).click();
  await expect(ladder).toBeHidden();
  await expect(page.getByRole('region', { name: 'sent 401 Unauthorized' })).toBeVisible();
  await page.getByRole('button', { name: 'Close message' }).click();
  await expect(page.getByRole('region', { name: /^sent / })).toBeHidden();

  // Export the filtered log as a pcap: the browser downloads it (the console may run on another machine).
  const [pcap] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export pcap' }).click()]);
  expect(pcap.suggestedFilename()).toMatch(/^signalling-\d{8}-\d{6}(-\d+)?\.pcap$/);
  await expect(page.getByTestId('export-saved')).toHaveText(/^Saved signalling-.+\.pcap \(\d+ messages\)\.$/);
  const head = fs.readFileSync((await pcap.path())!).subarray(0, 4).readUInt32LE(0);
  expect([0xa1b2c3d4, 0xa1b23c4d]).toContain(head);
  const [text] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export text log' }).click()]);
  expect(text.suggestedFilename()).toMatch(/\.txt$/);
  expect(fs.readFileSync((await text.path())!, 'utf8')).toContain(cams[1]);

  await filters.getByRole('button', { name: 'Clear filters' }).click();
  await expect(table.getByRole('row', { name: new RegExp(cams[0]) }).first()).toBeVisible();
  expect(errors).toEqual([]);
});

test('a simulated device with a wrong password shows under Registration problems; setting its password lets it in', async ({ page }) => {
  // The simulator retries 10 s after a refused REGISTER; the fix is made before that retry.
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  const { values } = await callApi(server.url, 'settings.get', { reveal: true });
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Devices', exact: true }).click();
  const running = new Set((await callApi(server.url, 'sim.list', {})).deviceIds);
  const bad = (await simStart(server.url, { count: 1, channels: 4, wrongPassword: true })).deviceIds.find((id) => !running.has(id))!;

  const problemsTab = page.getByRole('tab', { name: /^Registration problems/ });
  await expect(problemsTab).toHaveAccessibleName('Registration problems 1');
  await problemsTab.click();
  const problems = page.getByRole('table', { name: 'Registration problems' });
  const row = problems.getByRole('row').filter({ hasText: bad });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('cell').nth(1)).toHaveText(/^UDP 127\.0\.0\.1:\d+$/);
  await expect(row.getByRole('cell').nth(2)).toContainText('Wrong password');
  await expect(row.getByRole('cell').nth(2)).toContainText(`device ${bad} at 127.0.0.1:`);
  await expect(row.getByRole('cell').nth(2)).toContainText('sent a wrong password (1st time)');
  await expect(row.getByRole('cell').nth(3)).toHaveText('1');
  expect(await layoutProblems(page), 'layout of Registration problems with a failure').toEqual([]);
  await readmeShot(page, 'diagnostics.png');

  // The log holds the refused exchange.
  await row.getByRole('button', { name: 'Show its messages' }).click();
  await expect(page.getByRole('tab', { name: 'Signalling', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('textbox', { name: 'Device ID' })).toHaveValue(bad);
  await expect(page.getByRole('table', { name: 'Signalling messages' }).getByRole('row', { name: new RegExp(`sent 403 .* ${bad}$`) })).toHaveCount(1);

  // Store the password the device really uses (the simulator's wrong one is the server's plus "-wrong").
  await page.getByRole('tab', { name: 'Devices', exact: true }).click();
  await problemsTab.click();
  await row.getByRole('button', { name: "Set this device's password" }).click();
  const dialog = page.getByRole('dialog', { name: `Password for device ${bad}` });
  await dialog.getByLabel("Device's own password").fill(`${values.password}-wrong`);
  await dialog.getByRole('button', { name: 'Save password' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Password stored for ${bad}`)).toBeVisible();
  await expect(row).toHaveCount(0);
  await expect(problemsTab).toHaveAccessibleName('Registration problems');
  expect((await callApi(server.url, 'device.get', { deviceId: bad })).hasOwnPassword).toBe(true);

  // At its next attempt the device registers and shows up online with its channels.
  const sidebar = page.getByRole('complementary', { name: 'Device tree' });
  await expect(sidebar.getByRole('treeitem', { name: new RegExp(`^模拟摄像机\\d+ ${bad}, online`) })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('statusbar-devices')).toHaveText('Devices online 4/4');
  await expect(row).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('README picture of the Live tab: four cameras playing, the wall taking the window (live view itself is tested in live.spec.ts)', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Live', exact: true }).click();
  const sidebar = page.getByRole('complementary', { name: 'Device tree' });
  await deviceItem(sidebar, '模拟摄像机1', cams[0]).press('ArrowRight');
  for (const name of CAMERA_NAMES) {
    await sidebar.getByRole('treeitem', { name: new RegExp(`^${name} \\d{20}, online$`) }).click();
    await page.getByRole('button', { name: `Play ${name} (模拟摄像机1)`, exact: true }).click();
  }
  // The session list folded away: the picture is the video wall.
  await page.getByRole('checkbox', { name: 'Session list' }).uncheck();
  // All decoding, with a measured frame rate so the picture shows real figures.
  await expect(page.getByText(/^Playing H\.264 \d+×\d+, \d+ fps/)).toHaveCount(4, { timeout: 30_000 });
  await expect(page.getByTestId('statusbar-sessions')).toHaveText('Live sessions 4');
  await readmeShot(page, 'live.png');
  await page.getByRole('button', { name: 'Stop all' }).click();
  await expect(page.getByTestId('statusbar-sessions')).toHaveText('Live sessions 0');
  expect(errors).toEqual([]);
});

test('the camera set-up panel shows the server ID, domain, address, port and password to type into a camera', async ({ page, request }) => {
  const settings = (await (await request.post(new URL('/api/settings.get', server.url).href, { data: { reveal: true } })).json()) as { values: { password: string } };
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
  await panel.getByRole('button', { name: 'Hide password' }).click();
  await readmeShot(page, 'camera-setup.png');
});

test('switches every tab to Simplified Chinese and back, remembering the choice across a reload', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(server.url);
  await deviceItem(page, '模拟摄像机1', cams[0]).click();
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  const sidebar = page.getByRole('complementary', { name: '设备树' });
  await expect(sidebar).toBeVisible();
  await expect(sidebar.getByRole('treeitem', { name: new RegExp(`^模拟摄像机1 ${cams[0]}, 在线, 在线通道 \\d+/\\d+$`) })).toBeVisible();
  await expect(sidebar.getByRole('radio', { name: '按组织' })).toBeVisible();
  await expect(page.getByRole('contentinfo', { name: '状态栏' })).toContainText(/在线设备 \d\/\d/);

  const expectations: Record<(typeof TABS_ZH)[number], () => Promise<void>> = {
    实时预览: () => expect(page.getByRole('button', { name: '全部停止' })).toBeVisible(),
    设备: async () => {
      await expect(page.getByRole('tab', { name: '摄像机配置' })).toBeVisible();
      await expect(page.getByRole('region', { name: '模拟摄像机1' }).getByRole('button', { name: '刷新目录' })).toBeVisible();
    },
    信令: () => expect(page.getByRole('search', { name: '日志筛选' })).toBeVisible(),
    服务器: () => expect(page.getByRole('heading', { name: '服务器状态' })).toBeVisible(),
    设置: () => expect(page.getByRole('combobox', { name: '准入方式' })).toBeVisible(),
  };
  for (const name of TABS_ZH) {
    await page.getByRole('tab', { name, exact: true }).click();
    await expectations[name]();
    expect(await layoutProblems(page), `layout of the ${name} tab in Chinese`).toEqual([]);
    expect(await untranslatedPhrases(page), `English left on the ${name} tab`).toEqual([]);
  }
  await page.getByRole('tab', { name: '设备', exact: true }).click();
  await page.getByRole('tab', { name: '设备列表' }).click();
  await readmeShot(page, 'zh-devices.png');
  for (const sub of [/^注册问题/, /^摄像机配置$/]) {
    await page.getByRole('tab', { name: sub }).click();
    expect(await layoutProblems(page), `layout of ${String(sub)} in Chinese`).toEqual([]);
    expect(await untranslatedPhrases(page), `English left on ${String(sub)}`).toEqual([]);
  }
  await expect(page.getByRole('region', { name: '如何配置摄像机' })).toContainText('SIP 服务器编号');
  await page.screenshot({ path: 'e2e/output/console-zh-camera-setup.png' });
  await page.getByRole('tab', { name: '信令', exact: true }).click();
  await page.getByRole('table', { name: '信令消息' }).getByRole('row', { name: /^\d\d:\d\d:\d\d\.\d{3} / }).first().click();
  await expect(page.getByRole('button', { name: '查看呼叫' })).toBeVisible();
  expect(await untranslatedPhrases(page), 'English left in the message view').toEqual([]);
  await page.screenshot({ path: 'e2e/output/console-zh-signalling.png' });

  await page.reload();
  await expect(page.getByRole('tab', { name: '信令', exact: true })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  for (const name of TABS) await expect(page.getByRole('tab', { name, exact: true })).toBeVisible();
  await expect(page.getByRole('contentinfo', { name: 'Status bar' })).toContainText('Devices online');
  await expect(deviceItem(page, '模拟摄像机1', cams[0])).toBeVisible();
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Language' })).toHaveValue('en');
  expect(errors).toEqual([]);
});

test('saves admission mode, strict target check and log retention; in allowlist mode a new device is refused until added', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Settings', exact: true }).click();
  await page.getByRole('combobox', { name: 'Admission' }).selectOption('allowlist');
  await page.getByRole('checkbox', { name: 'Reject devices registering to another server ID or domain' }).check();
  await page.getByRole('textbox', { name: 'Keep signalling log for (days)' }).or(page.getByRole('spinbutton', { name: 'Keep signalling log for (days)' })).fill('30');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toContainText('Settings saved');
  await readmeShot(page, 'settings.png');

  const stored = await callApi(server.url, 'settings.get', {});
  expect(stored.values).toMatchObject({ admissionMode: 'allowlist', strictTarget: true, logRetentionDays: 30 });

  await page.reload();
  await page.getByRole('tab', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Admission' })).toHaveValue('allowlist');
  await expect(page.getByRole('checkbox', { name: 'Reject devices registering to another server ID or domain' })).toBeChecked();

  // The camera set-up panel now warns that new devices must be added first.
  await page.getByRole('tab', { name: 'Devices', exact: true }).click();
  await page.getByRole('tab', { name: 'Camera setup' }).click();
  await expect(page.getByRole('region', { name: 'How to configure a camera' })).toContainText('Admission is set to allowlist');

  // A new simulated camera is refused as not on the allowlist; one click adds it and its next attempt gets in.
  const running = new Set((await callApi(server.url, 'sim.list', {})).deviceIds);
  const newcomer = (await simStart(server.url, { count: 1, channels: 2 })).deviceIds.find((id) => !running.has(id))!;
  await page.getByRole('tab', { name: /^Registration problems/ }).click();
  const row = page.getByRole('table', { name: 'Registration problems' }).getByRole('row').filter({ hasText: newcomer });
  await expect(row.getByRole('cell').nth(2)).toContainText('Not on the allowlist');
  await row.getByRole('button', { name: 'Add to allowlist' }).click();
  await expect(page.getByText(`${newcomer} is on the allowlist`)).toBeVisible();
  await expect(row).toHaveCount(0);
  await expect(page.getByRole('treeitem', { name: new RegExp(`^模拟摄像机\\d+ ${newcomer}, online`) })).toBeVisible({ timeout: 30_000 });
  expect((await callApi(server.url, 'device.get', { deviceId: newcomer })).online).toBe(true);
  expect(errors).toEqual([]);
});
