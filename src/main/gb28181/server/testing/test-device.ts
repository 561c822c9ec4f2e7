// A scripted GB/T 28181 device for tests of the server: registers with digest, keepalives, answers
// DeviceInfo / DeviceStatus / Catalog / ConfigDownload queries (Catalog parts can be reordered, repeated or
// dropped), accepts or refuses the Catalog SUBSCRIBE and sends NOTIFYs. Built on our own SIP stack.
import { getCSeq, getCallId, getFromTag, getHeader, parseMessage, setHeader } from '../../../sip/message';
import type { SipAddress, SipRequest, SipResponse } from '../../../sip/message/types';
import { SipStack } from '../../../sip/stack/stack';
import type { IncomingRequestContext } from '../../../sip/stack/incoming';
import type { Clock } from '../../../sip/timers/clock';
import type { Transport } from '../../../sip/transport/transport';
import { answerChallenge } from '../../digest';
import { decodeBody, encodeDoc, type DecodedBody, type ManscdpDoc, type SendCharset } from '../../manscdp';
import { buildKeepalive } from '../../manscdp/messages/keepalive';
import { buildCatalogNotify, buildCatalogResponseParts, type CatalogEvent, type CatalogItem } from '../../manscdp/messages/catalog';
import { buildDeviceInfoResponse, buildDeviceStatusResponse } from '../../manscdp/messages/device-info';
import { buildBasicParamResponse } from '../../manscdp/messages/config';

export type ItemInput = Partial<CatalogItem> & { deviceId: string };

export interface TestDeviceOptions {
  id: string;
  password: string;
  transport: Transport;
  server: SipAddress;
  clock?: Clock;
  serverId?: string;
  domain?: string;
  charset?: SendCharset;
  gbVersion?: string;
  info?: { deviceName?: string; manufacturer?: string; model?: string; firmware?: string; channel?: number };
  catalog?: ItemInput[];
  catalogPageSize?: number;
  /** Full control over the Catalog answer: the bodies to send, in order, for a query with this SN. */
  catalogBodies?: (sn: string) => Buffer[];
  /** Answer ConfigDownload BasicParam with these values (default: do not answer, like many devices). */
  basicParam?: { heartBeatInterval: number; heartBeatCount: number };
  /** Status for SUBSCRIBE (default 200). */
  subscribeStatus?: number;
  /** Do not answer queries at all. */
  silent?: boolean;
  /** The first N Catalog query MESSAGEs are lost on the way: not even a 200 goes back. */
  lostCatalogMessages?: number;
}

export interface SubscriptionSeen {
  request: SipRequest;
  /** Tag we gave in the 200. */
  toTag: string;
}

export class TestDevice {
  readonly stack: SipStack;
  readonly id: string;
  /** Every request the server sent us, in order. */
  readonly received: SipRequest[] = [];
  /** Decoded MANSCDP bodies of those requests. */
  readonly queries: DecodedBody[] = [];
  private lostCatalogs = 0;
  subscription: SubscriptionSeen | undefined;
  password: string;
  private callId: string | undefined;
  private fromTag: string | undefined;
  private cseq = 0;
  private snCounter = 100;
  private notifySeq = 0;

  constructor(readonly o: TestDeviceOptions) {
    this.id = o.id;
    this.password = o.password;
    this.stack = new SipStack({
      transports: [o.transport],
      clock: o.clock,
      contact: `sip:${o.id}@${o.transport.local.address}:${o.transport.local.port}`,
      userAgent: 'TestIPC/1.0',
    });
    this.stack.onRequest((req, ctx) => this.incoming(req, ctx));
  }

  get serverId(): string {
    return this.o.serverId ?? '34020000002000000001';
  }

  get domain(): string {
    return this.o.domain ?? '3402000000';
  }

  /** REGISTER, answer the 401, return the final response. Keeps Call-ID and From tag across calls (refresh). */
  async register(opts: { expires?: number; newCall?: boolean; uri?: string; password?: string } = {}): Promise<SipResponse> {
    if (opts.newCall || !this.callId) {
      this.callId = `${Math.random().toString(16).slice(2)}@${this.o.transport.local.address}`;
      this.fromTag = Math.random().toString(16).slice(2, 10);
    }
    const uri = opts.uri ?? `sip:${this.serverId}@${this.domain}`;
    const headers = [{ name: 'Expires', value: String(opts.expires ?? 3600) }];
    if (this.o.gbVersion) headers.push({ name: 'X-GB-Ver', value: this.o.gbVersion });
    const build = (auth?: string) =>
      this.stack.createRequest({
        method: 'REGISTER',
        uri,
        from: `<sip:${this.id}@${this.domain}>`,
        to: `<sip:${this.id}@${this.domain}>`,
        callId: this.callId,
        fromTag: this.fromTag,
        cseq: ++this.cseq,
        headers: auth ? [...headers, { name: 'Authorization', value: auth }] : headers,
      });
    let res = await this.stack.request(build(), this.o.server);
    for (let round = 0; round < 2 && res.status === 401; round++) {
      const auth = answerChallenge(getHeader(res, 'WWW-Authenticate') ?? '', {
        username: this.id,
        password: opts.password ?? this.password,
        method: 'REGISTER',
        uri,
      });
      res = await this.stack.request(build(auth), this.o.server);
    }
    return res;
  }

  /** A MANSCDP MESSAGE to the server; resolves with its status. */
  async message(doc: ManscdpDoc | Buffer, charset: SendCharset = this.o.charset ?? 'gb2312'): Promise<SipResponse> {
    const body = Buffer.isBuffer(doc) ? doc : encodeDoc(doc, charset);
    const req = this.stack.createRequest({
      method: 'MESSAGE',
      uri: `sip:${this.serverId}@${this.domain}`,
      from: `<sip:${this.id}@${this.domain}>`,
      to: `<sip:${this.serverId}@${this.domain}>`,
      body,
      contentType: 'Application/MANSCDP+xml',
    });
    return this.stack.request(req, this.o.server);
  }

  keepalive(status = 'OK'): Promise<SipResponse> {
    return this.message(buildKeepalive({ sn: ++this.snCounter, deviceId: this.id, status }));
  }

  /** A Catalog NOTIFY in the subscription's dialog (the tags from the SUBSCRIBE and our 200). */
  async notifyCatalog(items: (ItemInput & { event: CatalogEvent })[]): Promise<SipResponse> {
    const sub = this.subscription;
    if (!sub) throw new Error('no subscription to notify in');
    const body = encodeDoc(buildCatalogNotify({ sn: ++this.snCounter, deviceId: this.id, items }), this.o.charset ?? 'gb2312');
    const req = this.stack.createRequest({
      method: 'NOTIFY',
      uri: `sip:${this.serverId}@${this.o.server.address}:${this.o.server.port}`,
      from: `<sip:${this.id}@${this.domain}>`,
      to: `<sip:${this.serverId}@${this.domain}>`,
      callId: getCallId(sub.request),
      fromTag: sub.toTag,
      cseq: ++this.notifySeq,
      body,
      contentType: 'Application/MANSCDP+xml',
      headers: [
        { name: 'Event', value: getHeader(sub.request, 'Event') ?? 'Catalog' },
        { name: 'Subscription-State', value: 'active;expires=600' },
      ],
    });
    setHeader(req, 'To', `<sip:${this.serverId}@${this.domain}>;tag=${getFromTag(sub.request)}`);
    return this.stack.request(req, this.o.server);
  }

  close(): Promise<void> {
    return this.stack.close();
  }

  private incoming(req: SipRequest, ctx: IncomingRequestContext): void {
    this.received.push(req);
    if (req.method === 'SUBSCRIBE') {
      const status = this.o.subscribeStatus ?? 200;
      if (status < 300) this.subscription = { request: req, toTag: ctx.toTag };
      ctx.respond(status, { headers: status < 300 ? [{ name: 'Expires', value: getHeader(req, 'Expires') ?? '600' }] : [] });
      return;
    }
    if (req.method !== 'MESSAGE') {
      ctx.respond(200);
      return;
    }
    const body = decodeBody(req.body);
    if (!body.ok) {
      ctx.respond(400);
      return;
    }
    this.queries.push(body);
    if (body.cmdType === 'Catalog' && this.lostCatalogs < (this.o.lostCatalogMessages ?? 0)) {
      this.lostCatalogs++;
      return;
    }
    ctx.respond(200);
    if (this.o.silent || body.root !== 'Query') return;
    queueMicrotask(() => void this.answer(body).catch(() => undefined));
  }

  private async answer(q: DecodedBody): Promise<void> {
    const sn = q.sn;
    const charset = this.o.charset ?? 'gb2312';
    switch (q.cmdType) {
      case 'DeviceInfo':
        await this.message(buildDeviceInfoResponse({ sn, deviceId: this.id, ...this.o.info }), charset);
        return;
      case 'DeviceStatus':
        await this.message(buildDeviceStatusResponse({ sn, deviceId: this.id, online: true, encode: true, record: false, deviceTime: '2024-08-20T15:18:42' }), charset);
        return;
      case 'ConfigDownload':
        if (this.o.basicParam) await this.message(buildBasicParamResponse({ sn, deviceId: this.id, basicParam: this.o.basicParam }), charset);
        return;
      case 'Catalog': {
        const bodies = this.o.catalogBodies
          ? this.o.catalogBodies(sn)
          : buildCatalogResponseParts({ sn, deviceId: this.id, items: this.o.catalog ?? [], pageSize: this.o.catalogPageSize ?? 2 }).map((d) =>
              encodeDoc(d, charset),
            );
        for (const b of bodies) await this.message(b, charset);
        return;
      }
    }
  }
}

/** Sends a raw request on a bare transport and waits for the response with this CSeq number. */
export function rawRequest(t: Transport, to: SipAddress, text: string, timeoutMs = 2000): Promise<SipResponse> {
  return new Promise((resolve, reject) => {
    const seq = /CSeq:\s*(\d+)/i.exec(text)?.[1];
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no response to CSeq ${seq} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = t.onMessage((d) => {
      const r = parseMessage(d.raw);
      if (!r.ok || r.message.kind !== 'response' || String(getCSeq(r.message)?.seq) !== seq) return;
      if (r.message.status < 200) return;
      clearTimeout(timer);
      off();
      resolve(r.message);
    });
    void t.send(Buffer.from(text.replace(/\r?\n/g, '\r\n')), to);
  });
}

