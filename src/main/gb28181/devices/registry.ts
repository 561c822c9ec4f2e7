// Every device the console knows, in memory and persisted: the one place that decides what a device's record
// says and announces it. The pieces: addresses.ts (where a device is reached), presence.ts (online/offline and
// its deadlines), channel-table.ts (channels), journal.ts (saving and announcing a change), views.ts (API
// shapes). The registry applies what the registrar, the request router and the queries learn.
import { Listeners } from '../../../shared/listeners';
import type { ServerText } from '../../../shared/texts';
import type { Channel, DeviceDetails, DeviceSummary, RegistrationFailure } from '../../../shared/types/devices';
import type { Logger } from '../../log/logger';
import type { SipAddress } from '../../sip/message/types';
import type { Clock } from '../../sip/timers/clock';
import { keptCopy } from '../../sip/message/kept';
import { peerKey } from '../../sip/transport/transport';
import { keepaliveInUse, type KeepaliveDefaults } from '../keepalive/in-use';
import { IntervalLearner } from '../keepalive/interval-learner';
import type { Binding, KnownDevice, RegistrarDirectory } from '../registrar/registrar';
import { DeviceAddresses } from './addresses';
import type { CatalogEntry } from './channel-map';
import { ChannelTable } from './channel-table';
import * as says from './event-texts';
import { sameSentence } from './event-message';
import type { DeviceEventSink, OfflineInfo, RegistrationKind } from './events';
import { DeviceJournal } from './journal';
import { OtherSources } from './other-sources';
import type { DevicePersistence } from './persistence';
import { Presence, type OnlineCause } from './presence';
import { newDeviceRecord, type DeviceCharset, type DeviceEventKind, type DeviceRecord } from './record';
import { ValuePool } from './value-pool';
import { deviceDetails, deviceSummary } from './views';

export type { OfflineInfo, RegistrationKind } from './events';

/** What a REGISTER sets; the rest of a record is the console's and the device's answers. */
const REGISTRATION_FIELDS = [
  'transport', 'ip', 'port', 'contact', 'gbVersion', 'online', 'registeredAt', 'lastSeenAt', 'expiresAt', 'registerCallId', 'targetMismatch', 'lastError', 'updatedAt',
] as const satisfies ReadonlyArray<keyof DeviceRecord>;
const REGISTRATION_KEYS: ReadonlySet<string> = new Set(REGISTRATION_FIELDS);

export interface DeviceRegistryOptions {
  store: DevicePersistence;
  events: DeviceEventSink;
  logger: Logger;
  clock: Clock;
  /** The console's keepalive interval and count for devices with no other source (default 60 s x 3); read on each use. */
  keepaliveDefaults?: () => KeepaliveDefaults;
  /** Several instances: the device is registered to another live instance (it watches and writes the device). */
  heldElsewhere?: (deviceId: string) => boolean;
}

export class DeviceRegistry implements RegistrarDirectory {
  private readonly records = new Map<string, DeviceRecord>();
  /** Values kept for many devices and channels (manufacturer, model, address...), one copy each. */
  private readonly pool = new ValuePool();
  private readonly channels = new ChannelTable(this.pool);
  private readonly store: DevicePersistence;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly journal: DeviceJournal;
  private readonly addresses: DeviceAddresses;
  private readonly presence: Presence;
  private readonly otherSources = new OtherSources();
  private readonly learner = new IntervalLearner();
  private readonly keepaliveDefaults: () => KeepaliveDefaults;
  /** Our address as told to a device in Via and Contact (the SIP stack's choice per destination). */
  private localAddressOf: (dest: SipAddress) => string | undefined = () => undefined;
  private readonly registered: Listeners<[DeviceRecord, RegistrationKind]>;
  /** The text of the last 'registered' row written for each device in this run. */
  private readonly lastRegistered = new Map<string, string>();
  private readonly heldElsewhere: (deviceId: string) => boolean;
  /** Several instances share the store: another may store a device this one has no record of. */
  private readonly clustered: boolean;

  constructor(opts: DeviceRegistryOptions) {
    this.store = opts.store;
    this.logger = opts.logger;
    this.clock = opts.clock;
    this.keepaliveDefaults = opts.keepaliveDefaults ?? (() => ({ intervalSec: 60, count: 3 }));
    this.heldElsewhere = opts.heldElsewhere ?? (() => false);
    this.clustered = opts.heldElsewhere !== undefined;
    this.journal = new DeviceJournal(this.store, opts.events, this.clock, (d) => this.summary(d));
    this.addresses = new DeviceAddresses(this.journal, this.logger, this.clock);
    this.presence = new Presence((id) => this.records.get(id), this.journal, this.logger, this.clock, opts.heldElsewhere);
    this.registered = new Listeners((err) => this.logger.error(`device listener failed: ${(err as Error).message}`));
    for (const d of this.store.devices.all()) {
      // Subscription dialogs do not outlive the process: none stands after a restart.
      if (d.subscriptionState === 'active') d.subscriptionState = null;
      this.records.set(d.deviceId, d);
    }
    this.channels.load(this.store.channels.all());
    this.store.forgetLoadedChannels?.();
    for (const d of this.records.values()) this.useKeepalive(d);
    this.presence.restore(this.records.values());
  }

  // ---- listeners for other features -------------------------------------------------------------------------

  /** A device registered (new registration: info/catalog queries follow) or refreshed its registration. */
  onRegistered(fn: (d: DeviceRecord, kind: RegistrationKind) => void): () => void {
    return this.registered.add(fn);
  }

  /** A device came online (registration, or keepalives resuming while its registration stood). */
  onOnline(fn: (deviceId: string, cause: OnlineCause) => void): () => void {
    return this.presence.online.add(fn);
  }

  /** A device went offline (live view stops its sessions). */
  onOffline(fn: (o: OfflineInfo) => void): () => void {
    return this.presence.offline.add(fn);
  }

  // ---- reading ----------------------------------------------------------------------------------------------

  get(deviceId: string): DeviceRecord | undefined {
    return this.records.get(deviceId);
  }

  all(): DeviceRecord[] {
    return [...this.records.values()];
  }

  channelsOf(deviceId: string): Channel[] {
    return this.channels.of(deviceId);
  }

  allChannels(): Channel[] {
    return [...this.records.keys()].sort().flatMap((id) => this.channels.of(id));
  }

  /** The TCP connection the device registered on, if it registered over TCP and the connection is open. */
  flowOf(deviceId: string): string | undefined {
    return this.addresses.flowOf(deviceId);
  }

  /** Where requests to this device go: the address its packets come from, over its transport. */
  addressOf(deviceId: string): SipAddress | undefined {
    const d = this.records.get(deviceId);
    return d && this.addresses.addressOf(d);
  }

  /** True when the device holds a registration that has not expired, been withdrawn or lost its TCP flow. */
  isRegistered(deviceId: string): boolean {
    const d = this.records.get(deviceId);
    return !!d && this.presence.isRegistered(d);
  }

  stats(): { devicesOnline: number; devicesTotal: number; devicesCatalogued: number } {
    return { devicesOnline: this.presence.onlineDevices, devicesTotal: this.records.size, devicesCatalogued: this.channels.devices };
  }

  summary(d: DeviceRecord): DeviceSummary {
    return deviceSummary(d, this.channels.values(d.deviceId), this.channels.changedAt(d.deviceId));
  }

  async details(d: DeviceRecord, failures: RegistrationFailure[] = []): Promise<DeviceDetails> {
    const events = await this.journal.recent(d.deviceId, 50);
    for (const f of failures) events.push(f.text ? { time: f.lastAt, message: f.message, text: f.text } : { time: f.lastAt, message: f.message });
    const dest = this.addresses.addressOf(d);
    return deviceDetails(this.summary(d), d, events, {
      otherSources: this.otherSources.of(d.deviceId),
      localAddress: (dest && this.localAddressOf(dest)) ?? null,
    });
  }

  /** How the details learn which local address a device is told (set by the device service over the stack). */
  useLocalAddresses(fn: (dest: SipAddress) => string | undefined): void {
    this.localAddressOf = fn;
  }

  // ---- where requests may come from -------------------------------------------------------------------------

  /**
   * True when a request naming a registered device came over its registered flow. Only an authenticated
   * REGISTER moves a device (bind); anything else from another source is refused by the caller.
   */
  fromDevice(deviceId: string, source: SipAddress): boolean {
    const d = this.records.get(deviceId);
    return !!d && this.addresses.isRegisteredFlow(d, source);
  }

  /**
   * A request naming the device came from another source and was refused: noted on the device (a bounded list
   * of sources) and, when first seen from that source and then at most once a minute, logged and written to
   * the device's history in the installer's words.
   */
  refusedSource(deviceId: string, source: SipAddress, what: ServerText): void {
    const d = this.records.get(deviceId);
    if (!d) return;
    const { entry, log } = this.otherSources.note(deviceId, source, what.text, this.clock.now());
    if (!log) return;
    const registered = d.ip ? `${peerKey(d.ip, d.port ?? 0)}/${d.transport.toLowerCase()}` : undefined;
    const said = says.refusedSource(what, entry.source, registered, entry.count);
    this.logger.warn(`device ${deviceId}: ${said.text}`);
    this.journal.note(d, 'error', said);
  }

  // ---- RegistrarDirectory -----------------------------------------------------------------------------------

  find(deviceId: string): KnownDevice | undefined {
    const d = this.records.get(deviceId);
    return d && { password: d.password, allowed: d.allowed, timeZone: d.timeZone ?? undefined };
  }

  bind(b: Binding): void {
    const now = this.clock.now();
    let d = this.records.get(b.deviceId);
    const created = !d;
    if (!d) {
      d = newDeviceRecord(keptCopy(b.deviceId), now);
      this.records.set(d.deviceId, d);
    }
    // Another instance wrote the device while it was registered there, or (a device this instance has no record
    // of) since this instance loaded the store: this copy may be older than the store's.
    const stale = created ? this.clustered : this.heldElsewhere(b.deviceId);
    const standing = !created && d.online && this.presence.isRegistered(d);
    const refresh = standing && d.registerCallId === b.callId;
    this.addresses.note(d, b.source, b.flow, 'REGISTER');
    d.ip = this.pool.maybe(d.ip);
    if (d.contact !== b.contact) d.contact = b.contact === null ? null : keptCopy(b.contact);
    d.gbVersion = this.pool.maybe(b.gbVersion);
    if (created && b.gbVersion && Number(b.gbVersion) >= 3) d.charset = 'gb18030';
    d.targetMismatch = b.targetMismatch;
    if (!refresh) this.learner.restart(d.deviceId, now);
    if (d.registerCallId !== b.callId) d.registerCallId = keptCopy(b.callId);
    d.expiresAt = now + b.expiresSec * 1000;
    d.lastSeenAt = now;
    if (!refresh) d.registeredAt = now;
    d.updatedAt = now;
    if (d.lastError && !b.targetMismatch) d.lastError = null;
    if (b.targetMismatch) {
      const said = says.targetMismatch(d.deviceId, b.targetMismatch);
      if (!sameSentence(d.lastError, said)) this.logger.warn(said.text);
      d.lastError = said;
    }
    this.presence.watch(d, now);
    const via = `${peerKey(b.source.address, b.source.port)} over ${b.source.transport}`;
    if (!refresh) {
      const said = says.registered(peerKey(b.source.address, b.source.port), b.source.transport, b.expiresSec, b.userAgent);
      const text = said.text;
      // A new Call-ID while the registration stands, from the same address, transport, expiry and user agent,
      // tells the installer nothing the last row did not: no second row or log line.
      if (!standing || this.lastRegistered.get(d.deviceId) !== text) {
        this.journal.note(d, 'registered', said);
        this.logger.info(`device ${d.deviceId} registered from ${via} for ${b.expiresSec} s`);
        this.lastRegistered.set(d.deviceId, keptCopy(text));
      }
    }
    if (created) this.store.saveDevice(d);
    else this.store.saveRegistration(d);
    if (!d.online) this.presence.setOnline(d, 'registration');
    else this.journal.updated(d);
    this.registered.emit(d, refresh ? 'refresh' : 'new');
    if (stale && this.store.reload) {
      const before = { ...d };
      this.store
        .reload(b.deviceId)
        .then((stored) => stored && this.adopt(b.deviceId, stored.device, stored.channels, now, before))
        .catch((err: Error) => this.logger.error(`device ${b.deviceId}: reading its stored record failed: ${err.message}`));
    }
  }

  /**
   * The stored record of a device another instance wrote, with this instance's registration of it and what the
   * device said since (`before`: the record at registration). A channel a catalog brought since the registration
   * keeps what the device said, and takes the stored console name.
   */
  private adopt(deviceId: string, stored: DeviceRecord, channels: Channel[], since: number, before: DeviceRecord): void {
    const d = this.records.get(deviceId);
    if (!d) return;
    const mineNow = d as unknown as Record<string, unknown>;
    const mineThen = before as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(stored)) {
      if (REGISTRATION_KEYS.has(k) || mineNow[k] !== mineThen[k]) continue;
      // The other instance's subscription dialog is not this one's.
      mineNow[k] = k === 'subscriptionState' && v === 'active' ? null : v;
    }
    const mine = new Map(this.channels.of(deviceId).map((c) => [c.channelId, c]));
    for (const c of channels) {
      const m = mine.get(c.channelId);
      if (!m || (m.updatedAt ?? 0) < since) this.channels.load([c], this.clock.now());
      else if ((m.customName ?? null) !== (c.customName ?? null)) this.channels.rename(deviceId, c.channelId, c.customName ?? '', this.clock.now());
    }
    this.store.saveChannels(this.channels.of(deviceId));
    if (!this.useKeepalive(d)) this.journal.changed(d);
    this.journal.channelsChanged(deviceId, this.channels.of(deviceId));
  }

  unbind(b: Binding): void {
    const d = this.records.get(b.deviceId);
    if (!d) return;
    this.addresses.note(d, b.source, b.flow, 'REGISTER');
    this.presence.endRegistration(d, 'unregistered', says.unregistered(peerKey(b.source.address, b.source.port)));
  }

  /** The device registered to another console instance: not watched or written here any more. */
  handOver(deviceId: string): void {
    const d = this.records.get(deviceId);
    if (d) this.presence.handOver(d);
  }

  /** The device's last problem. */
  failed(deviceId: string, said: ServerText | string): void {
    const d = this.records.get(deviceId);
    if (!d || sameSentence(d.lastError, said)) return;
    d.lastError = said;
    this.journal.changed(d);
  }

  // ---- liveness ---------------------------------------------------------------------------------------------

  /**
   * A keepalive or other message from a device, over its registered flow (the caller checked fromDevice).
   * Returns false when the device holds no registration (the caller answers so that it registers again). A
   * device that went offline for missed keepalives while its registration still stands comes back online.
   */
  alive(deviceId: string, kind: 'keepalive' | 'message' = 'message'): boolean {
    const d = this.records.get(deviceId);
    if (!d || !this.presence.isRegistered(d)) return false;
    const now = this.clock.now();
    if (kind === 'keepalive') this.learnFrom(d, now);
    d.lastSeenAt = now;
    this.presence.heard(d, now);
    this.store.touchDevice(d);
    return true;
  }

  /** A TCP connection closed: a device registered on it is offline and must register again (docs/protocol.md §3). */
  connectionClosed(peer: SipAddress, text: string): void {
    for (const deviceId of this.addresses.closed(peer)) {
      const d = this.records.get(deviceId);
      if (d && d.transport === 'TCP') this.presence.endRegistration(d, 'connection', says.connectionClosed(peerKey(peer.address, peer.port), text));
    }
  }

  /** Keepalive interval and count from the device's BasicParam (GB/T 28181 A.2.3.2.1); preferred to a learned interval. */
  setKeepalive(deviceId: string, intervalSec: number | undefined, count: number | undefined): void {
    const d = this.records.get(deviceId);
    if (!d) return;
    const interval = intervalSec && intervalSec > 0 && intervalSec <= 3600 ? intervalSec : null;
    const n = count && count > 0 && count <= 100 ? count : null;
    if (interval === null && n === null) return;
    if (interval === d.basicParamSec && n === d.basicParamCount) return;
    d.basicParamSec = interval;
    d.basicParamCount = n;
    if (!this.useKeepalive(d)) this.store.saveDevice(d);
  }

  /** A keepalive: the gap since the last one teaches the device's real interval (keepalive/interval-learner.ts). */
  private learnFrom(d: DeviceRecord, now: number): void {
    const learned = this.learner.heard(d.deviceId, now, d.learnedSec ?? d.keepaliveIntervalSec);
    if (learned !== undefined && learned !== d.learnedSec) {
      d.learnedSec = learned;
      if (!this.useKeepalive(d)) this.store.saveDevice(d);
    } else {
      this.useKeepalive(d);
    }
  }

  /**
   * Puts the keepalive figures in use from the first source that has them (keepalive/in-use.ts); a change is
   * written to the device's history and re-arms its deadline. True when something changed (and was saved).
   */
  private useKeepalive(d: DeviceRecord): boolean {
    const k = keepaliveInUse(d, this.keepaliveDefaults());
    if (k.intervalSec === d.keepaliveIntervalSec && k.count === d.keepaliveCount && k.source === d.keepaliveSource) return false;
    d.keepaliveIntervalSec = k.intervalSec;
    d.keepaliveCount = k.count;
    d.keepaliveSource = k.source;
    this.journal.note(d, 'info', says.keepaliveInUse(k));
    if (d.online && d.expiresAt) this.presence.watch(d, d.lastSeenAt ?? this.clock.now());
    this.journal.changed(d);
    return true;
  }

  // ---- device data ------------------------------------------------------------------------------------------

  /** The charset the device speaks, from its last readable body. */
  setCharset(deviceId: string, charset: DeviceCharset): void {
    const d = this.records.get(deviceId);
    if (!d || d.charset === charset) return;
    d.charset = charset;
    this.journal.changed(d);
  }

  applyInfo(deviceId: string, fields: Record<string, string>): void {
    const d = this.records.get(deviceId);
    if (!d) return;
    for (const k of Object.keys(fields)) fields[k] = this.pool.share(fields[k]);
    d.info = fields;
    d.deviceName = fields.DeviceName || d.deviceName;
    d.manufacturer = fields.Manufacturer || d.manufacturer;
    d.model = fields.Model || d.model;
    d.firmware = fields.Firmware || d.firmware;
    this.journal.changed(d);
  }

  applyStatus(deviceId: string, fields: Record<string, unknown>): void {
    const d = this.records.get(deviceId);
    if (!d) return;
    d.status = fields;
    this.journal.changed(d);
  }

  /** A whole catalog (complete, or partial after a timeout): channels not in it are removed only when complete. */
  applyCatalog(deviceId: string, entries: CatalogEntry[], expected: number | null, complete: boolean): void {
    const d = this.records.get(deviceId);
    if (!d) return;
    const now = this.clock.now();
    const { saved, removed, received } = this.channels.applyCatalog(d.deviceId, entries, complete, now);
    this.store.saveChannels(saved);
    this.store.removeChannels(d.deviceId, removed);
    d.catalog = { received, expected, complete, updatedAt: now };
    if (!complete) {
      const said = says.catalogIncomplete(received, expected);
      this.journal.note(d, 'error', said);
      this.logger.warn(`device ${deviceId}: ${said.text}`);
    } else {
      this.journal.note(d, 'info', says.catalogReceived(received));
    }
    this.journal.changed(d);
    this.journal.channelsChanged(deviceId, this.channels.of(deviceId));
  }

  /** Catalog NOTIFY items (subscription) with their Event values. */
  applyCatalogChanges(deviceId: string, entries: CatalogEntry[]): number {
    const d = this.records.get(deviceId);
    if (!d) return 0;
    const { saved, removed } = this.channels.applyChanges(d.deviceId, entries, this.clock.now());
    if (!saved.length && !removed.length) return 0;
    this.store.saveChannels(saved);
    this.store.removeChannels(d.deviceId, removed);
    this.journal.changed(d);
    this.journal.channelsChanged(deviceId, this.channels.of(deviceId));
    return saved.length + removed.length;
  }

  /** The installer's name for a channel ('' gives back the device's own); undefined when the channel is not known. */
  renameChannel(deviceId: string, channelId: string, name: string): Channel | undefined {
    const c = this.channels.rename(deviceId, channelId, name, this.clock.now());
    if (!c) return undefined;
    this.store.saveChannels([c]);
    // The summary carries the list's new time (channelsChangedAt) to consoles that do not take channel.changed.
    const d = this.records.get(deviceId);
    if (d) this.journal.updated(d);
    this.journal.channelsChanged(deviceId, this.channels.of(deviceId));
    return c;
  }

  setSubscription(deviceId: string, state: 'active' | 'refused' | null, note: ServerText | null): void {
    const d = this.records.get(deviceId);
    if (!d || (d.subscriptionState === state && d.subscriptionNote === (note?.text ?? null))) return;
    d.subscriptionState = state;
    d.subscriptionNote = note?.text ?? null;
    if (note) this.journal.note(d, state === 'refused' ? 'error' : 'info', note);
    this.journal.changed(d);
  }

  note(deviceId: string, kind: DeviceEventKind, text: ServerText | string): void {
    const d = this.records.get(deviceId);
    if (d) this.journal.note(d, kind, text);
  }

  // ---- console edits ----------------------------------------------------------------------------------------

  /** Adds a device to the allowlist, or marks a known one as added. */
  add(deviceId: string, name: string | undefined, password: string | undefined): DeviceRecord {
    let d = this.records.get(deviceId);
    if (!d) {
      d = newDeviceRecord(keptCopy(deviceId), this.clock.now());
      this.records.set(d.deviceId, d);
    }
    d.allowed = true;
    if (name !== undefined) d.customName = name.trim() || null;
    if (password !== undefined) d.password = password || null;
    this.journal.note(d, 'info', says.added());
    this.journal.changed(d);
    return d;
  }

  update(
    deviceId: string,
    patch: {
      name?: string;
      password?: string | null;
      mediaTransport?: DeviceRecord['mediaTransport'];
      /** A checked zone (IANA name or ±hh:mm); null returns the device to the console's default. */
      timeZone?: string | null;
      /** The installer's keepalive interval / count for this device; null returns it to the other sources. */
      heartbeatSec?: number | null;
      heartbeatCount?: number | null;
    },
  ): DeviceRecord | undefined {
    const d = this.records.get(deviceId);
    if (!d) return undefined;
    if (patch.name !== undefined) d.customName = patch.name.trim() || null;
    if (patch.password !== undefined) {
      d.password = patch.password || null;
      this.journal.note(d, 'info', says.passwordSet(!!d.password));
    }
    if (patch.mediaTransport !== undefined) d.mediaTransport = patch.mediaTransport;
    if (patch.timeZone !== undefined && patch.timeZone !== d.timeZone) {
      d.timeZone = patch.timeZone;
      this.journal.note(d, 'info', says.timeZoneSet(d.timeZone));
    }
    if (patch.heartbeatSec !== undefined) d.heartbeatSec = patch.heartbeatSec;
    if (patch.heartbeatCount !== undefined) d.heartbeatCount = patch.heartbeatCount;
    if (!this.useKeepalive(d)) this.journal.changed(d);
    return d;
  }

  remove(deviceId: string): boolean {
    const d = this.records.get(deviceId);
    if (!d) return false;
    this.presence.removed(d);
    this.records.delete(deviceId);
    this.lastRegistered.delete(deviceId);
    this.channels.forget(deviceId);
    this.addresses.forget(deviceId);
    this.otherSources.forget(deviceId);
    this.learner.forget(deviceId);
    this.logger.info(`device ${deviceId} removed in the console`);
    this.journal.removed(deviceId);
    return true;
  }

  close(): void {
    this.presence.close();
    this.store.flush();
  }
}
