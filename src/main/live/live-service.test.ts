// Live view end to end on loopback: the real GB server and SIP stack, the device simulator streaming the
// committed H.264 clip as PS over RTP, and the LiveService in between.
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/errors';
import { MEDIA_CLOSE } from '../../shared/media-frames';
import type { LiveSession } from '../../shared/types/live';
import { videoClip } from '../../device-sim/media/clips';
import { FakeClock } from '../sip/timers/clock';
import { FrameCollector, portIsFree, startRig, type Rig, type RigOptions } from './testing/live-rig';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function setup(o: RigOptions = {}): Promise<Rig> {
  rig = await startRig(o);
  return rig;
}

const clip = videoClip('h264Baseline');

/** The first `n` frames a viewer got are the clip's first `n` access units, keyframes where the clip has them. */
function expectClipStart(frames: FrameCollector['frames'], n: number): void {
  expect(frames.length).toBeGreaterThanOrEqual(n);
  for (let i = 0; i < n; i++) {
    expect(frames[i].sequence).toBe(i);
    expect(frames[i].keyframe).toBe(clip.frames[i].keyframe);
    expect(Buffer.from(frames[i].data).equals(clip.frames[i].data)).toBe(true);
    expect(frames[i].pts).toBe(i * 3600);
  }
  expect(frames.slice(0, n).filter((f) => f.keyframe).map((f) => f.sequence)).toEqual([0, 25].filter((k) => k < n));
  expect(frames[0]).toMatchObject({ codec: 'h264', codecString: 'avc1.42C01E', width: 640, height: 360, configChanged: true });
}

async function expectReleased(r: Rig, s: LiveSession): Promise<void> {
  expect(r.live.ports.held).toEqual([]);
  expect(await portIsFree(s.mediaPort)).toBe(true);
  expect(r.live.list()).toEqual([]);
}

describe.each(['udp', 'tcp-passive', 'tcp-active'] as const)('live view over %s', (transport) => {
  it('INVITEs with the offer, plays the clip frame for frame, reports stats, and BYE on stop releases the port', async () => {
    const r = await setup();
    const device = r.fleet!.devices[0];
    const invited = device.events.next('invite', 5000);
    const started = r.next('live.started');
    const s = await r.live.start({ deviceId: r.deviceId, channelId: r.channelId, transport });
    expect(s).toMatchObject({ state: 'playing', transport, deviceId: r.deviceId, channelId: r.channelId, mediaIp: '127.0.0.1', viewers: 1, warnings: [] });
    expect(s.ssrc).toMatch(/^020000\d{4}$/);
    expect(s.mediaPort).toBeGreaterThanOrEqual(r.portMin);
    expect(s.mediaPort).toBeLessThanOrEqual(r.portMax);
    expect((await started).sessionId).toBe(s.sessionId);
    expect((await invited).channelId).toBe(r.channelId);

    const viewer = new FrameCollector();
    expect(r.live.subscribeFrames(s.sessionId, viewer)).toBeDefined();
    expectClipStart(await viewer.waitFrames(30), 30);

    const stats = await r.next('live.stats', (list) => list.some((x) => x.frames >= 30));
    const row = stats.find((x) => x.sessionId === s.sessionId)!;
    expect(row).toMatchObject({ codec: 'h264', width: 640, height: 360, lost: 0, receivedSsrc: s.ssrc, state: 'playing' });
    expect(row.packets).toBeGreaterThan(30);
    expect(row.bytes).toBeGreaterThan(10_000);
    expect(row.firstFrameMs).toBeGreaterThan(0);
    expect(row.peer).toMatch(/127\.0\.0\.1:\d+$/);

    const mediaEnded = device.events.next('media-ended', 5000);
    const ended = r.next('live.ended');
    expect(await r.live.stop(s.sessionId)).toEqual({ stopped: true });
    expect((await ended).reason).toBe(`live view of camera ${r.channelId} stopped: no viewer left`);
    expect((await mediaEnded).reason).toBe('bye');
    expect(viewer.closed).toEqual({ code: MEDIA_CLOSE.sessionEnded, reason: `live view of camera ${r.channelId} stopped: no viewer left` });
    await expectReleased(r, s);
    expect(await r.live.stop(s.sessionId)).toEqual({ stopped: false });
  });
});

describe('live view signalling', () => {
  it('plays when asking the device for a keyframe throws at once instead of rejecting', async () => {
    const r = await setup({
      requestKeyframe: () => {
        throw new Error('no route to the device');
      },
    });
    const s = await r.live.start({ deviceId: r.deviceId, channelId: r.channelId, transport: 'udp' });
    expect(s.state).toBe('playing');
    await r.live.stop(s.sessionId);
  });

  it('uses the device media transport setting when live.start names none', async () => {
    const r = await setup();
    r.h.server.devices.registry.update(r.deviceId, { mediaTransport: 'tcp-passive' });
    const s = await r.live.start({ deviceId: r.deviceId, channelId: r.channelId });
    expect(s.transport).toBe('tcp-passive');
    const viewer = new FrameCollector();
    r.live.subscribeFrames(s.sessionId, viewer);
    await viewer.waitFrames(3);
  });

  it('sends the INVITE over the TCP connection the device registered on', async () => {
    const r = await setup({ sipTransport: 'tcp' });
    const s = await r.live.start({ deviceId: r.deviceId, channelId: r.channelId, transport: 'udp' });
    const invite = r.sip.find((x) => x.direction === 'out' && x.raw.toString('latin1').startsWith('INVITE '))!;
    expect(invite.transport).toBe('TCP');
    expect(`${invite.peer.address}:${invite.peer.port}`).toBe(r.h.server.devices.flowOf(r.deviceId));
    const text = invite.raw.toString();
    expect(text).toMatch(new RegExp(`^INVITE sip:${r.channelId}@127\\.0\\.0\\.1:\\d+ SIP/2\\.0\\r\\n`));
    expect(text).toContain(`Subject: ${r.channelId}:${s.ssrc},${r.h.settings.values.sipId}:0\r\n`);
    expect(text).toContain('Content-Type: application/sdp');
    expect(text).toContain(`m=video ${s.mediaPort} RTP/AVP 96 97 98`);
    const viewer = new FrameCollector();
    r.live.subscribeFrames(s.sessionId, viewer);
    await viewer.waitFrames(3);
  });

  it('a device BYE ends the session with the reason and releases the port', async () => {
    const r = await setup();
    const s = await r.live.start({ deviceId: r.deviceId, channelId: r.channelId, transport: 'udp' });
    const ended = r.next('live.ended');
    await r.fleet!.devices[0].media.closeAll(true);
    const e = await ended;
    expect(e).toEqual({
      sessionId: s.sessionId,
      deviceId: r.deviceId,
      channelId: r.channelId,
      reason: `camera ${r.channelId} ended live view (it sent BYE)`,
      text: { code: 'live.deviceBye', params: { channelId: r.channelId }, text: `camera ${r.channelId} ended live view (it sent BYE)` },
    });
    await expectReleased(r, s);
    const answers = r.sip.filter((x) => x.direction === 'out' && /^SIP\/2\.0 200 /.test(x.raw.toString('latin1')) && /\r\nCSeq: *\d+ BYE\r\n/i.test(x.raw.toString('latin1')));
    expect(answers).toHaveLength(1);
    expect(r.sipLines().filter((l) => l === 'out BYE')).toHaveLength(0);
  });

  it('the device going offline ends its sessions', async () => {
    const r = await setup({ sipTransport: 'tcp' });
    const s = await r.live.start({ deviceId: r.deviceId, channelId: r.channelId, transport: 'tcp-passive' });
    const ended = r.next('live.ended');
    // the device's SIP connection drops (no BYE): device access declares it offline
    r.fleet!.devices[0].link.reset();
    expect((await ended).reason).toMatch(new RegExp(`^device ${r.deviceId} went offline \\(TCP connection .+\\); live view of camera ${r.channelId} ended$`));
    await expectReleased(r, s);
  });

  it('no RTP within 5 s of the 200 OK: BYE and the reason in the installer words', async () => {
    const clock = new FakeClock(Date.now());
    // the offer names an address the camera cannot reach, so nothing arrives
    const r = await setup({ clock, mediaIp: '192.0.2.1' });
    const device = r.fleet!.devices[0];
    const s = await r.live.start({ deviceId: r.deviceId, channelId: r.channelId, transport: 'udp' });
    expect(s.mediaIp).toBe('192.0.2.1');
    const mediaEnded = device.events.next('media-ended', 5000);
    const ended = r.next('live.ended');
    clock.advance(4999);
    expect(r.live.list()).toHaveLength(1);
    clock.advance(1);
    expect((await ended).reason).toBe(
      `camera ${r.channelId} accepted the call but sent no video to 192.0.2.1:${s.mediaPort}/udp within 5 s; check that it can reach that address, or try TCP`,
    );
    expect((await mediaEnded).reason).toBe('bye');
    await expectReleased(r, s);
  });

  it('packets with another SSRC are accepted and flagged', async () => {
    const r = await setup({ device: { faults: { ssrcMismatch: true } } });
    const s = await r.live.start({ deviceId: r.deviceId, channelId: r.channelId, transport: 'udp' });
    const viewer = new FrameCollector();
    r.live.subscribeFrames(s.sessionId, viewer);
    await viewer.waitFrames(5);
    const now = r.live.list()[0];
    expect(now.receivedSsrc).not.toBe(s.ssrc);
    expect(now.warnings).toEqual([
      `camera ${r.channelId} answered with SSRC ${now.receivedSsrc} instead of the offered ${s.ssrc}`,
      `camera ${r.channelId} sends video with SSRC ${now.receivedSsrc} instead of the offered ${s.ssrc}; accepted`,
    ]);
    expect(now.warningTexts).toEqual([
      { code: 'live.answer.otherSsrc', params: { channelId: r.channelId, ssrc: now.receivedSsrc, offered: s.ssrc }, text: now.warnings[0] },
      { code: 'live.ssrcMismatch', params: { channelId: r.channelId, ssrc: now.receivedSsrc, offered: s.ssrc }, text: now.warnings[1] },
    ]);
  });

  it('stopping before the camera answers sends CANCEL, fails live.start with the reason and releases the port', async () => {
    const r = await setup({ device: { faults: { neverAnswerInvite: true } } });
    const started = r.next('live.started');
    const pending = r.live.start({ deviceId: r.deviceId, channelId: r.channelId, transport: 'udp' }).catch((e: unknown) => e);
    const s = await started;
    expect(s.state).toBe('inviting');
    // CANCEL needs a provisional answer first (RFC 3261 §9.1): the device's 100 Trying
    await waitSip(r, 'in 100');
    const ended = r.next('live.ended');
    expect(await r.live.stop(s.sessionId)).toEqual({ stopped: true });
    const err = (await pending) as DomainError;
    expect(err).toBeInstanceOf(DomainError);
    expect(err.code).toBe('conflict');
    expect(err.message).toBe(`live view of camera ${r.channelId} was stopped before the camera answered`);
    expect((await ended).reason).toBe(err.message);
    await waitSip(r, 'in 487');
    expect(r.sipLines()).toContain('out CANCEL');
    await expectReleased(r, s);
  });

  it('a camera that never answers is CANCELled at the answer deadline', async () => {
    const clock = new FakeClock(Date.now());
    const r = await setup({ clock, device: { faults: { neverAnswerInvite: true } }, timing: { answerTimeoutMs: 8000 } });
    const started = r.next('live.started');
    const pending = r.live.start({ deviceId: r.deviceId, channelId: r.channelId, transport: 'tcp-passive' }).catch((e: unknown) => e);
    const s = await started;
    await waitSip(r, 'in 100');
    const ended = r.next('live.ended');
    clock.advance(8000);
    const err = (await pending) as DomainError;
    expect(err.code).toBe('timeout');
    expect(err.text).toMatchObject({ code: 'invite.noAnswer', params: { channelId: r.channelId, seconds: '8' } });
    expect(err.message).toMatch(new RegExp(`^camera ${r.channelId} did not answer the live view request within 8 s \\(sent to 127\\.0\\.0\\.1:\\d+/udp\\)`));
    await waitSip(r, 'out CANCEL');
    expect((await ended).reason).toBe(err.message);
    await expectReleased(r, s);
  });

  it('two viewers share one INVITE; BYE goes out only after the last leaves and the linger passes', async () => {
    const clock = new FakeClock(Date.now());
    const r = await setup({ clock, timing: { lingerMs: 3000 } });
    const device = r.fleet!.devices[0];
    let invites = 0;
    device.events.on('invite', () => invites++);
    const [a, b] = await Promise.all([
      r.live.start({ deviceId: r.deviceId, channelId: r.channelId, transport: 'udp' }),
      r.live.start({ deviceId: r.deviceId, channelId: r.channelId, transport: 'tcp-active' }),
    ]);
    expect(b.sessionId).toBe(a.sessionId);
    expect(b.viewers).toBe(2);
    expect(invites).toBe(1);
    expect(r.live.list()).toHaveLength(1);
    // video flows before the fake clock moves, so the no-video watchdog stays quiet
    const viewer = new FrameCollector();
    r.live.subscribeFrames(a.sessionId, viewer);
    await viewer.waitFrames(1);

    await r.live.stop(a.sessionId);
    expect(r.live.list()[0]).toMatchObject({ viewers: 1, state: 'playing' });
    await r.live.stop(a.sessionId);
    expect(r.live.list()[0]).toMatchObject({ viewers: 0, state: 'playing' });
    // a viewer coming back within the linger keeps the session
    clock.advance(2000);
    const again = await r.live.start({ deviceId: r.deviceId, channelId: r.channelId });
    expect(again).toMatchObject({ sessionId: a.sessionId, viewers: 1 });
    clock.advance(5000);
    expect(r.live.list()).toHaveLength(1);
    expect(invites).toBe(1);

    await r.live.stop(a.sessionId);
    const ended = r.next('live.ended');
    clock.advance(2999);
    expect(r.sipLines()).not.toContain('out BYE');
    clock.advance(1);
    expect((await ended).reason).toBe(`live view of camera ${r.channelId} stopped: no viewer left`);
    await waitSip(r, 'out BYE');
    expect(invites).toBe(1);
    await expectReleased(r, a);
  });

  it('refuses unknown and offline devices with a sentence', async () => {
    const r = await setup();
    await expect(r.live.start({ deviceId: '34020000001329999999', channelId: r.channelId })).rejects.toMatchObject({
      code: 'not_found',
      message: 'device 34020000001329999999 is not known to this server',
    });
    await r.fleet!.stop();
    await expect(r.live.start({ deviceId: r.deviceId, channelId: r.channelId })).rejects.toMatchObject({
      code: 'unavailable',
      message: `device ${r.deviceId} is offline; live view needs it registered and online`,
    });
    expect(r.live.ports.held).toEqual([]);
  });

  it('refuses a start once it is closing, as a coded sentence', async () => {
    const r = await setup();
    await r.live.close();
    await expect(r.live.start({ deviceId: r.deviceId, channelId: r.channelId })).rejects.toMatchObject({
      code: 'unavailable',
      message: 'the console is shutting down',
      text: { code: 'live.shuttingDown' },
    });
  });
});

/** Waits until the server's signalling shows `line` (e.g. "in 487"), re-checking on each recorded message. */
function waitSip(r: Rig, line: string, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (r.sipLines().includes(line)) return resolve();
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no "${line}" in the signalling within ${timeoutMs} ms: ${r.sipLines().join(', ')}`));
    }, timeoutMs);
    const off = r.h.server.stack.tap.add({
      onMessage: () =>
        queueMicrotask(() => {
          if (!r.sipLines().includes(line)) return;
          clearTimeout(timer);
          off();
          resolve();
        }),
    });
  });
}
