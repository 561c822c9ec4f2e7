// A download against the real GB server and a simulated device on loopback, judged by ffprobe.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRig, type Rig } from '../testing/live-rig';
import { DownloadQueue } from './download-queue';

let rig: Rig | undefined;
let dir: string | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function probe(file: string): { duration: number; frames: number; codec: string } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,nb_read_frames:format=duration', '-of', 'json', file]).toString();
  const j = JSON.parse(out) as { streams: { codec_name: string; nb_read_frames: string }[]; format: { duration: string } };
  return { duration: Number(j.format.duration), frames: Number(j.streams[0].nb_read_frames), codec: j.streams[0].codec_name };
}

describe('download with the simulator', () => {
  it('at downloadspeed 4 a 20 s range finishes done, and its MP4 passes ffprobe with 20 s and 500 frames', async () => {
    rig = await startRig();
    dir = mkdtempSync(path.join(os.tmpdir(), 'gb-dl-'));
    const start = Math.floor(Date.now() / 1000) - 7200;
    const q = new DownloadQueue({
      host: rig.live.host,
      events: rig.h.events,
      logger: rig.h.logger,
      dir,
      records: async () => ({ items: [{ start: start - 60, end: start + 3600, type: 'time' }], complete: true }),
    });
    const t0 = performance.now();
    const { downloadId } = q.start({ deviceId: rig.deviceId, channelId: rig.channelId, start, end: start + 20, speed: 4 });
    expect(q.list()[0]).toMatchObject({ downloadId, state: 'running', progress: 0 });
    const done = await rig.next('download.done', (d) => d.downloadId === downloadId, 20_000);
    const wallMs = performance.now() - t0;
    expect(done.state).toBe('done');
    expect(done.progress).toBe(1);
    expect(done.reason).toMatch(/MediaStatus 121/);
    expect(done.bytes).toBeGreaterThan(100_000);
    expect(wallMs).toBeLessThan(12_000);
    const p = probe(done.path!);
    expect(p.codec).toBe('h264');
    expect(p.frames).toBe(500);
    expect(Math.abs(p.duration - 20)).toBeLessThan(0.2);
    expect(rig.live.host.openCount).toBe(0);
  });

  it('cancel ends a running download, deletes its file and says cancelled', async () => {
    rig = await startRig();
    dir = mkdtempSync(path.join(os.tmpdir(), 'gb-dl-'));
    const start = Math.floor(Date.now() / 1000) - 7200;
    const q = new DownloadQueue({ host: rig.live.host, events: rig.h.events, logger: rig.h.logger, dir, records: async () => ({ items: [], complete: true }), concurrency: 1 });
    const a = q.start({ deviceId: rig.deviceId, channelId: rig.channelId, start, end: start + 600, speed: 1 });
    const b = q.start({ deviceId: rig.deviceId, channelId: rig.channelId, start, end: start + 600, speed: 1 });
    expect(q.list().map((d) => d.state)).toEqual(['running', 'queued']);
    await rig.next('download.progress', (d) => d.downloadId === a.downloadId && d.bytes > 0, 10_000);
    expect(await q.cancel(b.downloadId)).toEqual({ cancelled: true });
    const ended = rig.next('download.done', (d) => d.downloadId === a.downloadId, 10_000);
    expect(await q.cancel(a.downloadId)).toEqual({ cancelled: true });
    const done = await ended;
    expect(done.state).toBe('cancelled');
    expect(done.path).toBeUndefined();
  });
});

describe('downloads that cannot start', () => {
  it('a download whose call cannot start fails with a coded reason; the 201st open download is refused, coded', async () => {
    rig = await startRig();
    dir = mkdtempSync(path.join(os.tmpdir(), 'gb-dl-'));
    const start = Math.floor(Date.now() / 1000) - 7200;
    const q = new DownloadQueue({ host: rig.live.host, events: rig.h.events, logger: rig.h.logger, dir, records: async () => ({ items: [], complete: true }) });
    const unknown = '34020000001329999999';
    const { downloadId } = q.start({ deviceId: unknown, channelId: unknown, start, end: start + 60 });
    const d = await rig.next('download.done', (e) => e.downloadId === downloadId, 10_000);
    expect(d.state).toBe('failed');
    expect(d.reason).toBe(`the download failed: device ${unknown} is not known to this server`);
    expect(d.reasonText).toMatchObject({ code: 'download.endedBecause', params: { why: { code: 'download.why.failed' }, detail: { code: 'api.unknownDevice', params: { deviceId: unknown } } } });

    const held = new DownloadQueue({ host: rig.live.host, events: rig.h.events, logger: rig.h.logger, dir, records: () => new Promise(() => undefined) });
    for (let i = 0; i < 200; i++) held.start({ deviceId: rig.deviceId, channelId: rig.channelId, start, end: start + 60 });
    let refused: unknown;
    try {
      held.start({ deviceId: rig.deviceId, channelId: rig.channelId, start, end: start + 60 });
    } catch (err) {
      refused = err;
    }
    expect(refused).toMatchObject({ code: 'conflict', message: '200 downloads are queued or running already; cancel some or wait', text: { code: 'download.tooMany', params: { max: 200 } } });
    await held.close();
  });
});

describe('download ends', () => {
  const recordedHour = (start: number) => async () => ({ items: [{ start: start - 60, end: start + 3600, type: 'time' }], complete: true });

  it("on the device's BYE mid-range: truncated, the part that arrived kept as a playable MP4", async () => {
    rig = await startRig();
    dir = mkdtempSync(path.join(os.tmpdir(), 'gb-dl-'));
    const start = Math.floor(Date.now() / 1000) - 7200;
    const q = new DownloadQueue({ host: rig.live.host, events: rig.h.events, logger: rig.h.logger, dir, records: recordedHour(start) });
    const { downloadId } = q.start({ deviceId: rig.deviceId, channelId: rig.channelId, start, end: start + 60, speed: 2 });
    await rig.next('download.progress', (d) => d.downloadId === downloadId && d.progress > 0.05, 10_000);
    const device = rig.fleet!.devices[0];
    const done = rig.next('download.done', (d) => d.downloadId === downloadId, 10_000);
    expect(await device.media.hangup(device.media.list()[0].callId)).toBe(true);
    const d = await done;
    expect(d.state).toBe('truncated');
    expect(d.reason).toMatch(/of the recorded footage arrived \(camera .* ended download \(it sent BYE/);
    expect(d.reasonText).toMatchObject({ code: 'download.ended', params: { why: { code: 'download.why.truncated' }, detail: { code: 'history.deviceBye', params: { channelId: expect.any(String) } } } });
    expect(d.progress).toBeGreaterThan(0.05);
    expect(d.progress).toBeLessThan(0.9);
    const p = probe(d.path!);
    expect(p.codec).toBe('h264');
    expect(p.frames).toBeGreaterThan(50);
  });

  it('when the device stops sending short of the end (no 121, no BYE): truncated after the stall wait', async () => {
    rig = await startRig({ device: { field: { mediaStallAfterSec: 6 } }, timing: { stallMs: 1500 } });
    dir = mkdtempSync(path.join(os.tmpdir(), 'gb-dl-'));
    const start = Math.floor(Date.now() / 1000) - 7200;
    const q = new DownloadQueue({ host: rig.live.host, events: rig.h.events, logger: rig.h.logger, dir, records: recordedHour(start) });
    const { downloadId } = q.start({ deviceId: rig.deviceId, channelId: rig.channelId, start, end: start + 20, speed: 4 });
    const d = await rig.next('download.done', (e) => e.downloadId === downloadId, 15_000);
    expect(d.state).toBe('truncated');
    expect(d.progress).toBeCloseTo(6 / 20, 1);
    expect(d.reason).toMatch(/30% of the recorded footage arrived \(camera .* stopped sending recorded video/);
    expect(probe(d.path!).frames).toBe(150);
    expect(rig.sipLines()).toContain('out BYE');
  });

  it('when frames keep coming but their timestamps stop advancing: truncated after the stall wait, said so', async () => {
    rig = await startRig({ device: { field: { freezeTimestampsAfterSec: 4 } } });
    dir = mkdtempSync(path.join(os.tmpdir(), 'gb-dl-'));
    const start = Math.floor(Date.now() / 1000) - 7200;
    const q = new DownloadQueue({ host: rig.live.host, events: rig.h.events, logger: rig.h.logger, dir, records: recordedHour(start), stallMs: 1500 });
    const { downloadId } = q.start({ deviceId: rig.deviceId, channelId: rig.channelId, start, end: start + 60, speed: 4 });
    const d = await rig.next('download.done', (e) => e.downloadId === downloadId, 15_000);
    expect(d.state).toBe('truncated');
    expect(d.reason).toMatch(/kept sending but its timestamps stopped advancing at 4 s into the range/);
    expect(d.progress).toBeCloseTo(4 / 60, 2);
    expect(probe(d.path!).frames).toBe(101);
    expect(rig.sipLines()).toContain('out BYE');
  });

  it('when the device sends the whole range but no MediaStatus 121: done once the timestamps reached the end', async () => {
    rig = await startRig({ device: { field: { noMediaStatus: true } }, timing: { stallMs: 5000 } });
    dir = mkdtempSync(path.join(os.tmpdir(), 'gb-dl-'));
    const start = Math.floor(Date.now() / 1000) - 7200;
    const q = new DownloadQueue({ host: rig.live.host, events: rig.h.events, logger: rig.h.logger, dir, records: recordedHour(start) });
    const { downloadId } = q.start({ deviceId: rig.deviceId, channelId: rig.channelId, start, end: start + 8, speed: 4 });
    const t0 = performance.now();
    const d = await rig.next('download.done', (e) => e.downloadId === downloadId, 15_000);
    expect(performance.now() - t0).toBeLessThan(2000 + 3000); // 8 s at 4x, ended by the timestamps within two ticks, not the 5 s stall wait
    expect(d.state).toBe('done');
    expect(d.progress).toBe(1);
    expect(d.reason).toMatch(/timestamps reached the end/);
    expect(probe(d.path!).frames).toBe(200);
  });
});
