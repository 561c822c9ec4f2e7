import { afterEach, describe, expect, it } from 'vitest';
import { getCSeq, getFromTag, getHeader, getToTag, getTopVia, parseMessage } from '../message';
import type { SipMessage, SipRequest } from '../message/types';
import { SipStack } from '../stack/stack';
import { SipTransactionError } from '../stack/errors';
import type { SignallingRecord } from '../tap/tap';
import { listenUdpAndTcp } from '../transport/listen';
import { explain, findSipp, freePort, startSipp } from './sipp';

const sipp = findSipp();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function stack() {
  const { udp, tcp } = await listenUdpAndTcp({ address: '127.0.0.1' });
  const s = new SipStack({ transports: [udp, tcp], via: { host: '127.0.0.1' }, contact: `sip:34020000002000000001@127.0.0.1:${udp.local.port}` });
  const wire: Array<{ dir: 'in' | 'out'; msg: SipMessage; rec: SignallingRecord }> = [];
  s.tap.add({
    onMessage: (rec) => {
      const r = parseMessage(rec.raw);
      if (r.ok) wire.push({ dir: rec.direction, msg: r.message, rec });
    },
  });
  cleanups.push(() => s.close());
  return { s, port: udp.local.port, wire };
}

function requestsOut(wire: Array<{ dir: 'in' | 'out'; msg: SipMessage }>, method: string): SipRequest[] {
  return wire.filter((w) => w.dir === 'out' && w.msg.kind === 'request' && w.msg.method === method).map((w) => w.msg as SipRequest);
}

describe.skipIf(!sipp)('interop with sipp (sip-tester)', () => {
  for (const transport of ['udp', 'tcp'] as const) {
    it(`sipp sends OPTIONS and MESSAGE over ${transport.toUpperCase()} and gets 200s`, async () => {
      const { s, port, wire } = await stack();
      const seen: string[] = [];
      s.onRequest((req, ctx) => {
        seen.push(req.method);
        ctx.respond(200);
      });
      const run = await startSipp({ scenario: 'uac-options-message.xml', remote: `127.0.0.1:${port}`, transport }).done;
      expect(run.code, explain(run)).toBe(0);
      expect(seen).toEqual(['OPTIONS', 'MESSAGE']);
      const answers = wire.filter((w) => w.dir === 'out' && w.msg.kind === 'response');
      expect(answers.map((w) => (w.msg.kind === 'response' ? w.msg.status : 0))).toEqual([200, 200]);
      expect(answers.every((w) => w.rec.transport === transport.toUpperCase())).toBe(true);
    });

    it(`sipp as a UAS over ${transport.toUpperCase()} answers our INVITE and checks our ACK and BYE`, async () => {
      const { s, wire } = await stack();
      const sippPort = await freePort();
      const peer = startSipp({ scenario: 'uas-invite-bye.xml', transport, localPort: sippPort });
      cleanups.push(() => peer.kill());
      const dest = { transport: transport === 'tcp' ? ('TCP' as const) : ('UDP' as const), address: '127.0.0.1', port: sippPort };
      const build = () =>
        s.createRequest({
          method: 'INVITE',
          uri: `sip:34020000001320000001@127.0.0.1:${sippPort}`,
          from: 'sip:34020000002000000001@3402000000',
          to: 'sip:34020000001320000001@3402000000',
          fromTag: 'gbc-interop',
          callId: 'gbc-interop-invite@127.0.0.1',
          cseq: 314,
          body: Buffer.from('v=0\r\no=34020000002000000001 0 0 IN IP4 127.0.0.1\r\ns=Play\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=video 30000 RTP/AVP 96\r\na=recvonly\r\na=rtpmap:96 PS/90000\r\ny=0100000001\r\n'),
          contentType: 'application/sdp',
        });
      // UDP: Timer A covers sipp starting late. TCP: a refused connect means sipp is not listening yet.
      const started = Date.now();
      let result;
      for (;;) {
        try {
          result = await s.invite(build(), dest);
          break;
        } catch (err) {
          const refused = err instanceof SipTransactionError && /ECONNREFUSED/.test(err.message);
          if (!refused || Date.now() - started > 10_000) throw err;
          await new Promise((r) => setImmediate(r));
        }
      }
      expect(result.response.status).toBe(200);
      const dialog = result.dialog!;
      const bye = await s.bye(dialog);
      expect(bye.status).toBe(200);
      const run = await peer.done;
      expect(run.code, explain(run)).toBe(0);

      const invite = requestsOut(wire, 'INVITE').at(-1)!;
      const [ack] = requestsOut(wire, 'ACK');
      const [byeReq] = requestsOut(wire, 'BYE');
      expect(getCSeq(ack)).toEqual({ seq: 314, method: 'ACK' });
      expect(getCSeq(byeReq)).toEqual({ seq: 315, method: 'BYE' });
      for (const r of [ack, byeReq]) {
        expect(getFromTag(r)).toBe('gbc-interop');
        expect(getToTag(r)).toBe(getToTag(result.response));
        expect(getHeader(r, 'Call-ID')).toBe('gbc-interop-invite@127.0.0.1');
        expect(getTopVia(r)?.params.branch).not.toBe(getTopVia(invite)?.params.branch);
      }
      expect(getToTag(result.response)).toMatch(/SIPpTag01/);
    });
  }
});

if (!sipp) {
  describe('interop with sipp (sip-tester)', () => {
    it.skip('skipped: sipp is not installed (apt-get install -y sip-tester)', () => {});
  });
}
