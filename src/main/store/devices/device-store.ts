// Write-behind persistence for the device service. Changes made while handling one burst of network input are
// committed together in one SQLite transaction on the next turn of the event loop (setImmediate), so thousands of
// registrations a second cost one commit per burst instead of one per message. `flush()` commits at once.
// Changes that only move a last-seen time (keepalives) are "touches": committed with the next real change or
// every few seconds, since after a restart a device gets a fresh keepalive window anyway.
import type Database from 'better-sqlite3';
import type { Channel, RegistrationFailure } from '../../../shared/types/devices';
import { ChannelRepo } from './channel-repo';
import { DeviceEventRepo, type DeviceEventKind } from './device-event-repo';
import { DeviceRepo } from './device-repo';
import { FailureRepo } from './failure-repo';
import type { DeviceRecord } from './types';

type Op = () => void;

export class DeviceStore {
  readonly devices: DeviceRepo;
  readonly channels: ChannelRepo;
  readonly events: DeviceEventRepo;
  readonly failures: FailureRepo;
  private readonly dirty = new Map<string, DeviceRecord>();
  /** Devices whose registration columns alone changed (a REGISTER from a device already stored). */
  private readonly reRegistered = new Map<string, DeviceRecord>();
  private readonly touched = new Map<string, DeviceRecord>();
  private touchTimer: ReturnType<typeof setTimeout> | undefined;
  /** How long a touch may wait for its commit. */
  touchDelayMs = 5_000;
  private ops: Op[] = [];
  private scheduled: ReturnType<typeof setImmediate> | undefined;
  private closed = false;
  /** Write errors are reported here and never thrown into the network path. */
  onError: (err: Error) => void = () => {};

  constructor(private readonly db: Database.Database) {
    this.devices = new DeviceRepo(db);
    this.channels = new ChannelRepo(db);
    this.events = new DeviceEventRepo(db);
    this.failures = new FailureRepo(db);
  }

  saveDevice(d: DeviceRecord): void {
    this.dirty.set(d.deviceId, d);
    this.reRegistered.delete(d.deviceId);
    this.schedule();
  }

  /** Only the registration fields changed (address, transport, contact, version, times, Call-ID, errors). */
  saveRegistration(d: DeviceRecord): void {
    if (!this.dirty.has(d.deviceId)) this.reRegistered.set(d.deviceId, d);
    this.touched.delete(d.deviceId);
    this.schedule();
  }

  /** A change that may wait a few seconds (last-seen time). */
  touchDevice(d: DeviceRecord): void {
    if (this.dirty.has(d.deviceId) || this.reRegistered.has(d.deviceId) || this.closed) return;
    this.touched.set(d.deviceId, d);
    if (!this.touchTimer) {
      this.touchTimer = setTimeout(() => {
        this.touchTimer = undefined;
        this.flush();
      }, this.touchDelayMs);
      this.touchTimer.unref?.();
    }
  }

  removeDevice(deviceId: string): void {
    this.dirty.delete(deviceId);
    this.reRegistered.delete(deviceId);
    this.touched.delete(deviceId);
    this.enqueue(() => {
      this.channels.removeDevice(deviceId);
      this.events.removeDevice(deviceId);
      this.devices.remove(deviceId);
    });
  }

  saveChannels(channels: Channel[]): void {
    if (channels.length) this.enqueue(() => channels.forEach((c) => this.channels.save(c)));
  }

  removeChannels(deviceId: string, channelIds: string[]): void {
    if (channelIds.length) this.enqueue(() => channelIds.forEach((id) => this.channels.remove(deviceId, id)));
  }

  addEvent(deviceId: string, time: number, kind: DeviceEventKind, message: string): void {
    this.enqueue(() => this.events.add(deviceId, time, kind, message));
  }

  saveFailure(f: RegistrationFailure): void {
    const copy = { ...f };
    this.enqueue(() => this.failures.save(copy));
  }

  clearFailures(deviceId: string): void {
    this.enqueue(() => this.failures.clear(deviceId));
  }

  /** Commits everything pending now. */
  flush(): void {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.scheduled = undefined;
    }
    if (this.closed || (this.dirty.size === 0 && this.reRegistered.size === 0 && this.ops.length === 0 && this.touched.size === 0)) return;
    for (const [id, d] of this.touched) this.dirty.set(id, d);
    this.touched.clear();
    if (this.touchTimer) {
      clearTimeout(this.touchTimer);
      this.touchTimer = undefined;
    }
    const devices = [...this.dirty.values()];
    const reRegistered = [...this.reRegistered.values()];
    const ops = this.ops;
    this.dirty.clear();
    this.reRegistered.clear();
    this.ops = [];
    try {
      this.db.transaction(() => {
        // Devices first: channel rows reference them.
        for (const d of devices) this.devices.save(d);
        for (const d of reRegistered) this.devices.saveRegistration(d);
        for (const op of ops) {
          try {
            op();
          } catch (err) {
            this.onError(err as Error);
          }
        }
      })();
    } catch (err) {
      this.onError(err as Error);
    }
  }

  close(): void {
    this.flush();
    this.closed = true;
  }

  private enqueue(op: Op): void {
    this.ops.push(op);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      this.flush();
    });
  }
}
