import { describe, expect, it } from 'vitest';
import { getCSeq, getFromTag, getHeader, getHeaders, getToTag, getTopVia, parseMessage, serializeMessage } from '../message';
import type { SipAddress, SipMessage, SipRequest } from '../message/types';
import { FakeClock } from '../timers/clock';
import { InMemoryNetwork } from '../transport/memory';
import { SipStack } from './stack';
import { SipTransactionError } from './errors';

const SERVER: SipAddress = { transport: 'UDP', address: '10.0.0.1', port: 5060 };
const DEVICE: SipAddress = { transport: 'UDP', address: '10.0.0.7', port: 5060 };

function settle(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

function setup(kind: 'UDP' | 'TCP' = 'UDP') {
  const clock = new FakeClock(1_700_000_000_000);
  const net = new InMemoryNetwork();
  const a = net.transport(kind, { address: SERVER.address, port: SERVER.port });
  const b = net.transport(kind, { address: DEVICE.address, port: DEVICE.port });
  const server = new SipStack({ transports: [a], clock, contact: 'sip:34020000002000000001@10.0.0.1:5060' });
  const device = new SipStack({ transports: [b], clock, contact: 'sip:34020000001320000001@10.0.0.7:5060' });
  const toDevice = { ...DEVICE, transport: kind };
  const toServer = { ...SERVER, transport: kind };
  return { clock, net, a, b, server, device, toDevice, toServer };
}

function parsed(raw: Buffer): SipMessage {
  const r = parseMessage(raw);
  if (!r.ok) throw new Error(r.error.reason);
  return r.message;
}

function message(stack: SipStack, body = 'hello'): SipRequest {
  return stack.createRequest({
    method: 'MESSAGE',
    uri: 'sip:34020000001320000001@10.0.0.7:5060',
    from: 'sip:34020000002000000001@3402000000',
    to: '<sip:34020000001320000001@3402000000>;tag=shouldgo',
    body: Buffer.from(body),
    contentType: 'Application/MANSCDP+xml',
  });
}

describe('SipStack out-of-dialog requests', () => {
  it('gives every request a fresh branch, From tag and Call-ID, Max-Forwards 70, User-Agent, a rising CSeq and no To tag', async () => {
    const { server, device, toDevice } = setup();
    device.onRequest((_req, ctx) => void ctx.respond(200));
    const r1 = message(server);
    const r2 = message(server);
    await Promise.all([server.request(r1, toDevice), server.request(r2, toDevice)]);
    expect(getTopVia(r1)?.params.branch).toMatch(/^z9hG4bK[0-9a-f]{16}$/);
    expect(getTopVia(r1)?.params.branch).not.toBe(getTopVia(r2)?.params.branch);
    expect(getFromTag(r1)).toBeTruthy();
    expect(getFromTag(r1)).not.toBe(getFromTag(r2));
    expect(getHeader(r1, 'Call-ID')).not.toBe(getHeader(r2, 'Call-ID'));
    expect(getToTag(r1)).toBeUndefined();
    expect(getHeader(r1, 'Max-Forwards')).toBe('70');
    expect(getHeader(r1, 'User-Agent')).toMatch(/^GB28181-Console\/\d+\.\d+\.\d+$/);
    expect(getCSeq(r2)!.seq).toBe(getCSeq(r1)!.seq + 1);
    expect('rport' in getTopVia(r1)!.params).toBe(true);
  });

  it('resolves with the final response and reports provisional ones', async () => {
    const { server, device, toDevice } = setup();
    device.onRequest((_req, ctx) => {
      ctx.respond(100);
      ctx.respond(202, { reason: 'Accepted' });
    });
    const seen: number[] = [];
    const res = await server.request(message(server), toDevice, { onProvisional: (p) => seen.push(p.status) });
    expect(res.status).toBe(202);
    expect(seen).toEqual([100]);
  });

  it('rejects with a readable SipTransactionError when Timer F fires', async () => {
    const { clock, server, toDevice } = setup();
    const p = server.request(message(server), { ...toDevice, address: '10.0.0.99' });
    const caught = p.catch((e: unknown) => e);
    clock.advance(32_000);
    const err = (await caught) as SipTransactionError;
    expect(err).toBeInstanceOf(SipTransactionError);
    expect(err.status).toBe(408);
    expect(err.message).toBe('Timer F fired: no answer from 10.0.0.99:5060/udp to MESSAGE within 32 s');
    expect(err.text).toEqual({ code: 'sip.noAnswer', params: { timer: 'F', address: '10.0.0.99:5060/udp', method: 'MESSAGE', seconds: 32 }, text: err.message });
  });

  it('fails an in-flight request with 503 and the connection text when its stream closes', async () => {
    const { a, server, device, toDevice } = setup('TCP');
    device.onRequest(() => {}); // never answers
    const p = server.request(message(server), toDevice).catch((e: unknown) => e);
    await settle();
    a.simulateClose(toDevice, 'TCP connection to 10.0.0.7:5060 closed by the peer');
    const err = (await p) as SipTransactionError;
    expect(err.status).toBe(503);
    expect(err.message).toBe('MESSAGE to 10.0.0.7:5060/tcp failed: TCP connection to 10.0.0.7:5060 closed by the peer before MESSAGE was answered');
    expect(err.text).toMatchObject({ code: 'sip.sendFailed', params: { method: 'MESSAGE', address: '10.0.0.7:5060/tcp', detail: { code: 'error.detail' } }, text: err.message });
  });
});

describe('SipStack server side', () => {
  it('absorbs a retransmitted request: the handler runs once and the last response is re-sent', async () => {
    const { b, net, device, toDevice, a } = setup();
    let calls = 0;
    device.onRequest((_req, ctx) => {
      calls++;
      ctx.respond(200);
    });
    const raw = serializeMessage(
      parsed(
        Buffer.from(
          'MESSAGE sip:34020000001320000001@10.0.0.7 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKretx\r\n' +
            'From: <sip:s@3402000000>;tag=1\r\nTo: <sip:d@3402000000>\r\nCall-ID: x1\r\nCSeq: 5 MESSAGE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n',
        ),
      ),
    );
    void net;
    await a.send(raw, toDevice);
    await settle();
    await a.send(raw, toDevice);
    await settle();
    expect(calls).toBe(1);
    const answers = b.sent.map((s) => parsed(s.raw)).filter((m) => m.kind === 'response');
    expect(answers.map((m) => (m.kind === 'response' ? m.status : 0))).toEqual([200, 200]);
    expect(device.transactions.serverCount).toBe(1);
  });

  it('treats the same branch with a new CSeq as a new request (docs/protocol.md §13: REGISTER 1 then 2)', async () => {
    const { a, b, device, toDevice } = setup();
    const seen: number[] = [];
    device.onRequest((req, ctx) => {
      seen.push(getCSeq(req)!.seq);
      ctx.respond(getCSeq(req)!.seq === 1 ? 401 : 200);
    });
    const reg = (seq: number) =>
      Buffer.from(
        'REGISTER sip:34020000002000000001@3402000000 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;rport;branch=z9hG4bKsame\r\n' +
          `From: <sip:d@3402000000>;tag=7\r\nTo: <sip:d@3402000000>\r\nCall-ID: reg1\r\nCSeq: ${seq} REGISTER\r\nMax-Forwards: 70\r\nExpires: 3600\r\nContent-Length: 0\r\n\r\n`,
      );
    await a.send(reg(1), toDevice);
    await settle();
    await a.send(reg(2), toDevice);
    await settle();
    expect(seen).toEqual([1, 2]);
    const answers = b.sent.map((s) => parsed(s.raw));
    expect(answers.map((m) => (m.kind === 'response' ? `${m.status}/${getCSeq(m)!.seq}` : ''))).toEqual(['401/1', '200/2']);
  });

  it('records received and rport in the Via of the response (RFC 3581)', async () => {
    const { a, b, device, toDevice } = setup();
    device.onRequest((_req, ctx) => void ctx.respond(200));
    await a.send(
      Buffer.from(
        'OPTIONS sip:d@10.0.0.7 SIP/2.0\r\nVia: SIP/2.0/UDP 192.168.1.20:5070;rport;branch=z9hG4bKnat\r\n' +
          'From: <sip:s@x>;tag=1\r\nTo: <sip:d@x>\r\nCall-ID: o1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n',
      ),
      toDevice,
    );
    await settle();
    const res = parsed(b.sent[0].raw);
    expect(getTopVia(res)!.params).toMatchObject({ received: '10.0.0.1', rport: '5060', branch: 'z9hG4bKnat' });
    expect(b.sent[0].to).toEqual(SERVER); // to the source, not the Via sent-by 192.168.1.20:5070
  });

  it('answers a request that breaks a sanity rule with the checker status and a Warning, and drops garbage', async () => {
    const { a, b, device, toDevice } = setup();
    let calls = 0;
    device.onRequest((_req, ctx) => {
      calls++;
      ctx.respond(200);
    });
    await a.send(
      Buffer.from('MESSAGE sip:d@10.0.0.7 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKbad\r\nFrom: <sip:s@x>;tag=1\r\nTo: <sip:d@x>\r\nCSeq: 1 MESSAGE\r\nContent-Length: 0\r\n\r\n'),
      toDevice,
    );
    await a.send(Buffer.from('\x00\x01garbage that is not SIP\r\n\r\n'), toDevice);
    await settle();
    expect(calls).toBe(0);
    // the answer copies what the request had, so it has no Call-ID either: read it as text
    const text = b.sent[0].raw.toString();
    expect(text).toMatch(/^SIP\/2\.0 400 [^\r]*Call-ID/);
    expect(text).toMatch(/\r\nWarning: 399 10\.0\.0\.7 "[^"]*Call-ID[^"]*"\r\n/);
    expect(text).toMatch(/branch=z9hG4bKbad/);
    expect(device.stats).toMatchObject({ rejected: 1, dropped: 1 });
    expect(b.sent).toHaveLength(1);
  });

  it('answers 481 to a BYE for an unknown dialog and 501 to a method nobody handles', async () => {
    const { server, device, toDevice } = setup();
    const bye = server.createRequest({ method: 'BYE', uri: 'sip:d@10.0.0.7', from: 'sip:s@x', to: 'sip:d@x' });
    bye.headers = bye.headers.map((h) => (h.name === 'To' ? { ...h, value: h.value + ';tag=nope' } : h));
    expect((await server.request(bye, toDevice)).status).toBe(481);
    const sub = server.createRequest({ method: 'SUBSCRIBE', uri: 'sip:d@10.0.0.7', from: 'sip:s@x', to: 'sip:d@x' });
    expect((await server.request(sub, toDevice)).status).toBe(501);
    void device;
  });

  it('answers 500 when the handler throws and keeps serving', async () => {
    const { server, device, toDevice } = setup();
    const events: string[] = [];
    device.onEvent((e) => events.push(e.type));
    let n = 0;
    device.onRequest((_req, ctx) => {
      if (n++ === 0) throw new Error('boom');
      ctx.respond(200);
    });
    expect((await server.request(message(server), toDevice)).status).toBe(500);
    expect((await server.request(message(server), toDevice)).status).toBe(200);
    expect(events).toContain('handler-error');
  });
});

describe('SipStack INVITE, dialogs and CANCEL', () => {
  function answerInvites(device: SipStack) {
    const got: SipRequest[] = [];
    device.onRequest((req, ctx) => {
      got.push(req);
      if (req.method === 'INVITE') ctx.respond(200, { body: Buffer.from('v=0\r\n'), contentType: 'application/sdp' });
      else if (req.method !== 'ACK') ctx.respond(200);
    });
    return got;
  }

  function newInvite(server: SipStack): SipRequest {
    return server.createRequest({
      method: 'INVITE',
      uri: 'sip:34020000001320000001@10.0.0.7:5060',
      from: 'sip:34020000002000000001@3402000000',
      to: 'sip:34020000001320000001@3402000000',
      body: Buffer.from('v=0\r\n'),
      contentType: 'application/sdp',
    });
  }

  it('forms a dialog on both sides; our ACK and BYE carry the right tags and CSeq', async () => {
    const { server, device, toDevice } = setup();
    const got = answerInvites(device);
    const invite = newInvite(server);
    const { response, dialog } = await server.invite(invite, toDevice);
    expect(response.status).toBe(200);
    expect(dialog).toBeDefined();
    await settle();
    const ack = got.find((r) => r.method === 'ACK')!;
    expect(getCSeq(ack)).toEqual({ seq: getCSeq(invite)!.seq, method: 'ACK' });
    expect(getFromTag(ack)).toBe(getFromTag(invite));
    expect(getToTag(ack)).toBe(getToTag(response));
    expect(getTopVia(ack)!.params.branch).not.toBe(getTopVia(invite)!.params.branch);
    expect(device.dialogs.size).toBe(1);
    const bye = await server.bye(dialog!);
    expect(bye.status).toBe(200);
    const byeReq = got.find((r) => r.method === 'BYE')!;
    expect(getCSeq(byeReq)).toEqual({ seq: getCSeq(invite)!.seq + 1, method: 'BYE' });
    expect(getFromTag(byeReq)).toBe(getFromTag(invite));
    expect(getToTag(byeReq)).toBe(getToTag(response));
    expect(getHeader(byeReq, 'Call-ID')).toBe(getHeader(invite, 'Call-ID'));
    expect(server.dialogs.size).toBe(0);
    expect(device.dialogs.size).toBe(0);
  });

  it('the UAS re-sends its 2xx until the ACK arrives, and the UAC re-sends the same ACK', async () => {
    const { clock, net, server, device, toDevice } = setup();
    const got = answerInvites(device);
    let droppedAcks = 0;
    net.dropFilter = (raw) => raw.subarray(0, 4).toString() === 'ACK ' && droppedAcks++ < 1;
    const { dialog } = await server.invite(newInvite(server), toDevice);
    await settle();
    expect(got.filter((r) => r.method === 'ACK')).toHaveLength(0);
    clock.advance(500); // Timer G-schedule 2xx retransmission
    await settle();
    await settle();
    const acks = got.filter((r) => r.method === 'ACK');
    expect(acks).toHaveLength(1);
    clock.advance(10_000);
    await settle();
    expect(got.filter((r) => r.method === 'ACK')).toHaveLength(1);
    void dialog;
  });

  it('sends BYE when the ACK for our 2xx never arrives (Timer L)', async () => {
    const { clock, net, server, device, toDevice } = setup();
    const got: string[] = [];
    server.onRequest((req, ctx) => {
      got.push(req.method);
      if (req.method !== 'ACK') ctx.respond(200);
    });
    answerInvites(device);
    const events: string[] = [];
    device.onEvent((e) => events.push(e.type === 'ack-missing' ? e.text : e.type));
    net.dropFilter = (raw) => raw.subarray(0, 4).toString() === 'ACK ';
    await server.invite(newInvite(server), toDevice);
    for (let i = 0; i < 12; i++) {
      clock.advance(4_000);
      await settle();
    }
    expect(events.some((t) => /no ACK from 10\.0\.0\.1:5060\/udp/.test(t))).toBe(true);
    expect(got).toContain('BYE');
  });

  it('CANCEL: the UAS answers 200 to the CANCEL and 487 to the INVITE, and the caller gets the 487', async () => {
    const { server, device, toDevice, b } = setup();
    let cancelled = false;
    device.onRequest((req, ctx) => {
      if (req.method === 'INVITE') {
        ctx.respond(180);
        ctx.onCancel(() => (cancelled = true));
      }
    });
    const invite = newInvite(server);
    const ringing = new Promise<void>((resolve) => {
      void server.invite(invite, toDevice, { onProvisional: () => resolve() }).then((r) => results.push(r.response.status));
    });
    const results: number[] = [];
    await ringing;
    expect(server.cancel(invite)).toBe(true);
    for (let i = 0; i < 5; i++) await settle();
    expect(cancelled).toBe(true);
    expect(results).toEqual([487]);
    const statuses = b.sent.map((s) => parsed(s.raw)).filter((m) => m.kind === 'response').map((m) => (m.kind === 'response' ? `${m.status} ${getCSeq(m)!.method}` : ''));
    expect(statuses).toEqual(['180 INVITE', '200 CANCEL', '487 INVITE']);
    const to180 = getToTag(parsed(b.sent[0].raw));
    expect(getToTag(parsed(b.sent[2].raw))).toBe(to180);
    expect(device.dialogs.size).toBe(0);
  });

  it('a CANCEL sent before any provisional waits for one (§9.1)', async () => {
    const { server, device, toDevice, a } = setup();
    let ctxRef: { respond(s: number): unknown } | undefined;
    device.onRequest((req, ctx) => {
      if (req.method === 'INVITE') ctxRef = ctx;
    });
    const invite = newInvite(server);
    const done = server.invite(invite, toDevice);
    await settle();
    expect(server.cancel(invite)).toBe(true);
    await settle();
    expect(a.sent.map((s) => parsed(s.raw)).some((m) => m.kind === 'request' && m.method === 'CANCEL')).toBe(false);
    ctxRef!.respond(183);
    for (let i = 0; i < 5; i++) await settle();
    expect(a.sent.map((s) => parsed(s.raw)).some((m) => m.kind === 'request' && m.method === 'CANCEL')).toBe(true);
    expect((await done).response.status).toBe(487);
  });

  it('answers 481 to a CANCEL that matches nothing', async () => {
    const { a, b, device, toDevice } = setup();
    device.onRequest(() => {});
    await a.send(
      Buffer.from('CANCEL sip:d@10.0.0.7 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKnothing\r\nFrom: <sip:s@x>;tag=1\r\nTo: <sip:d@x>\r\nCall-ID: c9\r\nCSeq: 1 CANCEL\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n'),
      toDevice,
    );
    await settle();
    const res = parsed(b.sent[0].raw);
    expect(res.kind === 'response' && res.status).toBe(481);
  });

  it('an INVITE that only rings is CANCELled after the INVITE timeout', async () => {
    const { clock, server, device, toDevice } = setup();
    device.onRequest((req, ctx) => {
      if (req.method === 'INVITE') ctx.respond(180);
    });
    const p = server.invite(newInvite(server), toDevice, { timeoutMs: 10_000 });
    await settle();
    await settle();
    clock.advance(10_000);
    for (let i = 0; i < 5; i++) await settle();
    expect((await p).response.status).toBe(487);
  });

  it('the answering side ends the call with its own BYE (e.g. a device at the end of a playback file)', async () => {
    const { server, device, toDevice } = setup();
    let uasDialog: import('../dialog/dialog').Dialog | undefined;
    device.onRequest((req, ctx) => {
      if (req.method === 'INVITE') {
        ctx.respond(200, { body: Buffer.from('v=0\r\n'), contentType: 'application/sdp' });
        uasDialog = ctx.dialog;
      }
    });
    const byes: SipRequest[] = [];
    server.onRequest((req, ctx) => {
      if (req.method === 'BYE') {
        byes.push(req);
        ctx.respond(200);
      }
    });
    const invite = newInvite(server);
    const { response } = await server.invite(invite, toDevice);
    expect(uasDialog).toBeDefined();
    expect((await device.bye(uasDialog!)).status).toBe(200);
    expect(getFromTag(byes[0])).toBe(getToTag(response));
    expect(getToTag(byes[0])).toBe(getFromTag(invite));
    expect(byes[0].uri).toBe('sip:34020000002000000001@10.0.0.1:5060');
    expect(server.dialogs.size).toBe(0);
    expect(device.dialogs.size).toBe(0);
  });

  it('in-dialog requests that go backwards in CSeq get 500', async () => {
    const { server, device, toDevice } = setup();
    answerInvites(device);
    const { dialog } = await server.invite(newInvite(server), toDevice);
    const info = dialog!.createRequest('INFO');
    const older = dialog!.createRequest('INFO');
    older.headers = older.headers.map((h) => (h.name === 'CSeq' ? { ...h, value: `${getCSeq(info)!.seq - 1} INFO` } : h));
    expect((await server.request(info, toDevice)).status).toBe(200);
    expect((await server.request(older, toDevice)).status).toBe(500);
    expect(getHeaders(info, 'Via')).toHaveLength(1);
  });
});

describe('SipStack stateless answers (RFC 3261 §8.2.7)', () => {
  function register(stack: SipStack, credentials?: string): SipRequest {
    const req = stack.createRequest({
      method: 'REGISTER',
      uri: 'sip:34020000002000000001@3402000000',
      from: 'sip:34020000001320000001@3402000000',
      to: 'sip:34020000001320000001@3402000000',
    });
    if (credentials) req.headers.push({ name: 'Authorization', value: credentials });
    return req;
  }

  it('answers what the stateless handler answers without a server transaction, with one To tag for every retransmission', async () => {
    const { a, b, server, device, toServer } = setup();
    const stateful: string[] = [];
    server.onStatelessRequest((req) =>
      req.method === 'REGISTER' && !getHeader(req, 'Authorization')
        ? { status: 401, headers: [{ name: 'WWW-Authenticate', value: 'Digest realm="3402000000", nonce="n1"' }] }
        : undefined,
    );
    server.onRequest((req, ctx) => {
      stateful.push(req.method);
      ctx.respond(200);
    });
    const first = register(device);
    const challenged = await device.request(first, toServer);
    expect(challenged.status).toBe(401);
    expect(getHeader(challenged, 'WWW-Authenticate')).toContain('nonce="n1"');
    expect(getHeader(challenged, 'Server')).toMatch(/^GB28181-Console/);
    expect(server.transactions.serverCount).toBe(0);
    // the same request again (a retransmission) gets the same To tag
    await b.send(first, { ...SERVER });
    await settle();
    const answers = a.sent.map((s) => parsed(s.raw)).filter((m) => m.kind === 'response');
    expect(answers).toHaveLength(2);
    expect(getToTag(answers[1])).toBe(getToTag(answers[0]));
    expect(stateful).toEqual([]);

    const ok = await device.request(device.renewCSeq(register(device, 'Digest username="34020000001320000001"')), toServer);
    expect(ok.status).toBe(200);
    expect(stateful).toEqual(['REGISTER']);
    expect(server.transactions.serverCount).toBe(1); // the 200's Completed state, held for Timer J
  });

  it('answers 500 statelessly when the stateless handler throws, and reports it', async () => {
    const { server, device, toServer } = setup();
    const errors: string[] = [];
    server.onEvent((e) => e.type === 'handler-error' && errors.push(e.text));
    server.onStatelessRequest(() => {
      throw new Error('boom');
    });
    const res = await device.request(register(device), toServer);
    expect(res.status).toBe(500);
    expect(errors[0]).toMatch(/handling REGISTER from 10\.0\.0\.7:5060\/udp failed: boom/);
  });
});
