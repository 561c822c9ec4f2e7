// The dialog router on the real GB server with a simulated device on loopback: a live view and a playback of the
// same device each own their dialog, so the device's BYE for one reaches that session and no other.
import { afterEach, describe, expect, it } from 'vitest';
import { PlaybackService } from './playback/playback-service';
import { FrameCollector, startRig, type Rig } from './testing/live-rig';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('dialog router', () => {
  it("routes the device's BYE for a playback and for a live view of the same device each to its own session", async () => {
    rig = await startRig();
    const playback = new PlaybackService({ host: rig.live.host, stack: rig.h.server.stack, events: rig.h.events, logger: rig.h.logger });
    const device = rig.fleet!.devices[0];
    const start = Math.floor(Date.now() / 1000) - 7200;
    const live = await rig.live.start({ deviceId: rig.deviceId, channelId: rig.channelId });
    const { sessionId } = await playback.start({ deviceId: rig.deviceId, channelId: rig.channelId, start, end: start + 600 });
    const liveViewer = new FrameCollector();
    const playbackViewer = new FrameCollector();
    rig.live.subscribeFrames(live.sessionId, liveViewer);
    rig.live.subscribeFrames(sessionId, playbackViewer);
    await Promise.all([liveViewer.waitFrames(3), playbackViewer.waitFrames(3)]);
    const calls = device.media.list();
    const playbackCall = calls.find((c) => c.mode === 'playback')!.callId;
    const liveCall = calls.find((c) => c.mode === 'live')!.callId;

    const playbackEnded = rig.next('playback.ended', (e) => e.sessionId === sessionId, 5000);
    expect(await device.media.hangup(playbackCall)).toBe(true);
    const ended = await playbackEnded;
    expect(ended.outcome).toBe('stopped');
    expect(ended.reason).toMatch(/ended playback \(it sent BYE/);
    expect(rig.live.host.get(live.sessionId)?.state).toBe('playing');
    const n = liveViewer.frames.length;
    await liveViewer.waitFrames(n + 5);
    expect(rig.h.seen.some((e) => e.name === 'live.ended')).toBe(false);

    const liveEnded = rig.next('live.ended', (e) => e.sessionId === live.sessionId, 5000);
    expect(await device.media.hangup(liveCall)).toBe(true);
    expect((await liveEnded).reason).toMatch(/BYE/);
    expect(rig.live.host.openCount).toBe(0);
    // Each BYE was answered 200 by the server, neither 481.
    expect(rig.sipLines().filter((l) => l === 'in BYE')).toHaveLength(2);
    expect(rig.sipLines()).not.toContain('out 481');
  });
});
