// What other features (live view, playback, PTZ, alarms, the simulator) use to reach devices: look-ups,
// routes, requests in the device's charset, queries with SN matching, and device lifecycle notifications.
import type { Channel, DeviceSummary, MediaTransport } from '../../../shared/types/devices';
import type { SipAddress, SipRequest, SipResponse } from '../../sip/message/types';
import type { IncomingRequestContext } from '../../sip/stack/incoming';
import type { InviteOptions, InviteResult, RequestOptions, SipStack } from '../../sip/stack/stack';
import type { DecodedBody, ManscdpDoc } from '../manscdp/codec';
import type { QueryService } from '../query/query-service';
import type { DeviceMessenger, DeviceRequestSpec, Route } from './messenger';
import type { OfflineInfo, RegistrationKind } from './events';
import type { DeviceRecord } from './record';
import type { DeviceRegistry } from './registry';

/** A MANSCDP MESSAGE/NOTIFY from a registered device that device access does not consume itself. */
export type ManscdpHandler = (deviceId: string, body: DecodedBody, ctx: IncomingRequestContext) => void;
/** An incoming request of another method (BYE, INFO, ...); answer it through ctx. */
export type RequestHook = (req: SipRequest, ctx: IncomingRequestContext) => void | Promise<void>;

export class DeviceService {
  private readonly manscdpHandlers = new Map<string, ManscdpHandler[]>();
  private readonly requestHooks = new Map<string, RequestHook>();

  constructor(
    private readonly stack: SipStack,
    readonly registry: DeviceRegistry,
    readonly messenger: DeviceMessenger,
    readonly queries: QueryService,
  ) {
    registry.useLocalAddresses((dest) => hostPort(stack.contactFor(dest)));
  }

  // ---- look-ups ---------------------------------------------------------------------------------------------

  get(deviceId: string): DeviceSummary | undefined {
    const d = this.registry.get(deviceId);
    return d && this.registry.summary(d);
  }

  /** The full stored record (password override, contact, charset ...). */
  record(deviceId: string): Readonly<DeviceRecord> | undefined {
    return this.registry.get(deviceId);
  }

  list(): DeviceSummary[] {
    return this.registry.all().map((d) => this.registry.summary(d));
  }

  channels(deviceId: string): Channel[] {
    return this.registry.channelsOf(deviceId);
  }

  channel(deviceId: string, channelId: string): Channel | undefined {
    return this.registry.channelsOf(deviceId).find((c) => c.channelId === channelId);
  }

  /** Media transport set for the device's live view (udp / tcp-passive / tcp-active). */
  mediaTransport(deviceId: string): MediaTransport | undefined {
    return this.registry.get(deviceId)?.mediaTransport;
  }

  isOnline(deviceId: string): boolean {
    return this.registry.get(deviceId)?.online ?? false;
  }

  /** Destination for requests to the device, and whether only its registered TCP connection may be used. */
  route(deviceId: string): Route {
    return this.messenger.route(deviceId);
  }

  /** Our own address on the path to `dest`: the local end of its TCP connection, or the socket of its transport. */
  localAddress(dest: SipAddress): string | undefined {
    if (dest.transport === 'TCP') return this.stack.flowFor(dest)?.local.address;
    return this.stack.transport.all.find((t) => t.name === dest.transport)?.local.address;
  }

  /** Key of the TCP connection the device registered on ("ip:port"), when it did and it is open. */
  flowOf(deviceId: string): string | undefined {
    return this.registry.flowOf(deviceId);
  }

  // ---- sending ----------------------------------------------------------------------------------------------

  /** An out-of-dialog request to a device or one of its channels (Request-URI and To: targetId). */
  buildRequest(deviceId: string, spec: DeviceRequestSpec): SipRequest {
    return this.messenger.build(deviceId, spec);
  }

  /** Sends a non-INVITE request built with buildRequest. */
  send(deviceId: string, req: SipRequest, opts?: RequestOptions): Promise<SipResponse> {
    return this.messenger.send(deviceId, req, opts);
  }

  /** Sends an INVITE (live view, playback, download) over the device's route; BYE with stack.bye(dialog). */
  invite(deviceId: string, req: SipRequest, opts: InviteOptions = {}): Promise<InviteResult> {
    const r = this.messenger.route(deviceId);
    return this.stack.invite(req, r.dest, { ...opts, noNewConnection: r.noNewConnection || opts.noNewConnection });
  }

  /** A MANSCDP MESSAGE in the device's charset; resolves with the device's immediate answer (200 OK). */
  sendManscdp(deviceId: string, doc: ManscdpDoc): Promise<SipResponse> {
    return this.messenger.sendManscdp(deviceId, doc);
  }

  /** A query with SN matching and a timeout: resolves with the device's Response body. */
  query(deviceId: string, build: (sn: number) => ManscdpDoc, timeoutMs?: number): Promise<DecodedBody> {
    return this.queries.ask(deviceId, build, timeoutMs);
  }

  nextSn(): number {
    return this.queries.sn.next();
  }

  // ---- notifications ----------------------------------------------------------------------------------------

  onOffline(fn: (o: OfflineInfo) => void): () => void {
    return this.registry.onOffline(fn);
  }

  onRegistered(fn: (d: DeviceSummary, kind: RegistrationKind) => void): () => void {
    return this.registry.onRegistered((d, kind) => fn(this.registry.summary(d), kind));
  }

  /** MESSAGE / NOTIFY bodies by CmdType (e.g. "Alarm", "MediaStatus"); Responses to our queries are consumed first. */
  onManscdp(cmdType: string, handler: ManscdpHandler): () => void {
    const key = cmdType.toLowerCase();
    const list = this.manscdpHandlers.get(key) ?? [];
    list.push(handler);
    this.manscdpHandlers.set(key, list);
    return () => this.manscdpHandlers.set(key, (this.manscdpHandlers.get(key) ?? []).filter((h) => h !== handler));
  }

  /** Incoming requests of a method device access does not handle itself (BYE, INFO, ...). One hook per method. */
  onRequest(method: string, hook: RequestHook): () => void {
    const m = method.toUpperCase();
    this.requestHooks.set(m, hook);
    return () => {
      if (this.requestHooks.get(m) === hook) this.requestHooks.delete(m);
    };
  }

  /** @internal used by the server's request router */
  manscdpHandlersFor(cmdType: string): ManscdpHandler[] {
    return this.manscdpHandlers.get(cmdType.toLowerCase()) ?? [];
  }

  /** @internal */
  requestHook(method: string): RequestHook | undefined {
    return this.requestHooks.get(method.toUpperCase());
  }
}

/** "host:port" of a SIP URI (sip:user@host:port;params), brackets kept for IPv6. */
function hostPort(uri: string): string | undefined {
  return /^sips?:(?:[^@]*@)?(\[[^\]]+\]|[^:;]+)(?::(\d+))?/i.exec(uri)?.slice(1, 3).filter(Boolean).join(':');
}
