// Online and offline: the keepalive deadline (interval x count after the last sign of life, docs/protocol.md
// §5) and the registration expiry, per device. Every transition goes through setOnline / setOffline, which
// keep the online count, write the history row and tell the listeners.
import { Listeners } from '../../../shared/listeners';
import type { ServerText } from '../../../shared/texts';
import type { Logger } from '../../log/logger';
import type { Clock } from '../../sip/timers/clock';
import { peerKey } from '../../sip/transport/transport';
import { LivenessMonitor, type OfflineCause } from '../keepalive/liveness';
import * as says from './event-texts';
import type { OfflineInfo } from './events';
import type { DeviceJournal } from './journal';
import type { DeviceRecord } from './record';

export type OnlineCause = 'registration' | 'keepalive';

export class Presence {
  private readonly monitor: LivenessMonitor;
  private onlineCount = 0;
  /** A device went offline (live view stops its sessions, queries to it fail). */
  readonly offline: Listeners<[OfflineInfo]>;
  /** A device came online: by a registration, or by keepalives resuming while its registration stood. */
  readonly online: Listeners<[string, OnlineCause]>;

  constructor(
    private readonly record: (deviceId: string) => DeviceRecord | undefined,
    private readonly journal: DeviceJournal,
    private readonly logger: Logger,
    private readonly clock: Clock,
    /** Several instances: the device is registered to another live instance, which watches and writes it. */
    private readonly heldElsewhere: (deviceId: string) => boolean = () => false,
  ) {
    this.monitor = new LivenessMonitor(clock, (id, cause) => this.deadlinePassed(id, cause));
    this.offline = new Listeners((err) => logger.error(`device listener failed: ${(err as Error).message}`));
    this.online = new Listeners((err) => logger.error(`device listener failed: ${(err as Error).message}`));
  }

  get onlineDevices(): number {
    return this.onlineCount;
  }

  /** True when the device holds a registration that has not expired, been withdrawn or lost its TCP flow. */
  isRegistered(d: DeviceRecord): boolean {
    return d.expiresAt !== null && d.expiresAt > this.clock.now();
  }

  /** (Re)starts both deadlines after a REGISTER, or after the keepalive settings changed. */
  watch(d: DeviceRecord, from: number): void {
    if (d.expiresAt !== null) this.monitor.watch(d.deviceId, keepaliveDeadline(d, from), d.expiresAt);
  }

  /** A sign of life from a registered device; one that went offline for missed keepalives comes back. */
  heard(d: DeviceRecord, now: number): void {
    if (!d.online) {
      this.watch(d, now);
      this.setOnline(d, 'keepalive', says.keepalivesResumed());
    } else {
      this.monitor.alive(d.deviceId, keepaliveDeadline(d, now));
    }
  }

  setOnline(d: DeviceRecord, cause: OnlineCause, why?: ServerText): void {
    d.online = true;
    this.onlineCount++;
    d.updatedAt = this.clock.now();
    this.journal.note(d, 'online', why ? says.onlineBecause(why) : says.online());
    this.journal.online(d);
    this.online.emit(d.deviceId, cause);
  }

  setOffline(d: DeviceRecord, cause: OfflineInfo['cause'], why: ServerText): void {
    if (!d.online) return;
    const text = why.text;
    d.online = false;
    this.onlineCount--;
    d.updatedAt = this.clock.now();
    this.journal.note(d, cause === 'unregistered' ? 'unregistered' : 'offline', says.offline(why));
    this.logger.info(`device ${d.deviceId}${d.ip ? ` at ${peerKey(d.ip, d.port ?? 0)}` : ''} is offline: ${text}`);
    this.journal.offline(d, text);
    this.offline.emit({ deviceId: d.deviceId, cause, text, said: why });
  }

  /** The registration is over (withdrawn, expired, its TCP connection closed). */
  endRegistration(d: DeviceRecord, cause: OfflineInfo['cause'], why: ServerText): void {
    d.expiresAt = null;
    d.registerCallId = null;
    this.monitor.forget(d.deviceId);
    if (d.online) this.setOffline(d, cause, why);
    else {
      this.journal.note(d, cause === 'unregistered' ? 'unregistered' : 'info', why);
      this.journal.changed(d);
    }
  }

  /** Removed in the console: no more deadlines, and an online device is gone for the listeners. */
  removed(d: DeviceRecord): void {
    this.monitor.forget(d.deviceId);
    if (!d.online) return;
    this.onlineCount--;
    const said = says.removed();
    this.offline.emit({ deviceId: d.deviceId, cause: 'removed', text: said.text, said });
  }

  /**
   * The device registered to another instance: this one stops watching it and holds it offline in memory only,
   * writing and announcing nothing (the owner does).
   */
  handOver(d: DeviceRecord): void {
    this.monitor.forget(d.deviceId);
    d.expiresAt = null;
    d.registerCallId = null;
    if (!d.online) return;
    d.online = false;
    this.onlineCount--;
    this.logger.info(`device ${d.deviceId} is now registered to another console instance`);
    const said = says.registeredElsewhere();
    this.offline.emit({ deviceId: d.deviceId, cause: 'moved', text: said.text, said });
  }

  /** After a restart: a device whose registration still stands is online until its keepalive deadline. */
  restore(records: Iterable<DeviceRecord>): void {
    const now = this.clock.now();
    for (const d of records) {
      if (this.heldElsewhere(d.deviceId)) {
        d.online = false;
        d.expiresAt = null;
        d.registerCallId = null;
      } else if (d.expiresAt !== null && d.expiresAt > now) {
        if (d.online) {
          this.onlineCount++;
          this.monitor.watch(d.deviceId, keepaliveDeadline(d, now), d.expiresAt);
        } else {
          this.monitor.watch(d.deviceId, Number.POSITIVE_INFINITY, d.expiresAt);
        }
      } else if (d.online || d.expiresAt !== null) {
        d.online = false;
        d.expiresAt = null;
        d.registerCallId = null;
        this.journal.note(d, 'offline', says.offline(says.expiredWhileStopped()));
        this.journal.store.saveDevice(d);
      }
    }
  }

  close(): void {
    this.monitor.close();
  }

  private deadlinePassed(deviceId: string, cause: OfflineCause): void {
    const d = this.record(deviceId);
    if (!d) return;
    if (this.heldElsewhere(deviceId)) return this.handOver(d);
    if (cause === 'expired') {
      const secs = d.registeredAt && d.expiresAt ? Math.round((d.expiresAt - d.registeredAt) / 1000) : undefined;
      this.endRegistration(d, 'expired', says.expired(secs));
      return;
    }
    this.setOffline(d, 'keepalive', says.noKeepalive(d.keepaliveIntervalSec, d.keepaliveCount));
    // The registration still stands: its expiry is watched so a silent device is eventually unregistered too.
    if (d.expiresAt) this.monitor.watch(deviceId, Number.POSITIVE_INFINITY, d.expiresAt);
  }
}

function keepaliveDeadline(d: DeviceRecord, from: number): number {
  return from + d.keepaliveIntervalSec * d.keepaliveCount * 1000;
}
