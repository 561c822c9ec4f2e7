// Live view: one INVITE per channel however many viewers (GB/T 28181-2016 §9.2), shared by them, ended after a
// linger once the last one left. The call itself (port, SSRC, pipeline, watchdogs, fan-out, the one `end`) is
// a MediaSession of the session host; these are live view's rules for it.
import type { ApiEventName, ApiEvents } from '../../shared/contract';
import { DomainError } from '../../shared/errors';
import { textOf } from '../../shared/texts';
import type { LiveEnded, LiveSession } from '../../shared/types/live';
import type { MediaTransport } from '../../shared/types/devices';
import { buildLiveInvite, stoppedBeforeAnswerText } from '../gb28181/invite';
import type { Logger } from '../log/logger';
import type { SipRequest } from '../sip/message/types';
import type { IncomingRequestContext } from '../sip/stack/incoming';
import type { Clock } from '../sip/timers/clock';
import type { LiveDeviceDirectory } from './directory';
import type { FrameFanoutOptions, FrameSink, ViewerStats } from './frame-fanout';
import type { MediaSession, SessionRules } from './media-session';
import type { MediaPortPool } from './port-pool';
import { SessionHost, type HostSettings } from './session-host';
import { deviceByeText, liveFailedText, noViewersText, offlineText, shuttingDownText, stalledText, unwatchedText } from './texts';

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

export type LiveSettings = HostSettings;

export interface LiveServiceOptions {
  stack: SessionHostStack;
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
  /** The session host shared with playback and download; default one of its own. */
  host?: SessionHost;
  /** SSRC sequence numbers this instance may use (SessionHostOptions.ssrcRange). */
  ssrcRange?: { min: number; max: number };
}

type SessionHostStack = ConstructorParameters<typeof SessionHost>[0]['stack'];

export interface StartParams {
  deviceId: string;
  channelId: string;
  transport?: MediaTransport;
}

export class LiveService {
  readonly host: SessionHost;
  private readonly timing: LiveTiming;
  private readonly byChannel = new Map<string, MediaSession>();
  private readonly rules: SessionRules;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly o: LiveServiceOptions) {
    this.timing = { ...DEFAULT_LIVE_TIMING, ...o.timing };
    this.host =
      o.host ??
      new SessionHost({
        stack: o.stack,
        devices: o.devices,
        settings: o.settings,
        logger: o.logger,
        clock: o.clock,
        timing: this.timing,
        statsIntervalMs: this.timing.statsIntervalMs,
        bindHost: o.bindHost,
        fanout: o.fanout,
        ssrcRange: o.ssrcRange,
      });
    this.rules = {
      kind: 'play',
      what: 'live view',
      ssrcKind: 'live',
      texts: {
        deviceBye: deviceByeText,
        stalled: stalledText,
        offline: offlineText,
        unwatched: unwatchedText,
        failed: liveFailedText,
      },
      buildInvite: (stack, spec) => buildLiveInvite(stack, spec),
      onInviting: (s) => this.o.events.emit('live.started', this.snapshot(s)),
      onPlaying: (s) => {
        this.o.events.emit('live.stats', this.list());
        // The camera starts mid-GOP: without a keyframe the first picture waits for its next one (docs/protocol.md §3).
        const ask = this.o.devices.requestKeyframe;
        if (!ask) return;
        Promise.resolve()
          .then(() => ask(s.deviceId, s.channelId))
          .catch((err: Error) => this.o.logger.info(`live view of camera ${s.channelId}: asking for a keyframe failed: ${err.message}`));
      },
      onEnded: (s, e) => {
        if (this.byChannel.get(keyOf(s)) === s) this.byChannel.delete(keyOf(s));
        // a coded text travels beside the sentence so the console can word it in either language
        const text = (typeof e.said === 'string' ? {} : { text: e.said }) as Partial<LiveEnded>;
        this.o.events.emit('live.ended', { sessionId: s.id, deviceId: s.deviceId, channelId: s.channelId, reason: e.reason, ...text });
        (e.wasPlaying ? this.o.logger.info : this.o.logger.warn)(e.reason);
      },
    };
    this.unsubscribe.push(
      this.host.onTick(() => {
        const list = this.list();
        if (list.length) this.o.events.emit('live.stats', list);
      }),
    );
  }

  get ports(): MediaPortPool {
    return this.host.ports;
  }

  get openCount(): number {
    return this.host.all('play').length;
  }

  // ---- API --------------------------------------------------------------------------------------------------

  /** Starts live view of a channel, or joins the session already running for it. Resolves once it plays. */
  async start(p: StartParams): Promise<LiveSession> {
    const key = `${p.deviceId}/${p.channelId}`;
    const running = this.byChannel.get(key);
    if (running && !running.ended) {
      running.viewers++;
      running.cancelLinger();
      await running.ready;
      return this.snapshot(running);
    }
    if (this.host.closing) throw DomainError.saying('unavailable', shuttingDownText());
    const s = this.host.open(this.rules, p);
    this.byChannel.set(key, s);
    await s.ready;
    return this.snapshot(s);
  }

  /** One viewer leaves. The last one ends the session: at once while inviting (CANCEL), else after the linger. */
  async stop(sessionId: string): Promise<{ stopped: boolean }> {
    const s = this.host.get(sessionId);
    if (!s || s.ended || s.kind !== 'play') return { stopped: false };
    s.viewers = Math.max(0, s.viewers - 1);
    if (s.viewers > 0) return { stopped: true };
    if (s.state === 'inviting') {
      await s.end(stoppedBeforeAnswerText(s.channelId), { hangup: true, code: 'conflict' });
    } else if (this.timing.lingerMs <= 0) {
      await s.end(noViewersText(s.channelId), { hangup: true });
    } else if (s.lingerTimer === undefined) {
      s.lingerTimer = this.host.clock.setTimeout(() => {
        s.lingerTimer = undefined;
        void s.end(noViewersText(s.channelId), { hangup: true });
      }, this.timing.lingerMs);
    }
    return { stopped: true };
  }

  list(): LiveSession[] {
    return this.host.all('play').map((s) => this.snapshot(s));
  }

  /** Adds a frame viewer (WebSocket, MessagePort adapter...) to any session of the host, playback included. */
  subscribeFrames(sessionId: string, sink: FrameSink): { unsubscribe(): void; stats(): ViewerStats } | undefined {
    return this.host.subscribeFrames(sessionId, sink);
  }

  /** An incoming BYE: answered and true when it ends one of our calls. */
  handleBye(req: SipRequest, ctx: IncomingRequestContext): boolean {
    return this.host.router.bye(req, ctx);
  }

  /** Ends every session with BYE (waiting at most `byeWaitMs` for the answers) and stops listening to devices. */
  async close(byeWaitMs = 2000): Promise<void> {
    for (const u of this.unsubscribe.splice(0)) u();
    await this.host.close(byeWaitMs);
  }

  /** Resolves once the session's sockets are closed and its port is back in the pool (tests). */
  whenClosed(sessionId: string): Promise<void> | undefined {
    return this.host.get(sessionId)?.closed;
  }

  private snapshot(s: MediaSession): LiveSession {
    const st = s.stats();
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
      warnings: s.warnings.map(textOf),
      warningTexts: [...s.warnings],
    };
  }
}

const keyOf = (s: MediaSession) => `${s.deviceId}/${s.channelId}`;
