// Live view against a scripted camera (a registered test device whose INVITE answers the test writes): the
// refusals, odd answers and misrouted media the simulator does not produce.
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainError } from '../../shared/errors';
import { videoClip } from '../../device-sim/media/clips';
import { UdpSink } from '../../device-sim/media/sinks';
import { MediaStreamer } from '../../device-sim/media/streamer';
import { buildAnswer, parseInviteOffer, type GbSdp } from '../gb28181/sdp';
import { TestDevice } from '../gb28181/server/testing/test-device';
import type { SipRequest } from '../sip/message/types';
import type { IncomingRequestContext } from '../sip/stack/incoming';
import { FakeClock } from '../sip/timers/clock';
import { UdpTransport } from '../sip/transport/udp';
import { FrameCollector, PASSWORD, portIsFree, startRig, type Rig } from './testing/live-rig';

const CAM = '34020000001320000009';
const CHANNEL = '34020000001310000009';

let rig: Rig | undefined;
let cam: TestDevice | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await rig?.close();
  await cam?.close();
  rig = cam = undefined;
});

type InviteScript = (req: SipRequest, ctx: IncomingRequestContext, offer: GbSdp) => void;

async function setup(script: InviteScript, o: { clock?: FakeClock } = {}) {
  rig = await startRig({ noDevice: true, clock: o.clock });
  const transport = await UdpTransport.listen({ address: '127.0.0.1', port: 0 });
  cam = new TestDevice({ id: CAM, password: PASSWORD, transport, server: { transport: 'UDP', address: '127.0.0.1', port: rig.h.server.listen[0].port } });
  expect((await cam.register()).status).toBe(200);
  const seen: string[] = [];
  cam.stack.onRequest((req, ctx) => {
    seen.push(req.method);
    if (req.method === 'INVITE') {
      const offer = parseInviteOffer(req.body.toString());
      if (!offer.ok) throw new Error(offer.reason);
      script(req, ctx, offer.sdp);
    } else if (req.method !== 'ACK') ctx.respond(200);
  });
  return { r: rig, seen };
}

const answer = (offer: GbSdp, extra: Partial<Parameters<typeof buildAnswer>[0]> = {}) =>
  Buffer.from(buildAnswer({ sessionName: 'Play', ownerId: CHANNEL, ip: '127.0.0.1', port: 15060, transport: 'udp', ssrc: offer.ssrc, ...extra }));

describe('live view with a scripted camera', () => {
  it('a refusal fails live.start with the status and reason, and releases the port', async () => {
    const { r } = await setup((_req, ctx) => ctx.respond(486, { reason: 'Busy Here' }));
    const ended = r.next('live.ended');
    const err = (await r.live.start({ deviceId: CAM, channelId: CHANNEL, transport: 'udp' }).catch((e: unknown) => e)) as DomainError;
    const text = `camera ${CHANNEL} refused live view: 486 Busy Here (it is serving as many viewers as it can)`;
    expect(err).toMatchObject({ code: 'unavailable', message: text });
    // the console words it from the code: what was started and the hint are sentences of their own
    expect(err.text).toMatchObject({ code: 'invite.refusedHint', params: { channelId: CHANNEL, status: 486, reason: 'Busy Here', what: { code: 'invite.what.live' }, hint: { code: 'invite.hint.486' } } });
    expect((await ended).reason).toBe(text);
    expect(r.live.ports.held).toEqual([]);
    expect(await portIsFree(r.portMin)).toBe(true);
  });

  it('video from an address other than the camera is accepted and flagged', async () => {
    const streams: MediaStreamer[] = [];
    cleanups.push(() => streams.forEach((s) => s.stop()));
    const { r } = await setup((_req, ctx, offer) => {
      ctx.respond(200, { body: answer(offer), contentType: 'application/sdp' });
      void UdpSink.open('127.0.0.2', offer.ip, offer.port).then((sink) => {
        cleanups.push(() => sink.close());
        const s = new MediaStreamer({ clip: videoClip('h264Baseline'), ssrc: offer.ssrcValue!, mode: 'live', sink });
        streams.push(s);
        s.start();
      });
    });
    const s = await r.live.start({ deviceId: CAM, channelId: CHANNEL, transport: 'udp' });
    const viewer = new FrameCollector();
    r.live.subscribeFrames(s.sessionId, viewer);
    await viewer.waitFrames(3);
    const row = r.live.list()[0];
    expect(row.peer).toMatch(/^127\.0\.0\.2:\d+$/);
    expect(row.warnings).toEqual([`video for camera ${CHANNEL} comes from 127.0.0.2, not from the camera's address 127.0.0.1; accepted`]);
    expect(row.warningTexts).toEqual([{ code: 'live.unexpectedSender', params: { channelId: CHANNEL, from: '127.0.0.2', address: '127.0.0.1' }, text: row.warnings[0] }]);
  });

  it('TCP passive: a camera that never connects is hung up after 5 s with what to check', async () => {
    const clock = new FakeClock(Date.now());
    const { r, seen } = await setup((_req, ctx, offer) => ctx.respond(200, { body: answer(offer, { transport: 'tcp', setup: 'active', port: 9 }), contentType: 'application/sdp' }), {
      clock,
    });
    const s = await r.live.start({ deviceId: CAM, channelId: CHANNEL, transport: 'tcp-passive' });
    const ended = r.next('live.ended');
    clock.advance(5000);
    expect((await ended).reason).toBe(
      `camera ${CHANNEL} accepted the call but never connected to 127.0.0.1:${s.mediaPort}/tcp to send video within 5 s; check that it can reach that address, or try UDP`,
    );
    await new Promise<void>((resolve) => {
      const check = () => (seen.includes('BYE') ? resolve() : setImmediate(check));
      check();
    });
    expect(r.live.ports.held).toEqual([]);
  });

  it('an answer without SDP is hung up with the reason', async () => {
    const { r, seen } = await setup((_req, ctx) => ctx.respond(200));
    const err = (await r.live.start({ deviceId: CAM, channelId: CHANNEL, transport: 'udp' }).catch((e: unknown) => e)) as DomainError;
    expect(err.message).toBe(`camera ${CHANNEL} accepted live view but sent no SDP in its answer, so where the video comes from is unknown`);
    expect(err.text).toMatchObject({ code: 'live.answer.noSdp', params: { channelId: CHANNEL, what: { code: 'invite.what.live' } }, text: err.message });
    await new Promise<void>((resolve) => {
      const check = () => (seen.includes('BYE') ? resolve() : setImmediate(check));
      check();
    });
    expect(seen).toEqual(['INVITE', 'ACK', 'BYE']);
    expect(r.live.ports.held).toEqual([]);
  });

  it('TCP active: a camera whose media port refuses the connection ends the session with what to try', async () => {
    const { r } = await setup((_req, ctx, offer) => ctx.respond(200, { body: answer(offer, { transport: 'tcp', setup: 'passive', port: CLOSED_PORT }), contentType: 'application/sdp' }));
    const ended = r.next('live.ended');
    const err = (await r.live.start({ deviceId: CAM, channelId: CHANNEL, transport: 'tcp-active' }).catch((e: unknown) => e)) as DomainError;
    expect((await ended).reason).toBe(err.message);
    expect(err.message).toBe(
      `camera ${CHANNEL} accepted live view but could not connect to the camera's media port 127.0.0.1:${CLOSED_PORT}/tcp: the camera refused it (nothing listens on that port); try TCP passive or UDP`,
    );
    expect(err.text).toMatchObject({ code: 'live.connectFailed', params: { channelId: CHANNEL, detail: { code: 'media.connectRefused' } }, text: err.message });
    expect(r.live.ports.held).toEqual([]);
  });
});

/** A port nothing listens on. */
const CLOSED_PORT = 1;
