// Every new request a device sends us, by method: REGISTER to the registrar, MESSAGE and NOTIFY bodies to
// keepalive, query answers and catalog changes; anything else to hooks other features registered.
import type { Logger } from '../../log/logger';
import { getFrom, getHeader, hasHeader } from '../../sip/message';
import type { SipAddress, SipRequest } from '../../sip/message/types';
import { answerUnhandled, type IncomingRequestContext } from '../../sip/stack/incoming';
import type { StatelessAnswer } from '../../sip/stack/stateless';
import { peerKey } from '../../sip/transport/transport';
import { decodeBody, replyCharsetFor, type DecodedBody } from '../manscdp';
import { listItems } from '../manscdp/fields';
import { parseCatalogItem } from '../manscdp/messages/catalog';
import { parseKeepalive } from '../manscdp/messages/keepalive';
import { buildAlarmResponse, parseAlarmNotify } from '../manscdp/messages/notify';
import { LoggingAlarmSink, type AlarmSink } from '../alarm/alarm-sink';
import type { DeviceService } from '../devices/device-service';
import { readFastKeepalive, type FastKeepalive } from '../keepalive/fast-keepalive';
import type { DeviceRegistry } from '../devices/registry';
import type { QueryService } from '../query/query-service';
import type { Registrar } from '../registrar/registrar';
import * as says from '../devices/event-texts';
import type { ServerText } from '../../../shared/texts';

/** What answering a request needs: where it came from and a way to give the status (with or without a transaction). */
type Answering = { source: SipAddress; respond(status: number, opts?: { reason?: string }): unknown };

/**
 * The answer to a MESSAGE from a device with no valid registration. 403 tells the device the platform refuses
 * it; devices count a keepalive that is not answered 200 as failed and register again. (401 would invite a
 * digest retry of the MESSAGE itself, which GB devices do not do; 404 reads as a wrong server ID.)
 */
export const NOT_REGISTERED = { status: 403, reason: 'Not registered; send REGISTER first' } as const;

/**
 * The answer to a request naming a registered device from another source than its registered flow: only an
 * authenticated REGISTER moves a device, so a forged keepalive or NOTIFY changes nothing (docs/protocol.md §3).
 */
export const NOT_REGISTERED_SOURCE = { status: 403, reason: 'Not the address this device registered from' } as const;

export interface RouterDeps {
  registrar: Registrar;
  registry: DeviceRegistry;
  queries: QueryService;
  service: DeviceService;
  logger: Logger;
  /** Where device alarms go (default: a LoggingAlarmSink). */
  alarms?: AlarmSink;
  /** Subscriptions a device ends itself (terminating NOTIFY). */
  subscriptions?: { ended(deviceId: string, event: string, reason: string): void };
  /** The device's time zone for the times in its bodies (default: the console's). */
  timeZoneOf?: (deviceId: string) => string | undefined;
}

export class RequestRouter {
  readonly alarms: AlarmSink;

  constructor(private readonly d: RouterDeps) {
    this.alarms = d.alarms ?? new LoggingAlarmSink(d.logger);
  }

  handle(req: SipRequest, ctx: IncomingRequestContext): void | Promise<void> {
    switch (req.method) {
      case 'REGISTER':
        return this.register(req, ctx);
      case 'MESSAGE':
        return this.message(req, ctx);
      case 'NOTIFY':
        return this.notify(req, ctx);
      case 'ACK':
        return this.d.service.requestHook('ACK')?.(req, ctx);
      default: {
        const hook = this.d.service.requestHook(req.method);
        if (hook) return hook(req, ctx);
        answerUnhandled(req, ctx);
      }
    }
  }

  /**
   * A REGISTER without credentials only ever gets a challenge or a refusal: answered statelessly (RFC 3261 §8.2.7),
   * so a storm of first REGISTERs (a site's cameras back after a power cut) keeps no transaction per device.
   */
  stateless(req: SipRequest, source: SipAddress, flow?: string): StatelessAnswer | undefined {
    if (req.method === 'MESSAGE') return this.statelessKeepalive(req, source);
    if (req.method !== 'REGISTER' || hasHeader(req, 'Authorization')) return undefined;
    const r = this.d.registrar.handle(req, source, flow);
    return { status: r.status, reason: r.reason, headers: r.headers };
  }

  /**
   * The usual keepalive is answered statelessly too (RFC 3261 §8.2.7): handling a retransmission of it again
   * changes nothing, and a site's keepalives then keep no server transaction each, held 32 s (Timer J) for
   * retransmissions that rarely come (docs/protocol.md §5). Any other MESSAGE gets a transaction.
   */
  private statelessKeepalive(req: SipRequest, source: SipAddress): StatelessAnswer | undefined {
    const fast = readFastKeepalive(req.body);
    if (!fast) return undefined;
    let answer: StatelessAnswer = { status: 500, reason: 'Server Internal Error' };
    this.fastKeepalive(getFrom(req)?.uri.user ?? '', fast, {
      source,
      respond: (status, opts) => void (answer = { status, reason: opts?.reason }),
    });
    return answer;
  }

  private register(req: SipRequest, ctx: IncomingRequestContext): void {
    const r = this.d.registrar.handle(req, ctx.source, ctx.flow);
    ctx.respond(r.status, { reason: r.reason, headers: r.headers });
  }

  /** MANSCDP over MESSAGE (GB/T 28181 §9.3-9.6): answered at once; a Response body is matched to our query. */
  private message(req: SipRequest, ctx: IncomingRequestContext): void {
    const fromId = getFrom(req)?.uri.user ?? '';
    const fast = readFastKeepalive(req.body);
    if (fast) return this.fastKeepalive(fromId, fast, ctx);
    const where = peerKey(ctx.source.address, ctx.source.port);
    const body = decodeBody(req.body);
    if (!body.ok) {
      const who = fromId || body.hint.deviceId || 'unknown device';
      const what = body.hint.cmdType ? `a ${body.hint.cmdType} MESSAGE` : 'a MESSAGE';
      this.d.logger.warn(`device ${who} at ${where} sent ${what} we cannot read (${body.reason}); answered 400`);
      if (this.d.registry.fromDevice(fromId, ctx.source)) this.d.registry.note(fromId, 'error', says.unreadable('MESSAGE', body.hint.cmdType, body.reason));
      ctx.respond(400, { reason: `Bad MANSCDP body: ${body.reason}`.slice(0, 160) });
      return;
    }
    const deviceId = this.registeredId(fromId, body.deviceId);
    const what = body.cmdType === 'Keepalive' ? says.whatKeepalive() : says.whatCmd(body.cmdType, body.root);
    if (!deviceId && ctx.dialog) return this.inDialog(fromId || body.deviceId, body, ctx);
    if (!deviceId) {
      this.notRegistered(fromId || body.deviceId, what.text, ctx);
      return;
    }
    if (!this.fromDevice(deviceId, what, ctx)) return;
    ctx.respond(200);
    this.d.registry.alive(deviceId, body.cmdType === 'Keepalive' ? 'keepalive' : 'message');
    this.noteCharset(deviceId, req.body, body);
    this.dispatch(deviceId, body, ctx, 'MESSAGE');
  }

  /** NOTIFY for our Catalog subscription (and Alarm / MobilePosition ones other features make). */
  private notify(req: SipRequest, ctx: IncomingRequestContext): void {
    const fromId = getFrom(req)?.uri.user ?? '';
    if (isEmptyBody(req.body)) return this.bodilessNotify(req, fromId, ctx);
    const body = decodeBody(req.body);
    if (!body.ok) {
      this.d.logger.warn(`device ${fromId} at ${peerKey(ctx.source.address, ctx.source.port)} sent a NOTIFY we cannot read (${body.reason}); answered 400`);
      if (this.d.registry.fromDevice(fromId, ctx.source)) this.d.registry.note(fromId, 'error', says.unreadable('NOTIFY', undefined, body.reason));
      ctx.respond(400, { reason: `Bad MANSCDP body: ${body.reason}`.slice(0, 160) });
      return;
    }
    const deviceId = this.registeredId(fromId, body.deviceId);
    if (!deviceId) {
      ctx.respond(481, { reason: 'Subscription does not exist' });
      return;
    }
    if (!this.fromDevice(deviceId, says.whatCmd(body.cmdType, 'NOTIFY'), ctx)) return;
    ctx.respond(200);
    this.d.registry.alive(deviceId, 'message');
    this.noteCharset(deviceId, req.body, body);
    this.dispatch(deviceId, body, ctx, 'NOTIFY');
  }

  /**
   * A NOTIFY without a body: RFC 6665 §4.1.3 lets a device end a subscription (Subscription-State: terminated)
   * or report its state without one. Answered 200; only an unknown device gets 481.
   */
  private bodilessNotify(req: SipRequest, fromId: string, ctx: IncomingRequestContext): void {
    if (!fromId || !this.d.registry.isRegistered(fromId)) {
      ctx.respond(481, { reason: 'Subscription does not exist' });
      return;
    }
    if (!this.fromDevice(fromId, says.whatEmptyNotify(), ctx)) return;
    ctx.respond(200);
    this.d.registry.alive(fromId, 'message');
    const state = getHeader(req, 'Subscription-State') ?? '';
    if (/^\s*terminated/i.test(state)) {
      const event = getHeader(req, 'Event')?.split(';')[0].trim() || 'a';
      const said = says.subscriptionEnded(event, state.trim().slice(0, 80));
      this.d.registry.note(fromId, 'info', said);
      this.d.logger.info(`device ${fromId}: ${said.text}`);
      const reason = /;\s*reason\s*=\s*([\w-]+)/i.exec(state)?.[1] ?? '';
      this.d.subscriptions?.ended(fromId, event, reason);
    }
  }

  private dispatch(deviceId: string, body: DecodedBody, ctx: IncomingRequestContext, method: 'MESSAGE' | 'NOTIFY'): void {
    if (body.root === 'Notify' && body.cmdType === 'Alarm') return this.alarm(deviceId, body, method);
    if (body.root === 'Notify' && body.cmdType === 'Keepalive') {
      const k = parseKeepalive(body);
      this.keepaliveHealth(deviceId, k.healthy, k.status, k.faultyDeviceIds);
      return;
    }
    if (body.root === 'Response' && this.d.queries.handleResponse(deviceId, body)) return;
    if (body.root === 'Notify' && body.cmdType === 'Catalog') {
      const entries = listItems(body.fields, 'DeviceList').map((raw) => ({ item: parseCatalogItem(raw), raw }));
      this.d.registry.applyCatalogChanges(deviceId, entries);
      return;
    }
    for (const h of this.d.service.manscdpHandlersFor(body.cmdType)) {
      try {
        h(deviceId, body, ctx);
      } catch (err) {
        this.d.logger.error(`handling ${body.cmdType} from device ${deviceId} failed: ${(err as Error).message}`);
      }
    }
  }

  /**
   * An alarm goes to the alarm sink. One sent as MESSAGE is answered with a Response MESSAGE carrying Result OK
   * (GB/T 28181-2016 §9.4.1); over an Alarm subscription the 200 to the NOTIFY is the answer.
   */
  private alarm(deviceId: string, body: DecodedBody, via: 'MESSAGE' | 'NOTIFY'): void {
    const alarm = parseAlarmNotify(body, { timeZone: this.d.timeZoneOf?.(deviceId) });
    try {
      this.alarms.receive({ deviceId, via, alarm });
    } catch (err) {
      this.d.logger.error(`handling an alarm from device ${deviceId} failed: ${(err as Error).message}`);
    }
    if (via !== 'MESSAGE') return;
    const answer = buildAlarmResponse({ sn: body.sn, deviceId: body.deviceId || deviceId });
    const failed = (why: string) => this.d.logger.warn(`device ${deviceId}: the answer to its alarm (SN ${body.sn}) failed: ${why}`);
    this.d.service.sendManscdp(deviceId, answer).then(
      (res) => {
        if (res.status >= 300) failed(`${res.status} ${res.reason}`);
      },
      (err: Error) => failed(err.message),
    );
  }

  /** The usual keepalive, read without the full codec (see fast-keepalive.ts). */
  private fastKeepalive(fromId: string, k: FastKeepalive, ctx: Answering): void {
    const deviceId = this.registeredId(fromId, k.deviceId);
    if (!deviceId) {
      this.notRegistered(fromId || k.deviceId, 'a keepalive', ctx);
      return;
    }
    if (!this.fromDevice(deviceId, says.whatKeepalive(), ctx)) return;
    ctx.respond(200);
    this.d.registry.alive(deviceId, 'keepalive');
    if (k.charset) this.d.registry.setCharset(deviceId, k.charset);
    this.keepaliveHealth(deviceId, k.status === 'OK', k.status, []);
  }

  private notRegistered(who: string, what: string, ctx: Answering): void {
    const where = peerKey(ctx.source.address, ctx.source.port);
    this.d.logger.info(`device ${who} at ${where} sent ${what} but is not registered; answered ${NOT_REGISTERED.status} so it registers again`);
    ctx.respond(NOT_REGISTERED.status, { reason: NOT_REGISTERED.reason });
  }

  /** False (answered 403, noted and logged) when the request did not come over the device's registered flow. */
  private fromDevice(deviceId: string, what: ServerText, ctx: Answering): boolean {
    if (this.d.registry.fromDevice(deviceId, ctx.source)) return true;
    ctx.respond(NOT_REGISTERED_SOURCE.status, { reason: NOT_REGISTERED_SOURCE.reason });
    this.d.registry.refusedSource(deviceId, ctx.source, what);
    return false;
  }

  private keepaliveHealth(deviceId: string, healthy: boolean, status: string, faulty: string[]): void {
    const d = this.d.registry.get(deviceId);
    if (!d || healthy || says.saysKeepaliveUnhealthy(d.lastError, status, faulty)) return;
    this.d.registry.failed(deviceId, says.keepaliveUnhealthy(status, faulty));
  }

  /** The registered device a body belongs to: the SIP From user, else the body's DeviceID. */
  /**
   * A MESSAGE inside one of our calls' dialogs (MediaStatus 121 at the end of a playback or download) comes from
   * the channel's ID, which never registers (GB/T 28181-2016 §9.8.3): answered and handed on, not refused.
   */
  private inDialog(channelId: string, body: DecodedBody, ctx: IncomingRequestContext): void {
    ctx.respond(200);
    this.dispatch(channelId, body, ctx, 'MESSAGE');
  }

  private registeredId(fromId: string, bodyDeviceId: string): string | undefined {
    if (fromId && this.d.registry.isRegistered(fromId)) return fromId;
    if (bodyDeviceId && this.d.registry.isRegistered(bodyDeviceId)) return bodyDeviceId;
    return undefined;
  }

  private noteCharset(deviceId: string, raw: Buffer, body: DecodedBody): void {
    if (body.declaredEncoding === undefined && !raw.some((b) => b >= 0x80)) return;
    this.d.registry.setCharset(deviceId, replyCharsetFor(body));
  }
}

/** No body, or only whitespace / NUL padding. */
function isEmptyBody(body: Buffer): boolean {
  for (const b of body) if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0a && b !== 0) return false;
  return true;
}
