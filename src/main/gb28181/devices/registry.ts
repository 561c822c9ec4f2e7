// Every device the console knows, in memory and persisted: registration binding, liveness, info, channels.
// It is the one place that decides online/offline and emits the device and channel events of the contract.
import { isOrganisationNodeId } from '../../../shared/gb-ids';
import type { Channel, DeviceDetails, DeviceSummary, RegistrationFailure } from '../../../shared/types/devices';
import type { EventBus } from '../../api/event-bus';
import type { Logger } from '../../log/logger';
import type { SipAddress } from '../../sip/message/types';
import type { Clock } from '../../sip/timers/clock';
import { peerKey } from '../../sip/transport/transport';
import type { DeviceStore } from '../../store/devices/device-store';
import type { DeviceEventKind } from '../../store/devices/device-event-repo';
import { newDeviceRecord, type DeviceCharset, type DeviceRecord } from '../../store/devices/types';
import { LivenessMonitor, type OfflineCause } from '../keepalive/liveness';
import type { Binding, KnownDevice, RegistrarDirectory } from '../registrar/registrar';
import { changeFromNotifyItem, channelFromItem, type CatalogEntry } from './channel-map';

export interface DeviceRegistryOptions {
  store: DeviceStore;
  events: EventBus;
  logger: Logger;
  clock: Clock;
}

/** Why a device went offline; `text` is the installer's sentence carried by the 'device.offline' event. */
export interface OfflineInfo {
  deviceId: string;
  cause: 'keepalive' | 'expired' | 'unregistered' | 'connection' | 'removed';
  text: string;
}

export type RegistrationKind = 'new' | 'refresh';

export class DeviceRegistry implements RegistrarDirectory {
  private readonly records = new Map<string, DeviceRecord>();
  private readonly channels = new Map<string, Map<string, Channel>>();
  /** TCP connection key each device registered on (not persisted: connections do not survive a restart). */
  private readonly flows = new Map<string, string>();
  /** Whether the device's registration still stands (cleared by unregister, expiry or a dropped TCP flow). */
  private readonly liveness: LivenessMonitor;
  private readonly store: DeviceStore;
  private readonly events: EventBus;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private registeredListeners: Array<(d: DeviceRecord, kind: RegistrationKind) => void> = [];
  private offlineListeners: Array<(o: OfflineInfo) => void> = [];
  private onlineCount = 0;
  /** The text of the last 'registered' row written for each device in this run. */
  private readonly lastRegistered = new Map<string, string>();

  constructor(opts: DeviceRegistryOptions) {
    this.store = opts.store;
    this.events = opts.events;
    this.logger = opts.logger;
    this.clock = opts.clock;
    this.liveness = new LivenessMonitor(this.clock, (id, cause) => this.deadlinePassed(id, cause));
    for (const d of this.store.devices.all()) this.records.set(d.deviceId, d);
    for (const c of this.store.channels.all()) this.channelMap(c.deviceId).set(c.channelId, c);
    this.restoreAfterRestart();
  }

  // ---- listeners for other features -------------------------------------------------------------------------

  /** A device registered (new registration: info/catalog queries follow) or refreshed its registration. */
  onRegistered(fn: (d: DeviceRecord, kind: RegistrationKind) => void): () => void {
    this.registeredListeners.push(fn);
    return () => (this.registeredListeners = this.registeredListeners.filter((f) => f !== fn));
  }

  /** A device went offline (live view stops its sessions). */
  onOffline(fn: (o: OfflineInfo) => void): () => void {
    this.offlineListeners.push(fn);
    return () => (this.offlineListeners = this.offlineListeners.filter((f) => f !== fn));
  }

  // ---- reading ----------------------------------------------------------------------------------------------

  get(deviceId: string): DeviceRecord | undefined {
    return this.records.get(deviceId);
  }

  all(): DeviceRecord[] {
    return [...this.records.values()];
  }

  channelsOf(deviceId: string): Channel[] {
    return [...(this.channels.get(deviceId)?.values() ?? [])].sort((a, b) => a.channelId.localeCompare(b.channelId));
  }

  allChannels(): Channel[] {
    return [...this.records.keys()].sort().flatMap((id) => this.channelsOf(id));
  }

  /** The TCP connection the device registered on, if it registered over TCP and the connection is open. */
  flowOf(deviceId: string): string | undefined {
    return this.flows.get(deviceId);
  }

  /** Where requests to this device go: the address its packets come from, over its transport. */
  addressOf(deviceId: string): SipAddress | undefined {
    const d = this.records.get(deviceId);
    if (!d || !d.ip || !d.port) return undefined;
    return { transport: d.transport, address: d.ip, port: d.port };
  }

  /** True when the device holds a registration that has not expired, been withdrawn or lost its TCP flow. */
  isRegistered(deviceId: string): boolean {
    const d = this.records.get(deviceId);
    return !!d && d.expiresAt !== null && d.expiresAt > this.clock.now();
  }

  stats(): { devicesOnline: number; devicesTotal: number } {
    return { devicesOnline: this.onlineCount, devicesTotal: this.records.size };
  }

  summary(d: DeviceRecord): DeviceSummary {
    const chans = this.channels.get(d.deviceId);
    let channels = 0;
    let onlineChannels = 0;
    for (const c of chans?.values() ?? []) {
      if (isOrganisationNodeId(c.channelId)) continue;
      channels++;
      if (c.online) onlineChannels++;
    }
    return {
      deviceId: d.deviceId,
      name: d.customName ?? d.deviceName ?? d.deviceId,
      online: d.online,
      manufacturer: d.manufacturer,
      model: d.model,
      firmware: d.firmware,
      transport: d.transport,
      address: d.ip && d.port ? peerKey(d.ip, d.port) : '',
      charset: d.charset === 'utf-8' ? 'UTF-8' : 'GB18030',
      gbVersion: d.gbVersion,
      registeredAt: d.registeredAt,
      lastSeenAt: d.lastSeenAt,
      expiresAt: d.expiresAt,
      keepaliveIntervalSec: d.keepaliveIntervalSec,
      keepaliveCount: d.keepaliveCount,
      channelCount: channels,
      onlineChannelCount: onlineChannels,
      hasOwnPassword: d.password !== null,
      targetMismatch: d.targetMismatch,
      mediaTransport: d.mediaTransport,
      lastError: d.lastError,
    };
  }

  details(d: DeviceRecord, failures: RegistrationFailure[] = []): DeviceDetails {
    this.store.flush();
    const events = this.store.events.recent(d.deviceId, 50).map((e) => ({ time: e.time, message: e.message }));
    for (const f of failures) events.push({ time: f.lastAt, message: f.message });
    events.sort((a, b) => b.time - a.time);
    return {
      ...this.summary(d),
      info: { ...d.info },
      status: d.status,
      catalog: { ...d.catalog },
      events,
    };
  }

  // ---- RegistrarDirectory -----------------------------------------------------------------------------------

  find(deviceId: string): KnownDevice | undefined {
    const d = this.records.get(deviceId);
    return d && { password: d.password, allowed: d.allowed };
  }

  bind(b: Binding): void {
    const now = this.clock.now();
    let d = this.records.get(b.deviceId);
    const created = !d;
    if (!d) {
      d = newDeviceRecord(b.deviceId, now);
      this.records.set(d.deviceId, d);
    }
    const standing = !created && d.online && this.isRegistered(d.deviceId);
    const refresh = standing && d.registerCallId === b.callId;
    this.noteAddress(d, b.source, b.flow, 'REGISTER');
    d.contact = b.contact;
    d.gbVersion = b.gbVersion;
    if (created && b.gbVersion && Number(b.gbVersion) >= 3) d.charset = 'gb18030';
    d.targetMismatch = b.targetMismatch;
    d.registerCallId = b.callId;
    d.expiresAt = now + b.expiresSec * 1000;
    d.lastSeenAt = now;
    if (!refresh) d.registeredAt = now;
    d.updatedAt = now;
    if (d.lastError && !b.targetMismatch) d.lastError = null;
    if (b.targetMismatch) {
      const text = `device ${d.deviceId} ${b.targetMismatch}; accepted (turn on the strict server ID check to refuse such devices)`;
      if (d.lastError !== text) this.logger.warn(text);
      d.lastError = text;
    }
    this.liveness.watch(d.deviceId, this.keepaliveDeadline(d, now), d.expiresAt);
    const via = `${peerKey(b.source.address, b.source.port)} over ${b.source.transport}`;
    if (!refresh) {
      const text = `registered from ${via} for ${b.expiresSec} s${b.userAgent ? ` (${b.userAgent})` : ''}`;
      // A new Call-ID while the registration stands, from the same address, transport, expiry and user agent,
      // tells the installer nothing the last row did not: no second row or log line.
      if (!standing || this.lastRegistered.get(d.deviceId) !== text) {
        this.addEvent(d, 'registered', text);
        this.logger.info(`device ${d.deviceId} registered from ${via} for ${b.expiresSec} s`);
        this.lastRegistered.set(d.deviceId, text);
      }
    }
    if (created) this.store.saveDevice(d);
    else this.store.saveRegistration(d);
    const wasOnline = d.online;
    if (!wasOnline) this.setOnline(d);
    else this.events.emit('device.updated', this.summary(d));
    for (const fn of this.registeredListeners) safe(() => fn(d, refresh ? 'refresh' : 'new'), this.logger);
  }

  unbind(b: Binding): void {
    const d = this.records.get(b.deviceId);
    if (!d) return;
    this.noteAddress(d, b.source, b.flow, 'REGISTER');
    this.endRegistration(d, 'unregistered', `unregistered (REGISTER with Expires: 0 from ${peerKey(b.source.address, b.source.port)})`);
  }

  failed(deviceId: string, message: string): void {
    const d = this.records.get(deviceId);
    if (!d) return;
    d.lastError = message;
    d.updatedAt = this.clock.now();
    this.store.saveDevice(d);
    this.events.emit('device.updated', this.summary(d));
  }

  // ---- liveness ---------------------------------------------------------------------------------------------

  /**
   * A keepalive or other message from a device. Returns false when the device holds no registration (the
   * caller answers so that it registers again). A device that went offline for missed keepalives while its
   * registration still stands comes back online.
   */
  alive(deviceId: string, source: SipAddress, flow?: string): boolean {
    const d = this.records.get(deviceId);
    if (!d || !this.isRegistered(deviceId)) return false;
    const now = this.clock.now();
    const moved = this.noteAddress(d, source, flow, 'keepalive');
    d.lastSeenAt = now;
    if (!d.online) {
      this.liveness.watch(deviceId, this.keepaliveDeadline(d, now), d.expiresAt!);
      this.setOnline(d, 'keepalives resumed');
    } else {
      this.liveness.alive(deviceId, this.keepaliveDeadline(d, now));
    }
    if (moved) this.store.saveDevice(d);
    else this.store.touchDevice(d);
    return true;
  }

  /** A TCP connection closed: a device registered on it is offline and must register again (GB/T 28181-2022). */
  connectionClosed(peer: SipAddress, text: string): void {
    const key = peerKey(peer.address, peer.port);
    for (const [deviceId, flow] of this.flows) {
      if (flow !== key) continue;
      this.flows.delete(deviceId);
      const d = this.records.get(deviceId);
      if (d && d.transport === 'TCP') this.endRegistration(d, 'connection', text);
    }
  }

  /** Keepalive interval and count from the device's BasicParam (GB/T 28181 A.2.3.2.1). */
  setKeepalive(deviceId: string, intervalSec: number | undefined, count: number | undefined): void {
    const d = this.records.get(deviceId);
    if (!d) return;
    const interval = intervalSec && intervalSec > 0 && intervalSec <= 3600 ? intervalSec : d.keepaliveIntervalSec;
    const n = count && count > 0 && count <= 100 ? count : d.keepaliveCount;
    if (interval === d.keepaliveIntervalSec && n === d.keepaliveCount) return;
    d.keepaliveIntervalSec = interval;
    d.keepaliveCount = n;
    this.addEvent(d, 'info', `keepalive every ${interval} s, offline after ${n} missed (from the device's BasicParam)`);
    if (d.online && d.expiresAt) this.liveness.watch(deviceId, this.keepaliveDeadline(d, d.lastSeenAt ?? this.clock.now()), d.expiresAt);
    this.changed(d);
  }

  private keepaliveDeadline(d: DeviceRecord, from: number): number {
    return from + d.keepaliveIntervalSec * d.keepaliveCount * 1000;
  }

  private deadlinePassed(deviceId: string, cause: OfflineCause): void {
    const d = this.records.get(deviceId);
    if (!d) return;
    if (cause === 'expired') {
      const secs = d.registeredAt && d.expiresAt ? Math.round((d.expiresAt - d.registeredAt) / 1000) : undefined;
      this.endRegistration(d, 'expired', `registration expired: not refreshed${secs ? ` within ${secs} s` : ''}`);
      return;
    }
    const total = d.keepaliveIntervalSec * d.keepaliveCount;
    const text = `no keepalive for ${total} s (${d.keepaliveCount} missed at ${d.keepaliveIntervalSec} s)`;
    this.setOffline(d, 'keepalive', text);
    // The registration still stands: its expiry is watched so a silent device is eventually unregistered too.
    if (d.expiresAt) this.liveness.watch(deviceId, Number.POSITIVE_INFINITY, d.expiresAt);
  }

  private endRegistration(d: DeviceRecord, cause: OfflineInfo['cause'], text: string): void {
    d.expiresAt = null;
    d.registerCallId = null;
    this.liveness.forget(d.deviceId);
    if (d.online) this.setOffline(d, cause, text);
    else {
      this.addEvent(d, cause === 'unregistered' ? 'unregistered' : 'info', text);
      this.changed(d);
    }
  }

  /** After a restart: a device whose registration still stands is online until its keepalive deadline. */
  private restoreAfterRestart(): void {
    const now = this.clock.now();
    for (const d of this.records.values()) {
      if (d.expiresAt !== null && d.expiresAt > now) {
        if (d.online) {
          this.onlineCount++;
          this.liveness.watch(d.deviceId, this.keepaliveDeadline(d, now), d.expiresAt);
        } else {
          this.liveness.watch(d.deviceId, Number.POSITIVE_INFINITY, d.expiresAt);
        }
      } else if (d.online || d.expiresAt !== null) {
        d.online = false;
        d.expiresAt = null;
        d.registerCallId = null;
        this.addEvent(d, 'offline', 'offline: its registration expired while the server was stopped');
        this.store.saveDevice(d);
      }
    }
  }

  // ---- device data ------------------------------------------------------------------------------------------

  /** The charset the device speaks, from its last readable body. */
  setCharset(deviceId: string, charset: DeviceCharset): void {
    const d = this.records.get(deviceId);
    if (!d || d.charset === charset) return;
    d.charset = charset;
    this.changed(d);
  }

  applyInfo(deviceId: string, fields: Record<string, string>): void {
    const d = this.records.get(deviceId);
    if (!d) return;
    d.info = fields;
    d.deviceName = fields.DeviceName || d.deviceName;
    d.manufacturer = fields.Manufacturer || d.manufacturer;
    d.model = fields.Model || d.model;
    d.firmware = fields.Firmware || d.firmware;
    this.changed(d);
  }

  applyStatus(deviceId: string, fields: Record<string, unknown>): void {
    const d = this.records.get(deviceId);
    if (!d) return;
    d.status = fields;
    this.changed(d);
  }

  /** A whole catalog (complete, or partial after a timeout): channels not in it are removed only when complete. */
  applyCatalog(deviceId: string, entries: CatalogEntry[], expected: number | null, complete: boolean): void {
    const d = this.records.get(deviceId);
    if (!d) return;
    const now = this.clock.now();
    const map = this.channelMap(deviceId);
    const seen = new Set<string>();
    const saved: Channel[] = [];
    for (const e of entries) {
      if (!e.item.deviceId || seen.has(e.item.deviceId)) continue;
      seen.add(e.item.deviceId);
      const c = channelFromItem(deviceId, e, now);
      map.set(c.channelId, c);
      saved.push(c);
    }
    const gone = complete ? [...map.keys()].filter((id) => !seen.has(id)) : [];
    for (const id of gone) map.delete(id);
    this.store.saveChannels(saved);
    this.store.removeChannels(deviceId, gone);
    d.catalog = { received: seen.size, expected, complete, updatedAt: now };
    if (!complete) {
      const text = `catalog incomplete: ${seen.size} of ${expected ?? '?'} items arrived before the timeout; the partial list is kept`;
      this.addEvent(d, 'error', text);
      this.logger.warn(`device ${deviceId}: ${text}`);
    } else {
      this.addEvent(d, 'info', `catalog received: ${seen.size} item${seen.size === 1 ? '' : 's'}`);
    }
    this.changed(d);
    this.events.emit('channel.changed', { deviceId, channels: this.channelsOf(deviceId) });
  }

  /** Catalog NOTIFY items (subscription) with their Event values. */
  applyCatalogChanges(deviceId: string, entries: CatalogEntry[]): number {
    const d = this.records.get(deviceId);
    if (!d) return 0;
    const now = this.clock.now();
    const map = this.channelMap(deviceId);
    const saved: Channel[] = [];
    const removed: string[] = [];
    for (const e of entries) {
      const change = changeFromNotifyItem(deviceId, e, map.get(e.item.deviceId), now);
      if (!change) continue;
      if (change.kind === 'delete') {
        if (map.delete(change.channelId)) removed.push(change.channelId);
      } else {
        map.set(change.channel.channelId, change.channel);
        saved.push(change.channel);
      }
    }
    if (!saved.length && !removed.length) return 0;
    this.store.saveChannels(saved);
    this.store.removeChannels(deviceId, removed);
    this.changed(d);
    this.events.emit('channel.changed', { deviceId, channels: this.channelsOf(deviceId) });
    return saved.length + removed.length;
  }

  setSubscription(deviceId: string, state: 'active' | 'refused' | null, note: string | null): void {
    const d = this.records.get(deviceId);
    if (!d || (d.subscriptionState === state && d.subscriptionNote === note)) return;
    d.subscriptionState = state;
    d.subscriptionNote = note;
    if (note) this.addEvent(d, state === 'refused' ? 'error' : 'info', note);
    this.changed(d);
  }

  note(deviceId: string, kind: DeviceEventKind, text: string): void {
    const d = this.records.get(deviceId);
    if (d) this.addEvent(d, kind, text);
  }

  // ---- console edits ----------------------------------------------------------------------------------------

  /** Adds a device to the allowlist, or marks a known one as added. */
  add(deviceId: string, name: string | undefined, password: string | undefined): DeviceRecord {
    const now = this.clock.now();
    let d = this.records.get(deviceId);
    if (!d) {
      d = newDeviceRecord(deviceId, now);
      this.records.set(deviceId, d);
    }
    d.allowed = true;
    if (name !== undefined) d.customName = name.trim() || null;
    if (password !== undefined) d.password = password || null;
    this.addEvent(d, 'info', 'added in the console');
    this.changed(d);
    return d;
  }

  update(deviceId: string, patch: { name?: string; password?: string | null; mediaTransport?: DeviceRecord['mediaTransport'] }): DeviceRecord | undefined {
    const d = this.records.get(deviceId);
    if (!d) return undefined;
    if (patch.name !== undefined) d.customName = patch.name.trim() || null;
    if (patch.password !== undefined) {
      d.password = patch.password || null;
      this.addEvent(d, 'info', d.password ? 'own password set in the console' : 'own password removed; the server password applies');
    }
    if (patch.mediaTransport !== undefined) d.mediaTransport = patch.mediaTransport;
    this.changed(d);
    return d;
  }

  remove(deviceId: string): boolean {
    const d = this.records.get(deviceId);
    if (!d) return false;
    this.liveness.forget(deviceId);
    if (d.online) {
      this.onlineCount--;
      for (const fn of this.offlineListeners) safe(() => fn({ deviceId, cause: 'removed', text: 'removed in the console' }), this.logger);
    }
    this.records.delete(deviceId);
    this.lastRegistered.delete(deviceId);
    this.channels.delete(deviceId);
    this.flows.delete(deviceId);
    this.store.removeDevice(deviceId);
    this.logger.info(`device ${deviceId} removed in the console`);
    this.events.emit('device.removed', { deviceId });
    return true;
  }

  close(): void {
    this.liveness.close();
    this.store.flush();
  }

  // ---- internals --------------------------------------------------------------------------------------------

  private channelMap(deviceId: string): Map<string, Channel> {
    let m = this.channels.get(deviceId);
    if (!m) this.channels.set(deviceId, (m = new Map()));
    return m;
  }

  /** Records where the device's packets come from now; a change of address or transport is logged. */
  private noteAddress(d: DeviceRecord, source: SipAddress, flow: string | undefined, via: string): boolean {
    const moved = d.ip !== null && (d.ip !== source.address || d.port !== source.port || d.transport !== source.transport);
    if (moved) {
      const text = `moved from ${peerKey(d.ip!, d.port ?? 0)}/${d.transport.toLowerCase()} to ${peerKey(source.address, source.port)}/${source.transport.toLowerCase()} (seen in its ${via})`;
      this.logger.info(`device ${d.deviceId} ${text}`);
      this.addEvent(d, 'moved', text);
    }
    d.ip = source.address;
    d.port = source.port;
    d.transport = source.transport;
    if (source.transport === 'TCP' && flow) this.flows.set(d.deviceId, flow);
    else this.flows.delete(d.deviceId);
    if (moved) {
      d.updatedAt = this.clock.now();
      this.events.emit('device.updated', this.summary(d));
    }
    return moved;
  }

  private setOnline(d: DeviceRecord, why?: string): void {
    d.online = true;
    this.onlineCount++;
    d.updatedAt = this.clock.now();
    this.addEvent(d, 'online', why ? `online: ${why}` : 'online');
    this.store.saveDevice(d);
    this.events.emit('device.online', this.summary(d));
  }

  private setOffline(d: DeviceRecord, cause: OfflineInfo['cause'], text: string): void {
    if (!d.online) return;
    d.online = false;
    this.onlineCount--;
    d.updatedAt = this.clock.now();
    this.addEvent(d, cause === 'unregistered' ? 'unregistered' : 'offline', `offline: ${text}`);
    this.logger.info(`device ${d.deviceId}${d.ip ? ` at ${peerKey(d.ip, d.port ?? 0)}` : ''} is offline: ${text}`);
    this.store.saveDevice(d);
    this.events.emit('device.offline', { ...this.summary(d), reason: text });
    for (const fn of this.offlineListeners) safe(() => fn({ deviceId: d.deviceId, cause, text }), this.logger);
  }

  private changed(d: DeviceRecord): void {
    d.updatedAt = this.clock.now();
    this.store.saveDevice(d);
    this.events.emit('device.updated', this.summary(d));
  }

  private addEvent(d: DeviceRecord, kind: DeviceEventKind, text: string): void {
    this.store.addEvent(d.deviceId, this.clock.now(), kind, text);
  }
}

function safe(fn: () => void, logger: Logger): void {
  try {
    fn();
  } catch (err) {
    logger.error(`device listener failed: ${(err as Error).message}`);
  }
}
