// What the registry needs from the store: what was stored when it starts, write-behind saves, and the recent
// events of one device. store/devices/device-store.ts implements it over any store engine (store/engine.ts).
import type { Channel, RegistrationFailure } from '../../../shared/types/devices';
import type { DeviceEventKind, DeviceRecord } from './record';

export interface DevicePersistence {
  /** As stored when the process started. */
  devices: { all(): DeviceRecord[] };
  channels: { all(): Channel[] };
  failures: { all(): RegistrationFailure[] };
  /** The registry holds the loaded channels from now on (and replaces them as catalogs come): the store lets go of them. */
  forgetLoadedChannels?(): void;
  /** Newest first, including every event added before the call. */
  recentEvents(deviceId: string, limit: number): Promise<Array<{ time: number; message: string }>>;

  /** Several instances sharing the store: the device as stored now, with its channels. */
  reload?(deviceId: string): Promise<{ device: DeviceRecord; channels: Channel[] } | undefined>;

  /** Any field of the record changed. Writes may be deferred; `flush` hands them over. */
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
  /** Hands everything pending to the engine now (on close: the core awaits the store's own close). */
  flush(): void;
}
