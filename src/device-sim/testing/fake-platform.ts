// A minimal GB/T 28181 platform for the simulator's own tests: a registrar that challenges and answers with
// Date, a MESSAGE sink, and a UAC for queries, INVITE/ACK/INFO/BYE and SUBSCRIBE. Built on the SIP stack's
// transport and transaction layers, independent of the real server (which has its own tests against the
// simulator).
import { formatGbDateHeader } from '../../main/gb28181/datetime';
import { buildChallenge, NonceStore, verifyAuthorization } from '../../main/gb28181/digest';
import type { HeaderField, SipAddress, SipRequest, SipResponse } from '../../main/sip/message/types';
import {
  createRequest,
  createResponse,
  formatUri,
  getContacts,
  getExpires,
  getFrom,
  getHeader,
  getTo,
} from '../../main/sip/message';
import { systemClock } from '../../main/sip/timers/clock';
import { newBranch, newCallId, newTag, TransactionLayer, type ServerTransaction } from '../../main/sip/transaction';
import { TcpTransport, TransportLayer, UdpTransport, type Inbound, type Transport } from '../../main/sip/transport';
import { Emitter } from '../device/emitter';
import { readManscdp, type ManscdpMessage } from '../manscdp/read';

export interface FakePlatformOptions {
  id?: string;
  domain?: string;
  password?: string;
  /** Offer qop="auth" in challenges (default true). */
  qop?: boolean;
  /** Expires granted in the 200 OK; default: what the device asked for. */
  grantExpires?: number;
  /** Date header of the 200 OK; default now. Return null to send none. */
  dateHeader?: () => string | null;
  /** Answer REGISTER with this status instead of running the digest flow (e.g. 503). */
  registerStatus?: () => number | undefined;
  /** Answer keepalives and other MESSAGEs with this status (default 200). */
  messageStatus?: () => number;
}

export interface Registration {
  deviceId: string;
  source: SipAddress;
  contact: string;
  expires: number;
  count: number;
  gbVersion: string | undefined;
}

export interface PlatformEvents {
  register: { deviceId: string; expires: number; outcome: 'challenged' | 'registered' | 'refused' | 'unregistered'; authorization?: string };
  message: { deviceId: string; message: ManscdpMessage; request: SipRequest };
  'bad-message': { request: SipRequest; reason: string };
  request: { request: SipRequest; source: SipAddress };
}

export interface CallHandle {
  callId: string;
  response: SipResponse;
  info(body: string): Promise<SipResponse>;
  bye(): Promise<SipResponse>;
}

export class FakePlatform {
  readonly events = new Emitter<PlatformEvents>();
  readonly registrations = new Map<string, Registration>();
  readonly messages: { deviceId: string; message: ManscdpMessage; request: SipRequest }[] = [];
  readonly id: string;
  readonly domain: string;
  private readonly nonces = new NonceStore();
  private readonly layers: TransportLayer;
  private readonly tx: TransactionLayer;
  private sn = 100;

  private constructor(
    private readonly udp: UdpTransport,
    private readonly tcp: TcpTransport,
    private readonly o: FakePlatformOptions,
  ) {
    this.id = o.id ?? '34020000002000000001';
    this.domain = o.domain ?? '3402000000';
    this.layers = new TransportLayer([udp, tcp] as Transport[]);
    this.tx = new TransactionLayer({ transport: this.layers, clock: systemClock });
    this.tx.setHandlers({ onRequest: (req, tx, inbound) => this.onRequest(req, tx, inbound) });
  }

  static async start(o: FakePlatformOptions = {}): Promise<FakePlatform> {
    for (let attempt = 0; ; attempt++) {
      const udp = await UdpTransport.listen({ address: '127.0.0.1', port: 0 });
      try {
        const tcp = await TcpTransport.listen({ address: '127.0.0.1', port: udp.local.port });
        return new FakePlatform(udp, tcp, o);
      } catch (err) {
        await udp.close();
        if (attempt > 5) throw err;
      }
    }
  }

  get ip(): string {
    return '127.0.0.1';
  }

  get port(): number {
    return this.udp.local.port;
  }

  get target() {
    return { ip: this.ip, port: this.port, id: this.id, domain: this.domain };
  }

  close(): Promise<void> {
    return this.layers.close();
  }

  /** Closes a TCP-registered device's connection, as a network failure would. */
  dropTcp(deviceId: string): void {
    const reg = this.mustFind(deviceId);
    this.tcp.closeFlow(reg.source);
  }

  /** MESSAGEs with this CmdType (and SN) received so far. */
  received(cmdType: string, sn?: string): ManscdpMessage[] {
    return this.messages
      .filter((m) => m.message.cmdType.toLowerCase() === cmdType.toLowerCase() && (sn === undefined || m.message.sn === sn))
      .map((m) => m.message);
  }

  /** Waits until `check` holds over the received messages, re-checking on each MESSAGE. */
  waitFor<T>(check: () => T | undefined | false, timeoutMs = 5000, what = 'a message'): Promise<T> {
    const first = check();
    if (first) return Promise.resolve(first);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        offs.forEach((f) => f());
        reject(new Error(`platform: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const recheck = () => {
        const v = check();
        if (!v) return;
        clearTimeout(timer);
        offs.forEach((f) => f());
        resolve(v);
      };
      const offs = [this.events.on('message', recheck), this.events.on('register', recheck), this.events.on('request', recheck)];
    });
  }

  /** Sends a MANSCDP Query/Control to a registered device; returns the SN used. */
  async send(deviceId: string, root: 'Query' | 'Control', cmdType: string, inner = '', targetId = deviceId): Promise<{ sn: string; response: SipResponse }> {
    const sn = String(++this.sn);
    const xml =
      `<?xml version="1.0" encoding="GB2312"?>\r\n<${root}>\r\n<CmdType>${cmdType}</CmdType>\r\n<SN>${sn}</SN>\r\n` +
      `<DeviceID>${targetId}</DeviceID>\r\n${inner}</${root}>\r\n`;
    const reg = this.mustFind(deviceId);
    const req = this.request('MESSAGE', `sip:${deviceId}@${this.domain}`, reg, [{ name: 'Content-Type', value: 'Application/MANSCDP+xml' }], Buffer.from(xml));
    const response = await this.roundTrip(req, reg.source);
    return { sn, response };
  }

  /** INVITE a channel with an SDP offer; ACKs a 2xx. */
  async invite(deviceId: string, channelId: string, sdp: string, subjectSsrc = '0000000000'): Promise<CallHandle> {
    const reg = this.mustFind(deviceId);
    const callId = newCallId();
    const fromTag = newTag();
    let cseq = 1;
    const req = this.request(
      'INVITE',
      `sip:${channelId}@${reg.source.address}:${reg.source.port}`,
      reg,
      [
        { name: 'Content-Type', value: 'application/sdp' },
        { name: 'Subject', value: `${channelId}:${subjectSsrc},${this.id}:0` },
      ],
      Buffer.from(sdp),
      { callId, fromTag, cseq, to: `<sip:${channelId}@${this.domain}>` },
    );
    const response = await this.roundTrip(req, reg.source);
    if (response.status < 200 || response.status >= 300) return { callId, response, info: () => Promise.reject(new Error('no call')), bye: () => Promise.reject(new Error('no call')) };
    const toHeader = getHeader(response, 'To')!;
    const target = getContacts(response)[0] ? formatUri(getContacts(response)[0].uri) : `sip:${channelId}@${reg.source.address}:${reg.source.port}`;
    const inDialog = (method: string, headers: HeaderField[] = [], body?: Buffer, seq = ++cseq) =>
      createRequest({
        method,
        uri: target,
        headers: [
          { name: 'Via', value: this.via(reg.source, method === 'ACK' ? newBranch() : undefined) },
          { name: 'From', value: `<sip:${this.id}@${this.domain}>;tag=${fromTag}` },
          { name: 'To', value: toHeader },
          { name: 'Call-ID', value: callId },
          { name: 'CSeq', value: `${seq} ${method}` },
          ...headers,
        ],
        body,
      });
    await this.tx.sendAck(inDialog('ACK', [], undefined, 1), reg.source);
    return {
      callId,
      response,
      info: (body) => this.roundTrip(inDialog('INFO', [{ name: 'Content-Type', value: 'Application/MANSRTSP' }], Buffer.from(body)), reg.source),
      bye: () => this.roundTrip(inDialog('BYE'), reg.source),
    };
  }

  /** SUBSCRIBE to a device (Catalog / Alarm / MobilePosition). */
  async subscribe(deviceId: string, cmdType: string, expires = 600, inner = ''): Promise<SipResponse> {
    const reg = this.mustFind(deviceId);
    const sn = String(++this.sn);
    const xml = `<?xml version="1.0" encoding="GB2312"?>\r\n<Query>\r\n<CmdType>${cmdType}</CmdType>\r\n<SN>${sn}</SN>\r\n<DeviceID>${deviceId}</DeviceID>\r\n${inner}</Query>\r\n`;
    const req = this.request(
      'SUBSCRIBE',
      `sip:${deviceId}@${this.domain}`,
      reg,
      [
        { name: 'Event', value: cmdType === 'Catalog' ? 'Catalog;id=1' : 'presence' },
        { name: 'Expires', value: String(expires) },
        { name: 'Content-Type', value: 'Application/MANSCDP+xml' },
      ],
      Buffer.from(xml),
    );
    return this.roundTrip(req, reg.source);
  }

  private mustFind(deviceId: string): Registration {
    const reg = this.registrations.get(deviceId);
    if (!reg) throw new Error(`device ${deviceId} is not registered with the fake platform`);
    return reg;
  }

  private via(dest: SipAddress, branch = newBranch()): string {
    const t = dest.transport === 'TCP' ? this.tcp : this.udp;
    return `SIP/2.0/${dest.transport} ${t.local.address}:${t.local.port};rport;branch=${branch}`;
  }

  private request(
    method: string,
    uri: string,
    reg: Registration,
    headers: HeaderField[],
    body?: Buffer,
    d: { callId?: string; fromTag?: string; cseq?: number; to?: string } = {},
  ): SipRequest {
    const t = reg.source.transport === 'TCP' ? this.tcp : this.udp;
    return createRequest({
      method,
      uri,
      headers: [
        { name: 'Via', value: this.via(reg.source) },
        { name: 'From', value: `<sip:${this.id}@${this.domain}>;tag=${d.fromTag ?? newTag()}` },
        { name: 'To', value: d.to ?? `<sip:${reg.deviceId}@${this.domain}>` },
        { name: 'Call-ID', value: d.callId ?? newCallId() },
        { name: 'CSeq', value: `${d.cseq ?? 1} ${method}` },
        { name: 'Contact', value: `<sip:${this.id}@${t.local.address}:${t.local.port}>` },
        ...headers,
      ],
      body,
    });
  }

  private roundTrip(req: SipRequest, dest: SipAddress): Promise<SipResponse> {
    return new Promise((resolve, reject) => {
      this.tx.sendRequest(req, dest, {
        onResponse: (res) => {
          if (res.status >= 200) resolve(res);
        },
        onTimeout: () => reject(new Error(`no answer to ${req.method}`)),
        onTransportError: (err) => reject(err),
      });
    });
  }

  private onRequest(req: SipRequest, tx: ServerTransaction, inbound: Inbound): void {
    this.events.emit('request', { request: req, source: inbound.source });
    if (req.method === 'REGISTER') return this.onRegister(req, tx, inbound);
    if (req.method === 'MESSAGE') {
      const read = readManscdp(req.body);
      const deviceId = getFrom(req)?.uri.user ?? '';
      tx.respond(createResponse(req, read.ok ? (this.o.messageStatus?.() ?? 200) : 400));
      if (!read.ok) {
        this.events.emit('bad-message', { request: req, reason: read.reason });
        return;
      }
      const entry = { deviceId, message: read.message, request: req };
      this.messages.push(entry);
      this.events.emit('message', entry);
      return;
    }
    tx.respond(createResponse(req, 200, 'OK'));
  }

  private onRegister(req: SipRequest, tx: ServerTransaction, inbound: Inbound): void {
    const deviceId = getTo(req)?.uri.user ?? getFrom(req)?.uri.user ?? '';
    const expires = getExpires(req) ?? 3600;
    const forced = this.o.registerStatus?.();
    if (forced) {
      tx.respond(createResponse(req, forced));
      this.events.emit('register', { deviceId, expires, outcome: 'refused' });
      return;
    }
    const auth = getHeader(req, 'Authorization');
    const challenge = () => {
      tx.respond(
        createResponse(req, 401, 'Unauthorized', {
          toTag: newTag(),
          headers: [{ name: 'WWW-Authenticate', value: buildChallenge(this.domain, { nonce: this.nonces.issue(), qop: this.o.qop !== false }) }],
        }),
      );
      this.events.emit('register', { deviceId, expires, outcome: 'challenged' });
    };
    if (!auth) return challenge();
    const v = verifyAuthorization('REGISTER', auth, this.o.password ?? '12345678', this.nonces, { realm: this.domain, username: deviceId });
    if (!v.ok) {
      if (v.reason === 'stale-nonce' || v.reason === 'unknown-nonce') return challenge();
      tx.respond(createResponse(req, 403, 'Forbidden'));
      this.events.emit('register', { deviceId, expires, outcome: 'refused', authorization: auth });
      return;
    }
    const granted = expires === 0 ? 0 : (this.o.grantExpires ?? expires);
    const date = this.o.dateHeader ? this.o.dateHeader() : formatGbDateHeader(new Date());
    const headers: HeaderField[] = [{ name: 'Expires', value: String(granted) }];
    const contact = getHeader(req, 'Contact');
    if (contact) headers.push({ name: 'Contact', value: contact });
    if (date !== null) headers.push({ name: 'Date', value: date });
    tx.respond(createResponse(req, 200, 'OK', { toTag: newTag(), headers }));
    if (expires === 0) {
      this.registrations.delete(deviceId);
      this.events.emit('register', { deviceId, expires, outcome: 'unregistered', authorization: auth });
      return;
    }
    const prev = this.registrations.get(deviceId);
    this.registrations.set(deviceId, {
      deviceId,
      source: inbound.source,
      contact: contact ?? '',
      expires: granted,
      count: (prev?.count ?? 0) + 1,
      gbVersion: getHeader(req, 'X-GB-Ver'),
    });
    this.events.emit('register', { deviceId, expires: granted, outcome: 'registered', authorization: auth });
  }
}
