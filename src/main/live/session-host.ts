// The media sessions of every kind on one core: the port pool, SSRC allocators, the dialog router, device
// offline handling, the stats ticker and shutdown. Frame viewers find any session by its id here.
import type { Settings } from '../../shared/settings';
import { SsrcAllocator } from '../gb28181/sdp/ssrc';
import type { Logger } from '../log/logger';
import type { SipStack } from '../sip/stack/stack';
import { systemClock, type Clock, type TimerHandle } from '../sip/timers/clock';
import { DialogRouter } from './dialog-router';
import type { LiveDeviceDirectory } from './directory';
import type { FrameFanoutOptions, FrameSink, ViewerStats } from './frame-fanout';
import { MediaSession, type SessionHostView, type SessionRules, type SessionStart, type SessionTiming } from './media-session';
import { MediaPortPool } from './port-pool';
import { MEDIA_CLOSE } from '../../shared/media-frames';
import { DomainError } from '../../shared/errors';
import { serverText, type ServerText } from '../../shared/texts';
import { whatText } from '../gb28181/invite/texts';
import { shuttingDownText } from './texts';
import { neverRegisteredText, unknownDeviceText } from '../gb28181/devices/route-texts';

export type HostSettings = Pick<Settings, 'sipId' | 'domain' | 'mediaIp' | 'mediaPortMin' | 'mediaPortMax' | 'viewerGraceSec'>;

export interface SessionHostOptions {
  stack: SipStack;
  devices: LiveDeviceDirectory;
  settings: { readonly values: HostSettings };
  logger: Logger;
  clock?: Clock;
  timing: SessionTiming;
  statsIntervalMs: number;
  bindHost?: string;
  fanout?: FrameFanoutOptions;
  /** SSRC sequence numbers this instance may use (several instances share a platform); default all. */
  ssrcRange?: { min: number; max: number };
}

export class SessionHost {
  readonly ports: MediaPortPool;
  readonly router: DialogRouter;
  readonly clock: Clock;
  private readonly sessions = new Map<string, MediaSession>();
  private readonly allocators = new Map<string, SsrcAllocator>();
  private readonly tickListeners = new Set<() => void>();
  private readonly unsubscribe: Array<() => void> = [];
  private readonly view: SessionHostView;
  private ticker: TimerHandle | undefined;
  closing = false;

  constructor(private readonly o: SessionHostOptions) {
    this.clock = o.clock ?? systemClock;
    this.ports = new MediaPortPool(o.settings.values.mediaPortMin, o.settings.values.mediaPortMax);
    this.router = new DialogRouter(o.devices);
    this.unsubscribe.push(o.devices.onOffline((id, why) => this.deviceOffline(id, why)));
    const settings = o.settings;
    this.view = {
      stack: o.stack,
      clock: this.clock,
      timing: o.timing,
      ports: this.ports,
      bindHost: o.bindHost,
      fanout: o.fanout,
      get settings() {
        return settings.values;
      },
      allocator: (domain) => this.allocatorFor(domain),
      logInfo: (t) => o.logger.info(t),
      logWarn: (t) => o.logger.warn(t),
      forget: (s) => this.forget(s),
    };
  }

  get devices(): LiveDeviceDirectory {
    return this.o.devices;
  }

  get openCount(): number {
    return this.sessions.size;
  }

  /** A new session of the kind `rules` describe; checks the device, then runs the call. */
  open(rules: SessionRules, p: SessionStart): MediaSession {
    if (this.closing) throw DomainError.saying('unavailable', shuttingDownText());
    const device = this.o.devices.lookup(p.deviceId);
    if (!device) throw DomainError.saying('not_found', unknownDeviceText(p.deviceId));
    if (!device.online) {
      const text = `device ${p.deviceId} is offline; ${rules.what} needs it registered and online`;
      throw DomainError.saying('unavailable', serverText('live.startOffline', { deviceId: p.deviceId, what: whatText(rules.what) }, text));
    }
    if (device.unreachable || !device.sip) {
      if (device.unreachable) throw device.unreachableText ? DomainError.saying('unavailable', device.unreachableText) : new DomainError('unavailable', device.unreachable);
      throw DomainError.saying('unavailable', neverRegisteredText(p.deviceId));
    }
    const s = new MediaSession(this.view, rules, p, device);
    this.sessions.set(s.id, s);
    this.router.add(s);
    this.startTicker();
    s.start();
    return s;
  }

  get(sessionId: string): MediaSession | undefined {
    return this.sessions.get(sessionId);
  }

  all(kind?: MediaSession['kind']): MediaSession[] {
    const list = [...this.sessions.values()];
    return kind ? list.filter((s) => s.kind === kind) : list;
  }

  /** Adds a frame viewer to any session (live or playback); undefined when it does not exist. */
  subscribeFrames(sessionId: string, sink: FrameSink): { unsubscribe(): void; stats(): ViewerStats } | undefined {
    const s = this.sessions.get(sessionId);
    if (!s || s.ended) return undefined;
    return s.fanout.subscribe(sink);
  }

  /** Called after each stats tick (live.stats). */
  onTick(fn: () => void): () => void {
    this.tickListeners.add(fn);
    return () => this.tickListeners.delete(fn);
  }

  /** Ends every session with BYE (waiting at most `byeWaitMs` for the answers) and stops listening to devices. */
  async close(byeWaitMs = 2000): Promise<void> {
    this.closing = true;
    for (const u of this.unsubscribe.splice(0)) u();
    this.router.close();
    const all = [...this.sessions.values()];
    await Promise.all(all.map((s) => s.end(shuttingDownText(), { hangup: true, closeCode: MEDIA_CLOSE.shutdown })));
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

  private forget(s: MediaSession): void {
    if (this.sessions.get(s.id) === s) this.sessions.delete(s.id);
    this.router.remove(s);
    if (this.sessions.size === 0) this.stopTicker();
  }

  private deviceOffline(deviceId: string, why: ServerText | string): void {
    for (const s of [...this.sessions.values()]) {
      if (s.deviceId === deviceId) void s.end(s.rules.texts.offline(deviceId, s.channelId, why), { hangup: true });
    }
  }

  private allocatorFor(domain: string): SsrcAllocator {
    let a = this.allocators.get(domain);
    if (!a) this.allocators.set(domain, (a = new SsrcAllocator(domain, this.o.ssrcRange)));
    return a;
  }

  private startTicker(): void {
    if (this.ticker !== undefined) return;
    this.ticker = this.clock.setTimeout(() => this.tick(), this.o.statsIntervalMs);
  }

  private stopTicker(): void {
    if (this.ticker !== undefined) this.clock.clearTimeout(this.ticker);
    this.ticker = undefined;
  }

  private tick(): void {
    this.ticker = undefined;
    const now = this.clock.now();
    const wall = performance.now();
    for (const s of [...this.sessions.values()]) s.tick(now, wall);
    if (this.sessions.size === 0) return;
    for (const fn of this.tickListeners) fn();
    this.startTicker();
  }
}
