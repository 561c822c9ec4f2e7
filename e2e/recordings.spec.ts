// Recordings end to end, in English and in Chinese: a simulated camera's day in the calendar, the timeline
// clicked and the video plays, 4x plays faster, pause and resume keep the session, a drag seeks, Space pauses,
// arrows move 5 s, a range selected on the (wheel-zoomed) timeline downloads at 4x with its bar reaching 100 %
// and the MP4 saved through the browser (ffprobe reads it); no control is cut off at 1280x800 or 1024x700.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { callApi, simStart, waitForDevicesReady } from './support/api';
import { collectErrors, layoutProblems } from './support/screens';
import { startConsole, type RunningConsole } from './support/serve';

const run = promisify(execFile);
const OUT = 'e2e/output';

const WORDS = {
  en: {
    language: 'en',
    tab: 'Recordings',
    device: 'Device',
    camera: 'Camera',
    dayHas: (d: string) => `${d}, recordings`,
    count: /^14 recordings, /,
    timeline: (d: string) => `Timeline of ${d}`,
    video: 'Playback video',
    playing: (s: string) => `Playing at ${s}`,
    paused: /^Paused at \d\d:\d\d:\d\d$/,
    speed: 'Speed',
    pause: 'Pause',
    resume: 'Resume',
    selectMode: 'Select a range',
    selected: /^Selected (\d\d:\d\d:\d\d)–(\d\d:\d\d:\d\d) /,
    downloadSpeed: 'Download speed',
    download: 'Download range',
    downloads: 'Downloads',
    progress: /^Progress of /,
    done: 'done',
    saved: /^Saved as .+\.mp4\.$/,
  },
  zh: {
    language: 'zh-CN',
    tab: '录像回放',
    device: '设备',
    camera: '摄像机',
    dayHas: (d: string) => `${d}，有录像`,
    count: /^14 条录像，共 /,
    timeline: (d: string) => `${d} 的时间轴`,
    video: '回放画面',
    playing: (s: string) => `正在以 ${s} 播放`,
    paused: /^已暂停于 \d\d:\d\d:\d\d$/,
    speed: '倍速',
    pause: '暂停',
    resume: '继续',
    selectMode: '选择时间段',
    selected: /^已选择 (\d\d:\d\d:\d\d)–(\d\d:\d\d:\d\d)（/,
    downloadSpeed: '下载倍速',
    download: '下载所选时间段',
    downloads: '下载',
    progress: /的下载进度$/,
    done: '已完成',
    saved: /^已保存为 .+\.mp4。$/,
  },
} as const;

let own: RunningConsole | null = null;
test.afterEach(async () => {
  await own?.stop();
  own = null;
});

const two = (n: number) => String(n).padStart(2, '0');
const isoDay = (d: Date) => `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;

/** Seconds since midnight of an HH:MM:SS text. */
function secondsOf(text: string | null): number {
  const m = /(\d\d):(\d\d):(\d\d)/.exec(text ?? '');
  if (!m) return NaN;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

/** A point of the timeline track at a time of the whole-day view. */
async function trackPoint(track: Locator, secondsIntoDay: number): Promise<{ x: number; y: number }> {
  const box = (await track.boundingBox())!;
  return { x: box.x + (box.width * secondsIntoDay) / 86_400, y: box.y + box.height / 2 };
}

async function position(page: Page): Promise<number> {
  return secondsOf(await page.getByTestId('rec-position').textContent());
}

async function checkLayout(page: Page, name: string): Promise<void> {
  for (const size of [
    { width: 1280, height: 800 },
    { width: 1024, height: 700 },
  ]) {
    await page.setViewportSize(size);
    expect(await layoutProblems(page), `${name} at ${size.width}x${size.height}`).toEqual([]);
    await page.screenshot({ path: `${OUT}/${name}-${size.width}x${size.height}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

for (const lang of ['en', 'zh'] as const) {
  const w = WORDS[lang];
  test(`${lang}: a day in the calendar, play from the timeline, 4x, pause, resume, seek by dragging, download a range to MP4`, async ({ page }) => {
    test.setTimeout(120_000);
    const errors = collectErrors(page);
    own = await startConsole();
    const [deviceId] = (await simStart(own.url, { count: 1, channels: 1 })).deviceIds;
    await waitForDevicesReady(own.url, [deviceId]);
    const channelId = (await callApi(own.url, 'channel.list', { deviceId })).find((c) => /^13[12]$/.test(c.channelId.slice(10, 13)))!.channelId;

    await page.addInitScript((language) => localStorage.setItem('gb.language', language), w.language);
    await page.goto(own.url);
    await page.getByRole('tab', { name: w.tab, exact: true }).click();
    await page.getByRole('combobox', { name: w.device, exact: true }).selectOption(deviceId);
    await expect(page.getByRole('combobox', { name: w.camera, exact: true })).toHaveValue(channelId);

    // The day before today (today on the 1st): the simulated camera records every day.
    const now = new Date();
    const day = now.getDate() > 1 ? new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1) : now;
    const dayText = isoDay(day);
    const dayButton = page.getByRole('button', { name: w.dayHas(dayText), exact: true });
    await expect(dayButton).toBeVisible({ timeout: 20_000 });
    await dayButton.click();
    await expect(dayButton).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('rec-day')).toContainText(dayText);
    await expect(page.getByTestId('rec-list-state')).toHaveText(w.count, { timeout: 20_000 });
    await checkLayout(page, `recordings-${lang}-day`);

    // Click the timeline at 09:00 (inside the 08:00-09:55 scheduled file): the video plays from there.
    const track = page.getByRole('slider', { name: w.timeline(dayText) });
    const at9 = await trackPoint(track, 9 * 3600);
    await page.mouse.click(at9.x, at9.y);
    const status = page.getByTestId('rec-status');
    await expect(status).toHaveText(w.playing('1x'), { timeout: 20_000 });
    await expect(page.getByRole('img', { name: w.video })).toBeVisible();
    await expect.poll(async () => Math.abs((await position(page)) - 9 * 3600)).toBeLessThan(3 * 60);
    const startedAt = await position(page);
    await expect.poll(() => position(page), { timeout: 10_000 }).toBeGreaterThan(startedAt);

    // The simulated camera's catalog says DownloadSpeed 1/2/4/8 (channel.changed carries it parsed): 8x is offered.
    await expect(page.getByRole('combobox', { name: w.speed, exact: true }).locator('option')).toHaveText(['1/4x', '1/2x', '1x', '2x', '4x', '8x']);
    // 4x: 12 s of recording pass in about 3 s (at 1x they would take 12).
    await page.getByRole('combobox', { name: w.speed, exact: true }).selectOption({ label: '4x' });
    await expect(status).toHaveText(w.playing('4x'));
    const before4x = await position(page);
    const wallBefore = Date.now();
    await expect.poll(() => position(page), { timeout: 8_000, intervals: [100] }).toBeGreaterThanOrEqual(before4x + 12);
    expect(Date.now() - wallBefore).toBeLessThan(8_000);

    // Pause keeps the session; the picture stays where it was; resume plays on.
    await page.getByRole('button', { name: w.pause, exact: true }).click();
    await expect(status).toHaveText(w.paused);
    const pausedAt = await position(page);
    await page.getByRole('button', { name: w.resume, exact: true }).click();
    await expect(status).toHaveText(w.playing('4x'));
    await expect.poll(() => position(page), { timeout: 10_000 }).toBeGreaterThan(pausedAt + 2);

    // Drag the playhead to 14:30 (inside 14:00-15:55): playback continues from there.
    const from = await trackPoint(track, 9 * 3600);
    const to = await trackPoint(track, 14.5 * 3600);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, from.y, { steps: 4 });
    await page.mouse.move(to.x, to.y, { steps: 4 });
    await page.mouse.up();
    await expect.poll(() => position(page), { timeout: 10_000 }).toBeGreaterThanOrEqual(14.5 * 3600 - 120);
    const landed = await position(page);
    expect(landed).toBeLessThan(14.5 * 3600 + 180);
    // Pictures from the new place: the position moves on from where the seek landed.
    await expect.poll(() => position(page), { timeout: 15_000 }).toBeGreaterThan(landed + 2);
    await expect(status).toHaveText(w.playing('4x'));

    // Keyboard on the timeline: Space pauses and plays on; arrows move 5 s (a seek, which plays on).
    await track.focus();
    await page.keyboard.press('Space');
    await expect(status).toHaveText(w.paused);
    await page.keyboard.press('Space');
    await expect(status).toHaveText(w.playing('4x'));
    await page.keyboard.press('Space');
    await expect(status).toHaveText(w.paused);
    const beforeRight = await position(page);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => position(page)).toBeGreaterThanOrEqual(beforeRight + 5);
    await expect(status).toHaveText(w.playing('4x'));
    const beforeLeft = await position(page);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => position(page)).toBeLessThan(beforeLeft);
    await expect.poll(() => position(page), { timeout: 15_000 }).toBeGreaterThan(beforeLeft);
    await checkLayout(page, `recordings-${lang}-playing`);

    // Zoom in with the wheel around the playhead, then select about a tenth of the view and download it at 4x.
    const head = (await page.getByTestId('rec-playhead').boundingBox())!;
    await page.mouse.move(head.x + head.width / 2, head.y + head.height / 2);
    for (let i = 0; i < 25; i++) await page.mouse.wheel(0, -100);
    await expect(page.getByTestId('rec-span')).toHaveText(/\d\d:\d\d:\d\d–\d\d:\d\d:\d\d/);
    await page.getByRole('button', { name: w.pause, exact: true }).click();
    await expect(status).toHaveText(w.paused);
    await page.getByRole('button', { name: w.selectMode }).click();
    const box = (await track.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.36, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    const selectedText = (await page.getByTestId('rec-selection-text').textContent()) ?? '';
    const m = w.selected.exec(selectedText);
    expect(m, selectedText).not.toBeNull();
    const seconds = secondsOf(m![2]) - secondsOf(m![1]);
    expect(seconds).toBeGreaterThanOrEqual(5);
    expect(seconds).toBeLessThanOrEqual(60);
    await expect(page.getByRole('combobox', { name: w.downloadSpeed, exact: true }).locator('option')).toHaveText(['1x', '2x', '4x', '8x']);
    await page.getByRole('combobox', { name: w.downloadSpeed, exact: true }).selectOption('4');
    const saved = page.waitForEvent('download', { timeout: 60_000 });
    await page.getByRole('button', { name: w.download, exact: true }).click();

    const row = page.getByRole('list', { name: w.downloads }).getByRole('listitem').first();
    const bar = row.getByRole('progressbar', { name: w.progress });
    await expect(bar).toBeVisible();
    await expect(bar).toHaveAttribute('aria-valuenow', '100', { timeout: 60_000 });
    await expect(row.getByTestId('download-state')).toHaveText(w.done);
    await expect(row.getByTestId('download-percent')).toHaveText('100%');
    const download = await saved;
    const file = path.join(OUT, `recordings-${lang}-${download.suggestedFilename()}`);
    await download.saveAs(file);
    await expect(row.getByTestId('download-note')).toHaveText(w.saved);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name:format=duration', '-of', 'json', file]);
    const probe = JSON.parse(stdout) as { streams: { codec_name: string }[]; format: { duration: string } };
    expect(probe.streams[0].codec_name).toBe('h264');
    expect(Math.abs(Number(probe.format.duration) - seconds)).toBeLessThan(3);
    fs.rmSync(file, { force: true });
    await checkLayout(page, `recordings-${lang}-downloaded`);
    expect(errors).toEqual([]);
  });
}
