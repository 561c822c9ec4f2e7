// The device tables in SQLite on the calling thread. A batch is one synchronous transaction: the promise is settled
// when it returns. The console's own store writes them on a thread of its own (threaded-device-engine.ts), which runs
// this engine on its connection.
import type Database from 'better-sqlite3';
import { ChannelRepo } from '../devices/channel-repo';
import { DeviceEventRepo } from '../devices/device-event-repo';
import { DeviceRepo } from '../devices/device-repo';
import { FailureRepo } from '../devices/failure-repo';
import type { DeviceChange, DeviceEngine, DeviceSnapshot } from '../engine';
import { NOT_STORED, type WriterChange } from './device-writer-protocol';

export class SqliteDeviceEngine implements DeviceEngine {
  readonly devices: DeviceRepo;
  readonly channels: ChannelRepo;
  readonly events: DeviceEventRepo;
  readonly failures: FailureRepo;

  constructor(private readonly db: Database.Database) {
    this.devices = new DeviceRepo(db);
    this.channels = new ChannelRepo(db);
    this.events = new DeviceEventRepo(db);
    this.failures = new FailureRepo(db);
  }

  async loadAll(): Promise<DeviceSnapshot> {
    return { devices: this.devices.all(), channels: this.channels.all(), failures: this.failures.all() };
  }

  async loadDevice(deviceId: string) {
    const device = this.devices.get(deviceId);
    return device && { device, channels: this.channels.byDevice(deviceId) };
  }

  commit(changes: readonly DeviceChange[]): Promise<Error[]> {
    return Promise.resolve(this.commitNow(changes));
  }

  /** The batch in one transaction, on the calling thread; returns the errors of the changes that failed. */
  commitNow(changes: readonly WriterChange[]): Error[] {
    const errors: Error[] = [];
    try {
      // IMMEDIATE: with another connection writing the same file, waiting for the write lock up front (busy_timeout)
      // avoids a deferred transaction's SQLITE_BUSY when its snapshot is stale.
      this.db
        .transaction(() => {
          for (const c of changes) {
            try {
              this.apply(c);
            } catch (err) {
              errors.push(err as Error);
            }
          }
        })
        .immediate();
    } catch (err) {
      errors.push(err as Error);
    }
    return errors;
  }

  async recentEvents(deviceId: string, limit: number) {
    return this.events.recent(deviceId, limit);
  }

  private apply(c: WriterChange): void {
    switch (c.type) {
      case 'registration-columns': {
        if (this.devices.updateRegistration(c.params)) return;
        const deviceId = c.params[c.params.length - 1] as string;
        throw Object.assign(new Error(`device ${deviceId} is not stored, so its registration was not saved; its next change writes it whole`), { code: NOT_STORED, deviceId });
      }
      case 'device':
        return this.devices.save(c.device);
      case 'registration':
        return this.devices.saveRegistration(c.device);
      case 'remove-device':
        this.channels.removeDevice(c.deviceId);
        this.events.removeDevice(c.deviceId);
        this.devices.remove(c.deviceId);
        return;
      case 'channels':
        return c.channels.forEach((ch) => this.channels.save(ch));
      case 'remove-channels':
        return c.channelIds.forEach((id) => this.channels.remove(c.deviceId, id));
      case 'event':
        return this.events.add(c.deviceId, c.time, c.kind, c.message);
      case 'failure':
        return this.failures.save(c.failure);
      case 'clear-failures':
        this.failures.clear(c.deviceId);
    }
  }
}
