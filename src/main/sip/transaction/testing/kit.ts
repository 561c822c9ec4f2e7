// Helpers for the transaction tests: canned requests and a recording send function.
import type { SipMessage, SipRequest, SipResponse } from '../../message/types';
import type { FakeClock } from '../../timers/clock';
import { createResponse, parseMessage } from '../../message/index';
import type { TransactionContext } from '../base';
import type { ClientTransactionUser } from '../client';

export function request(method: string, opts: { branch?: string; cseq?: number; toTag?: string; callId?: string } = {}): SipRequest {
  const text =
    `${method} sip:34020000001320000001@10.0.0.7:5060 SIP/2.0\r\n` +
    `Via: SIP/2.0/UDP 10.0.0.7:5060;rport;branch=${opts.branch ?? 'z9hG4bK1001'}\r\n` +
    `From: <sip:34020000002000000001@3402000000>;tag=fromtag1\r\n` +
    `To: <sip:34020000001320000001@3402000000>${opts.toTag ? `;tag=${opts.toTag}` : ''}\r\n` +
    `Call-ID: ${opts.callId ?? 'call-1@10.0.0.7'}\r\n` +
    `CSeq: ${opts.cseq ?? 1} ${method}\r\n` +
    `Max-Forwards: 70\r\n` +
    `Content-Length: 0\r\n\r\n`;
  const r = parseMessage(Buffer.from(text));
  if (!r.ok || r.message.kind !== 'request') throw new Error('fixture did not parse');
  return r.message;
}

function parsed(raw: Buffer): SipMessage {
  const r = parseMessage(raw);
  if (!r.ok) throw new Error(`sent bytes do not parse: ${r.error.reason}`);
  return r.message;
}

export function response(req: SipRequest, status: number, toTag = 'totag9'): SipResponse {
  return createResponse(req, status, undefined, { toTag });
}

export interface Recorder {
  sent: SipMessage[];
  ctx: TransactionContext;
  /** Times (clock ms) at which each message went out. */
  times: number[];
  failNext?: Error;
}

export function recorder(clock: FakeClock, reliable = false): Recorder {
  const rec: Recorder = {
    sent: [],
    times: [],
    ctx: {
      clock,
      reliable,
      send: async (m) => {
        if (rec.failNext) {
          const e = rec.failNext;
          rec.failNext = undefined;
          throw e;
        }
        // re-sent responses go out as wire bytes
        rec.sent.push(Buffer.isBuffer(m) ? parsed(m) : m);
        rec.times.push(clock.now());
      },
    },
  };
  return rec;
}

export interface UserLog extends ClientTransactionUser {
  responses: number[];
  timeouts: string[];
  errors: string[];
}

export function clientUser(): UserLog {
  const u: UserLog = {
    responses: [],
    timeouts: [],
    errors: [],
    onResponse: (r) => u.responses.push(r.status),
    onTimeout: (t) => u.timeouts.push(t),
    onTransportError: (e) => u.errors.push(e.message),
  };
  return u;
}

/** Lets queued microtasks (async sends and their failures) run. */
export function settle(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

export function methodsOf(sent: SipMessage[]): string[] {
  return sent.map((m) => (m.kind === 'request' ? m.method : String(m.status)));
}
