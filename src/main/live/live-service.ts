// Live view sessions: one INVITE per channel however many viewers (GB/T 28181-2016 §9.2), media from a port of
// the pool into a MediaPipeline, frames fanned out to viewers, and every way a session can end (viewer stop
// after a linger, device BYE, device offline, no video, stalled video, INVITE failure, shutdown) going through
// one `end` that releases the port, the SSRC and the sockets and tells the installer why.
import { randomUUID } from 'node:crypto';
import type { ApiEventName, ApiEvents } from '../../shared/contract';
import { DomainError, type DomainErrorCode } from '../../shared/errors';
import { MEDIA_CLOSE, type MediaFrameCodec } from '../../shared/media-frames';
import type { Settings } from '../../shared/settings';
import type { LiveSession, LiveState } from '../../shared/types/live';
import type { MediaTransport } from '../../shared/types/devices';
import { buildLiveInvite, chooseMediaIp, LiveCall, readLiveAnswer, stoppedBeforeAnswerText } from '../gb28181/invite';
import { SsrcAllocator } from '../gb28181/sdp/ssrc';
import type { Logger } from '../log/logger';
import type { MediaFrame } from '../media/frame/types';
import { MediaPipeline, type MediaPipelineOptions, type PayloadFormat } from '../media/pipeline/media-pipeline';
import type { SipRequest } from '../sip/message/types';
import { getCallId, getHeader } from '../sip/message';
import type { IncomingRequestContext } from '../sip/stack/incoming';
import type { SipStack } from '../sip/stack/stack';
import { systemClock, type Clock, type TimerHandle } from '../sip/timers/clock';
import { describeAddress } from '../sip/transport/transport';
import type { LiveDevice, LiveDeviceDirectory } from './directory';
import { FrameFanout, type FrameFanoutOptions, type FrameSink, type ViewerStats } from './frame-fanout';
import { MediaPortPool, type PortLease } from './port-pool';
import { PtsUnwrapper } from './pts-unwrap';
import {
  closeReason,
  deviceByeText,
  hostPort,
  noVideoText,
  noViewersText,
  offlineText,
  ssrcMismatchText,
  stalledText,
  unexpectedSenderText,
  unwatchedText,
} from './texts';

export interface LiveTiming {
  /** No RTP this long after the 200 OK ends the session. */
  noVideoMs: number;
  /** After the last viewer leaves, BYE goes out this much later unless someone comes back. */
  lingerMs: number;
  /** No final answer to the INVITE within this long: CANCEL. */
  answerTimeoutMs: number;
  /** live.stats cadence. */
  statsIntervalMs: number;
  /** Video that flowed and then stopped for this long ends the session. */
  stallMs: number;
  /** tcp-active: connecting to the camera's media port. */
  connectTimeoutMs: number;
}

export const DEFAULT_LIVE_TIMING: LiveTiming = {
  noVideoMs: 5000,
  lingerMs: 3000,
  answerTimeoutMs: 10_000,
  statsIntervalMs: 1000,
  stallMs: 10_000,
  connectTimeoutMs: 5000,
};

export type LiveSettings = Pick<Settings, 'sipId' | 'domain' | 'mediaIp' | 'mediaPortMin' | 'mediaPortMax' | 'viewerGraceSec'>;

export interface LiveServiceOptions {
  stack: SipStack;
  devices: LiveDeviceDirectory;
  settings: { readonly values: LiveSettings };
  events: { emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void };
  logger: Logger;
  /** Timers (linger, no-video, stats); default the system clock. */
  clock?: Clock;
  timing?: Partial<LiveTiming>;
  /** Local address media sockets bind to; default every interface. */
  bindHost?: string;
  fanout?: FrameFanoutOptions;
}

export interface StartParams {
  deviceId: string;
  channelId: string;
  transport?: MediaTransport;
}

interface Session {
  id: string;
  key: string;
  deviceId: string;
  channelId: string;
  transport: MediaTransport;
  state: LiveState;
  viewers: number;
  ssrc: string;
  allocator: SsrcAllocator | undefined;
  mediaIp: string;
  mediaPort: number;
  startedAt: number;
  /** performance.now() of the live.start that created it. */
  t0: number;
  device: LiveDevice;
  lease?: PortLease<MediaPipeline | undefined>;
  pipeline?: MediaPipeline;
  call?: LiveCall;
  answerIp?: string;
  remote?: string;
  tcpConnected: boolean;
  fanout: FrameFanout;
  pts?: PtsUnwrapper;
  lastVideo?: { codec: MediaFrameCodec; width: number; height: number; codecString: string };
  warnings: string[];
  peersSeen: Set<string>;
  firstFrameMs: number | null;
  fps: number | null;
  bitrateKbps: number | null;
  rate: { at: number; frames: number; bytes: number } | undefined;
  lastPackets: number;
  lastPacketsChangedAt: number;
  noVideoTimer?: TimerHandle;
  lingerTimer?: TimerHandle;
  /** Clock time since when no frame viewer is attached (undefined while someone watches). */
  unwatchedSince?: number;
  ready: Promise<void>;
  resolveReady(): void;
  rejectReady(err: DomainError): void;
  ended: boolean;
  /** Our CANCEL / BYE, once sent: settles when answered or failed. */
  hangupDone: Promise<void>;
}

const RTPMAP_FORMATS: Record<string, PayloadFormat> = { ps: 'ps', h264: 'h264', h265: 'h265', hevc: 'h265', pcma: 'g711a', pcmu: 'g711u' };

export class LiveService {
  private readonly o: LiveServiceOptions;
  private readonly clock: Clock;
  private readonly timing: LiveTiming;
  readonly ports: MediaPortPool;
  private readonly sessions = new Map<string, Session>();
  private readonly byChannel = new Map<string, Session>();
  private readonly allocators = new Map<string, SsrcAllocator>();
  private readonly unsubscribe: Array<() => void> = [];
  private ticker: TimerHandle | undefined;
  private closing = false;

  constructor(o: LiveServiceOptions) {
    this.o = o;
    this.clock = o.clock ?? systemClock;
    this.timing = { ...DEFAULT_LIVE_TIMING, ...o.timing };
    this.ports = new MediaPortPool(o.settings.values.mediaPortMin, o.settings.values.mediaPortMax);
    this.unsubscribe.push(o.devices.onOffline((id, why) => this.deviceOffline(id, why)));
    if (o.devices.onBye) this.unsubscribe.push(o.devices.onBye((req, ctx) => this.handleBye(req, ctx)));
  }

  get openCount(): number {
    return this.sessions.size;
  }

  // ---- API --------------------------------------------------------------------------------------------------

  /** Starts live view of a channel, or joins the session already running for it. Resolves once it plays. */
  async start(p: StartParams): Promise<LiveSession> {
    if (this.closing) throw new DomainError('unavailable', 'live view is shutting down');
    const key = `${p.deviceId}/${p.channelId}`;
    const running = this.byChannel.get(key);
    if (running && !running.ended) {
      running.viewers++;
      this.cancelLinger(running);
      await running.ready;
      return this.snapshot(running);
    }
    const device = this.o.devices.lookup(p.deviceId);
    if (!device) throw new DomainError('not_found', `device ${p.deviceId} is not known to this server`);
    if (!device.online) throw new DomainError('unavailable', `device ${p.deviceId} is offline; live view needs it registered and online`);
    if (device.unreachable || !device.sip) {
      throw new DomainError('unavailable', device.unreachable ?? `device ${p.deviceId} has never registered, so its address is unknown`);
    }
    const s = this.create(key, p, device);
    void this.run(s).catch((err: unknown) => this.end(s, `live view of camera ${s.channelId} failed: ${(err as Error).message}`, { hangup: true }));
    await s.ready;
    return this.snapshot(s);
  }

  /** One viewer leaves. The last one ends the session: at once while inviting (CANCEL), else after the linger. */
  async stop(sessionId: string): Promise<{ stopped: boolean }> {
    const s = this.sessions.get(sessionId);
    if (!s || s.ended) return { stopped: false };
    s.viewers = Math.max(0, s.viewers - 1);
    if (s.viewers > 0) return { stopped: true };
    if (s.state === 'inviting') {
      await this.end(s, stoppedBeforeAnswerText(s.channelId), { hangup: true, code: 'conflict' });
    } else if (this.timing.lingerMs <= 0) {
      await this.end(s, noViewersText(s.channelId), { hangup: true });
    } else if (s.lingerTimer === undefined) {
      s.lingerTimer = this.clock.setTimeout(() => {
        s.lingerTimer = undefined;
        void this.end(s, noViewersText(s.channelId), { hangup: true });
      }, this.timing.lingerMs);
    }
    return { stopped: true };
  }

  list(): LiveSession[] {
    return [...this.sessions.values()].map((s) => this.snapshot(s));
  }

  /** Adds a frame viewer (WebSocket, MessagePort adapter...). Undefined when the session does not exist. */
  subscribeFrames(sessionId: string, sink: FrameSink): { unsubscribe(): void; stats(): ViewerStats } | undefined {
    const s = this.sessions.get(sessionId);
    if (!s || s.ended) return undefined;
    return s.fanout.subscribe(sink);
  }

  /** An incoming BYE: answered and true when it ends one of our live calls. */
  handleBye(req: SipRequest, ctx: IncomingRequestContext): boolean {
    const callId = getCallId(req);
    for (const s of this.sessions.values()) {
      if (!s.call?.owns(ctx.dialog, callId)) continue;
      if (!ctx.answered) ctx.respond(200);
      s.call.remoteEnded();
      void this.end(s, deviceByeText(s.channelId, getHeader(req, 'Reason')), { hangup: false });
      return true;
    }
    return false;
  }

  /** Ends every session with BYE (waiting at most `byeWaitMs` for the answers) and stops listening to devices. */
  async close(byeWaitMs = 2000): Promise<void> {
    this.closing = true;
    for (const u of this.unsubscribe.splice(0)) u();
    const all = [...this.sessions.values()];
    await Promise.all(all.map((s) => this.end(s, 'the console is shutting down', { hangup: true, closeCode: MEDIA_CLOSE.shutdown })));
    this.stopTicker();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all(all.map((s) => s.hangupDone)),
      new Promise<void>((r) => {
        timer = setTimeout(r, byeWaitMs);
        timer.unref?.();
      }),
    ]);
    if (timer) clearTimeout(timer);
  }

  /** Resolves once the session's sockets are closed and its port is back in the pool (tests). */
  whenClosed(sessionId: string): Promise<void> | undefined {
    return this.closedPromises.get(sessionId);
  }

  private readonly closedPromises = new Map<string, Promise<void>>();

  // ---- session life -----------------------------------------------------------------------------------------

  private create(key: string, p: StartParams, device: LiveDevice): Session {
    let resolveReady!: () => void;
    let rejectReady!: (e: DomainError) => void;
    const ready = new Promise<void>((res, rej) => {
      resolveReady = res;
      rejectReady = rej;
    });
    ready.catch(() => undefined);
    const s: Session = {
      id: randomUUID(),
      key,
      deviceId: p.deviceId,
      channelId: p.channelId,
      transport: p.transport ?? device.mediaTransport,
      state: 'inviting',
      viewers: 1,
      ssrc: '',
      allocator: undefined,
      mediaIp: '',
      mediaPort: 0,
      startedAt: this.clock.now(),
      t0: performance.now(),
      device,
      tcpConnected: false,
      fanout: new FrameFanout(this.o.fanout),
      warnings: [],
      peersSeen: new Set(),
      firstFrameMs: null,
      fps: null,
      bitrateKbps: null,
      rate: undefined,
      lastPackets: 0,
      lastPacketsChangedAt: 0,
      ready,
      resolveReady,
      rejectReady,
      ended: false,
      hangupDone: Promise.resolve(),
    };
    this.sessions.set(s.id, s);
    this.byChannel.set(key, s);
    this.startTicker();
    return s;
  }

  private async run(s: Session): Promise<void> {
    const settings = this.o.settings.values;
    const dest = s.device.sip!;
    s.allocator = this.allocatorFor(settings.domain);
    s.ssrc = s.allocator.allocate('live');
    const ip = await chooseMediaIp({ configured: settings.mediaIp, deviceIp: dest.address, sipLocal: s.device.localAddress });
    s.mediaIp = ip.ip;
    if (s.ended) return;
    const transport = s.transport;
    s.lease =
      transport === 'tcp-active'
        ? await this.ports.lease(async () => undefined)
        : await this.ports.lease(async (port) => {
            const p = this.pipeline(s, { kind: transport, port, host: this.o.bindHost });
            try {
              await p.start();
            } catch (err) {
              await p.close();
              throw err;
            }
            return p;
          });
    s.pipeline = s.lease.value;
    s.mediaPort = s.lease.port;
    if (s.ended) return this.release(s);

    const request = buildLiveInvite(this.o.stack, {
      serverId: settings.sipId,
      domain: settings.domain,
      channelId: s.channelId,
      dest,
      mediaIp: s.mediaIp,
      mediaPort: s.mediaPort,
      transport,
      ssrc: s.ssrc,
    });
    s.call = new LiveCall({
      stack: this.o.stack,
      request,
      dest,
      noNewConnection: s.device.noNewConnection,
      channelId: s.channelId,
      answerTimeoutMs: this.timing.answerTimeoutMs,
      clock: this.clock,
    });
    this.o.events.emit('live.started', this.snapshot(s));
    this.o.logger.info(
      `live view of camera ${s.channelId} (device ${s.deviceId} at ${describeAddress(dest)}): inviting, video to ${hostPort(s.mediaIp, s.mediaPort)}/${transport === 'udp' ? 'udp' : 'tcp'} (${transport}), SSRC ${s.ssrc}`,
    );

    const outcome = await s.call.outcome;
    if (s.ended) return;
    if (outcome.kind === 'refused') return void (await this.end(s, outcome.text, { hangup: false, code: 'unavailable' }));
    if (outcome.kind === 'failed') return void (await this.end(s, outcome.text, { hangup: false, code: outcome.timeout ? 'timeout' : 'unavailable' }));
    if (outcome.kind === 'cancelled') return;

    const answer = readLiveAnswer(outcome.response, { channelId: s.channelId, transport, offeredSsrc: s.ssrc, deviceIp: dest.address });
    if (!answer.ok) return void (await this.end(s, answer.reason, { hangup: true }));
    for (const n of answer.answer.notes) this.warn(s, n);
    s.answerIp = answer.answer.ip;
    if (transport === 'tcp-active') {
      s.remote = hostPort(answer.answer.ip, answer.answer.port);
      const payloadTypes: Record<number, PayloadFormat> = {};
      for (const pl of answer.answer.payloads) {
        const f = pl.codec ? RTPMAP_FORMATS[pl.codec.toLowerCase()] : undefined;
        if (f) payloadTypes[pl.pt] = f;
      }
      const p = this.pipeline(s, {
        kind: 'tcp-active',
        remoteHost: answer.answer.ip,
        remotePort: answer.answer.port,
        connectTimeoutMs: this.timing.connectTimeoutMs,
      }, payloadTypes);
      s.pipeline = p;
      try {
        await p.start();
      } catch (err) {
        return void (await this.end(s, `camera ${s.channelId} accepted live view but ${(err as Error).message}; try TCP passive or UDP`, { hangup: true }));
      }
      if (s.ended) return;
    }
    s.state = 'playing';
    s.lastPacketsChangedAt = this.clock.now();
    this.checkPeers(s);
    if ((s.pipeline?.stats().packets ?? 0) === 0) {
      s.noVideoTimer = this.clock.setTimeout(() => this.noVideo(s), this.timing.noVideoMs);
    }
    s.resolveReady();
    this.o.events.emit('live.stats', this.list());
  }

  private pipeline(s: Session, transport: MediaPipelineOptions['transport'], payloadTypes?: Record<number, PayloadFormat>): MediaPipeline {
    const p = new MediaPipeline({ transport, expectedSsrc: Number(s.ssrc), payloadTypes, onFrame: (f) => this.onFrame(s, f) });
    p.on('first-packet', () => {
      if (s.noVideoTimer !== undefined) this.clock.clearTimeout(s.noVideoTimer);
      s.noVideoTimer = undefined;
    });
    p.on('first-frame', () => {
      s.firstFrameMs = Math.round(performance.now() - s.t0);
      this.o.logger.info(`live view of camera ${s.channelId}: first picture after ${s.firstFrameMs} ms`);
    });
    p.on('ssrc-mismatch', (m) => this.warn(s, ssrcMismatchText(s.channelId, m.actual, s.ssrc)));
    p.on('peer', (peer) => {
      s.peersSeen.add(ipOf(peer.address));
      if (s.state === 'playing') this.checkPeers(s);
    });
    p.on('connection', (c) => {
      s.tcpConnected = true;
      this.o.logger.info(`live view of camera ${s.channelId}: media connection with ${c.remote}`);
    });
    p.on('disconnect', (d) => this.o.logger.info(`live view of camera ${s.channelId}: media connection with ${d.remote} ended (${d.reason})`));
    p.on('error', (e) => this.o.logger.warn(`live view of camera ${s.channelId}: ${e.message}`));
    return p;
  }

  private onFrame(s: Session, f: MediaFrame): void {
    if (f.kind !== 'video' || s.ended) return;
    s.pts ??= new PtsUnwrapper(s.pipeline?.stats().format === 'ps' ? 33 : 32);
    const last = s.lastVideo;
    const v = {
      codec: f.codec as MediaFrameCodec,
      width: f.width ?? last?.width ?? 0,
      height: f.height ?? last?.height ?? 0,
      codecString: f.codecString ?? (last?.codec === f.codec ? last.codecString : ''),
    };
    s.lastVideo = v;
    s.fanout.push({ ...v, data: f.data, pts: s.pts.next(f.pts), keyframe: f.keyframe });
  }

  private noVideo(s: Session): void {
    s.noVideoTimer = undefined;
    if (s.ended || (s.pipeline?.stats().packets ?? 0) > 0) return;
    const text = noVideoText({
      channelId: s.channelId,
      transport: s.transport,
      mediaIp: s.mediaIp,
      mediaPort: s.mediaPort,
      remote: s.remote,
      connected: s.tcpConnected,
      waitedMs: this.timing.noVideoMs,
    });
    void this.end(s, text, { hangup: true });
  }

  /** Packets from an address that is neither the device's nor its answer's c=: accepted, flagged once. */
  private checkPeers(s: Session): void {
    if (s.transport === 'tcp-active') return;
    const expected = [...new Set([s.device.sip!.address, s.answerIp].filter((x): x is string => !!x).map(ipOf))];
    for (const ip of s.peersSeen) {
      if (!expected.includes(ip)) this.warn(s, unexpectedSenderText(s.channelId, ip, expected));
    }
  }

  private warn(s: Session, text: string): void {
    if (s.warnings.includes(text)) return;
    s.warnings.push(text);
    this.o.logger.warn(text);
  }

  private cancelLinger(s: Session): void {
    if (s.lingerTimer !== undefined) this.clock.clearTimeout(s.lingerTimer);
    s.lingerTimer = undefined;
  }

  private deviceOffline(deviceId: string, why: string): void {
    for (const s of [...this.sessions.values()]) {
      if (s.deviceId === deviceId) void this.end(s, offlineText(deviceId, s.channelId, why), { hangup: true });
    }
  }

  /**
   * The one way out: idempotent. Frees the SSRC, closes viewers, hangs up (CANCEL or BYE) when asked, closes
   * the sockets and gives the port back, then emits live.ended.
   */
  private end(s: Session, reason: string, opts: { hangup: boolean; code?: DomainErrorCode; closeCode?: number }): Promise<void> {
    if (s.ended) return this.closedPromises.get(s.id) ?? Promise.resolve();
    s.ended = true;
    const wasPlaying = s.state === 'playing';
    s.state = 'ended';
    if (s.noVideoTimer !== undefined) this.clock.clearTimeout(s.noVideoTimer);
    this.cancelLinger(s);
    this.sessions.delete(s.id);
    if (this.byChannel.get(s.key) === s) this.byChannel.delete(s.key);
    if (s.ssrc) s.allocator?.release(s.ssrc);
    s.fanout.close(opts.closeCode ?? MEDIA_CLOSE.sessionEnded, closeReason(reason));
    if (!wasPlaying) s.rejectReady(new DomainError(opts.code ?? 'unavailable', reason));
    if (opts.hangup && s.call) s.hangupDone = s.call.hangup();
    const closed = (async () => {
      await this.release(s);
      this.o.events.emit('live.ended', { sessionId: s.id, deviceId: s.deviceId, channelId: s.channelId, reason });
      (wasPlaying ? this.o.logger.info : this.o.logger.warn)(reason);
    })();
    this.closedPromises.set(s.id, closed);
    void closed.finally(() => this.closedPromises.delete(s.id));
    if (this.sessions.size === 0) this.stopTicker();
    return closed;
  }

  private async release(s: Session): Promise<void> {
    const pipelines = new Set([s.pipeline, s.lease?.value].filter((p): p is MediaPipeline => !!p));
    await Promise.all([...pipelines].map((p) => p.close().catch(() => undefined)));
    s.lease?.release();
  }

  // ---- stats ------------------------------------------------------------------------------------------------

  private startTicker(): void {
    if (this.ticker !== undefined) return;
    this.ticker = this.clock.setTimeout(() => this.tick(), this.timing.statsIntervalMs);
  }

  private stopTicker(): void {
    if (this.ticker !== undefined) this.clock.clearTimeout(this.ticker);
    this.ticker = undefined;
  }

  private tick(): void {
    this.ticker = undefined;
    const now = this.clock.now();
    const wall = performance.now();
    for (const s of [...this.sessions.values()]) {
      if (s.call?.dialogGone) {
        void this.end(s, deviceByeText(s.channelId, undefined), { hangup: false });
        continue;
      }
      const st = s.pipeline?.stats();
      if (!st || s.state !== 'playing') continue;
      if (this.unwatchedTooLong(s, now)) {
        void this.end(s, unwatchedText(s.channelId, this.o.settings.values.viewerGraceSec), { hangup: true });
        continue;
      }
      if (s.rate) {
        const secs = (wall - s.rate.at) / 1000;
        if (secs > 0.05) {
          s.fps = Math.round(((st.videoFrames - s.rate.frames) / secs) * 10) / 10;
          s.bitrateKbps = Math.round(((st.bytes - s.rate.bytes) * 8) / secs / 1000);
        }
      }
      s.rate = { at: wall, frames: st.videoFrames, bytes: st.bytes };
      if (st.packets !== s.lastPackets) {
        s.lastPackets = st.packets;
        s.lastPacketsChangedAt = now;
      } else if (st.packets > 0 && now - s.lastPacketsChangedAt >= this.timing.stallMs) {
        void this.end(s, stalledText(s.channelId, now - s.lastPacketsChangedAt), { hangup: true });
      }
    }
    if (this.sessions.size === 0) return;
    this.o.events.emit('live.stats', this.list());
    this.startTicker();
  }

  /** Viewers that vanish without live.stop (a closed tab) must not keep a camera streaming forever. */
  private unwatchedTooLong(s: Session, now: number): boolean {
    if (s.fanout.viewerCount > 0) {
      s.unwatchedSince = undefined;
      return false;
    }
    s.unwatchedSince ??= now;
    return now - s.unwatchedSince >= this.o.settings.values.viewerGraceSec * 1000;
  }

  private snapshot(s: Session): LiveSession {
    const st = s.pipeline?.stats();
    return {
      sessionId: s.id,
      deviceId: s.deviceId,
      channelId: s.channelId,
      transport: s.transport,
      state: s.state,
      mediaIp: s.mediaIp,
      mediaPort: s.mediaPort,
      ssrc: s.ssrc,
      receivedSsrc: st?.ssrc === undefined ? null : String(st.ssrc).padStart(10, '0'),
      peer: st?.peer ?? null,
      startedAt: s.startedAt,
      codec: st?.codec ?? null,
      width: st?.width ?? null,
      height: st?.height ?? null,
      fps: s.fps,
      bitrateKbps: s.bitrateKbps,
      packets: st?.packets ?? 0,
      bytes: st?.bytes ?? 0,
      frames: st?.videoFrames ?? 0,
      lost: st?.lost ?? 0,
      firstFrameMs: s.firstFrameMs,
      viewers: s.viewers,
      warnings: [...s.warnings],
    };
  }

  private allocatorFor(domain: string): SsrcAllocator {
    let a = this.allocators.get(domain);
    if (!a) this.allocators.set(domain, (a = new SsrcAllocator(domain)));
    return a;
  }
}

/** "1.2.3.4:5" / "::ffff:1.2.3.4:5" / "[::1]:5" / bare IPs -> the IP, IPv4-mapped written as IPv4. */
function ipOf(address: string): string {
  let a = address;
  const bracket = /^\[(.*)\](?::\d+)?$/.exec(a);
  if (bracket) a = bracket[1];
  else if (/^[\d.]+:\d+$/.test(a) || /^::ffff:[\d.]+:\d+$/i.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  return a.toLowerCase().startsWith('::ffff:') && /^[\d.]+$/.test(a.slice(7)) ? a.slice(7) : a;
}
