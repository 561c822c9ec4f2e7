// A bare UDP peer for attack tests: writes REGISTERs by hand (so a test can replay, swap or forge any field)
// and matches answers by Call-ID and CSeq. Also sends floods with a bounded number of requests in flight.
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { getCSeq, getCallId, getHeader, parseMessage } from '../../sip/message';
import type { SipAddress, SipResponse } from '../../sip/message/types';
import { answerChallenge } from '../../gb28181/digest';

export const SERVER_ID = '34020000002000000001';
export const DOMAIN = '3402000000';
export const REGISTER_URI = `sip:${SERVER_ID}@${DOMAIN}`;

export interface RegisterFields {
  deviceId: string;
  /** Device ID in From when it differs from To. */
  fromId?: string;
  callId?: string;
  cseq?: number;
  auth?: string;
  expires?: number;
  gbVer?: string;
}

export class SipPeer {
  private readonly waiting = new Map<string, (r: SipResponse) => void>();
  private onAny: ((r: SipResponse) => void) | undefined;
  private seq = 0;

  private constructor(
    private readonly socket: dgram.Socket,
    readonly server: SipAddress,
  ) {
    socket.on('message', (raw) => {
      const r = parseMessage(raw);
      if (!r.ok || r.message.kind !== 'response' || r.message.status < 200) return;
      const res = r.message;
      this.onAny?.(res);
      const key = `${getCallId(res)}|${getCSeq(res)?.seq}`;
      const done = this.waiting.get(key);
      if (done) {
        this.waiting.delete(key);
        done(res);
      }
    });
  }

  static async open(server: SipAddress, address = '127.0.0.1'): Promise<SipPeer> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, address, () => resolve());
    });
    socket.setRecvBufferSize?.(4 * 1024 * 1024);
    return new SipPeer(socket, server);
  }

  get address(): string {
    return this.socket.address().address;
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** "ip:port" as the server sees this peer. */
  get where(): string {
    return `${this.address}:${this.port}`;
  }

  registerText(f: RegisterFields): string {
    const callId = f.callId ?? `${randomBytes(6).toString('hex')}@${this.address}`;
    const lines = [
      `REGISTER ${REGISTER_URI} SIP/2.0`,
      `Via: SIP/2.0/UDP ${this.where};rport;branch=z9hG4bK${randomBytes(6).toString('hex')}`,
      `From: <sip:${f.fromId ?? f.deviceId}@${DOMAIN}>;tag=${randomBytes(4).toString('hex')}`,
      `To: <sip:${f.deviceId}@${DOMAIN}>`,
      `Call-ID: ${callId}`,
      `CSeq: ${f.cseq ?? ++this.seq} REGISTER`,
      `Contact: <sip:${f.deviceId}@${this.where}>`,
      'Max-Forwards: 70',
      `Expires: ${f.expires ?? 3600}`,
    ];
    if (f.gbVer) lines.push(`X-GB-Ver: ${f.gbVer}`);
    if (f.auth) lines.push(`Authorization: ${f.auth}`);
    lines.push('Content-Length: 0', '', '');
    return lines.join('\r\n');
  }

  /** Sends a request and waits for its final response. */
  request(text: string, timeoutMs = 3000): Promise<SipResponse> {
    const callId = /^Call-ID:\s*(.+)$/im.exec(text)?.[1].trim();
    const seq = /^CSeq:\s*(\d+)/im.exec(text)?.[1];
    const key = `${callId}|${seq}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        reject(new Error(`no answer to ${key} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(key, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.socket.send(text, this.server.port, this.server.address);
    });
  }

  register(f: RegisterFields): Promise<SipResponse> {
    return this.request(this.registerText(f));
  }

  /** REGISTER, then the answer to its challenge; returns the challenge, the Authorization sent and the final answer. */
  async login(deviceId: string, password: string, o: { gbVer?: string } = {}): Promise<{ challenge: string; auth: string; res: SipResponse; callId: string }> {
    const callId = `${randomBytes(6).toString('hex')}@${this.address}`;
    const first = await this.register({ deviceId, callId, gbVer: o.gbVer });
    const challenge = getHeader(first, 'WWW-Authenticate');
    if (first.status !== 401 || !challenge) return { challenge: '', auth: '', res: first, callId };
    const auth = answerChallenge(challenge, { username: deviceId, password, method: 'REGISTER', uri: REGISTER_URI });
    const res = await this.register({ deviceId, callId, auth, gbVer: o.gbVer });
    return { challenge, auth, res, callId };
  }

  /**
   * Sends every text, keeping at most `window` unanswered; resolves with the number of answers once all are
   * answered or nothing new has arrived for `quietMs` (UDP may drop a few under load).
   */
  flood(texts: Iterable<string>, window = 64, quietMs = 2000): Promise<number> {
    return new Promise((resolve) => {
      const it = texts[Symbol.iterator]();
      let sent = 0;
      let answered = 0;
      let done = false;
      let quiet: NodeJS.Timeout | undefined;
      const finish = () => {
        if (done) return;
        done = true;
        this.onAny = undefined;
        clearTimeout(quiet);
        resolve(answered);
      };
      const arm = () => {
        clearTimeout(quiet);
        quiet = setTimeout(finish, quietMs);
      };
      const pump = () => {
        while (sent - answered < window) {
          const n = it.next();
          if (n.done) {
            if (answered >= sent) finish();
            return;
          }
          sent++;
          this.socket.send(n.value, this.server.port, this.server.address);
        }
      };
      this.onAny = () => {
        answered++;
        arm();
        pump();
      };
      arm();
      pump();
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

/** A random device ID in the camera range (20 digits, type 132). */
export function junkId(n: number): string {
  return `3402000000132${String(n).padStart(7, '0')}`;
}
