// Playback against the real GB server and a simulated device on loopback: INVITE s=Playback, MANSRTSP speed
// and seek, MediaStatus 121 routed by dialog to the playback session.
import { afterEach, describe, expect, it } from 'vitest';
import { FrameCollector, startRig, type Rig } from '../testing/live-rig';
import { PlaybackService } from './playback-service';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function setup() {
  rig = await startRig();
  const playback = new PlaybackService({ host: rig.live.host, stack: rig.h.server.stack, events: rig.h.events, logger: rig.h.logger });
  const start = Math.floor(Date.now() / 1000) - 7200;
  return { rig, playback, start };
}

describe('playback with the simulator', () => {
  it('at Scale 2 a 10 s range arrives in about 5 s with unscaled timestamps, and MediaStatus 121 ends it as finished', async () => {
    const { rig, playback, start } = await setup();
    const t0 = performance.now();
    const { sessionId } = await playback.start({ deviceId: rig.deviceId, channelId: rig.channelId, start, end: start + 10 });
    const viewer = new FrameCollector();
    rig.live.subscribeFrames(sessionId, viewer);
    await playback.control(sessionId, 'speed', 2);
    const ended = await rig.next('playback.ended', (e) => e.sessionId === sessionId, 15_000);
    const wallMs = performance.now() - t0;
    expect(ended.outcome).toBe('finished');
    expect(ended.reason).toMatch(/MediaStatus 121/);
    const lastPtsSec = viewer.frames.at(-1)!.pts / 90000;
    expect(lastPtsSec).toBeGreaterThan(9);
    expect(wallMs).toBeLessThan(8000);
    expect(wallMs).toBeGreaterThan(3500);
    expect(rig.sipLines()).toContain('out INFO');
    expect(rig.live.host.openCount).toBe(0);
  });

  it('a seek (Range: npt=) lands within one GOP of the target, flagged as a discontinuity', async () => {
    const { rig, playback, start } = await setup();
    const { sessionId } = await playback.start({ deviceId: rig.deviceId, channelId: rig.channelId, start, end: start + 60 });
    const viewer = new FrameCollector();
    rig.live.subscribeFrames(sessionId, viewer);
    await viewer.waitFrames(5);
    await playback.control(sessionId, 'seek', start + 30);
    const deadline = Date.now() + 5000;
    let jumped: (typeof viewer.frames)[number] | undefined;
    while (!jumped && Date.now() < deadline) {
      await new Promise<void>((r) => viewer.once('frame', () => r()));
      jumped = viewer.frames.find((f) => f.discontinuity);
    }
    expect(jumped).toBeDefined();
    expect(jumped!.keyframe).toBe(true);
    const at = jumped!.pts / 90000;
    expect(at).toBeGreaterThanOrEqual(29);
    expect(at).toBeLessThanOrEqual(30.05);
    await playback.stop(sessionId);
  });

  it('a paused playback is kept without frames, and resumes', async () => {
    const { rig, playback, start } = await setup();
    const { sessionId } = await playback.start({ deviceId: rig.deviceId, channelId: rig.channelId, start, end: start + 60 });
    const viewer = new FrameCollector();
    rig.live.subscribeFrames(sessionId, viewer);
    await viewer.waitFrames(3);
    await playback.control(sessionId, 'pause');
    const n = viewer.frames.length;
    await playback.control(sessionId, 'resume');
    await viewer.waitFrames(n + 5);
    expect(rig.live.host.get(sessionId)?.state).toBe('playing');
    await expect(playback.control('nope', 'pause')).rejects.toThrow(/no playback session/);
  });
});
