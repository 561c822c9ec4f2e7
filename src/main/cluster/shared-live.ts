// One call to a camera per channel across the platform. Before an instance places a live-view call it claims the
// channel in the live registry; when another live instance already holds it, this instance asks that one to
// share: the holder joins its own session as one more viewer (so its call lasts while this one watches) and sends
// the frames on to this instance's media port and SSRC as PS over RTP (rtp-forwarder.ts), in this session's
// transport: the holder plays the camera's part (UDP to our port; TCP-passive: it connects to our port; TCP-active:
// it listens and answers with its port; docs/protocol.md §9). This instance's session is then an ordinary one (its
// port, SSRC, pipeline, viewers, watchdogs); only its call is the share. A holder that no longer plays the channel
// refuses, and this instance places its own call and takes the channel.
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../shared/errors';
import { buildAnswer } from '../gb28181/sdp';
import type { CallOutcome } from '../gb28181/invite';
import type { MediaTransport } from '../../shared/types/devices';
import type { MediaCall, PlacedCallSpec } from '../live/directory';
import type { FrameSink, ViewerStats } from '../live/frame-fanout';
import type { Dialog } from '../sip/dialog/dialog';
import { parseMessage } from '../sip/message';
import type { SipResponse } from '../sip/message/types';
import type { LiveRegistry } from './live-registry';
import type { CommandRelay } from './relay';
import { alreadySharedText, badShareText, endedHereText, notPlayingHereText, shareUnreadableText, tooManySharesText, type Missing } from './texts';
import { RtpForwarder } from './rtp-forwarder';

/** What the holder needs of its live view (LiveService). */
export interface SharedLiveService {
  /** Joins the running session of the channel (one more viewer), or starts one. */
  start(p: { deviceId: string; channelId: string }): Promise<{ sessionId: string; mediaIp: string; ssrc: string }>;
  stop(sessionId: string): Promise<unknown>;
  list(): Array<{ sessionId: string; deviceId: string; channelId: string; state: string }>;
  subscribeFrames(sessionId: string, sink: FrameSink): { unsubscribe(): void; stats(): ViewerStats } | undefined;
}

export interface ShareParams {
  handle: string;
  deviceId: string;
  channelId: string;
  mediaIp: string;
  mediaPort: number;
  ssrc: string;
  /** The viewer's session transport; absent: udp. */
  transport?: MediaTransport;
}

/** The holder's answer: where its frames come from, as an SDP answer would say. */
export interface ShareAnswer {
  ip: string;
  port: number;
  ssrc: string;
  /** The transport the frames come over (the one asked for); absent: udp. */
  transport?: MediaTransport;
}

interface Share {
  from: string;
  sessionId: string;
  forwarder: RtpForwarder;
  /** Undefined until the link is up (tcp-active: the viewer connects after our answer). */
  viewer: { unsubscribe(): void } | undefined;
}

/** Shares served at once by one instance. */
const MAX_SHARES = 500;

/** TCP: connecting to the viewer's media port, or waiting for it to connect to ours. */
const CONNECT_TIMEOUT_MS = 10_000;

const TRANSPORTS: readonly MediaTransport[] = ['udp', 'tcp-passive', 'tcp-active'];

/** The holder's side: its sessions' frames to viewers on other instances. */
export class LiveSharer {
  private readonly shares = new Map<string, Share>();

  constructor(
    private readonly live: SharedLiveService,
    private readonly relay: Pick<CommandRelay, 'call'>,
    private readonly bindIp: () => string,
    private readonly onError: (text: string) => void,
  ) {}

  async share(from: string, p: ShareParams): Promise<ShareAnswer> {
    const bad = invalidShare(p);
    if (bad) throw DomainError.saying('bad_request', badShareText(bad));
    if (this.shares.size >= MAX_SHARES) throw DomainError.saying('unavailable', tooManySharesText(this.shares.size));
    if (this.shares.has(p.handle)) throw DomainError.saying('conflict', alreadySharedText());
    const running = this.live.list().find((s) => s.deviceId === p.deviceId && s.channelId === p.channelId && s.state !== 'ended');
    if (!running) throw DomainError.saying('conflict', notPlayingHereText(p.channelId));
    const joined = await this.live.start({ deviceId: p.deviceId, channelId: p.channelId });
    const transport = p.transport ?? 'udp';
    let forwarder: RtpForwarder;
    try {
      const to = { bindIp: this.bindIp(), transport, dest: { ip: p.mediaIp, port: p.mediaPort }, ssrc: Number(p.ssrc), connectTimeoutMs: CONNECT_TIMEOUT_MS };
      forwarder = await RtpForwarder.open(to, (reason) => this.ended(p.handle, reason));
    } catch (err) {
      await this.live.stop(joined.sessionId);
      throw err;
    }
    const share: Share = { from, sessionId: joined.sessionId, forwarder, viewer: undefined };
    if (transport === 'tcp-active') {
      this.shares.set(p.handle, share);
      forwarder.ready.then(() => this.watch(p.handle, share, p.channelId), () => undefined);
    } else {
      share.viewer = this.live.subscribeFrames(joined.sessionId, forwarder);
      if (!share.viewer) {
        forwarder.stop();
        await this.live.stop(joined.sessionId);
        throw DomainError.saying('conflict', endedHereText(p.channelId));
      }
      this.shares.set(p.handle, share);
    }
    return { ip: joined.mediaIp || this.bindIp(), port: forwarder.port, ssrc: p.ssrc, transport };
  }

  /** The viewer connected to our port (tcp-active): the forwarder becomes a viewer of the session. */
  private watch(handle: string, share: Share, channelId: string): void {
    if (this.shares.get(handle) !== share) return;
    share.viewer = this.live.subscribeFrames(share.sessionId, share.forwarder);
    if (!share.viewer) share.forwarder.close(0, endedHereText(channelId).text);
  }

  /** The viewer's instance no longer watches: this instance's viewer of its own session leaves. */
  async unshare(handle: unknown): Promise<{ ended: boolean }> {
    const s = typeof handle === 'string' ? this.shares.get(handle) : undefined;
    if (!s) return { ended: false };
    this.shares.delete(handle as string);
    s.forwarder.stop();
    s.viewer?.unsubscribe();
    await this.live.stop(s.sessionId);
    return { ended: true };
  }

  /** Shares whose viewer instance is dead end (it cannot say so any more). */
  async sweep(alive: (instance: string) => boolean): Promise<void> {
    for (const [handle, s] of [...this.shares]) if (!alive(s.from)) await this.unshare(handle);
  }

  async close(): Promise<void> {
    await Promise.all([...this.shares.keys()].map((h) => this.unshare(h)));
  }

  /**
   * This instance's session ended (its viewers are closed) or the link to the viewer's instance was lost: that
   * instance is told and its session ends; this one loses the share's viewer.
   */
  private ended(handle: string, reason: string): void {
    const s = this.shares.get(handle);
    if (!s) return;
    this.shares.delete(handle);
    s.viewer?.unsubscribe();
    this.live.stop(s.sessionId).catch((err: Error) => this.onError(`leaving live session ${s.sessionId} after its share ended: ${err.message}`));
    this.relay.call(s.from, 'cluster.shareEnded', { handle, reason: reason.slice(0, 300) }).catch((err: Error) => this.onError(`telling console instance ${s.from} that a shared live view ended: ${err.message}`));
  }
}

function invalidShare(p: ShareParams): Missing | undefined {
  if (typeof p?.handle !== 'string' || p.handle.length > 64) return 'handle';
  if (typeof p.deviceId !== 'string' || p.deviceId.length > 64 || typeof p.channelId !== 'string' || !/^\d{20}$/.test(p.channelId)) return 'device';
  if (typeof p.mediaIp !== 'string' || !/^[0-9a-fA-F.:]{2,45}$/.test(p.mediaIp)) return 'mediaIp';
  if (!Number.isInteger(p.mediaPort) || p.mediaPort < 1 || p.mediaPort > 65535) return 'mediaPort';
  if (typeof p.ssrc !== 'string' || !/^\d{10}$/.test(p.ssrc) || Number(p.ssrc) > 0xffffffff) return 'ssrc';
  if (p.transport !== undefined && !TRANSPORTS.includes(p.transport)) return 'transport';
  return undefined;
}

export interface SharedCallDeps {
  registry: Pick<LiveRegistry, 'claim' | 'take' | 'release'>;
  relay: Pick<CommandRelay, 'call'>;
  /** Calls of this instance that another one shares with it, by handle (to hear that the share ended). */
  calls: Map<string, SharedCall>;
  answerTimeoutMs: number;
  onError(text: string): void;
}

/**
 * The viewer's call on a platform of several instances: the share of another instance's call of the channel when
 * one holds it, else this instance's own call (`own`), with the channel claimed in the registry until it ends.
 */
export class SharedCall implements MediaCall {
  readonly outcome: Promise<CallOutcome>;
  private inner: MediaCall | undefined;
  private shared: { holder: string; handle: string } | undefined;
  private state: 'calling' | 'answered' | 'ended' = 'calling';
  private shareGone = false;
  private claimed = false;

  constructor(
    private readonly d: SharedCallDeps,
    private readonly deviceId: string,
    private readonly spec: PlacedCallSpec,
    private readonly own: () => MediaCall,
  ) {
    this.outcome = this.run();
  }

  get callId(): string {
    return this.inner?.callId ?? '';
  }

  get answered(): boolean {
    return this.inner ? this.inner.answered : this.state === 'answered';
  }

  /** Whose frames these are: for the tests and the log. */
  get sharedBy(): string | undefined {
    return this.shared?.holder;
  }

  owns(dialog: Dialog | undefined, callId?: string): boolean {
    return this.inner?.owns(dialog, callId) ?? false;
  }

  remoteEnded(): void {
    this.state = 'ended';
    this.inner?.remoteEnded();
    if (this.shared) this.d.calls.delete(this.shared.handle);
    this.release();
  }

  get callDialog(): Dialog | undefined {
    return this.inner?.callDialog;
  }

  /** The holder's session ended (or its call did): this session ends as if the camera had hung up. */
  get dialogGone(): boolean {
    return this.inner ? this.inner.dialogGone : this.shareGone && this.state === 'answered';
  }

  /** The holder said its session ended. */
  holderEnded(): void {
    this.shareGone = true;
  }

  async hangup(): Promise<void> {
    const was = this.state;
    this.state = 'ended';
    if (this.inner) {
      this.release();
      return this.inner.hangup();
    }
    if (was === 'ended' || !this.shared) return;
    this.d.calls.delete(this.shared.handle);
    await this.d.relay.call(this.shared.holder, 'cluster.unshare', { handle: this.shared.handle }).catch(() => undefined);
  }

  private async run(): Promise<CallOutcome> {
    const { channelId } = this.spec;
    let holder: string | undefined;
    try {
      holder = await this.d.registry.claim(this.deviceId, channelId);
      this.claimed = !holder;
    } catch (err) {
      this.d.onError(`live registry: ${(err as Error).message}; placing the call of camera ${channelId} here`);
    }
    if (holder) {
      const answer = await this.share(holder);
      if (answer) return answer;
      if (this.state === 'ended') return { kind: 'cancelled' };
      await this.d.registry.take(this.deviceId, channelId).catch((err: Error) => this.d.onError(`live registry: ${err.message}`));
      this.claimed = true;
    }
    if (this.state === 'ended') {
      this.release();
      return { kind: 'cancelled' };
    }
    this.inner = this.own();
    const o = await this.inner.outcome;
    if (o.kind !== 'answered') this.release();
    return o;
  }

  /** The holder's frames at this instance's media port; undefined when it does not share (then we call). */
  private async share(holder: string): Promise<CallOutcome | undefined> {
    const handle = randomUUID();
    const { transport } = this.spec;
    const p: ShareParams = { handle, deviceId: this.deviceId, channelId: this.spec.channelId, mediaIp: this.spec.mediaIp, mediaPort: this.spec.mediaPort, ssrc: this.spec.ssrc, transport };
    this.d.calls.set(handle, this);
    let a: ShareAnswer;
    try {
      a = (await this.d.relay.call(holder, 'cluster.share', p, this.d.answerTimeoutMs + 5_000)) as ShareAnswer;
    } catch (err) {
      this.d.calls.delete(handle);
      this.d.onError(`live view of camera ${this.spec.channelId}: console instance ${holder} holds its call but did not share it (${(err as Error).message}); calling the camera from here`);
      return undefined;
    }
    const sent = (a?.transport ?? 'udp') === transport;
    if (this.state === 'ended' || !sent) {
      this.d.calls.delete(handle);
      await this.d.relay.call(holder, 'cluster.unshare', { handle }).catch(() => undefined);
      if (this.state === 'ended') return { kind: 'cancelled' };
      this.d.onError(`live view of camera ${this.spec.channelId}: console instance ${holder} shares its call only over ${a?.transport ?? 'udp'}, not ${transport}; calling the camera from here`);
      return undefined;
    }
    this.shared = { holder, handle };
    const response = answerResponse(this.spec.channelId, a, transport);
    if (!response) {
      const said = shareUnreadableText(holder, this.spec.channelId);
      return { kind: 'failed', text: said.text, said, timeout: false };
    }
    this.state = 'answered';
    return { kind: 'answered', response, dialog: undefined as unknown as Dialog };
  }

  private release(): void {
    if (!this.claimed) return;
    this.claimed = false;
    this.d.registry.release(this.deviceId, this.spec.channelId).catch((err: Error) => this.d.onError(`live registry: ${err.message}`));
  }
}

/**
 * The share's answer as the 200 OK a session reads (SDP: the holder's address, its port, the SSRC offered), with
 * the holder's TCP role the opposite of ours, as a camera answers (docs/protocol.md §9).
 */
function answerResponse(channelId: string, a: ShareAnswer, transport: MediaTransport): SipResponse | undefined {
  if (!a || typeof a.ip !== 'string' || !/^[0-9a-fA-F.:]{2,45}$/.test(a.ip) || !Number.isInteger(a.port) || a.port < 1 || a.port > 65535 || typeof a.ssrc !== 'string' || !/^\d{10}$/.test(a.ssrc)) return undefined;
  const setup = transport === 'udp' ? undefined : transport === 'tcp-passive' ? 'active' : 'passive';
  const sdp = buildAnswer({ sessionName: 'Play', ownerId: channelId, ip: a.ip, port: a.port, transport: setup ? 'tcp' : 'udp', setup, ssrc: a.ssrc });
  const text =
    `SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKshared\r\nFrom: <sip:platform@shared>;tag=1\r\nTo: <sip:${channelId}@shared>;tag=2\r\n` +
    `Call-ID: shared\r\nCSeq: 1 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: ${Buffer.byteLength(sdp)}\r\n\r\n${sdp}`;
  const parsed = parseMessage(Buffer.from(text));
  return parsed.ok && parsed.message.kind === 'response' ? (parsed.message as SipResponse) : undefined;
}
