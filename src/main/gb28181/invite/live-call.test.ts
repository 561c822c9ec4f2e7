import { describe, expect, it } from 'vitest';
import { getCSeq } from '../../sip/message';
import type { SipAddress, SipRequest } from '../../sip/message/types';
import type { IncomingRequestContext } from '../../sip/stack/incoming';
import { SipStack } from '../../sip/stack/stack';
import { FakeClock } from '../../sip/timers/clock';
import { InMemoryNetwork } from '../../sip/transport/memory';
import { LiveCall, type CallOutcome } from './live-call';
import { buildLiveInvite } from './live-invite';

const SERVER = '34020000002000000001';
const CHANNEL = '34020000001320000001';
const DEVICE: SipAddress = { transport: 'UDP', address: '10.0.0.7', port: 5060 };

const settle = () => new Promise<void>((r) => setImmediate(r));

function setup(kind: 'UDP' | 'TCP' = 'UDP') {
  const clock = new FakeClock(1_700_000_000_000);
  const net = new InMemoryNetwork();
  const platform = new SipStack({ transports: [net.transport(kind, { address: '10.0.0.1', port: 5060 })], clock });
  const device = new SipStack({ transports: [net.transport(kind, { address: DEVICE.address, port: DEVICE.port })], clock });
  const seen: SipRequest[] = [];
  let onInvite: (ctx: IncomingRequestContext) => void = (ctx) => ctx.respond(200, { body: Buffer.from('v=0\r\n'), contentType: 'application/sdp' });
  device.onRequest((req, ctx) => {
    seen.push(req);
    if (req.method === 'INVITE') onInvite(ctx);
    else if (req.method === 'BYE') ctx.respond(200);
  });
  const dest = { ...DEVICE, transport: kind };
  const call = (answerTimeoutMs = 10_000) =>
    new LiveCall({
      stack: platform,
      request: buildLiveInvite(platform, {
        serverId: SERVER,
        domain: '3402000000',
        channelId: CHANNEL,
        dest,
        mediaIp: '10.0.0.1',
        mediaPort: 30000,
        transport: 'udp',
        ssrc: '0200000001',
      }),
      dest,
      noNewConnection: false,
      channelId: CHANNEL,
      answerTimeoutMs,
      clock,
    });
  return { clock, net, platform, device, seen, call, setInvite: (f: typeof onInvite) => (onInvite = f) };
}

const methods = (seen: SipRequest[]) => seen.map((r) => r.method);

describe('LiveCall', () => {
  it('passes 100 and 180 on, ACKs the 200 with the INVITE CSeq and ends with BYE', async () => {
    const t = setup();
    t.setInvite((ctx) => {
      ctx.respond(100);
      ctx.respond(180);
      ctx.respond(200, { body: Buffer.from('v=0\r\n'), contentType: 'application/sdp' });
    });
    const call = t.call();
    const outcome = await call.outcome;
    expect(outcome.kind).toBe('answered');
    await settle();
    expect(methods(t.seen)).toContain('ACK');
    expect(methods(t.seen)).toEqual(['INVITE', 'ACK']);
    const invite = t.seen[0];
    const ack = t.seen.filter((r) => r.method === 'ACK').at(-1)!;
    expect(getCSeq(ack)!.seq).toBe(getCSeq(invite)!.seq);
    expect(call.answered).toBe(true);
    await call.hangup();
    const bye = t.seen.filter((r) => r.method === 'BYE');
    expect(bye).toHaveLength(1);
    expect(bye[0].headers.find((h) => h.name === 'Call-ID')?.value).toBe(call.callId);
    await call.hangup();
    expect(t.seen.filter((r) => r.method === 'BYE')).toHaveLength(1);
  });

  it('reports provisional answers while ringing', async () => {
    const t = setup();
    let ring: IncomingRequestContext | undefined;
    t.setInvite((ctx) => {
      ctx.respond(180, { reason: 'Ringing' });
      ring = ctx;
    });
    const statuses: number[] = [];
    const dest = DEVICE;
    const call = new LiveCall({
      stack: t.platform,
      request: buildLiveInvite(t.platform, { serverId: SERVER, domain: '3402000000', channelId: CHANNEL, dest, mediaIp: '10.0.0.1', mediaPort: 1, transport: 'udp', ssrc: '0200000001' }),
      dest,
      noNewConnection: false,
      channelId: CHANNEL,
      answerTimeoutMs: 10_000,
      clock: t.clock,
      onProvisional: (r) => statuses.push(r.status),
    });
    await settle();
    expect(statuses).toEqual([180]);
    ring!.respond(200, { body: Buffer.from('v=0\r\n'), contentType: 'application/sdp' });
    expect((await call.outcome).kind).toBe('answered');
  });

  it('turns a refusal into the installer sentence', async () => {
    const t = setup();
    t.setInvite((ctx) => ctx.respond(486, { reason: 'Busy Here' }));
    const outcome = await t.call().outcome;
    expect(outcome).toMatchObject({ kind: 'refused', status: 486, text: `camera ${CHANNEL} refused live view: 486 Busy Here (it is serving as many viewers as it can)` });
  });

  it('CANCELs when hung up while ringing; the device answers 487 and nothing else follows', async () => {
    const t = setup();
    let cancelled = false;
    t.setInvite((ctx) => {
      ctx.respond(180);
      ctx.onCancel(() => (cancelled = true));
    });
    const call = t.call();
    await settle();
    await call.hangup();
    expect(await call.outcome).toEqual({ kind: 'cancelled' });
    await settle();
    expect(cancelled).toBe(true);
    expect(methods(t.seen)).not.toContain('BYE');
  });

  it('gives up after its answer deadline, and ends with BYE a 200 that comes later', async () => {
    const t = setup();
    let late: IncomingRequestContext | undefined;
    t.setInvite((ctx) => (late = ctx));
    const call = t.call(100);
    await settle();
    t.clock.advance(100);
    const outcome = await call.outcome;
    expect(outcome.kind).toBe('failed');
    expect((outcome as Extract<CallOutcome, { kind: 'failed' }>).text).toBe(
      `camera ${CHANNEL} did not answer the live view request within 0.1 s (sent to 10.0.0.7:5060/udp); check that the device is online and reachable`,
    );
    late!.respond(200, { body: Buffer.from('v=0\r\n'), contentType: 'application/sdp' });
    await settle();
    await settle();
    expect(methods(t.seen)).toEqual(['INVITE', 'ACK', 'BYE']);
  });

  it('reports a send failure in words (no TCP connection to the device)', async () => {
    const t = setup('TCP');
    t.net.detach((t.device.transport.all[0] as unknown) as Parameters<InMemoryNetwork['detach']>[0]);
    const outcome = await t.call().outcome;
    expect(outcome).toMatchObject({ kind: 'failed', text: expect.stringMatching(new RegExp(`^could not send the live view request to camera ${CHANNEL} at 10.0.0.7:5060/tcp: `)) });
  });
});
