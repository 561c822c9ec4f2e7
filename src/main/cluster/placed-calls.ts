// Live view, playback and download of a device registered to another instance. The viewer's instance (A) keeps
// the media session: port, SSRC, pipeline, viewers, the download's file. The device's owner (B) places the call
// over its SIP path (s=Play, or s=Playback / s=Download with the t= range), offering A's media address, so the
// device sends the video straight to A; B answers with the device's response, sends the MANSRTSP INFOs A asks
// for in the call's dialog, and hangs up when A asks (or when it shuts down).
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../shared/errors';
import { errorText, type ServerText } from '../../shared/texts';
import type { MediaTransport } from '../../shared/types/devices';
import { buildHistoryInvite, buildLiveInvite, LiveCall, type CallOutcome } from '../gb28181/invite';
import { MANSRTSP_CONTENT_TYPE } from '../gb28181/mansrtsp';
import type { LiveDevice, LiveDeviceDirectory, MediaCall, MediaStatusNote, PlacedCallSpec, PlacedHistory } from '../live/directory';
import type { Dialog } from '../sip/dialog/dialog';
import { parseMessage, serializeMessage } from '../sip/message';
import type { SipResponse } from '../sip/message/types';
import type { SipStack } from '../sip/stack/stack';
import type { Clock, TimerHandle } from '../sip/timers/clock';
import type { CommandRelay } from './relay';
import { badCallText, callFailedElsewhereText, callNotAnsweredText, infoNoBodyText, notOnlineHereText, ownerFailedText, readServerText, tooManyCallsText, type Missing } from './texts';

/** The call's outcome as it crosses Redis: the device's response as SIP text (base64). */
export interface PlacedOutcome {
  kind: CallOutcome['kind'];
  callId: string;
  response?: string;
  text?: string;
  said?: ServerText;
  status?: number;
  timeout?: boolean;
}

export interface PlaceParams extends PlacedCallSpec {
  handle: string;
  deviceId: string;
  /** The viewer's instance: told when the device ends the call or reports the end of the recording. */
  from?: string;
}

/** The device's address as the owner sees it, for the viewer's live session (LiveDevice without functions). */
export type RemoteDeviceView = Omit<LiveDevice, 'placeCall' | 'shareCall'>;

export interface CallPlacerDeps {
  stack: SipStack;
  directory: Pick<LiveDeviceDirectory, 'lookup' | 'requestKeyframe' | 'onMediaStatus'>;
  settings: () => { sipId: string; domain: string };
  answerTimeoutMs: number;
  clock: Clock;
  /** Tells the viewer's instance what happened in its call (cluster.callEnded, cluster.callEvent). */
  tell?(instance: string, method: string, params: unknown): Promise<unknown>;
  /** Calls placed for others at once (default 500). */
  maxCalls?: number;
  /** How often answered calls are checked for a BYE from the device (default 1 s). */
  checkMs?: number;
}

interface Placed {
  call: LiveCall;
  from: string | undefined;
  /** The device takes requests only over its registration's TCP connection. */
  noNewConnection: boolean;
}

const TRANSPORTS: readonly MediaTransport[] = ['udp', 'tcp-passive', 'tcp-active'];

/** The owner's side: places calls for viewers on other instances. */
export class CallPlacer {
  private readonly calls = new Map<string, Placed>();
  private readonly unsubscribe: () => void;
  private checker: TimerHandle | undefined;

  constructor(private readonly d: CallPlacerDeps) {
    // GB/T 28181-2016 §9.8.3: MediaStatus 121 (end of the recording) comes in the call's dialog, here.
    this.unsubscribe = d.directory.onMediaStatus?.((n) => this.mediaStatus(n)) ?? (() => undefined);
  }

  /** The device as live view needs it, for the viewer's instance. */
  lookup(p: { deviceId?: unknown }): RemoteDeviceView | null {
    const dev = typeof p?.deviceId === 'string' ? this.d.directory.lookup(p.deviceId) : undefined;
    if (!dev) return null;
    const { placeCall: _placeCall, shareCall: _shareCall, ...view } = dev;
    return view;
  }

  async place(p: PlaceParams): Promise<PlacedOutcome> {
    const bad = invalid(p);
    if (bad) throw DomainError.saying('bad_request', badCallText(bad));
    if (this.calls.size >= (this.d.maxCalls ?? 500)) throw DomainError.saying('unavailable', tooManyCallsText(this.calls.size));
    const dev = this.d.directory.lookup(p.deviceId);
    if (!dev?.online || !dev.sip) throw dev?.unreachable ? new DomainError('unavailable', dev.unreachable, undefined, dev.unreachableText) : DomainError.saying('unavailable', notOnlineHereText(p.deviceId));
    const s = this.d.settings();
    const spec = { serverId: s.sipId, domain: s.domain, channelId: p.channelId, dest: dev.sip, mediaIp: p.mediaIp, mediaPort: p.mediaPort, transport: p.transport, ssrc: p.ssrc };
    const h = p.history;
    const request = h ? buildHistoryInvite(this.d.stack, { ...spec, ...h }) : buildLiveInvite(this.d.stack, spec);
    const what = h ? (h.sessionName === 'Download' ? 'download' : 'playback') : undefined;
    const call = new LiveCall({ stack: this.d.stack, request, dest: dev.sip, noNewConnection: dev.noNewConnection, channelId: p.channelId, answerTimeoutMs: this.d.answerTimeoutMs, clock: this.d.clock, what });
    this.calls.set(p.handle, { call, from: p.from, noNewConnection: dev.noNewConnection });
    const o = await call.outcome;
    if (o.kind !== 'answered') this.calls.delete(p.handle);
    else this.check();
    const response = o.kind === 'answered' || o.kind === 'refused' ? serializeMessage(o.response).toString('base64') : undefined;
    return { kind: o.kind, callId: call.callId, response, text: 'text' in o ? o.text : undefined, said: 'said' in o ? o.said : undefined, status: o.kind === 'refused' ? o.status : undefined, timeout: o.kind === 'failed' ? o.timeout : undefined };
  }

  /** MANSRTSP in the dialog of a call placed here (playback control of a viewer elsewhere). */
  async info(p: { handle?: unknown; body?: unknown }): Promise<{ status: number; reason: string }> {
    const placed = typeof p?.handle === 'string' ? this.calls.get(p.handle) : undefined;
    const dialog = placed?.call.callDialog;
    if (!placed || !dialog) throw DomainError.saying('conflict', callNotAnsweredText());
    if (typeof p.body !== 'string' || p.body.length > 4096) throw DomainError.saying('bad_request', infoNoBodyText());
    const res = await this.d.stack.sendInDialog(dialog, 'INFO', { body: Buffer.from(p.body, 'base64'), contentType: MANSRTSP_CONTENT_TYPE, noNewConnection: placed.noNewConnection });
    return { status: res.status, reason: res.reason };
  }

  /** A viewer elsewhere asks for a keyframe (IFrame DeviceControl over this instance's SIP path). */
  async keyframe(p: { deviceId?: unknown; channelId?: unknown }): Promise<{ asked: boolean }> {
    if (typeof p?.deviceId !== 'string' || typeof p.channelId !== 'string' || !this.d.directory.requestKeyframe) return { asked: false };
    await this.d.directory.requestKeyframe(p.deviceId, p.channelId);
    return { asked: true };
  }

  async hangup(p: { handle?: unknown }): Promise<{ ended: boolean }> {
    const placed = typeof p?.handle === 'string' ? this.calls.get(p.handle) : undefined;
    if (!placed) return { ended: false };
    this.calls.delete(p.handle as string);
    await placed.call.hangup();
    return { ended: true };
  }

  async close(): Promise<void> {
    this.unsubscribe();
    if (this.checker !== undefined) this.d.clock.clearTimeout(this.checker);
    this.checker = undefined;
    const all = [...this.calls.values()];
    this.calls.clear();
    await Promise.all(all.map((c) => c.call.hangup()));
  }

  /** While answered calls exist: a device's BYE (answered by the dialog router) ends the viewer's session too. */
  private check(): void {
    if (this.checker !== undefined || !this.d.tell) return;
    this.checker = this.d.clock.setTimeout(() => {
      this.checker = undefined;
      for (const [handle, placed] of [...this.calls]) {
        if (!placed.call.dialogGone) continue;
        this.calls.delete(handle);
        this.tell(placed, 'cluster.callEnded', { handle });
      }
      if (this.calls.size > 0) this.check();
    }, this.d.checkMs ?? 1000);
  }

  private mediaStatus(n: MediaStatusNote): void {
    for (const [handle, placed] of this.calls) {
      // Matched by the call's dialog: in it the device writes as the channel the INVITE named.
      if (!placed.call.owns(n.dialog, n.callId)) continue;
      this.tell(placed, 'cluster.callEvent', { handle, notifyType: n.notifyType.slice(0, 8) });
      return;
    }
  }

  private tell(placed: Placed, method: string, params: unknown): void {
    if (!placed.from || !this.d.tell) return;
    this.d.tell(placed.from, method, params).catch(() => undefined);
  }
}

function invalid(p: PlaceParams): Missing | undefined {
  if (typeof p?.handle !== 'string' || p.handle.length > 64) return 'handle';
  if (typeof p.deviceId !== 'string' || typeof p.channelId !== 'string' || !/^\d{20}$/.test(p.channelId)) return 'device';
  if (typeof p.mediaIp !== 'string' || !/^[0-9a-fA-F.:]{2,45}$/.test(p.mediaIp)) return 'mediaIp';
  if (!Number.isInteger(p.mediaPort) || p.mediaPort < 0 || p.mediaPort > 65535) return 'mediaPort';
  if (!TRANSPORTS.includes(p.transport)) return 'transport';
  if (typeof p.ssrc !== 'string' || !/^\d{10}$/.test(p.ssrc)) return 'ssrc';
  if (p.from !== undefined && (typeof p.from !== 'string' || p.from.length > 200)) return 'viewer';
  return p.history === undefined ? undefined : invalidHistory(p.history);
}

function invalidHistory(h: PlacedHistory): Missing | undefined {
  if (h === null || typeof h !== 'object' || (h.sessionName !== 'Playback' && h.sessionName !== 'Download')) return 'kind';
  if (!Number.isSafeInteger(h.start) || !Number.isSafeInteger(h.end) || h.start < 0 || h.end <= h.start) return 'range';
  if (h.downloadSpeed !== undefined && (!Number.isInteger(h.downloadSpeed) || h.downloadSpeed < 1 || h.downloadSpeed > 32)) return 'speed';
  return undefined;
}

/** The viewer's side of a call the owner placed. */
export class PlacedCall implements MediaCall {
  readonly outcome: Promise<CallOutcome>;
  callId = '';
  readonly channelId: string;
  private state: 'calling' | 'answered' | 'ended' = 'calling';
  private readonly handle = randomUUID();
  private ownerEnded = false;

  /** `calls`: this instance's placed calls by handle, for what the owner tells of them (bounded by its sessions). */
  constructor(
    private readonly relay: Pick<CommandRelay, 'call' | 'self'>,
    private readonly owner: string,
    readonly deviceId: string,
    spec: PlacedCallSpec,
    answerTimeoutMs: number,
    private readonly calls?: Map<string, PlacedCall>,
  ) {
    this.channelId = spec.channelId;
    const params: PlaceParams = { ...spec, deviceId, handle: this.handle, from: relay.self };
    calls?.set(this.handle, this);
    this.outcome = relay.call(owner, 'cluster.placeCall', params, answerTimeoutMs + 5_000).then(
      (r) => this.settled(r as PlacedOutcome),
      (err: Error & { code?: string }) => {
        const said = ownerFailedText(owner, deviceId, errorText(err));
        return { kind: 'failed' as const, text: said.text, said, timeout: err.code === 'timeout' };
      },
    );
    void this.outcome.then((o) => {
      if (o.kind !== 'answered') this.calls?.delete(this.handle);
    });
  }

  get answered(): boolean {
    return this.state === 'answered';
  }

  /**
   * The dialog lives on the owner: the device's requests in it reach this instance only as the owner tells of
   * them (a MediaStatus by the call's Call-ID).
   */
  owns(dialog: Dialog | undefined, callId?: string): boolean {
    return !dialog && !!callId && callId === this.callId && this.state === 'answered';
  }

  remoteEnded(): void {
    this.state = 'ended';
    this.calls?.delete(this.handle);
  }

  get callDialog(): Dialog | undefined {
    return undefined;
  }

  /** The device ended the call on the owner (its BYE answered there): the session ends as on a BYE here. */
  get dialogGone(): boolean {
    return this.state === 'answered' && this.ownerEnded;
  }

  /** The owner says the device hung up. */
  endedByDevice(): void {
    this.ownerEnded = true;
    this.calls?.delete(this.handle);
  }

  /** MANSRTSP for the device: the owner sends it in the call's dialog and answers with the device's status. */
  async sendInfo(body: Buffer, _contentType: string): Promise<{ status: number; reason: string }> {
    return (await this.relay.call(this.owner, 'cluster.info', { handle: this.handle, body: body.toString('base64') })) as { status: number; reason: string };
  }

  async hangup(): Promise<void> {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.calls?.delete(this.handle);
    await this.relay.call(this.owner, 'cluster.hangup', { handle: this.handle }).catch(() => undefined);
  }

  private settled(r: PlacedOutcome): CallOutcome {
    this.callId = r.callId ?? '';
    const response = r.response ? parseResponse(r.response) : undefined;
    if (r.kind === 'answered' && response) {
      if (this.state === 'calling') this.state = 'answered';
      // The dialog is the owner's; a media session reads only the response's SDP.
      return { kind: 'answered', response, dialog: undefined as unknown as Dialog };
    }
    const said = readServerText(r.said);
    if (r.kind === 'refused' && response) return { kind: 'refused', status: r.status ?? response.status, text: r.text ?? `${response.status} ${response.reason}`, ...(said ? { said } : {}), response };
    if (r.kind === 'cancelled') return { kind: 'cancelled' };
    const failed = said ?? (r.text ? undefined : callFailedElsewhereText());
    return { kind: 'failed', text: r.text ?? failed!.text, ...(failed ? { said: failed } : {}), timeout: r.timeout === true };
  }
}

function parseResponse(base64: string): SipResponse | undefined {
  const parsed = parseMessage(Buffer.from(base64, 'base64'));
  return parsed.ok && parsed.message.kind === 'response' ? (parsed.message as SipResponse) : undefined;
}
