// Playback and download against the real GB server with the simulator in its own process (`npm run sim`), so
// the device's pacing and the server's receiving do not share an event loop: 2x playback of a 10 s range takes
// about 5 s with unscaled timestamps; a 4x download of 20 s finishes and its MP4 passes ffprobe.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelIdAt } from '../../../device-sim/ids';
import { DownloadQueue } from '../download/download-queue';
import { DEVICE_BASE, FrameCollector, PASSWORD, startRig, type Rig } from '../testing/live-rig';
import { PlaybackService } from './playback-service';

let rig: Rig;
let sim: ChildProcess | undefined;
let simOut = '';
let dir: string;

beforeAll(async () => {
  rig = await startRig({ noDevice: true });
  dir = mkdtempSync(path.join(os.tmpdir(), 'gb-simproc-'));
  const online = rig.next('device.online', (d) => d.deviceId === DEVICE_BASE, 30_000);
  const cli = fileURLToPath(new URL('../../../device-sim/cli.ts', import.meta.url));
  const s = rig.h.settings.values;
  sim = spawn(
    process.execPath,
    ['--import', 'tsx', cli, '--server', `127.0.0.1:${rig.h.server.listen[0].port}`, '--server-id', s.sipId, '--domain', s.domain, '--password', PASSWORD,
      '--id-base', DEVICE_BASE, '--channels', '2', '--local-ip', '127.0.0.1', '--quiet'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  sim.stdout!.on('data', (d) => (simOut += d));
  sim.stderr!.on('data', (d) => (simOut += d));
  try {
    await online;
  } catch (err) {
    throw new Error(`the simulator did not register: ${(err as Error).message}\n${simOut}`);
  }
}, 40_000);

afterAll(async () => {
  if (sim && sim.exitCode === null) {
    const exited = once(sim, 'exit');
    // SIGTERM, and SIGKILL if it has not exited by the deadline: either way the exit event comes.
    const deadline = setTimeout(() => sim?.kill('SIGKILL'), 5000);
    sim.kill('SIGTERM');
    await exited;
    clearTimeout(deadline);
  }
  await rig?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const channelId = () => channelIdAt({ base: DEVICE_BASE, channelsPerDevice: 2 }, 0, 0);

function probe(file: string): { duration: number; frames: number; codec: string } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,nb_read_frames:format=duration', '-of', 'json', file]).toString();
  const j = JSON.parse(out) as { streams: { codec_name: string; nb_read_frames: string }[]; format: { duration: string } };
  return { duration: Number(j.format.duration), frames: Number(j.streams[0].nb_read_frames), codec: j.streams[0].codec_name };
}

describe('recordings with the simulator in its own process', () => {
  it('2x playback delivers a 10 s range in about 5 s, timestamps unscaled, and ends finished on MediaStatus 121', async () => {
    const ch = channelId();
    const playback = new PlaybackService({ host: rig.live.host, stack: rig.h.server.stack, events: rig.h.events, logger: rig.h.logger });
    const start = Math.floor(Date.now() / 1000) - 7200;
    const t0 = performance.now();
    const { sessionId } = await playback.start({ deviceId: DEVICE_BASE, channelId: ch, start, end: start + 10 });
    const viewer = new FrameCollector();
    rig.live.subscribeFrames(sessionId, viewer);
    await playback.control(sessionId, 'speed', 2);
    const ended = await rig.next('playback.ended', (e) => e.sessionId === sessionId, 15_000);
    const wallMs = performance.now() - t0;
    expect(ended.outcome).toBe('finished');
    expect(viewer.frames.at(-1)!.pts / 90000).toBeGreaterThan(9);
    expect(wallMs).toBeGreaterThan(3500);
    expect(wallMs).toBeLessThan(8000);
  }, 20_000);

  it('a 4x download of 20 s finishes done, and its MP4 passes ffprobe with 20 s and 500 frames', async () => {
    const start = Math.floor(Date.now() / 1000) - 7200;
    const q = new DownloadQueue({
      host: rig.live.host,
      events: rig.h.events,
      logger: rig.h.logger,
      dir,
      records: async () => ({ items: [{ start: start - 60, end: start + 3600, type: 'time' }], complete: true }),
    });
    const t0 = performance.now();
    const { downloadId } = q.start({ deviceId: DEVICE_BASE, channelId: channelId(), start, end: start + 20, speed: 4 });
    const done = await rig.next('download.done', (d) => d.downloadId === downloadId, 20_000);
    const wallMs = performance.now() - t0;
    expect(done.state).toBe('done');
    expect(done.reason).toMatch(/MediaStatus 121/);
    expect(wallMs).toBeLessThan(12_000);
    const p = probe(done.path!);
    expect(p.codec).toBe('h264');
    expect(p.frames).toBe(500);
    expect(Math.abs(p.duration - 20)).toBeLessThan(0.2);
  }, 25_000);
});
