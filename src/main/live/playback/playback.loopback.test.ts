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

async function setup(device: Parameters<typeof startRig>[0] = {}) {
  rig = await startRig(device);
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
    expect(ended.text).toMatchObject({ code: 'history.endOfRecording', params: { what: { code: 'invite.what.playback' } } });
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
    // A seek that landed needs no new call: no note past the seek check.
    await expect(rig.next('playback.note', (e) => e.sessionId === sessionId, 3500)).rejects.toThrow();
    expect(rig.sipLines().filter((l) => l === 'out INVITE')).toHaveLength(1);
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
    await expect(playback.control('nope', 'pause')).rejects.toMatchObject({ code: 'not_found', text: { code: 'playback.noSession', params: { sessionId: 'nope' } } });
  });
});

/** The t= line of each INVITE the server sent. */
function inviteTimes(r: Rig): string[] {
  return r.sip
    .filter((m) => m.direction === 'out' && m.raw.toString('latin1', 0, 7) === 'INVITE ')
    .map((m) => /\r?\nt=(\d+ \d+)/.exec(m.raw.toString('latin1'))?.[1] ?? '');
}

describe('seek on a device that does not honour Range', () => {
  it('ignored Range: the timestamps do not jump, so a new INVITE from the target follows in the same session, said in playback.note', async () => {
    const { rig, playback, start } = await setup({ device: { field: { rangeSeek: 'ignore' } } });
    const { sessionId } = await playback.start({ deviceId: rig.deviceId, channelId: rig.channelId, start, end: start + 60 });
    const viewer = new FrameCollector();
    rig.live.subscribeFrames(sessionId, viewer);
    await viewer.waitFrames(5);
    const t0 = performance.now();
    const framesBeforeSeek = viewer.frames.length;
    await playback.control(sessionId, 'seek', start + 30);
    const note = await rig.next('playback.note', (e) => e.sessionId === sessionId, 8000);
    const waitedMs = performance.now() - t0;
    expect(note.note.code).toBe('playback.reinvited.ignored');
    expect(note.note.text).toMatch(/ignored the seek/);
    expect(waitedMs).toBeGreaterThan(2500);
    expect(inviteTimes(rig)).toEqual([`${start} ${start + 60}`, `${start + 30} ${start + 60}`]);
    expect(rig.sipLines()).toContain('out BYE');
    // The new INVITE's stream starts on a keyframe marked as a jump: it may arrive before or after the note is seen.
    const jump = await viewer.waitFrame('keyframe marked as a jump', (f) => f.discontinuity === true && f.keyframe, framesBeforeSeek);
    expect(jump.keyframe).toBe(true);
    expect(viewer.closed).toBeUndefined();
    expect(rig.live.host.get(sessionId)?.warnings.map((w) => w.text).join(' ')).toMatch(/ignored the seek/);
    expect(rig.fleet!.devices[0].media.count).toBe(1);

    // The device is known not to seek: the next seek is a new INVITE at once, without another note.
    await playback.control(sessionId, 'seek', start + 10);
    expect(inviteTimes(rig).at(-1)).toBe(`${start + 10} ${start + 60}`);
    expect(rig.h.seen.filter((e) => e.name === 'playback.note')).toHaveLength(1);
    await viewer.waitFrames(viewer.frames.length + 5);
    await playback.stop(sessionId);
  });

  it('refused Range (501): a new INVITE from the target at once, said in playback.note', async () => {
    const { rig, playback, start } = await setup({ device: { field: { rangeSeek: 'refuse' } } });
    const { sessionId } = await playback.start({ deviceId: rig.deviceId, channelId: rig.channelId, start, end: start + 60 });
    const viewer = new FrameCollector();
    rig.live.subscribeFrames(sessionId, viewer);
    await viewer.waitFrames(5);
    const noted = rig.next('playback.note', (e) => e.sessionId === sessionId, 5000);
    await playback.control(sessionId, 'speed', 2);
    await playback.control(sessionId, 'seek', start + 40);
    const note = await noted;
    expect(note.note).toMatchObject({ code: 'playback.reinvited.refused', params: { channelId: rig.channelId, at: start + 40, status: 501 } });
    expect(inviteTimes(rig)).toEqual([`${start} ${start + 60}`, `${start + 40} ${start + 60}`]);
    await viewer.waitFrames(viewer.frames.length + 5);
    // The speed asked before carries over to the new call.
    expect(rig.fleet!.devices[0].media.list()[0].stats?.scale).toBe(2);
    await playback.stop(sessionId);
  });
});
