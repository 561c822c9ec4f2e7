// PTZ from the console against a simulated camera: the pad on a live tile moves the head while held and stops on
// release, touch end, window blur, a hidden tab and a closed tab; a box dragged on the video goes out as DragZoomIn
// with the displayed geometry; presets are called and renamed in device details; a reboot is confirmed and watched
// until the device is back; configuration is read and changed.
import { expect, test, type Page } from '@playwright/test';
import type { PtzPositionView } from '../src/shared/contract';
import { callApi, simStart, waitFor, waitForDevicesReady } from './support/api';
import { collectErrors, layoutProblems } from './support/screens';
import { startConsole, type RunningConsole } from './support/serve';

let server: RunningConsole;
let deviceId: string;
let channelId: string;
const CHANNEL = '大门口';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await startConsole();
  [deviceId] = (await simStart(server.url, { count: 1, channels: 2 })).deviceIds;
  await waitForDevicesReady(server.url, [deviceId]);
  const channels = await callApi(server.url, 'channel.list', { deviceId });
  channelId = channels.find((c) => c.name === CHANNEL)!.channelId;
});
test.afterAll(async () => {
  await server?.stop();
});

const at = () => ({ deviceId, channelId });
const position = () => callApi(server.url, 'ptz.position', at());

/** The head's position once two successive reads agree: it has stopped (a moving head changes every read). */
async function settledPosition(): Promise<PtzPositionView> {
  let last: PtzPositionView | undefined;
  return waitFor('the simulated head to stand still', async () => {
    const b = await position();
    const a = last;
    last = b;
    return a?.answered && b.answered && a.pan === b.pan && a.tilt === b.tilt && a.zoom === b.zoom ? b : undefined;
  });
}

async function playWithPtz(page: Page): Promise<void> {
  // a session left by the test before would come back in tile 1
  for (const s of await callApi(server.url, 'live.list', {})) await callApi(server.url, 'live.stop', { sessionId: s.sessionId });
  await waitFor('no live session open', async () => ((await callApi(server.url, 'live.list', {})).length === 0 ? true : undefined));
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Live', exact: true }).click();
  const tree = page.getByRole('tree', { name: 'Devices and channels' });
  const device = tree.getByRole('treeitem', { name: new RegExp(`${deviceId}, online`) });
  if ((await device.getAttribute('aria-expanded')) !== 'true') await device.press('ArrowRight');
  await tree.getByRole('treeitem', { name: new RegExp(`^${CHANNEL} ${channelId}, online$`) }).dblclick();
  await expect(page.getByTestId('tile-status-1')).toHaveText(/^Playing /, { timeout: 20_000 });
  await page.getByRole('button', { name: `PTZ control of ${CHANNEL}` }).click();
  await expect(page.getByRole('group', { name: `PTZ pad for ${CHANNEL}` })).toBeVisible();
}

test('holding Right on the pad moves the camera right; releasing stops it', async ({ page }) => {
  const errors = collectErrors(page);
  await playWithPtz(page);
  const start = await settledPosition();
  const right = page.getByRole('group', { name: `PTZ pad for ${CHANNEL}` }).getByRole('button', { name: 'Right', exact: true });
  await right.hover();
  await page.mouse.down();
  await expect(page.getByTestId('ptz-status')).toHaveText('Moving…');
  // the hold itself: held until the head has turned, read from the camera while the button is down
  await expect.poll(async () => (((await position()).pan! - start.pan! + 360) % 360), { timeout: 10_000 }).toBeGreaterThan(20);
  await page.mouse.up();
  await expect(page.getByTestId('ptz-status')).toHaveText('Stopped.');
  const end = await settledPosition();
  const moved = (end.pan! - start.pan! + 360) % 360;
  expect(moved, `pan ${start.pan} -> ${end.pan}`).toBeGreaterThan(20);
  expect(moved).toBeLessThan(180);
  expect(end.tilt).toBe(start.tilt);
  await page.screenshot({ path: 'e2e/output/ptz-tile-1280.png' });
  expect(await layoutProblems(page)).toEqual([]);
  await page.setViewportSize({ width: 1024, height: 700 });
  // (the open-sessions table is wider than the Live tab at this size; folded away, the tiles get the room)
  await page.getByRole('checkbox', { name: 'Session list' }).uncheck();
  await page.screenshot({ path: 'e2e/output/ptz-tile-1024.png' });
  expect(await layoutProblems(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('the window losing focus while Left is held stops the camera', async ({ page }) => {
  const errors = collectErrors(page);
  await playWithPtz(page);
  const start = await settledPosition();
  const left = page.getByRole('group', { name: `PTZ pad for ${CHANNEL}` }).getByRole('button', { name: 'Left', exact: true });
  await left.hover();
  await page.mouse.down();
  await expect(page.getByTestId('ptz-status')).toHaveText('Moving…');
  await expect.poll(async () => (await position()).pan, { message: 'the head turns left' }).not.toBe(start.pan);
  await page.evaluate(() => window.dispatchEvent(new Event('blur')));
  // still holding the button: only the blur can have stopped it
  const stopped = await settledPosition();
  await expect(page.getByTestId('ptz-status')).toHaveText('Stopped.');
  await page.mouse.up();
  expect((await settledPosition()).pan).toBe(stopped.pan);
  expect(errors).toEqual([]);
});

test('the tab turning hidden while Up is held stops the camera', async ({ page }) => {
  const errors = collectErrors(page);
  await playWithPtz(page);
  const start = await settledPosition();
  const up = page.getByRole('group', { name: `PTZ pad for ${CHANNEL}` }).getByRole('button', { name: 'Up', exact: true });
  await up.hover();
  await page.mouse.down();
  await expect(page.getByTestId('ptz-status')).toHaveText('Moving…');
  await expect.poll(async () => (await position()).tilt, { message: 'the head tilts up' }).not.toBe(start.tilt);
  // what the browser does when the installer switches to another tab (the window keeps its focus)
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const stopped = await settledPosition();
  await expect(page.getByTestId('ptz-status')).toHaveText('Stopped.');
  await page.mouse.up();
  expect((await settledPosition()).tilt).toBe(stopped.tilt);
  expect(errors).toEqual([]);
});

test('closing the tab while Right is held on the device details pad stops the camera, even when the page cannot send the stop', async ({ page }) => {
  // no live session: its end would stop the head too; only the API client going away is left
  for (const s of await callApi(server.url, 'live.list', {})) await callApi(server.url, 'live.stop', { sessionId: s.sessionId });
  await waitFor('no live session open', async () => ((await callApi(server.url, 'live.list', {})).length === 0 ? true : undefined));
  await openOperations(page, 'PTZ');
  const start = await settledPosition();
  const right = page.getByRole('group', { name: `PTZ pad for ${CHANNEL}` }).getByRole('button', { name: 'Right', exact: true });
  await right.hover();
  await page.mouse.down();
  await expect(page.getByTestId('ptz-status')).toHaveText('Moving…');
  await expect.poll(async () => (await position()).pan, { message: 'the head turns right' }).not.toBe(start.pan);
  // a closing page may still send its own stop (visibilitychange); refused in the page (a route would be released
  // as the page closes), only the server's client-gone path is left
  await page.evaluate(() => {
    const send = window.fetch.bind(window);
    window.fetch = (input, init) => (String(input).includes('/api/ptz.stop') ? Promise.reject(new Error('the tab is closing')) : send(input, init));
  });
  await page.close();
  // a moving head changes between two reads: settled means the server stopped it when the tab's event socket closed
  const stopped = await settledPosition();
  expect((stopped.pan! - start.pan! + 360) % 360).toBeGreaterThan(0);
});

test.describe('on a touch screen', () => {
  test.use({ hasTouch: true });

  test('a finger held on Left moves the camera and lifting it stops it', async ({ page }) => {
    const errors = collectErrors(page);
    await playWithPtz(page);
    const pad = page.getByRole('group', { name: `PTZ pad for ${CHANNEL}` });
    const status = page.getByTestId('ptz-status');
    const left = pad.getByRole('button', { name: 'Left', exact: true });
    const box = (await left.boundingBox())!;
    const finger = { x: box.x + box.width / 2, y: box.y + box.height / 2, id: 1 };
    const cdp = await page.context().newCDPSession(page);

    const start = await settledPosition();
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [finger] });
    await expect(status).toHaveText('Moving…');
    await expect.poll(async () => (await position()).pan, { message: 'the head turns left' }).not.toBe(start.pan);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expect(status).toHaveText('Stopped.');
    const afterTouch = await settledPosition();
    expect(afterTouch.pan).not.toBe(start.pan);

    // a browser that ends the touch without a pointerup (e.g. the finger slid off the screen edge): touchend alone stops it
    const down = pad.getByRole('button', { name: 'Down', exact: true });
    await down.dispatchEvent('pointerdown', { pointerType: 'touch', pointerId: 2, isPrimary: true, button: 0, buttons: 1 });
    await expect(status).toHaveText('Moving…');
    await expect.poll(async () => (await position()).tilt, { message: 'the head tilts down' }).not.toBe(afterTouch.tilt);
    await down.dispatchEvent('touchend');
    await expect(status).toHaveText('Stopped.');
    const end = await settledPosition();
    expect(end.tilt!).toBeLessThan(afterTouch.tilt!);
    expect(errors).toEqual([]);
  });
});

test('arrow keys on the focused video move the camera while held', async ({ page }) => {
  await playWithPtz(page);
  const start = await settledPosition();
  const video = page.getByRole('application', { name: new RegExp(`^Video of ${CHANNEL}`) });
  await video.focus();
  await page.keyboard.down('ArrowUp');
  await expect.poll(async () => (await position()).tilt, { message: 'the head tilts up' }).toBeGreaterThan(start.tilt!);
  await page.keyboard.up('ArrowUp');
  const end = await settledPosition();
  expect(end.tilt!).toBeGreaterThan(start.tilt!);
});

test('a box dragged on the video goes out as DragZoomIn with the displayed picture geometry; dragged left, DragZoomOut', async ({ page }) => {
  const errors = collectErrors(page);
  await playWithPtz(page);
  const surface = page.getByRole('application', { name: new RegExp(`^Video of ${CHANNEL}`) });
  const r = (await surface.boundingBox())!;
  // the picture (640x360) letterboxed in the surface
  const scale = Math.min(r.width / 640, r.height / 360);
  const pic = { left: r.x + (r.width - 640 * scale) / 2, top: r.y + (r.height - 360 * scale) / 2, width: 640 * scale, height: 360 * scale };
  const from = { x: pic.left + pic.width * 0.2, y: pic.top + pic.height * 0.3 };
  const to = { x: pic.left + pic.width * 0.5, y: pic.top + pic.height * 0.6 };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByTestId('ptz-status')).toHaveText(/^Zoom in to box \d+×\d+ at \d+,\d+ of \d+×\d+: sent\./);

  const sent = await waitFor('the DragZoomIn MESSAGE in the signalling log', async () => {
    const { messages } = await callApi(server.url, 'log.query', { deviceId, direction: 'out', text: 'DragZoomIn', limit: 1 });
    return messages[0] ? callApi(server.url, 'log.get', { id: messages[0].id }) : undefined;
  });
  const field = (name: string) => Number(new RegExp(`<${name}>(\\d+)</${name}>`).exec(sent.text)?.[1]);
  expect(Math.abs(field('Length') - pic.width)).toBeLessThanOrEqual(1);
  expect(Math.abs(field('Width') - pic.height)).toBeLessThanOrEqual(1);
  expect(Math.abs(field('MidPointX') - pic.width * 0.35)).toBeLessThanOrEqual(2);
  expect(Math.abs(field('MidPointY') - pic.height * 0.45)).toBeLessThanOrEqual(2);
  expect(Math.abs(field('LengthX') - pic.width * 0.3)).toBeLessThanOrEqual(2);
  expect(Math.abs(field('LengthY') - pic.height * 0.3)).toBeLessThanOrEqual(2);

  await page.mouse.move(to.x, to.y);
  await page.mouse.down();
  await page.mouse.move(from.x, from.y, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByTestId('ptz-status')).toHaveText(/^Zoom out from box /);
  await waitFor('the DragZoomOut MESSAGE', async () => (await callApi(server.url, 'log.query', { deviceId, direction: 'out', text: 'DragZoomOut', limit: 1 })).messages[0]);
  expect(errors).toEqual([]);
});

/** Device details of the simulated camera with its channel selected, on the given operations sub-tab. */
async function openOperations(page: Page, section: 'PTZ' | 'Control' | 'Configuration'): Promise<void> {
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Devices', exact: true }).click();
  const tree = page.getByRole('tree', { name: 'Devices and channels' });
  const device = tree.getByRole('treeitem', { name: new RegExp(`${deviceId}, online`) });
  if ((await device.getAttribute('aria-expanded')) !== 'true') await device.press('ArrowRight');
  await tree.getByRole('treeitem', { name: new RegExp(`^${CHANNEL} ${channelId}, online$`) }).click();
  await page.getByRole('tablist', { name: 'Device operations' }).getByRole('tab', { name: section, exact: true }).click();
}

test('a preset is called and renamed from device details', async ({ page }) => {
  const errors = collectErrors(page);
  // preset 3 stored at pan 40 by the API; the head is then sent elsewhere
  await callApi(server.url, 'ptz.precise', { ...at(), pan: 40, tilt: 0, zoom: 1 });
  await callApi(server.url, 'ptz.preset', { ...at(), action: 'set', index: 3, name: 'Gate' });
  await callApi(server.url, 'ptz.precise', { ...at(), pan: 200, tilt: -10, zoom: 2 });
  expect((await settledPosition()).pan).toBe(200);

  await openOperations(page, 'PTZ');
  const table = page.getByRole('table', { name: 'Presets' });
  await expect(table.getByRole('row', { name: /^3 Gate/ })).toBeVisible();
  await table.getByRole('button', { name: 'Call preset 3 Gate' }).click();
  await expect(page.getByTestId('presets-outcome')).toHaveText(/^Call preset 3 Gate: sent\./);
  await expect.poll(async () => (await position()).pan, { message: 'the head goes back to preset 3' }).toBe(40);

  await table.getByRole('button', { name: 'Rename preset 3 Gate' }).click();
  await table.getByRole('textbox', { name: 'New name of preset 3' }).fill('North gate');
  await table.getByRole('button', { name: 'Save name' }).click();
  await expect(table.getByRole('row', { name: /^3 North gate/ })).toBeVisible();
  await expect(page.getByTestId('presets-outcome')).toHaveText('Preset 3 is now named "North gate" (kept by the console).');
  const { presets } = await callApi(server.url, 'ptz.presets', at());
  expect(presets.find((p) => p.index === 3)?.name).toBe('North gate');

  await page.screenshot({ path: 'e2e/output/ptz-details-1280.png', fullPage: true });
  expect(await layoutProblems(page)).toEqual([]);
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.screenshot({ path: 'e2e/output/ptz-details-1024.png' });
  expect(await layoutProblems(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('reboot asks first, then the console watches the device come back and says how long it took', async ({ page }) => {
  const errors = collectErrors(page);
  await openOperations(page, 'Control');
  await page.getByRole('button', { name: 'Reboot', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /^Reboot / });
  await expect(dialog).toContainText(deviceId);
  await page.screenshot({ path: 'e2e/output/control-reboot-dialog.png' });
  await dialog.getByRole('button', { name: 'Reboot now' }).click();
  await expect(page.getByTestId('control-outcome')).toHaveText(/^Reboot: sent\./);
  await expect(page.getByTestId('reboot-state')).toHaveText(`Rebooting: waiting for ${deviceId} to register again…`);
  await expect(page.getByTestId('reboot-state')).toHaveText(new RegExp(`^${deviceId} registered again \\d+\\.\\d s after the reboot command\\.$`), { timeout: 30_000 });

  // Commands with a Response show the device's Result, not the MESSAGE's 200.
  await waitForDevicesReady(server.url, [deviceId]);
  await page.getByRole('button', { name: 'Arm (guard)' }).click();
  await expect(page.getByTestId('control-outcome')).toHaveText('Arm (guard): the device answered OK.');
  await page.getByRole('button', { name: 'Request I-frame' }).click();
  await expect(page.getByTestId('control-outcome')).toHaveText(/^Request I-frame: sent\. GB\/T 28181 devices do not answer this command/);
  await page.screenshot({ path: 'e2e/output/control-1280.png' });
  expect(await layoutProblems(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('configuration: every ConfigDownload type as a readable panel with its raw XML; BasicParam and the other types checked, then sent, answered and read back', async ({ page }) => {
  const errors = collectErrors(page);
  await waitForDevicesReady(server.url, [deviceId]);
  await openOperations(page, 'Configuration');
  await page.getByRole('button', { name: 'Read configuration' }).click();
  const basic = page.getByRole('region', { name: 'Basic parameters' });
  await expect(basic.getByText('HeartBeatInterval', { exact: true })).toBeVisible({ timeout: 20_000 });
  for (const name of ['Video parameter options', 'Recording plan', 'Alarm recording', 'Picture mask', 'Frame mirror', 'Alarm report', 'On-screen display', 'Snapshot']) {
    await expect(page.getByRole('region', { name })).toBeVisible();
  }
  await basic.getByRole('button', { name: 'Raw XML of Basic parameters' }).click();
  await expect(basic.getByLabel('Raw XML of Basic parameters')).toContainText('<CmdType>ConfigDownload</CmdType>');

  const form = page.getByRole('form', { name: 'Change basic parameters' });
  const interval = form.getByRole('spinbutton', { name: 'Heartbeat interval (s, 5-3600)' });
  await interval.fill('2');
  await form.getByRole('button', { name: 'Send to device' }).click();
  await expect(form.getByText('Must be a whole number from 5 to 3600.')).toBeVisible();
  await expect(interval).toHaveAttribute('aria-invalid', 'true');
  await interval.fill('45');
  await form.getByRole('button', { name: 'Send to device' }).click();
  await expect(page.getByRole('form', { name: 'Change basic parameters' }).getByRole('status')).toHaveText('Change basic parameters: the device answered OK.');
  await expect(page.getByRole('region', { name: 'Basic parameters' }).getByText('45', { exact: true })).toBeVisible();

  // the other types the device takes: checked here, applied by the device, read back
  const alarmRecord = page.getByRole('form', { name: 'Change Alarm recording' });
  const preRecord = alarmRecord.getByRole('spinbutton', { name: 'Record before alarm (s, 0-30)' });
  await preRecord.fill('31');
  await alarmRecord.getByRole('button', { name: 'Send to device' }).click();
  await expect(alarmRecord.getByText('Must be a whole number from 0 to 30.')).toBeVisible();
  await expect(preRecord).toHaveAttribute('aria-invalid', 'true');
  await preRecord.fill('12');
  await alarmRecord.getByRole('checkbox', { name: 'Recording on' }).check();
  await alarmRecord.getByRole('button', { name: 'Send to device' }).click();
  await expect(alarmRecord.getByRole('status')).toHaveText('Change Alarm recording: the device answered OK.');
  const alarmPanel = page.getByRole('region', { name: 'Alarm recording' });
  const fact = (name: string) => alarmPanel.locator('.fact', { has: page.locator('dt', { hasText: new RegExp(`^${name}$`) }) }).locator('dd');
  await expect(fact('PreRecordTime')).toHaveText('12');
  await expect(fact('RecordEnable')).toHaveText('1');
  const mirror = page.getByRole('form', { name: 'Change Frame mirror' });
  await mirror.getByRole('combobox', { name: 'Mirror' }).selectOption({ label: 'Up-down' });
  await mirror.getByRole('button', { name: 'Send to device' }).click();
  await expect(mirror.getByRole('status')).toHaveText('Change Frame mirror: the device answered OK.');
  await expect(mirror.getByRole('combobox', { name: 'Mirror' })).toHaveValue('2');
  const { panels } = await callApi(server.url, 'device.config.get', { deviceId, types: ['FrameMirror', 'VideoAlarmRecord'] });
  expect(panels.map((p) => p.values)).toEqual([expect.objectContaining({ FrameMirror: '2' }), expect.objectContaining({ PreRecordTime: '12', RecordEnable: '1' })]);
  await page.screenshot({ path: 'e2e/output/config-1280.png' });
  expect(await layoutProblems(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('the pad, the PTZ panels and the configuration forms in Chinese fit at 1024x700', async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1024, height: 700 });
  await playWithPtz(page);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await expect(page.getByRole('group', { name: `${CHANNEL} 的云台控制盘` })).toBeVisible();
  await page.getByRole('checkbox', { name: '会话列表' }).uncheck();
  await page.screenshot({ path: 'e2e/output/ptz-tile-zh-1024.png' });
  expect(await layoutProblems(page)).toEqual([]);
  await page.getByRole('tab', { name: '设备', exact: true }).click();
  await page.getByRole('tablist', { name: '设备操作' }).getByRole('tab', { name: '云台', exact: true }).click();
  await expect(page.getByRole('group', { name: `${CHANNEL} 的云台控制盘` })).toBeVisible();
  await page.screenshot({ path: 'e2e/output/ptz-details-zh-1024.png' });
  expect(await layoutProblems(page)).toEqual([]);

  await page.getByRole('tablist', { name: '设备操作' }).getByRole('tab', { name: '配置', exact: true }).click();
  await page.getByRole('button', { name: '读取配置' }).click();
  const osd = page.getByRole('form', { name: '修改字符叠加' });
  const timeX = osd.getByRole('spinbutton', { name: '时间位置 X（像素）' });
  await expect(timeX).toBeVisible({ timeout: 20_000 });
  await timeX.fill('5000');
  await osd.getByRole('button', { name: '发送到设备' }).click();
  await expect(osd.getByText('必须在画面之内：0 到 1920。')).toBeVisible();
  await page.screenshot({ path: 'e2e/output/config-zh-1024.png' });
  expect(await layoutProblems(page)).toEqual([]);
  expect(errors).toEqual([]);
});
