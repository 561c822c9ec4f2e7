// What the console shows must be the state the server has: channels of an offline device, last-seen times,
// sessions left open, the fixes offered for a registration problem, the page that must not scroll, the layout at
// small windows, and a device's messages that include its channels' calls.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { callApi, simStart, simStop, waitForDevicesReady } from './support/api';
import { collectErrors, layoutProblems } from './support/screens';
import { startSimCli } from './support/sim-cli';
import { startConsole, type RunningConsole } from './support/serve';

let own: RunningConsole | null = null;
test.afterEach(async () => {
  await own?.stop();
  own = null;
});

/** A console of its own with `count` simulated devices of 4 cameras, registered with their catalogs. */
async function consoleWithDevices(count: number): Promise<{ server: RunningConsole; ids: string[] }> {
  own = await startConsole();
  const ids = (await simStart(own.url, { count, channels: 4 })).deviceIds;
  await waitForDevicesReady(own.url, ids);
  return { server: own, ids };
}

function sidebarOf(page: Page): Locator {
  return page.getByRole('complementary', { name: 'Device tree' });
}

test('channels of an offline device show offline with the reason, its counts drop, and "Offline only" lists them', async ({ page }) => {
  const errors = collectErrors(page);
  const { server, ids } = await consoleWithDevices(1);
  const [id] = ids;
  await page.goto(server.url);
  const tree = sidebarOf(page).getByRole('tree', { name: 'Devices and channels' });
  const device = tree.getByRole('treeitem', { name: new RegExp(`^模拟摄像机1 ${id}, online, 4/4 channels online$`) });
  await device.click();
  await device.press('ArrowRight');
  await expect(tree.getByRole('treeitem', { name: /^大门口 \d{20}, online$/ })).toBeVisible();
  await expect(sidebarOf(page).getByTestId('tree-counts')).toHaveText('1/1 devices online · 4/4 channels');

  await simStop(server.url);
  await expect(tree.getByRole('treeitem', { name: new RegExp(`^模拟摄像机1 ${id}, offline, 0/4 channels online$`) })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: /^大门口 \d{20}, offline, device offline$/ })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: /, online/ })).toHaveCount(0);
  await expect(sidebarOf(page).getByTestId('tree-counts')).toHaveText('0/1 devices online · 0/4 channels');

  // The details: every channel offline, none playable, and why.
  const details = page.getByRole('region', { name: '模拟摄像机1' });
  await expect(details.getByText('Its device is offline, so its channels cannot play.')).toBeVisible();
  await expect(details.getByRole('button', { name: 'Play 大门口' })).toBeDisabled();
  await expect(details.getByRole('table', { name: 'Channels' }).getByText('online', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Registered devices' }).getByRole('row', { name: `模拟摄像机1 ${id}, offline` })).toContainText('0/4');

  // "Offline only" keeps the device and lists its four channels.
  await sidebarOf(page).getByRole('checkbox', { name: 'Offline only' }).check();
  await expect(tree.getByRole('treeitem', { level: 2, name: /, offline, device offline$/ })).toHaveCount(4);
  expect(errors).toEqual([]);
});

test('"Last seen" follows the keepalives in the device list and the details without a reload', async ({ page }) => {
  const errors = collectErrors(page);
  own = await startConsole();
  const id = '34020000001320000077';
  const sim = await startSimCli(own, ['--devices', '1', '--channels', '1', '--id-base', id, '--keepalive', '2', '--quiet']);
  try {
    await waitForDevicesReady(own.url, [id]);
    await page.goto(own.url);
    await sidebarOf(page).getByRole('treeitem', { name: new RegExp(`^\\S+ ${id}, online`) }).click();
    const details = page.getByRole('region', { name: /./ }).filter({ has: page.getByRole('heading', { level: 2 }) }).filter({ hasText: id });
    const lastSeen = details.getByRole('term').filter({ hasText: /^Last seen$/ }).locator('xpath=following-sibling::dd[1]');
    await expect(lastSeen).not.toHaveText('—');
    const serverFirst = (await callApi(own.url, 'device.get', { deviceId: id })).lastSeenAt!;
    // Keepalives every 2 s move the server's value; the page shows one at least 10 s later without being asked.
    const shown = async () => Date.parse((await lastSeen.locator('time').getAttribute('datetime')) ?? '');
    await expect.poll(shown, { timeout: 30_000 }).toBeGreaterThanOrEqual(serverFirst + 10_000);
    await expect(lastSeen).toHaveText(/\((\d+ sec\. ago|now)\)$/);
    expect(errors).toEqual([]);
  } finally {
    await sim.stop();
  }
});

test('"Stop all" with one channel in two tiles ends the session: nothing is left streaming', async ({ page }) => {
  const errors = collectErrors(page);
  const { server, ids } = await consoleWithDevices(1);
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Live', exact: true }).click();
  await page.getByRole('combobox', { name: 'Tiles' }).selectOption('4');
  const tree = sidebarOf(page).getByRole('tree', { name: 'Devices and channels' });
  await tree.getByRole('treeitem', { name: new RegExp(`${ids[0]}, online`) }).press('ArrowRight');
  await tree.getByRole('treeitem', { name: /^大门口 \d{20}, online$/ }).click();
  await page.getByRole('button', { name: /^Play 大门口 \([^)]+\)$/ }).click();
  await expect(page.getByTestId('tile-status-1')).toHaveText(/^Playing /, { timeout: 20_000 });
  await page.getByRole('button', { name: /^Play 大门口 \([^)]+\) in tile 2$/ }).click();
  await expect(page.getByTestId('tile-status-2')).toHaveText(/^Playing /, { timeout: 20_000 });
  await expect(page.getByTestId('statusbar-sessions')).toHaveText('Live sessions 1');
  await expect.poll(async () => (await callApi(server.url, 'live.list', {}))[0]?.viewers).toBe(2);

  await page.getByRole('button', { name: 'Stop all' }).click();
  await expect(page.getByRole('listitem', { name: 'Tile 1: empty' })).toBeVisible();
  await expect(page.getByRole('listitem', { name: 'Tile 2: empty' })).toBeVisible();
  await expect.poll(async () => (await callApi(server.url, 'live.list', {})).length, { timeout: 15_000 }).toBe(0);
  await expect(page.getByTestId('statusbar-sessions')).toHaveText('Live sessions 0');
  await expect(page.getByRole('button', { name: 'Stop all' })).toBeDisabled();
  expect(errors).toEqual([]);
});

test('a wrong-password row offers only the fixes for a wrong password, and none of them adds a device', async ({ page }) => {
  const errors = collectErrors(page);
  own = await startConsole();
  const [bad] = (await simStart(own.url, { count: 1, channels: 2, wrongPassword: true })).deviceIds;
  await page.goto(own.url);
  await page.getByRole('tab', { name: 'Devices', exact: true }).click();
  await page.getByRole('tab', { name: /^Registration problems/ }).click();
  const row = page.getByRole('table', { name: 'Registration problems' }).getByRole('row').filter({ hasText: bad });
  await expect(row.getByRole('cell').nth(2)).toContainText('Wrong password');
  // Open admission: the allowlist does not refuse it, so adding it there would fix nothing.
  await expect(row.getByRole('button', { name: 'Add to allowlist' })).toHaveCount(0);
  await expect(row.getByRole('button', { name: "Set this device's password" })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Dismiss' })).toBeVisible();
  await expect(sidebarOf(page).getByRole('treeitem')).toHaveCount(0);
  expect(errors).toEqual([]);
});

/** How far the window itself can scroll (only panels may). */
function windowOverflow(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => ({
    x: document.documentElement.scrollWidth - window.innerWidth,
    y: document.documentElement.scrollHeight - window.innerHeight,
  }));
}

test('with a device selected only the panels scroll, never the window', async ({ page }) => {
  const errors = collectErrors(page);
  const { server, ids } = await consoleWithDevices(1);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(server.url);
  await sidebarOf(page).getByRole('treeitem', { name: new RegExp(`${ids[0]}, online`) }).click();
  await expect(page.getByRole('region', { name: '模拟摄像机1' }).getByRole('button', { name: 'Play 大门口' })).toBeVisible();
  expect(await windowOverflow(page)).toEqual({ x: 0, y: 0 });
  await page.mouse.move(900, 500);
  await page.mouse.wheel(0, 2000);
  await expect(page.getByRole('tab', { name: 'Devices', exact: true })).toBeInViewport();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  expect(errors).toEqual([]);
});

test('at 1024x700 nothing is cut off on any tab; at 800x600 the layout stacks without a horizontal scrollbar', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  const { server, ids } = await consoleWithDevices(1);
  for (const [width, height] of [
    [1024, 700],
    [800, 600],
  ]) {
    await page.setViewportSize({ width, height });
    await page.goto(server.url);
    await sidebarOf(page).getByRole('treeitem', { name: new RegExp(`${ids[0]}, online`) }).click();
    for (const name of ['Live', 'Devices', 'Signalling', 'Server', 'Settings']) {
      await page.getByRole('tab', { name, exact: true }).click();
      if (name === 'Signalling') {
        await page.getByRole('table', { name: 'Signalling messages' }).getByRole('row', { name: /^\d\d:\d\d:\d\d\.\d{3} / }).first().click();
        await expect(page.getByRole('button', { name: 'Show call' })).toBeVisible();
      }
      expect(await layoutProblems(page), `layout of the ${name} tab at ${width}x${height}`).toEqual([]);
      expect(await windowOverflow(page), `window scroll on the ${name} tab at ${width}x${height}`).toEqual({ x: 0, y: 0 });
      await page.screenshot({ path: `e2e/output/state-${name.toLowerCase()}-${width}.png` });
    }
  }
  expect(errors).toEqual([]);
});

test("a device's signalling messages include the INVITE and BYE of its channels' calls", async ({ page }) => {
  const errors = collectErrors(page);
  const { server, ids } = await consoleWithDevices(1);
  const [channel] = (await callApi(server.url, 'channel.list', { deviceId: ids[0] })).filter((c) => /^\d{10}13[12]/.test(c.channelId));
  const session = await callApi(server.url, 'live.start', { deviceId: ids[0], channelId: channel.channelId, transport: 'udp' });
  await callApi(server.url, 'live.stop', { sessionId: session.sessionId });
  await expect.poll(async () => (await callApi(server.url, 'live.list', {})).length, { timeout: 15_000 }).toBe(0);

  await page.goto(server.url);
  await sidebarOf(page).getByRole('treeitem', { name: new RegExp(`${ids[0]}, online`) }).click();
  await page.getByRole('region', { name: '模拟摄像机1' }).getByRole('button', { name: 'Show its messages' }).click();
  await expect(page.getByRole('textbox', { name: 'Device ID' })).toHaveValue(ids[0]);
  const table = page.getByRole('table', { name: 'Signalling messages' });
  await expect(table.getByRole('row', { name: new RegExp(`sent INVITE 127\\.0\\.0\\.1:\\d+ ${channel.channelId}$`) })).toHaveCount(1);
  await expect(table.getByRole('row', { name: new RegExp(`sent BYE 127\\.0\\.0\\.1:\\d+ ${channel.channelId}$`) })).toHaveCount(1);
  // The device's own messages are still there.
  await expect(table.getByRole('row', { name: new RegExp(`received REGISTER 127\\.0\\.0\\.1:\\d+ ${ids[0]}$`) }).first()).toBeVisible();
  expect(errors).toEqual([]);
});

test('at 1024x700 on the Live tab a playing session keeps its Stop buttons in view (tile and session list)', async ({ page }) => {
  const { server, ids } = await consoleWithDevices(1);
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(server.url);
  const tree = sidebarOf(page).getByRole('tree', { name: 'Devices and channels' });
  const device = tree.getByRole('treeitem', { name: new RegExp(`${ids[0]}, online, 4/4 channels online$`) });
  await device.click();
  await device.press('ArrowRight');
  await tree.getByRole('treeitem', { name: /^大门口 \d{20}, online$/ }).click();
  await page.getByRole('tab', { name: 'Live', exact: true }).click();
  await page.getByRole('button', { name: /^Play 大门口 \([^)]+\)$/ }).click();
  const sessions = page.getByRole('region', { name: /^Open sessions/ });
  const stop = sessions.getByRole('button', { name: /^Stop live view of 大门口/ });
  await expect(stop).toBeVisible();
  await expect(stop).toBeInViewport({ ratio: 1 });
  await expect(page.getByRole('listitem', { name: /^Tile 1: 大门口/ }).getByRole('button', { name: /^Stop live view of 大门口/ })).toBeInViewport({ ratio: 1 });
  await stop.click();
  await expect(page.getByTestId('live-no-sessions')).toBeVisible();
});
