// One simulated GB/T 28181 device (camera or NVR): registers with digest, keeps alive, answers MANSCDP,
// takes PTZ and control, serves subscriptions and media. A lightweight state object: the socket and the
// SIP transaction layer belong to the link (shared by many devices over UDP).
import { answerChallenge } from '../../main/gb28181/digest';
import type { SipAddress, SipRequest, SipResponse } from '../../main/sip/message/types';
import { createResponse, getExpires, getHeader, getContacts, getCallId } from '../../main/sip/message';
import type { Clock, TimerHandle } from '../../main/sip/timers/clock';
import { systemClock } from '../../main/sip/timers/clock';
import type { ServerTransaction } from '../../main/sip/transaction';
import { newBranch, newCallId, newTag, randomHex } from '../../main/sip/transaction';
import type { Inbound } from '../../main/sip/transport';
import { businessGroupIdAt, channelIdAt, virtualOrgIdAt } from '../ids';
import { readManscdp } from '../manscdp/read';
import { encodeDoc, keepalive, type ItemContext } from '../manscdp/messages';
import { timeText } from '../manscdp/time-text';
import type { XmlElement } from '../manscdp/xml';
import type { CatalogTree, ChannelState } from '../model/catalog';
import { BUSINESS_GROUP_NAME, channelName, VIRTUAL_ORG_NAMES } from '../model/names';
import { PtzState } from '../model/ptz-state';
import { alarmText } from '../model/alarm-text';
import { rememberAlarm } from '../model/device-extras';
import { SipRequestError, type NodeUser } from '../sip/node';
import { inDialogRequest, messageRequest, registerRequest, registerUri, type DialogRef } from '../sip/requests';
import { retryDelay } from './backoff';
import type { DeviceConfig } from './config';
import { DeviceClock } from './device-clock';
import type { DeviceEvents } from './events';
import { Emitter } from './emitter';
import { TcpLink, type DeviceLink } from './link';
import { handleManscdp } from './manscdp-handler';
import { MediaSessions } from './media-sessions';
import { Subscriptions } from './subscriptions';

export type RegistrationState = 'idle' | 'registering' | 'registered' | 'retry-wait' | 'rebooting' | 'unregistering' | 'stopped';

export interface ChannelControlState {
  recording: boolean;
  guard: boolean;
  alarm: boolean;
}

export interface DeviceSnapshot {
  deviceId: string;
  state: RegistrationState;
  registeredAt: number | null;
  grantedExpires: number | null;
  registerCount: number;
  registerFailures: number;
  lastFailure: string | null;
  keepalivesSent: number;
  keepalivesAnswered: number;
  clockOffsetMs: number;
  local: string;
  channels: (ChannelState & ChannelControlState)[];
  mediaSessions: number;
  subscriptions: number;
}

interface CachedChallenge {
  header: string;
  nonce: string;
  nc: number;
}

export class SimDevice implements NodeUser {
  readonly deviceId: string;
  readonly events = new Emitter<DeviceEvents>();
  readonly clock: DeviceClock;
  readonly tree: CatalogTree;
  readonly control = new Map<string, ChannelControlState>();
  readonly media: MediaSessions;
  readonly subscriptions: Subscriptions;
  /** Per channel PTZ heads (created on first use). */
  private readonly ptzHeads = new Map<string, PtzState>();
  private _state: RegistrationState = 'idle';
  private callId: string;
  private fromTag: string;
  private cseq = 0;
  private sn = 0;
  private challenge: CachedChallenge | undefined;
  private registerTimer: TimerHandle | undefined;
  private keepaliveTimer: TimerHandle | undefined;
  private failures = 0;
  private keepaliveFailures = 0;
  private registeredAt: number | null = null;
  private grantedExpires: number | null = null;
  /** Running totals, cheap to read for a whole fleet. */
  readonly counters = { registerCount: 0, registerFailures: 0, keepalivesSent: 0, keepalivesAnswered: 0 };
  private lastFailure: string | null = null;
  private registering: Promise<boolean> | undefined;
  private stopping: Promise<void> | undefined;
  /** The one Via branch of a device that reuses it (FieldBehaviour.branchReuse). */
  readonly viaBranch: string | undefined;
  /** When the registration refresh is due (host ms), kept across an outage. */
  private refreshDueAt = 0;
  private outageTimer: TimerHandle | undefined;
  /** The TCP connection a UDP device opens for requests too large for UDP (FieldBehaviour.largeOverTcp). */
  private largeLink: TcpLink | undefined;
  /** The next registration after an outage starts a new Call-ID (unless refreshSameCallId). */
  private newCallIdNext = false;
  private alarmTimer: TimerHandle | undefined;
  private alarmTurn = 0;
  /** Where a 302 sent the registration (FieldBehaviour.follow302); undefined: the configured server. */
  private redirectedTo: SipAddress | undefined;

  constructor(
    readonly config: DeviceConfig,
    readonly link: DeviceLink,
    readonly timers: Clock = systemClock,
    /** Jitter, back-off and the media faults draw from this (a test can make them repeatable). */
    readonly random: () => number = Math.random,
  ) {
    this.deviceId = config.deviceId;
    this.viaBranch = config.field.branchReuse ? newBranch() : undefined;
    this.clock = new DeviceClock(() => timers.now(), config.field.timeZone);
    this.callId = newCallId();
    this.fromTag = newTag();
    this.tree = buildTree(config);
    for (const ch of this.tree.channels) this.control.set(ch.channelId, { recording: false, guard: false, alarm: false });
    this.media = new MediaSessions(this);
    this.subscriptions = new Subscriptions(this);
    link.node.attach(this.deviceId, this);
    for (const ch of this.tree.channels) link.node.attach(ch.channelId, this);
    link.onLost(() => this.connectionLost());
  }

  get state(): RegistrationState {
    return this._state;
  }

  /** Resolves at once when registered, else on the next registration; rejects after `timeoutMs`. */
  whenRegistered(timeoutMs: number): Promise<void> {
    if (this._state === 'registered') return Promise.resolve();
    return this.events.next('registered', timeoutMs).then(() => undefined);
  }

  get channelIds(): string[] {
    return this.tree.channels.map((c) => c.channelId);
  }

  /** The PTZ head of a channel (the first channel when none is named). */
  ptz(channelId?: string): PtzState {
    const id = channelId && this.control.has(channelId) ? channelId : this.tree.channels[0]?.channelId ?? this.deviceId;
    let head = this.ptzHeads.get(id);
    if (!head) {
      head = new PtzState(() => this.timers.now());
      this.ptzHeads.set(id, head);
    }
    return head;
  }

  /** A time as this device writes it (its time format and zone). */
  readonly timeText = (d: Date): string => timeText(d, this.config.field.timeFormat, this.config.field.timeZone);

  /** True during an outage (see outage()). */
  get inOutage(): boolean {
    return this.outageTimer !== undefined;
  }

  nextSn(): number {
    this.sn = (this.sn % 999_999) + 1;
    return this.sn;
  }

  itemContext(): ItemContext {
    return {
      version: this.config.gbVersion,
      manufacturer: this.config.manufacturer,
      model: this.config.model,
      civilCode: this.config.deviceId.slice(0, 6),
      ipAddress: this.link.localIp,
      port: this.link.local().port,
    };
  }

  snapshot(): DeviceSnapshot {
    const local = this.link.local();
    return {
      deviceId: this.deviceId,
      state: this._state,
      registeredAt: this.registeredAt,
      grantedExpires: this.grantedExpires,
      registerCount: this.counters.registerCount,
      registerFailures: this.counters.registerFailures,
      lastFailure: this.lastFailure,
      keepalivesSent: this.counters.keepalivesSent,
      keepalivesAnswered: this.counters.keepalivesAnswered,
      clockOffsetMs: this.clock.offsetMs,
      local: `${local.host}:${local.port}/${local.transport.toLowerCase()}`,
      channels: this.tree.channels.map((c) => ({ ...c, ...this.control.get(c.channelId)! })),
      mediaSessions: this.media.count,
      subscriptions: this.subscriptions.count,
    };
  }

  // ---- lifecycle ----------------------------------------------------------------------------------------

  /** Starts registering; resolves when the first attempt ends (true: registered). Retries continue on failure. */
  start(): Promise<boolean> {
    if (this._state === 'stopped' || this.stopping) return Promise.resolve(false);
    return this.register();
  }

  /** Unregisters (Expires: 0) when registered, ends media and subscriptions, and releases the device's IDs. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    this.clearTimers();
    // A registration whose 200 OK is on its way counts: the platform already holds it. Wait briefly for it.
    if (this.registering) await Promise.race([this.registering, new Promise((r) => setTimeout(r, 2000).unref())]);
    this.clearTimers();
    const wasRegistered = this._state === 'registered';
    this._state = 'unregistering';
    await this.media.closeAll(true);
    this.subscriptions.closeAll();
    if (wasRegistered) {
      try {
        await this.sendRegister(0);
        this.events.emit('unregistered', {});
      } catch {
        // the platform may already be gone
      }
    }
    this._state = 'stopped';
    this.link.node.detach(this.deviceId, this);
    for (const ch of this.tree.channels) this.link.node.detach(ch.channelId, this);
    await this.link.close();
    await this.largeLink?.close();
  }

  /** TeleBoot: drop everything as a power cycle would, then register again after the boot time. */
  reboot(): void {
    if (this._state === 'stopped' || this.stopping) return;
    this.events.emit('reboot', {});
    this.clearTimers();
    void this.media.closeAll(false);
    this.subscriptions.closeAll();
    this.challenge = undefined;
    this._state = 'rebooting';
    this.link.reset();
    this.registerTimer = this.timers.setTimeout(() => {
      this.callId = newCallId();
      this.fromTag = newTag();
      void this.register();
    }, this.config.timing.rebootMs);
  }

  private clearTimers(): void {
    if (this.registerTimer) this.timers.clearTimeout(this.registerTimer);
    if (this.keepaliveTimer) this.timers.clearTimeout(this.keepaliveTimer);
    if (this.outageTimer) this.timers.clearTimeout(this.outageTimer);
    if (this.alarmTimer) this.timers.clearTimeout(this.alarmTimer);
    this.registerTimer = undefined;
    this.keepaliveTimer = undefined;
    this.outageTimer = undefined;
    this.alarmTimer = undefined;
  }

  /** DeviceConfig.alarmTimer: an alarm every `everySec` on each channel in turn, skipped while not registered. */
  private scheduleAlarms(): void {
    const t = this.config.alarmTimer;
    if (!t || this.alarmTimer) return;
    this.alarmTimer = this.timers.setTimeout(() => {
      this.alarmTimer = undefined;
      if (this._state === 'registered' && !this.inOutage) {
        const ch = this.tree.channels.length ? this.tree.channels[this.alarmTurn++ % this.tree.channels.length] : undefined;
        void this.raiseAlarm({ channelId: ch?.channelId, priority: t.priority, method: t.method, alarmType: t.alarmType });
      }
      this.scheduleAlarms();
    }, t.everySec * 1000);
  }

  /**
   * A network outage of `ms`: the device sends nothing (keepalives, refreshes) and answers nothing. Afterwards it
   * refreshes its registration on the same Call-ID at once (FieldBehaviour.refreshSameCallId, as Hikvision and
   * Dahua do), or else resumes keepalives and, if the platform has forgotten it, registers on a new Call-ID.
   */
  outage(ms: number): void {
    if (this._state === 'stopped' || this.stopping) return;
    if (this.keepaliveTimer) this.timers.clearTimeout(this.keepaliveTimer);
    if (this.registerTimer) this.timers.clearTimeout(this.registerTimer);
    if (this.outageTimer) this.timers.clearTimeout(this.outageTimer);
    this.keepaliveTimer = this.registerTimer = undefined;
    this.events.emit('outage', { ms });
    this.outageTimer = this.timers.setTimeout(() => this.endOutage(), ms);
  }

  private endOutage(): void {
    this.outageTimer = undefined;
    this.events.emit('outage-ended', {});
    if (this._state !== 'registered') {
      void this.register();
      return;
    }
    if (this.config.field.refreshSameCallId) {
      void this.register();
      return;
    }
    this.newCallIdNext = true;
    this.registerTimer = this.timers.setTimeout(() => void this.register(), Math.max(0, this.refreshDueAt - this.timers.now()));
    this.scheduleKeepalive(0);
  }

  // ---- registration (GB/T 28181-2016 §9.1) --------------------------------------------------------------

  private register(): Promise<boolean> {
    this.registering ??= this.registerAttempt().finally(() => {
      this.registering = undefined;
    });
    return this.registering;
  }

  private async registerAttempt(): Promise<boolean> {
    if (this._state === 'stopped' || this._state === 'unregistering' || this.inOutage) return false;
    if (this.newCallIdNext) {
      this.newCallIdNext = false;
      this.callId = newCallId();
      this.fromTag = newTag();
      this.challenge = undefined;
    }
    this._state = 'registering';
    if (this.registerTimer) this.timers.clearTimeout(this.registerTimer);
    this.registerTimer = undefined;
    try {
      const res = await this.sendRegister(this.config.timing.expires);
      if ((this._state as RegistrationState) === 'stopped' || (this._state as RegistrationState) === 'unregistering') return false;
      this.registered(res);
      return true;
    } catch (err) {
      if ((this._state as RegistrationState) === 'stopped' || (this._state as RegistrationState) === 'unregistering') return false;
      this.registrationFailed(err as Error);
      return false;
    }
  }

  /** REGISTER, answering one challenge (or a stale one); resolves with the 200 OK, rejects otherwise. */
  private async sendRegister(expires: number): Promise<SipResponse> {
    await this.link.ensureConnected();
    const password = this.config.faults.wrongPassword ? `${this.config.password}-wrong` : this.config.password;
    const uri = registerUri(this.config.server.id, this.config.server.domain);
    let authorization = this.challenge ? this.authorize(this.challenge, password, uri) : undefined;
    let answered = 0;
    let redirects = 0;
    for (;;) {
      const req = registerRequest({
        deviceId: this.deviceId,
        serverId: this.config.server.id,
        domain: this.config.server.domain,
        local: this.link.local(),
        callId: this.callId,
        fromTag: this.fromTag,
        cseq: ++this.cseq,
        expires,
        authorization,
        gbVersion: this.config.gbVersion,
        branch: this.viaBranch,
      });
      const res = await this.request(req);
      if (res.status === 200) return res;
      if (res.status === 401 || res.status === 407) {
        const header = getHeader(res, res.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate');
        if (!header) throw new RegisterError(res.status, `${res.status} without a challenge`);
        const stale = /stale\s*=\s*"?true/i.test(header);
        if (answered > 0 && !stale) {
          this.challenge = undefined;
          throw new RegisterError(res.status, 'the platform refused our credentials (wrong password?)');
        }
        if (answered >= 2) throw new RegisterError(res.status, 'the platform keeps challenging');
        answered++;
        this.challenge = { header, nonce: /nonce\s*=\s*"([^"]*)"/i.exec(header)?.[1] ?? '', nc: 0 };
        authorization = this.authorize(this.challenge, password, uri);
        continue;
      }
      this.challenge = undefined;
      const moved = res.status === 302 && redirects < 3 ? this.redirectTarget(res) : undefined;
      if (moved) {
        redirects++;
        this.redirectedTo = moved;
        answered = 0;
        authorization = undefined;
        this.events.emit('redirected', { to: `${moved.address}:${moved.port}` });
        continue;
      }
      throw new RegisterError(res.status, `${res.status} ${res.reason}`);
    }
  }

  /** The address a 302's Contact names, when this device follows redirects (UDP only). */
  private redirectTarget(res: SipResponse): SipAddress | undefined {
    if (!this.config.field.follow302 || this.link.local().transport !== 'UDP') return undefined;
    const c = getContacts(res)[0]?.uri;
    if (!c || !/^\d{1,3}(\.\d{1,3}){3}$/.test(c.host)) return undefined;
    return { transport: 'UDP', address: c.host, port: c.port ?? 5060 };
  }

  private authorize(c: CachedChallenge, password: string, uri: string): string {
    c.nc++;
    try {
      // cnonce from the stack's pooled CSPRNG bytes: a randomBytes call of its own was 3 % of a storm's simulator CPU
      return answerChallenge(c.header, { username: this.deviceId, password, method: 'REGISTER', uri, nc: c.nc, qop: this.config.qop, cnonce: randomHex(8) });
    } catch (err) {
      throw new RegisterError(401, `cannot answer the challenge: ${(err as Error).message}`);
    }
  }

  private registered(res: SipResponse): void {
    const date = getHeader(res, 'Date');
    if (date) this.clock.setFromDateHeader(date);
    const contactExpires = Number(getContacts(res)[0]?.params.expires);
    const granted = getExpires(res) ?? (Number.isFinite(contactExpires) ? contactExpires : undefined) ?? this.config.timing.expires;
    this._state = 'registered';
    this.failures = 0;
    this.keepaliveFailures = 0;
    this.registeredAt = this.timers.now();
    this.grantedExpires = granted;
    this.counters.registerCount++;
    const refreshMs = Math.max(1000, granted * 1000 * this.config.timing.refreshRatio);
    this.refreshDueAt = this.timers.now() + refreshMs;
    this.registerTimer = this.timers.setTimeout(() => void this.register(), refreshMs);
    this.scheduleKeepalive(this.counters.registerCount === 1 ? this.firstKeepaliveDelay() : undefined);
    this.scheduleAlarms();
    this.events.emit('registered', { expires: granted, dateHeader: date ?? null, count: this.counters.registerCount });
  }

  private registrationFailed(err: Error): void {
    this.failures++;
    this.counters.registerFailures++;
    this._state = 'retry-wait';
    if (this.keepaliveTimer) this.timers.clearTimeout(this.keepaliveTimer);
    this.keepaliveTimer = undefined;
    const status = err instanceof RegisterError ? err.status : undefined;
    const why = err instanceof SipRequestError && err.kind === 'timeout' ? `no answer from ${this.serverText()}` : err.message;
    this.lastFailure = why;
    // The server a 302 named failed us: the next attempt goes back to the configured one.
    this.redirectedTo = undefined;
    const delay = retryDelay(this.failures, this.config.timing.retryMinMs, this.config.timing.retryMaxMs, this.random);
    this.registerTimer = this.timers.setTimeout(() => void this.register(), delay);
    this.events.emit('register-failed', { status, reason: why, attempt: this.failures, retryInMs: delay });
  }

  private connectionLost(): void {
    if (this._state === 'stopped' || this._state === 'unregistering' || this._state === 'rebooting') return;
    void this.media.closeAll(false);
    this.subscriptions.closeAll();
    this.registrationFailed(new Error(`TCP connection to ${this.serverText()} closed`));
  }

  serverText(): string {
    if (this.redirectedTo) return `${this.redirectedTo.address}:${this.redirectedTo.port}`;
    return `${this.config.server.ip}:${this.config.server.port}`;
  }

  // ---- keepalive (§9.6.1) -------------------------------------------------------------------------------

  /** Spreads the first keepalives of a large fleet over one interval. */
  private firstKeepaliveDelay(): number {
    return Math.round(this.config.keepaliveSec * 1000 * (0.5 + this.random() * 0.5));
  }

  private scheduleKeepalive(delayMs = this.config.keepaliveSec * 1000): void {
    if (this.keepaliveTimer) this.timers.clearTimeout(this.keepaliveTimer);
    this.keepaliveTimer = undefined;
    if (this.config.faults.noKeepalive || this._state !== 'registered' || this.inOutage) return;
    this.keepaliveTimer = this.timers.setTimeout(() => void this.sendKeepalive(), delayMs);
  }

  /** Sends one keepalive now (also used by tests); three unanswered in a row make the device register again. */
  async sendKeepalive(): Promise<boolean> {
    this.keepaliveTimer = undefined;
    if (this._state !== 'registered' || this.inOutage) return false;
    this.counters.keepalivesSent++;
    const offline = this.tree.channels.filter((c) => !c.online).map((c) => c.channelId);
    const doc = keepalive(this.deviceId, this.nextSn(), this.config.gbVersion === '3.0' ? offline : []);
    let ok = false;
    let status: number | undefined;
    try {
      const res = await this.sendMessage(doc, { allowMalformed: false });
      status = res.status;
      ok = res.status >= 200 && res.status < 300;
    } catch {
      ok = false;
    }
    if (this._state !== 'registered') return ok;
    if (ok) {
      this.counters.keepalivesAnswered++;
      this.keepaliveFailures = 0;
    } else this.keepaliveFailures++;
    this.events.emit('keepalive', { ok, status });
    // A platform that no longer knows us (e.g. restarted) answers 4xx: register again at once.
    if ((status !== undefined && status >= 400 && status < 500) || this.keepaliveFailures >= this.config.keepaliveMaxFail) {
      this.keepaliveFailures = 0;
      this.challenge = undefined;
      void this.register();
      return ok;
    }
    this.scheduleKeepalive();
    return ok;
  }

  /** Applies a new keepalive interval (DeviceConfig BasicParam). */
  setKeepaliveInterval(sec: number): void {
    this.config.keepaliveSec = sec;
    if (this._state === 'registered') this.scheduleKeepalive();
  }

  // ---- sending ------------------------------------------------------------------------------------------

  /** A MESSAGE to the platform with a MANSCDP body; resolves with the final response. */
  async sendMessage(doc: XmlElement, opts: { allowMalformed?: boolean; dialog?: DialogRef } = {}): Promise<SipResponse> {
    const body = encodeDoc(doc, { charset: this.config.charset, malformed: opts.allowMalformed !== false && this.config.faults.malformedXml });
    const large = !opts.dialog && this.largeOverTcp(body);
    if (large) {
      await large.ensureConnected();
      const req = messageRequest({ fromId: this.deviceId, serverId: this.config.server.id, domain: this.config.server.domain, local: large.local(), body });
      return large.node.request(req, large.server);
    }
    const req = opts.dialog
      ? inDialogRequest('MESSAGE', opts.dialog, this.link.local(), [{ name: 'Content-Type', value: 'Application/MANSCDP+xml' }], body, this.viaBranch)
      : messageRequest({
          fromId: this.deviceId,
          serverId: this.config.server.id,
          domain: this.config.server.domain,
          local: this.link.local(),
          body,
          branch: this.viaBranch,
          // a device reusing its branch starts CSeq at 1 on each new Call-ID
          cseq: this.viaBranch ? 1 : undefined,
        });
    return this.request(req);
  }

  /**
   * RFC 3261 §18.1.1: a request too large for UDP (over 1300 bytes; a body over 1000 leaves no doubt) goes over
   * TCP to the same platform address, from the device's own IP (FieldBehaviour.largeOverTcp).
   */
  private largeOverTcp(body: Buffer): TcpLink | undefined {
    if (!this.config.field.largeOverTcp || this.link.local().transport !== 'UDP' || body.length <= 1000) return undefined;
    this.largeLink ??= new TcpLink({ ...this.link.server, transport: 'TCP' }, this.link.localIp, this.timers);
    return this.largeLink;
  }

  /** Sends one of the device's own requests; a device reusing its Via branch needs the node's branch-free matching. */
  request(req: SipRequest, dest: SipAddress = this.redirectedTo ?? this.link.server): Promise<SipResponse> {
    return this.viaBranch ? this.link.node.requestWithReusedBranch(req, dest) : this.link.node.request(req, dest);
  }

  /** Sends a MESSAGE and reports the outcome as an event instead of throwing (answers to queries). */
  async reply(doc: XmlElement, cmdType: string): Promise<void> {
    try {
      const res = await this.sendMessage(doc);
      this.events.emit('sent', { cmdType, status: res.status });
    } catch (err) {
      this.events.emit('sent', { cmdType, status: undefined, error: (err as Error).message });
    }
  }

  // ---- receiving ----------------------------------------------------------------------------------------

  onRequest(req: SipRequest, tx: ServerTransaction, inbound: Inbound): void {
    if (this.inOutage) {
      this.events.emit('outage-dropped', { method: req.method });
      return;
    }
    try {
      this.dispatch(req, tx, inbound);
    } catch (err) {
      if (!tx.answered) tx.respond(createResponse(req, 500, `Device error: ${(err as Error).message}`.slice(0, 100)));
    }
  }

  onAck(ack: SipRequest): void {
    this.media.ack(getCallId(ack) ?? '');
  }

  private dispatch(req: SipRequest, tx: ServerTransaction, inbound: Inbound): void {
    switch (req.method) {
      case 'MESSAGE':
        this.onMessage(req, tx);
        return;
      case 'INVITE':
        this.media.invite(req, tx, inbound);
        return;
      case 'BYE':
        this.media.bye(req, tx);
        return;
      case 'INFO':
        this.media.info(req, tx);
        return;
      case 'SUBSCRIBE':
        this.subscriptions.subscribe(req, tx, inbound);
        return;
      case 'OPTIONS':
        tx.respond(createResponse(req, 200, 'OK', { headers: [{ name: 'Allow', value: ALLOW }] }));
        return;
      case 'NOTIFY':
        tx.respond(createResponse(req, 200, 'OK'));
        return;
      default:
        tx.respond(createResponse(req, 405, 'Method Not Allowed', { headers: [{ name: 'Allow', value: ALLOW }] }));
    }
  }

  private onMessage(req: SipRequest, tx: ServerTransaction): void {
    const read = readManscdp(req.body);
    if (!read.ok) {
      tx.respond(createResponse(req, 400, 'Bad Request'));
      this.events.emit('bad-message', { reason: read.reason });
      return;
    }
    tx.respond(createResponse(req, 200, 'OK'));
    this.events.emit('message', { root: read.message.root, cmdType: read.message.cmdType, sn: read.message.sn, deviceId: read.message.deviceId });
    void handleManscdp(this, read.message).catch((err: Error) => this.events.emit('bad-message', { reason: err.message }));
  }

  // ---- things a test or the CLI can make happen --------------------------------------------------------

  /** Marks a channel on/offline and tells catalog subscribers (Event ON / OFF). */
  setChannelOnline(channelId: string, online: boolean): void {
    const ch = this.tree.channels.find((c) => c.channelId === channelId);
    if (!ch || ch.online === online) return;
    ch.online = online;
    void this.subscriptions.catalogChanged(ch, online ? 'ON' : 'OFF');
  }

  /** Raises an alarm on a channel: MESSAGE Notify Alarm to the platform and NOTIFY to alarm subscribers. */
  raiseAlarm(opts: { channelId?: string; priority?: number; method?: number; alarmType?: number; description?: string } = {}): Promise<void> {
    const channelId = opts.channelId ?? this.tree.channels[0]?.channelId ?? this.deviceId;
    const state = this.control.get(channelId);
    if (state) state.alarm = true;
    const method = opts.method ?? 5;
    const alarmType = opts.alarmType ?? 2;
    const alarm = { priority: opts.priority ?? 1, method, time: this.clock.now(), description: opts.description ?? alarmText(method, alarmType), alarmType };
    rememberAlarm(this, { channelId, ...alarm });
    return this.subscriptions.alarm(channelId, alarm);
  }
}

export const ALLOW = 'INVITE, ACK, INFO, CANCEL, BYE, OPTIONS, MESSAGE, SUBSCRIBE, NOTIFY';

export class RegisterError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'RegisterError';
  }
}

function buildTree(config: DeviceConfig): CatalogTree {
  const plan = { base: config.idBase, channelsPerDevice: config.channels };
  const bg = { id: businessGroupIdAt(config.idBase, config.index), name: BUSINESS_GROUP_NAME };
  const vos = VIRTUAL_ORG_NAMES.map((name, k) => ({ id: virtualOrgIdAt(config.idBase, config.index, k), name }));
  const channels: ChannelState[] = [];
  for (let ch = 0; ch < config.channels; ch++) {
    channels.push({
      channelId: channelIdAt(plan, config.index, ch),
      name: channelName(ch),
      online: true,
      parentId: vos[ch % vos.length].id,
      ptzType: ch === 0 ? 1 : 3,
      longitude: 117.2272 + ch * 0.0005 + config.index * 0.00001,
      latitude: 31.8206 + ch * 0.0003,
    });
  }
  return { deviceId: config.deviceId, businessGroup: bg, virtualOrgs: vos, channels };
}
