// What the registry needs from a store engine. The SQLite engine (store/devices/device-store.ts) is the one in
// use; another engine plugs in by implementing this interface and being handed to startGbServer by the core.
import type { Channel, RegistrationFailure } from '../../../shared/types/devices';
import type { DeviceEventKind, DeviceRecord } from './record';

export interface DevicePersistence {
  devices: { all(): DeviceRecord[] };
  channels: { all(): Channel[] };
  events: { recent(deviceId: string, limit: number): Array<{ time: number; message: string }> };
  failures: { all(): RegistrationFailure[] };

  /** Any field of the record changed. Writes may be deferred; `flush` commits them. */
  saveDevice(d: DeviceRecord): void;
  /** Only the registration fields changed (address, transport, contact, version, times, Call-ID, errors). */
  saveRegistration(d: DeviceRecord): void;
  /** Only the last-seen time changed: may wait a few seconds. */
  touchDevice(d: DeviceRecord): void;
  removeDevice(deviceId: string): void;
  saveChannels(channels: Channel[]): void;
  removeChannels(deviceId: string, channelIds: string[]): void;
  addEvent(deviceId: string, time: number, kind: DeviceEventKind, message: string): void;
  saveFailure(f: RegistrationFailure): void;
  clearFailures(deviceId: string): void;
  /** Commits everything pending now (before reading events back, and on close). */
  flush(): void;
}
