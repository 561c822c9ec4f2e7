// Live view end to end: a simulated camera registers with the console, a channel is played in a tile (WebCodecs
// in Debian Chromium), snapshot and MP4 recording are downloaded and checked, every transport is tried, an H.265
// camera plays (WebAssembly decoder where Chromium has none), and stopping empties the session list.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { waitForDecodedFrames } from './support/live-tile';
import { startConsole, type RunningConsole } from './support/serve';

const run = promisify(execFile);
const PASSWORD = 'e2e-live-pw';
const OUT = 'e2e/output';

let server: RunningConsole;
let deviceId: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ request }) => {
  server = await startConsole({ args: ['--password', PASSWORD] });
  const res = await request.post(new URL('/api/sim.start', server.url).toString(), { data: { count: 1, channels: 2 } });
  expect(res.ok(), await res.text()).toBe(true);
  const view = (await res.json()) as { deviceIds: string[] };
  deviceId = view.deviceIds[0];
});
test.afterAll(async () => {
  await server?.stop();
});

/** The device row in the tree once it is online, expanded so its channels show. */
async function openDeviceInTree(page: Page, id: string): Promise<void> {
  const tree = page.getByRole('tree', { name: 'Devices and channels' });
  const device = tree.getByRole('treeitem', { name: new RegExp(`${id}, online`) });
  await expect(device).toBeVisible({ timeout: 20_000 });
  // A device is online before its catalog arrives; until it has channels the row has nothing to expand.
  await expect(device).toHaveAttribute('aria-expanded', /^(true|false)$/, { timeout: 20_000 });
  if ((await device.getAttribute('aria-expanded')) !== 'true') {
    await device.focus();
    await device.press('ArrowRight');
  }
  await expect(device).toHaveAttribute('aria-expanded', 'true');
}

/** Camera channels (type 131/132) under the expanded device: name, ID and tree row, in tree order. */
async function cameraChannels(page: Page, device: string): Promise<{ name: string; id: string; row: Locator }[]> {
  const rows = page.getByRole('tree', { name: 'Devices and channels' }).getByRole('treeitem', { level: 2 });
  const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  const domain = device.slice(0, 10);
  const out: { name: string; id: string; row: Locator }[] = [];
  labels.forEach((label, i) => {
    const m = new RegExp(`^(.*) (${domain}13[12]\\d{7}), online$`).exec(label);
    if (m) out.push({ name: m[1], id: m[2], row: rows.nth(i) });
  });
  expect(out.length, `camera channels of ${device} in the tree (${labels.join(' | ')})`).toBeGreaterThan(0);
  return out;
}

/**
 * Selects the device's n-th camera channel in the tree (on the Live tab the selection stays there) and presses
 * Play in the toolbar.
 */
async function playChannel(page: Page, n: number, device = deviceId): Promise<{ name: string; id: string }> {
  const channel = (await cameraChannels(page, device))[n];
  await channel.row.click();
  await expect(channel.row).toHaveAttribute('aria-selected', 'true');
  // The toolbar's button names the channel with its device: "Play 大门口 (模拟摄像机1)".
  await page.getByRole('button', { name: new RegExp(`^Play ${channel.name} \\([^)]+\\)$`) }).click();
  return { name: channel.name, id: channel.id };
}

async function stopTileAndWaitForEmptyList(page: Page, tile: number, channelName: string): Promise<void> {
  await page.getByRole('listitem', { name: `Tile ${tile}: ${channelName}` }).getByRole('button', { name: `Stop live view of ${channelName}` }).click();
  await expect(page.getByRole('listitem', { name: `Tile ${tile}: empty` })).toBeVisible();
  // The server keeps the call for a short linger after the last viewer leaves, then hangs up.
  await expect(page.getByTestId('live-no-sessions')).toHaveText('No live sessions.', { timeout: 15_000 });
  await expect(page.getByRole('table', { name: /^Open sessions/ })).toHaveCount(0);
}

/** The one row of the session list: channel named with its device and its ID, transport, media address, SSRC (live: first digit 0), bytes, loss. */
async function expectSessionRow(page: Page, want: { channelId: string; transport: string }): Promise<void> {
  const row = page.getByRole('table', { name: 'Open sessions (1)' }).getByRole('row').nth(1);
  const cells = row.getByRole('cell');
  await expect(cells.nth(0)).toHaveText(new RegExp(`^\\S+ \\([^)]+\\)${want.channelId}$`));
  await expect(cells.nth(1)).toHaveText('playing');
  await expect(cells.nth(2)).toHaveText(want.transport);
  await expect(cells.nth(3)).toHaveText(/^127\.0\.0\.1:\d+/);
  await expect(cells.nth(4)).toHaveText(/^0\d{9}$/);
  await expect(cells.nth(6)).toHaveText(/^[\d.,]+ (KB|MB)$/);
  await expect(cells.nth(7)).toHaveText('0');
}

async function ffprobe(file: string): Promise<{ codec_name: string; width: number; height: number; nb_read_frames: string }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height,nb_read_frames', '-of', 'json', file]);
  return (JSON.parse(stdout) as { streams: { codec_name: string; width: number; height: number; nb_read_frames: string }[] }).streams[0];
}

test('plays a simulated camera in a tile, saves a snapshot and an MP4, stops and the session list empties', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Live', exact: true }).click();
  await page.getByRole('combobox', { name: 'Tiles' }).selectOption('4');
  await openDeviceInTree(page, deviceId);
  const channel = await playChannel(page, 0);

  const tile = page.getByRole('listitem', { name: `Tile 1: ${channel.name}` });
  await waitForDecodedFrames(page, 1, 25);
  await expect(tile.getByRole('img', { name: `Video of ${channel.name}` })).toBeVisible();
  await expect(tile.getByLabel('Stream statistics')).toContainText('640×360');

  // The session list row: transport, media address, SSRC and the received bytes.
  await expectSessionRow(page, { channelId: channel.id, transport: 'UDP' });
  await page.screenshot({ path: `${OUT}/live.png` });

  // Snapshot: a PNG named after the channel, said where it went.
  const [shot] = await Promise.all([page.waitForEvent('download'), tile.getByRole('button', { name: /^Snapshot of / }).click()]);
  expect(shot.suggestedFilename()).toMatch(new RegExp(`^snapshot-${channel.id}-\\d{8}-\\d{6}\\.png$`));
  const pngPath = path.join(OUT, 'live-snapshot.png');
  await shot.saveAs(pngPath);
  const png = fs.readFileSync(pngPath);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect(png.readUInt32BE(16)).toBe(640);
  expect(png.readUInt32BE(20)).toBe(360);
  await expect(page.getByTestId('tile-note-1')).toHaveText(`Saved snapshot ${shot.suggestedFilename()} to your browser's download folder.`);

  // Record about two seconds, then stop: ffprobe reads an H.264 640x360 MP4 with those frames.
  await tile.getByRole('button', { name: /^Record .* to MP4$/ }).click();
  await expect(page.getByTestId('tile-recording-1')).toHaveText(/^REC [2-9] s$/, { timeout: 15_000 });
  const [rec] = await Promise.all([page.waitForEvent('download'), tile.getByRole('button', { name: /^Stop recording / }).click()]);
  expect(rec.suggestedFilename()).toMatch(new RegExp(`^recording-${channel.id}-\\d{8}-\\d{6}\\.mp4$`));
  const mp4Path = path.join(OUT, 'live-recording.mp4');
  await rec.saveAs(mp4Path);
  const probe = await ffprobe(mp4Path);
  expect(probe).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
  expect(Number(probe.nb_read_frames)).toBeGreaterThanOrEqual(50);
  await expect(page.getByTestId('tile-note-1')).toContainText(`Saved recording ${rec.suggestedFilename()} (`);
  await expect(page.getByTestId('tile-note-1')).toContainText("to your browser's download folder.");

  // The same tile in Chinese.
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await expect(page.getByTestId('tile-status-1')).toHaveText(/^正在播放 H\.264 640×360，\d+ 帧\/秒，已解码 \d+ 帧$/);
  await expect(page.getByRole('button', { name: `截图：${channel.name}` })).toBeVisible();
  await page.screenshot({ path: `${OUT}/live-zh.png` });
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');

  await stopTileAndWaitForEmptyList(page, 1, channel.name);
  expect(errors).toEqual([]);
});

test('plays over TCP passive (chosen in the Live toolbar) and TCP active (the device setting), stopping each', async ({ page }) => {
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Live', exact: true }).click();
  await openDeviceInTree(page, deviceId);

  await page.getByRole('combobox', { name: 'Transport for new views' }).selectOption('tcp-passive');
  let channel = await playChannel(page, 1);
  await waitForDecodedFrames(page, 1, 25);
  await expectSessionRow(page, { channelId: channel.id, transport: 'TCP passive' });
  await page.screenshot({ path: `${OUT}/live-tcp-passive.png` });
  await stopTileAndWaitForEmptyList(page, 1, channel.name);

  // TCP active from the device's own setting, edited in its details.
  await page.getByRole('tab', { name: 'Devices', exact: true }).click();
  await page.getByRole('tree', { name: 'Devices and channels' }).getByRole('treeitem', { name: new RegExp(`${deviceId}, online`) }).click();
  await page.getByRole('combobox', { name: 'Media transport for live view' }).selectOption('tcp-active');
  await page.getByRole('button', { name: 'Save device' }).click();
  await expect(page.getByText('Saved.', { exact: true })).toBeVisible();
  await page.getByRole('tab', { name: 'Live', exact: true }).click();
  await page.getByRole('combobox', { name: 'Transport for new views' }).selectOption('device');
  channel = await playChannel(page, 1);
  await waitForDecodedFrames(page, 1, 25);
  await expectSessionRow(page, { channelId: channel.id, transport: 'TCP active' });
  await page.screenshot({ path: `${OUT}/live-tcp-active.png` });
  await stopTileAndWaitForEmptyList(page, 1, channel.name);
});

test('a channel dragged onto a tile plays there beside another; Stop all stops both', async ({ page }) => {
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Live', exact: true }).click();
  await page.getByRole('combobox', { name: 'Tiles' }).selectOption('4');
  await page.getByRole('combobox', { name: 'Transport for new views' }).selectOption('udp');
  await openDeviceInTree(page, deviceId);
  const first = await playChannel(page, 0);
  await waitForDecodedFrames(page, 1, 10);

  const second = (await cameraChannels(page, deviceId))[1];
  await second.row.dragTo(page.getByRole('listitem', { name: 'Tile 4: empty' }));
  await expect(page.getByRole('listitem', { name: `Tile 4: ${second.name}` })).toBeVisible();
  await waitForDecodedFrames(page, 4, 10);
  await expect(page.getByRole('listitem', { name: `Tile 1: ${first.name}` })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Open sessions (2)' })).toBeVisible();
  await page.screenshot({ path: `${OUT}/live-two-tiles.png` });

  await page.getByRole('button', { name: 'Stop all' }).click();
  await expect(page.getByRole('listitem', { name: 'Tile 1: empty' })).toBeVisible();
  await expect(page.getByRole('listitem', { name: 'Tile 4: empty' })).toBeVisible();
  await expect(page.getByTestId('live-no-sessions')).toBeVisible({ timeout: 15_000 });
});

test('an H.265 camera plays in a tile (WebAssembly where Chromium has no H.265 decoder), its snapshot is the picture and it records to an H.265 MP4', async ({ page }) => {
  test.setTimeout(90_000);
  const sim = startCliCamera(['--clip', 'h265', '--channels', '1', '--id-base', '34020000001320000777']);
  try {
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.goto(server.url);
    await page.getByRole('tab', { name: 'Live', exact: true }).click();
    await page.getByRole('combobox', { name: 'Tiles' }).selectOption('1');
    await openDeviceInTree(page, '34020000001320000777');
    const { name, id } = await playChannel(page, 0, '34020000001320000777');
    await waitForDecodedFrames(page, 1, 50, { codec: 'H.265', playingMs: 30_000, decodedMs: 20_000 });
    const tile = page.getByRole('listitem', { name: `Tile 1: ${name}` });
    await expect(tile.getByRole('img', { name: `Video of ${name}` })).toBeVisible();
    await expect(tile.getByText('H.265 stream, this browser cannot decode it', { exact: true })).toHaveCount(0);
    // Served cross-origin isolated, so the WebAssembly decoder has threads and reads the stream as it arrives.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await expect(tile.getByTestId('tile-decoder')).toHaveText('WebAssembly');
    test.info().annotations.push({ type: 'H.265 statistics', description: (await tile.getByLabel('Stream statistics').textContent()) ?? '' });
    await page.screenshot({ path: `${OUT}/live-h265.png` });

    // The snapshot is the decoded picture: a 640x360 PNG with content (a blank one compresses to a few KB).
    const [shot] = await Promise.all([page.waitForEvent('download'), tile.getByRole('button', { name: /^Snapshot of / }).click()]);
    expect(shot.suggestedFilename()).toMatch(new RegExp(`^snapshot-${id}-\\d{8}-\\d{6}\\.png$`));
    const pngPath = path.join(OUT, 'live-h265-snapshot.png');
    await shot.saveAs(pngPath);
    const png = fs.readFileSync(pngPath);
    expect([png.subarray(1, 4).toString(), png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual(['PNG', 640, 360]);
    expect(png.length).toBeGreaterThan(20_000);

    // Record about three seconds: ffprobe reads an H.265 640x360 MP4 (hvcC from the stream's VPS/SPS/PPS) and
    // decodes its frames.
    await tile.getByRole('button', { name: /^Record .* to MP4$/ }).click();
    await expect(page.getByTestId('tile-recording-1')).toHaveText(/^REC [3-9] s$/, { timeout: 20_000 });
    const [rec] = await Promise.all([page.waitForEvent('download'), tile.getByRole('button', { name: /^Stop recording / }).click()]);
    expect(rec.suggestedFilename()).toMatch(new RegExp(`^recording-${id}-\\d{8}-\\d{6}\\.mp4$`));
    const mp4Path = path.join(OUT, 'live-h265-recording.mp4');
    await rec.saveAs(mp4Path);
    const probe = await ffprobe(mp4Path);
    expect(probe).toMatchObject({ codec_name: 'hevc', width: 640, height: 360 });
    expect(Number(probe.nb_read_frames)).toBeGreaterThanOrEqual(50);
    await expect(page.getByTestId('tile-note-1')).toContainText(`Saved recording ${rec.suggestedFilename()} (`);

    await stopTileAndWaitForEmptyList(page, 1, name);
    expect(errors).toEqual([]);
  } finally {
    await stopCliCamera(sim);
  }
});

test('after a reload the open session plays in its tile again, and its Stop still ends it', async ({ page }) => {
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Live', exact: true }).click();
  await page.getByRole('combobox', { name: 'Transport for new views' }).selectOption('udp');
  await openDeviceInTree(page, deviceId);
  const channel = await playChannel(page, 0);
  await waitForDecodedFrames(page, 1, 10);
  await page.reload();
  // The reattached tile names the channel, as before the reload, not its ID.
  await expect(page.getByRole('listitem', { name: `Tile 1: ${channel.name}` })).toBeVisible();
  await waitForDecodedFrames(page, 1, 10);
  await stopTileAndWaitForEmptyList(page, 1, channel.name);
});

test('a camera that never answers the INVITE: the tile says so and what was tried, and can be closed', async ({ page }) => {
  const sim = startCliCamera(['--never-answer-invite', '--channels', '1', '--id-base', '34020000001320000778']);
  try {
    await page.goto(server.url);
    await page.getByRole('tab', { name: 'Live', exact: true }).click();
    await page.getByRole('combobox', { name: 'Tiles' }).selectOption('1');
    await openDeviceInTree(page, '34020000001320000778');
    const { name } = await playChannel(page, 0, '34020000001320000778');
    const status = page.getByTestId('tile-status-1');
    await expect(status).toHaveText(`Starting live view of ${name}…`);
    await expect(status).toHaveText(new RegExp(`^Could not start live view of ${name}: .+`), { timeout: 20_000 });
    const reason = (await status.textContent()) ?? '';
    const tile = page.getByRole('listitem', { name: `Tile 1: ${name}` });
    await expect(tile.getByText(reason, { exact: true }).first()).toBeVisible();
    await page.screenshot({ path: `${OUT}/live-no-answer.png` });
    await tile.getByRole('button', { name: 'Close tile 1' }).click();
    await expect(page.getByRole('listitem', { name: 'Tile 1: empty' })).toBeVisible();
    await expect(page.getByTestId('live-no-sessions')).toBeVisible();
  } finally {
    await stopCliCamera(sim);
  }
});

// The player on its own in Chromium: the committed clips go through the frame format into LivePlayer with the
// real VideoDecoder, with frames left out and a change of profile, to check what the e2e above cannot.
const PLAYER_PAGE = `
import { LivePlayer } from './player';
import { splitNalUnits } from './annexb';
import { decodeFrame, encodeFrame } from '../../../shared/media-frames';

function accessUnits(data, codec) {
  const type = (n) => (codec === 'h264' ? n[0] & 0x1f : (n[0] >> 1) & 0x3f);
  const isVcl = (t) => (codec === 'h264' ? t === 1 || t === 5 : t < 32);
  const firstSlice = (n) => (codec === 'h264' ? (n[1] & 0x80) !== 0 : (n[2] & 0x80) !== 0);
  const startsAu = (t) => (codec === 'h264' ? t === 9 || t === 7 || t === 6 : t === 35 || t === 32 || t === 39);
  const isKey = (t) => (codec === 'h264' ? t === 5 : t >= 16 && t <= 21);
  const aus = [];
  let cur = [];
  let hasVcl = false;
  for (const n of splitNalUnits(data)) {
    const t = type(n);
    if (hasVcl && (startsAu(t) || (isVcl(t) && firstSlice(n)))) {
      aus.push(cur);
      cur = [];
      hasVcl = false;
    }
    cur.push(n);
    if (isVcl(t)) hasVcl = true;
  }
  if (cur.length) aus.push(cur);
  return aus.map((nals) => {
    const size = nals.reduce((s, n) => s + 4 + n.length, 0);
    const out = new Uint8Array(size);
    let at = 0;
    for (const n of nals) {
      out.set([0, 0, 0, 1], at);
      out.set(n, at + 4);
      at += 4 + n.length;
    }
    return { data: out, keyframe: nals.some((n) => isKey(type(n))) };
  });
}

const clips = {};
async function clip(name, codec) {
  clips[name] ??= accessUnits(new Uint8Array(await (await fetch('/player-test/' + name)).arrayBuffer()), codec);
  return clips[name];
}

// items: [clip name, codec, codec string, first index, last index, { discontinuityAt, skipSequenceAt, burst }]
// (burst: no pause between frames, so frames are still queued in the decoder when the next item begins)
window.play = async (items) => {
  const canvas = document.createElement('canvas');
  document.body.append(canvas);
  let frameCb = () => {};
  const source = { badMessages: 0, onFrame: (cb) => (frameCb = cb), onEnd() {}, close() {} };
  const phases = [];
  const player = new LivePlayer({ canvas, source, pressedAt: performance.now(), maxDecodeQueue: 10000, onChange: (s) => phases.at(-1) !== s.phase && phases.push(s.phase) });
  window.player = player;
  let sequence = 0;
  let pts = 0;
  let lastString = '';
  for (const [name, codec, codecString, from, to, opts = {}] of items) {
    const aus = await clip(name, codec);
    for (let i = from; i <= to; i++) {
      if (opts.skipSequenceAt === i) sequence += 7;
      const message = encodeFrame(
        { codec, keyframe: aus[i].keyframe, configChanged: codecString !== lastString, discontinuity: opts.discontinuityAt === i, sequence: sequence++, pts: (pts += 3600), width: 640, height: 360, codecString },
        aus[i].data,
      );
      lastString = codecString;
      const r = decodeFrame(message);
      if (!r.ok) throw new Error(r.reason);
      frameCb(r.frame);
      if (!opts.burst) await new Promise((res) => setTimeout(res, 4));
    }
  }
  window.phases = phases;
  return true;
};

window.centrePixel = () => {
  const c = document.querySelector('canvas');
  const d = c.getContext('2d').getImageData(c.width / 2, c.height / 2, 1, 1).data;
  return [d[0], d[1], d[2]];
};
`;

test.describe('LivePlayer with the committed clips in Chromium', () => {
  const BASE = ['clip-640x360-25fps-baseline.h264', 'h264', 'avc1.42C01E'] as const;
  const HIGH = ['clip-640x360-25fps-high.h264', 'h264', 'avc1.64001E'] as const;

  test.beforeEach(async ({ page }) => {
    const { build } = await import('esbuild');
    const bundle = await build({
      stdin: { contents: PLAYER_PAGE, resolveDir: path.resolve('src/renderer/features/live'), loader: 'ts' },
      bundle: true,
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    const origin = new URL(server.url).origin;
    await page.route(`${origin}/player-test/**`, async (route) => {
      const name = new URL(route.request().url()).pathname.slice('/player-test/'.length);
      if (name === 'index.html') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><script type="module" src="player.js"></script>' });
      if (name === 'player.js') return route.fulfill({ contentType: 'text/javascript', body: bundle.outputFiles[0].text });
      return route.fulfill({ body: fs.readFileSync(path.join('resources/media', path.basename(name))) });
    });
    await page.goto(`${origin}/player-test/index.html`);
    await page.waitForFunction(() => 'play' in window);
  });

  type Seen = { framesDecoded: number; phases: string[] } & Record<string, unknown>;
  const stats = (page: Page): Promise<Seen> =>
    page.evaluate(() => {
      const w = window as unknown as { player: { stats: Seen }; phases: string[] };
      return { ...w.player.stats, phases: w.phases };
    });

  test('starts at the first keyframe and decodes every frame from there', async ({ page }) => {
    await page.evaluate((items) => (window as unknown as { play(i: unknown): Promise<boolean> }).play(items), [[...BASE, 10, 249]]);
    await expect.poll(async () => (await stats(page)).framesDecoded, { timeout: 20_000 }).toBe(225);
    expect(await stats(page)).toMatchObject({ phase: 'playing', width: 640, height: 360, gaps: 0, decoderErrors: 0, framesReceived: 240, phases: ['waiting-key', 'playing'] });
    expect(Math.max(...(await page.evaluate(() => (window as unknown as { centrePixel(): number[] }).centrePixel())))).toBeGreaterThan(0);
  });

  test('after a discontinuity flag or a sequence gap it waits for the next keyframe, without decoder errors', async ({ page }) => {
    await page.evaluate((items) => (window as unknown as { play(i: unknown): Promise<boolean> }).play(items), [[...BASE, 0, 29], [...BASE, 40, 149, { discontinuityAt: 40 }], [...BASE, 160, 249, { skipSequenceAt: 160 }]]);
    // 0-29, then 50-149 (40-49 follow a gap), then 175-249 (160-174 follow a gap).
    await expect.poll(async () => (await stats(page)).framesDecoded, { timeout: 20_000 }).toBe(30 + 100 + 75);
    expect(await stats(page)).toMatchObject({ gaps: 2, decoderErrors: 0, phase: 'playing' });
  });

  test('reconfigures when the stream changes profile (configChanged at a keyframe), keeping the frames queued before it', async ({ page }) => {
    await page.evaluate((items) => (window as unknown as { play(i: unknown): Promise<boolean> }).play(items), [[...BASE, 0, 99, { burst: true }], [...HIGH, 0, 99, { burst: true }]]);
    await expect.poll(async () => (await stats(page)).framesDecoded, { timeout: 20_000 }).toBe(200);
    expect(await stats(page)).toMatchObject({ codecString: 'avc1.64001E', decoderErrors: 0, gaps: 0 });
  });
});

/** A simulated camera in its own process (npm run sim), for what sim.start does not offer (e.g. H.265). */
function startCliCamera(args: string[]): ChildProcess {
  return spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/device-sim/cli.ts', '--server', `127.0.0.1:${server.sipPort}`, '--password', PASSWORD, '--quiet', ...args], {
    cwd: process.cwd(),
    stdio: ['pipe', 'ignore', 'ignore'],
  });
}

function stopCliCamera(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGINT');
  });
}
