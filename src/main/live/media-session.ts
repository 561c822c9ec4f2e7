// One media call of any kind (live view, playback, download): a port of the pool, an SSRC, the INVITE, a
// MediaPipeline, frames fanned out to viewers, watchdogs (no video, stalled video, nobody watching) and one
// `end` that hangs up, releases the port, the SSRC and the sockets and tells the installer why. What differs
// per kind (the INVITE, when a watchdog applies, what a frame or a MediaStatus means, which event reports the
// end) comes from its SessionRules.
import { randomUUID } from 'node:crypto';
import { DomainError, type DomainErrorCode } from '../../shared/errors';
import { MEDIA_CLOSE, type MediaFrameCodec } from '../../shared/media-frames';
import { errorText, textOf, type ServerText } from '../../shared/texts';
import type { MediaTransport } from '../../shared/types/devices';
import { chooseMediaIp, LiveCall, readLiveAnswer, type LiveAnswer, type LiveInviteSpec } from '../gb28181/invite';
import { parseInviteOffer } from '../gb28181/sdp';
import type { SsrcAllocator, SsrcKind } from '../gb28181/sdp/ssrc';
import type { MediaFrame } from '../media/frame/types';
import { MediaPipeline, type MediaPipelineOptions, type PayloadFormat } from '../media/pipeline/media-pipeline';
import type { SipRequest } from '../sip/message/types';
import type { SipStack } from '../sip/stack/stack';
import type { Clock, TimerHandle } from '../sip/timers/clock';
import { describeAddress } from '../sip/transport/transport';
import type { LiveDevice, MediaCall, PlacedHistory } from './directory';
import { FrameFanout, type FanoutFrame, type FrameFanoutOptions } from './frame-fanout';
import type { MediaPortPool, PortLease } from './port-pool';
import { PtsUnwrapper } from './pts-unwrap';
import { afterAnswerText, closeReason, connectFailedText, hostPort, newCallCancelledText, notPlayingText, noVideoText, ssrcMismatchText, unexpectedSenderText } from './texts';

/** An end reason: a sentence, or a coded text ({ text } and the code and parameters the console words). */
export type Said = string | { text: string };

export type SessionKind = 'play' | 'playback' | 'download';

export interface SessionTiming {
  /** No RTP this long after the 200 OK ends the session. */
  noVideoMs: number;
  /** No final answer to the INVITE within this long: CANCEL. */
  answerTimeoutMs: number;
  /** Video that flowed and then stopped for this long ends the session. */
  stallMs: number;
  /** tcp-active: connecting to the camera's media port. */
  connectTimeoutMs: number;
}

export interface EndOptions {
  hangup: boolean;
  code?: DomainErrorCode;
  closeCode?: number;
  /** The device ended it (BYE, MediaStatus 121): no BYE of ours follows. */
  byDevice?: boolean;
}

export interface EndedInfo {
  said: Said;
  reason: string;
  wasPlaying: boolean;
  byDevice: boolean;
}

/** The sentences a kind words its ends with. */
export interface SessionTexts {
  deviceBye(channelId: string, reason: string | undefined): Said;
  stalled(channelId: string, ms: number): Said;
  offline(deviceId: string, channelId: string, why: ServerText | string): Said;
  unwatched(channelId: string, graceSec: number): Said;
  /** `detail` is the exception's sentence (errorText). */
  failed(channelId: string, detail: ServerText): Said;
}

export interface SessionRules {
  kind: SessionKind;
  /** "live view", "playback", "download": in the signalling sentences. */
  what: string;
  ssrcKind: SsrcKind;
  texts: SessionTexts;
  buildInvite(stack: SipStack, spec: LiveInviteSpec): SipRequest;
  /** The INVITE went out (state inviting). */
  onInviting?(s: MediaSession): void;
  /** The device answered and the media path is open. */
  onPlaying?(s: MediaSession, answer: LiveAnswer): void;
  /** Each video frame; default: to the viewers. */
  onFrame?(s: MediaSession, frame: FanoutFrame): void;
  /** True while nobody watching must not end the session (a paused playback, a download). */
  keepsWithoutViewers?(s: MediaSession): boolean;
  /** True while no packets are expected (paused): the stall watchdog waits. */
  quiet?(s: MediaSession): boolean;
  /** A MediaStatus NotifyType from the device in this call's dialog (121: the end of the recording). */
  onMediaStatus?(s: MediaSession, notifyType: string): void;
  /** Every stats tick while playing (download progress, timestamps that stopped advancing). */
  onTick?(s: MediaSession, now: number): void;
  /** After the session is released: the kind's event and log line. */
  onEnded(s: MediaSession, e: EndedInfo): void;
}

/** What a session needs from its host. */
export interface SessionHostView {
  stack: SipStack;
  clock: Clock;
  timing: SessionTiming;
  ports: MediaPortPool;
  bindHost?: string;
  fanout?: FrameFanoutOptions;
  settings: { sipId: string; domain: string; mediaIp: string; viewerGraceSec: number };
  allocator(domain: string): SsrcAllocator;
  logInfo(text: string): void;
  logWarn(text: string): void;
  /** The session is gone: the host forgets it. */
  forget(s: MediaSession): void;
}

export interface SessionStart {
  deviceId: string;
  channelId: string;
  transport?: MediaTransport;
}

const RTPMAP_FORMATS: Record<string, PayloadFormat> = { ps: 'ps', h264: 'h264', h265: 'h265', hevc: 'h265', pcma: 'g711a', pcmu: 'g711u' };

export class MediaSession {
  readonly id = randomUUID();
  readonly deviceId: string;
  readonly channelId: string;
  readonly transport: MediaTransport;
  readonly startedAt: number;
  /** performance.now() of the request that created it. */
  readonly t0 = performance.now();
  state: 'inviting' | 'playing' | 'ended' = 'inviting';
  /** Who asked for it and has not left (live view shares one call between viewers). */
  viewers = 1;
  lingerTimer: TimerHandle | undefined;
  ssrc = '';
  mediaIp = '';
  mediaPort = 0;
  answerIp: string | undefined;
  remote: string | undefined;
  tcpConnected = false;
  call: MediaCall | undefined;
  pipeline: MediaPipeline | undefined;
  readonly fanout: FrameFanout;
  /** Things the installer should know, once each (by their English). */
  readonly warnings: ServerText[] = [];
  firstFrameMs: number | null = null;
  fps: number | null = null;
  bitrateKbps: number | null = null;
  lastVideo: { codec: MediaFrameCodec; width: number; height: number; codecString: string } | undefined;
  /** Raw (device) PTS of the last video frame, 90 kHz, unwrapped. */
  lastPts: number | undefined;
  /** The next frame tells viewers to reset (a seek): set by the kind, cleared once sent. */
  discontinuity = false;
  ended = false;
  /** Our CANCEL / BYE, once sent: settles when answered or failed. */
  hangupDone: Promise<void> = Promise.resolve();
  readonly ready: Promise<void>;
  readonly closed: Promise<void>;

  private allocator: SsrcAllocator | undefined;
  private lease: PortLease<MediaPipeline | undefined> | undefined;
  private pts: PtsUnwrapper | undefined;
  private readonly peersSeen = new Set<string>();
  private rate: { at: number; frames: number; bytes: number } | undefined;
  private lastPackets = 0;
  private lastPacketsChangedAt = 0;
  private unwatchedSince: number | undefined;
  private noVideoTimer: TimerHandle | undefined;
  private resolveReady!: () => void;
  private rejectReady!: (e: DomainError) => void;
  private resolveClosed!: () => void;

  constructor(
    private readonly host: SessionHostView,
    readonly rules: SessionRules,
    p: SessionStart,
    readonly device: LiveDevice,
  ) {
    this.deviceId = p.deviceId;
    this.channelId = p.channelId;
    this.transport = p.transport ?? device.mediaTransport;
    this.startedAt = host.clock.now();
    this.fanout = new FrameFanout(host.fanout);
    this.ready = new Promise<void>((res, rej) => {
      this.resolveReady = res;
      this.rejectReady = rej;
    });
    this.ready.catch(() => undefined);
    this.closed = new Promise<void>((r) => (this.resolveClosed = r));
  }

  get kind(): SessionKind {
    return this.rules.kind;
  }

  /** The dialog of the answered call (for in-dialog requests such as MANSRTSP INFO). */
  get dialog() {
    return this.call?.callDialog;
  }

  stats() {
    return this.pipeline?.stats();
  }

  /** Runs the call; any failure ends the session with the kind's sentence. */
  start(): void {
    void this.run().catch((err: unknown) => this.end(this.rules.texts.failed(this.channelId, errorText(err)), { hangup: true }));
  }

  private async run(): Promise<void> {
    const h = this.host;
    const settings = h.settings;
    const dest = this.device.sip!;
    this.allocator = h.allocator(settings.domain);
    this.ssrc = this.allocator.allocate(this.rules.ssrcKind);
    const ip = await chooseMediaIp({ configured: settings.mediaIp, deviceIp: dest.address, sipLocal: this.device.localAddress });
    this.mediaIp = ip.ip;
    if (this.ended) return;
    const transport = this.transport;
    this.lease =
      transport === 'tcp-active'
        ? await h.ports.lease(async () => undefined)
        : await h.ports.lease(async (port) => {
            const p = this.newPipeline({ kind: transport, port, host: h.bindHost });
            try {
              await p.start();
            } catch (err) {
              await p.close();
              throw err;
            }
            return p;
          });
    this.pipeline = this.lease.value;
    this.mediaPort = this.lease.port;
    if (this.ended) return this.release();

    this.call = this.newCall(this.rules.buildInvite);
    this.rules.onInviting?.(this);
    h.logInfo(
      `${this.rules.what} of camera ${this.channelId} (device ${this.deviceId} at ${describeAddress(dest)}): inviting, video to ${hostPort(this.mediaIp, this.mediaPort)}/${transport === 'udp' ? 'udp' : 'tcp'} (${transport}), SSRC ${this.ssrc}`,
    );

    const outcome = await this.call.outcome;
    if (this.ended) return;
    if (outcome.kind === 'refused') return void (await this.end(outcome.said ?? outcome.text, { hangup: false, code: 'unavailable' }));
    if (outcome.kind === 'failed') return void (await this.end(outcome.said ?? outcome.text, { hangup: false, code: outcome.timeout ? 'timeout' : 'unavailable' }));
    if (outcome.kind === 'cancelled') return;

    const read = readLiveAnswer(outcome.response, { channelId: this.channelId, transport, offeredSsrc: this.ssrc, deviceIp: dest.address, what: this.rules.what });
    if (!read.ok) return void (await this.end(read.said, { hangup: true }));
    const answer = read.answer;
    for (const n of answer.notes) this.warn(n);
    this.answerIp = answer.ip;
    if (transport === 'tcp-active') {
      const failed = await this.connectActive(answer);
      if (failed) return void (await this.end(failed, { hangup: true }));
      if (this.ended) return;
    }
    this.state = 'playing';
    this.lastPacketsChangedAt = h.clock.now();
    this.checkPeers();
    if ((this.pipeline?.stats().packets ?? 0) === 0) {
      this.noVideoTimer = h.clock.setTimeout(() => this.noVideo(), h.timing.noVideoMs);
    }
    try {
      this.rules.onPlaying?.(this, answer);
    } catch (err) {
      this.warn(afterAnswerText(errorText(err)));
    }
    this.resolveReady();
  }

  private newCall(build: SessionRules['buildInvite']): MediaCall {
    const h = this.host;
    const dest = this.device.sip!;
    const request = build(h.stack, {
      serverId: h.settings.sipId,
      domain: h.settings.domain,
      channelId: this.channelId,
      dest,
      mediaIp: this.mediaIp,
      mediaPort: this.mediaPort,
      transport: this.transport,
      ssrc: this.ssrc,
    });
    const spec = { channelId: this.channelId, mediaIp: this.mediaIp, mediaPort: this.mediaPort, transport: this.transport, ssrc: this.ssrc };
    const own = (): MediaCall => {
      if (this.device.placeCall) return this.device.placeCall(this.rules.kind === 'play' ? spec : { ...spec, history: historyOf(request) });
      return new LiveCall({
        stack: h.stack,
        request,
        dest,
        noNewConnection: this.device.noNewConnection,
        channelId: this.channelId,
        answerTimeoutMs: h.timing.answerTimeoutMs,
        clock: h.clock,
        what: this.rules.what,
      });
    };
    return this.rules.kind === 'play' && this.device.shareCall ? this.device.shareCall(spec, own) : own();
  }

  /** tcp-active: we connect to the port the camera answered with; the failure sentence, or undefined. */
  private async connectActive(answer: LiveAnswer): Promise<ServerText | undefined> {
    this.remote = hostPort(answer.ip, answer.port);
    const payloadTypes: Record<number, PayloadFormat> = {};
    for (const pl of answer.payloads) {
      const f = pl.codec ? RTPMAP_FORMATS[pl.codec.toLowerCase()] : undefined;
      if (f) payloadTypes[pl.pt] = f;
    }
    const p = this.newPipeline({ kind: 'tcp-active', remoteHost: answer.ip, remotePort: answer.port, connectTimeoutMs: this.host.timing.connectTimeoutMs }, payloadTypes);
    const previous = this.pipeline;
    this.pipeline = p;
    if (previous && previous !== this.lease?.value) await previous.close().catch(() => undefined);
    try {
      await p.start();
      return undefined;
    } catch (err) {
      return connectFailedText(this.channelId, this.rules.what, errorText(err));
    }
  }

  /**
   * Replaces the call with a new INVITE to the same media port and SSRC (a device that cannot move within its
   * call): BYE for the old call, then the new one. Viewers, the pipeline and the session id stay. Rejects with
   * the sentence when the new call fails; the caller decides whether that ends the session.
   */
  async reinvite(build: SessionRules['buildInvite'], byeWaitMs = 2000): Promise<void> {
    if (this.ended || this.state !== 'playing' || !this.call) throw DomainError.saying('conflict', notPlayingText(this.channelId, this.rules.what));
    const old = this.call;
    let timer: TimerHandle | undefined;
    await Promise.race([old.hangup(), new Promise<void>((r) => (timer = this.host.clock.setTimeout(r, byeWaitMs)))]);
    if (timer !== undefined) this.host.clock.clearTimeout(timer);
    if (this.ended) return;
    const call = this.newCall(build);
    this.call = call;
    const outcome = await call.outcome;
    if (this.ended) return void (await call.hangup());
    if (outcome.kind === 'cancelled') throw DomainError.saying('unavailable', newCallCancelledText(this.channelId, this.rules.what));
    if (outcome.kind !== 'answered') throw new DomainError(outcome.kind === 'failed' && outcome.timeout ? 'timeout' : 'unavailable', outcome.text, undefined, outcome.said);
    const dest = this.device.sip!;
    const read = readLiveAnswer(outcome.response, { channelId: this.channelId, transport: this.transport, offeredSsrc: this.ssrc, deviceIp: dest.address, what: this.rules.what });
    if (!read.ok) {
      await call.hangup();
      throw DomainError.saying('unavailable', read.said);
    }
    for (const n of read.answer.notes) this.warn(n);
    this.answerIp = read.answer.ip;
    if (this.transport === 'tcp-active') {
      const failed = await this.connectActive(read.answer);
      if (failed) {
        await call.hangup();
        throw DomainError.saying('unavailable', failed);
      }
    }
    this.lastPacketsChangedAt = this.host.clock.now();
  }

  private newPipeline(transport: MediaPipelineOptions['transport'], payloadTypes?: Record<number, PayloadFormat>): MediaPipeline {
    const what = `${this.rules.what} of camera ${this.channelId}`;
    const p = new MediaPipeline({ transport, expectedSsrc: Number(this.ssrc), payloadTypes, onFrame: (f) => this.onFrame(f) });
    p.on('first-packet', () => {
      if (this.noVideoTimer !== undefined) this.host.clock.clearTimeout(this.noVideoTimer);
      this.noVideoTimer = undefined;
    });
    p.on('first-frame', () => {
      this.firstFrameMs = Math.round(performance.now() - this.t0);
      this.host.logInfo(`${what}: first picture after ${this.firstFrameMs} ms`);
    });
    p.on('ssrc-mismatch', (m) => this.warn(ssrcMismatchText(this.channelId, m.actual, this.ssrc)));
    p.on('peer', (peer) => {
      this.peersSeen.add(ipOf(peer.address));
      if (this.state === 'playing') this.checkPeers();
    });
    p.on('connection', (c) => {
      this.tcpConnected = true;
      this.host.logInfo(`${what}: media connection with ${c.remote}`);
    });
    p.on('disconnect', (d) => this.host.logInfo(`${what}: media connection with ${d.remote} ended (${d.reason})`));
    p.on('error', (e) => this.host.logWarn(`${what}: ${e.message}`));
    return p;
  }

  private onFrame(f: MediaFrame): void {
    if (f.kind !== 'video' || this.ended) return;
    this.pts ??= new PtsUnwrapper(this.pipeline?.stats().format === 'ps' ? 33 : 32);
    const last = this.lastVideo;
    const v = {
      codec: f.codec as MediaFrameCodec,
      width: f.width ?? last?.width ?? 0,
      height: f.height ?? last?.height ?? 0,
      codecString: f.codecString ?? (last?.codec === f.codec ? last.codecString : ''),
    };
    this.lastVideo = v;
    const pts = this.pts.next(f.pts);
    this.lastPts = pts;
    const frame: FanoutFrame = { ...v, data: f.data, pts, keyframe: f.keyframe };
    if (this.discontinuity && f.keyframe) {
      frame.discontinuity = true;
      this.discontinuity = false;
    }
    if (this.rules.onFrame) this.rules.onFrame(this, frame);
    else this.fanout.push(frame);
  }

  private noVideo(): void {
    this.noVideoTimer = undefined;
    if (this.ended || (this.pipeline?.stats().packets ?? 0) > 0) return;
    const text = noVideoText({
      channelId: this.channelId,
      transport: this.transport,
      mediaIp: this.mediaIp,
      mediaPort: this.mediaPort,
      remote: this.remote,
      connected: this.tcpConnected,
      waitedMs: this.host.timing.noVideoMs,
    });
    void this.end(text, { hangup: true });
  }

  /** Packets from an address that is neither the device's nor its answer's c=: accepted, flagged once. */
  private checkPeers(): void {
    if (this.transport === 'tcp-active') return;
    const expected = [...new Set([this.device.sip!.address, this.answerIp].filter((x): x is string => !!x).map(ipOf))];
    for (const ip of this.peersSeen) {
      if (!expected.includes(ip)) this.warn(unexpectedSenderText(this.channelId, ip, expected));
    }
  }

  warn(said: ServerText): void {
    if (this.warnings.some((w) => w.text === said.text)) return;
    this.warnings.push(said);
    this.host.logWarn(said.text);
  }

  cancelLinger(): void {
    if (this.lingerTimer !== undefined) this.host.clock.clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
  }

  /** The device's BYE in our dialog was answered: the session ends without a BYE of ours. */
  deviceBye(reason: string | undefined): void {
    this.call?.remoteEnded();
    void this.end(this.rules.texts.deviceBye(this.channelId, reason), { hangup: false, byDevice: true });
  }

  /** One stats tick: dialog gone, nobody watching, rates, stalled video, then the kind's own checks. */
  tick(now: number, wall: number): void {
    if (this.ended) return;
    if (this.call?.dialogGone) {
      void this.end(this.rules.texts.deviceBye(this.channelId, undefined), { hangup: false, byDevice: true });
      return;
    }
    const st = this.pipeline?.stats();
    if (!st || this.state !== 'playing') return;
    if (this.unwatchedTooLong(now)) {
      const grace = this.host.settings.viewerGraceSec;
      void this.end(this.rules.texts.unwatched(this.channelId, grace), { hangup: true });
      return;
    }
    if (this.rate) {
      const secs = (wall - this.rate.at) / 1000;
      if (secs > 0.05) {
        this.fps = Math.round(((st.videoFrames - this.rate.frames) / secs) * 10) / 10;
        this.bitrateKbps = Math.round(((st.bytes - this.rate.bytes) * 8) / secs / 1000);
      }
    }
    this.rate = { at: wall, frames: st.videoFrames, bytes: st.bytes };
    if (st.packets !== this.lastPackets || this.rules.quiet?.(this)) {
      this.lastPackets = st.packets;
      this.lastPacketsChangedAt = now;
    } else if (st.packets > 0 && now - this.lastPacketsChangedAt >= this.host.timing.stallMs) {
      void this.end(this.rules.texts.stalled(this.channelId, now - this.lastPacketsChangedAt), { hangup: true });
      return;
    }
    this.rules.onTick?.(this, now);
  }

  /** Viewers that vanish without a stop (a closed tab) must not keep a camera streaming forever. */
  private unwatchedTooLong(now: number): boolean {
    if (this.fanout.viewerCount > 0 || this.rules.keepsWithoutViewers?.(this)) {
      this.unwatchedSince = undefined;
      return false;
    }
    this.unwatchedSince ??= now;
    return now - this.unwatchedSince >= this.host.settings.viewerGraceSec * 1000;
  }

  /**
   * The one way out: idempotent. Frees the SSRC, closes viewers, hangs up (CANCEL or BYE) when asked, closes
   * the sockets and gives the port back, then tells the kind (its event and log line).
   */
  end(said: Said, opts: EndOptions): Promise<void> {
    if (this.ended) return this.closed;
    const reason = textOf(said);
    this.ended = true;
    const wasPlaying = this.state === 'playing';
    this.state = 'ended';
    if (this.noVideoTimer !== undefined) this.host.clock.clearTimeout(this.noVideoTimer);
    this.cancelLinger();
    this.host.forget(this);
    if (this.ssrc) this.allocator?.release(this.ssrc);
    this.fanout.close(opts.closeCode ?? MEDIA_CLOSE.sessionEnded, closeReason(reason));
    if (!wasPlaying) this.rejectReady(new DomainError(opts.code ?? 'unavailable', reason, undefined, typeof said === 'object' && 'code' in said ? (said as ServerText) : undefined));
    if (opts.byDevice) this.call?.remoteEnded();
    if (opts.hangup && this.call) this.hangupDone = this.call.hangup();
    void (async () => {
      await this.release();
      try {
        this.rules.onEnded(this, { said, reason, wasPlaying, byDevice: !!opts.byDevice });
      } finally {
        this.resolveClosed();
      }
    })();
    return this.closed;
  }

  private async release(): Promise<void> {
    const pipelines = new Set([this.pipeline, this.lease?.value].filter((p): p is MediaPipeline => !!p));
    await Promise.all([...pipelines].map((p) => p.close().catch(() => undefined)));
    this.lease?.release();
  }
}

/** The s= and t= range of a Playback or Download offer, for the instance that places the call. */
function historyOf(request: SipRequest): PlacedHistory {
  const read = parseInviteOffer(request.body.toString());
  const sdp = read.ok ? read.sdp : undefined;
  if (!sdp || (sdp.sessionName !== 'Playback' && sdp.sessionName !== 'Download') || sdp.startTime === undefined || sdp.endTime === undefined) {
    throw new Error(`the ${read.ok ? read.sdp.sessionName : ''} offer has no Playback or Download time range`);
  }
  return { sessionName: sdp.sessionName, start: sdp.startTime, end: sdp.endTime, ...(sdp.downloadSpeed !== undefined ? { downloadSpeed: sdp.downloadSpeed } : {}) };
}

/** "1.2.3.4:5" / "::ffff:1.2.3.4:5" / "[::1]:5" / bare IPs -> the IP, IPv4-mapped written as IPv4. */
export function ipOf(address: string): string {
  let a = address;
  const bracket = /^\[(.*)\](?::\d+)?$/.exec(a);
  if (bracket) a = bracket[1];
  else if (/^[\d.]+:\d+$/.test(a) || /^::ffff:[\d.]+:\d+$/i.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  return a.toLowerCase().startsWith('::ffff:') && /^[\d.]+$/.test(a.slice(7)) ? a.slice(7) : a;
}
