// What the core asks of a store engine (sqlite, memory, postgres). The core keeps its own in-memory caches (the
// device registry, the settings) and hands an engine whole batches; the engine owns its SQL, its schema
// migrations and its pruning. Nothing here names a database: no rowids, no JSON functions, no pragmas.
import type { HeapCollected } from '../process/heap';
import type { AlarmEntry, AlarmFilter, PositionEntry } from '../../shared/types/control';
import type { Channel, DeviceEvent, RegistrationFailure } from '../../shared/types/devices';
import type { DeviceEventKind, DeviceRecord } from '../gb28181/devices/record';

export type StoreKind = 'sqlite' | 'memory' | 'postgres';

export { parseStoreSpec, StoreSpecError, type StoreSpec } from '../config/store-spec';

export interface StoreEngine {
  readonly kind: StoreKind;
  readonly devices: DeviceEngine;
  readonly settings: SettingsEngine;
  readonly alarms: AlarmEngine;
  /** Waits for writes in flight, then releases the database. */
  close(): Promise<void>;
}

export interface DeviceSnapshot {
  devices: DeviceRecord[];
  channels: Channel[];
  failures: RegistrationFailure[];
}

/** One change to the device tables. A batch applies its changes in order. */
export type DeviceChange =
  | { type: 'device'; device: DeviceRecord }
  /** Only the registration fields changed; a device not yet stored is written whole. */
  | { type: 'registration'; device: DeviceRecord }
  /** The device with its channels and events. */
  | { type: 'remove-device'; deviceId: string }
  /** Each channel's device must be stored (the change fails otherwise). */
  | { type: 'channels'; channels: Channel[] }
  | { type: 'remove-channels'; deviceId: string; channelIds: string[] }
  | { type: 'event'; deviceId: string; time: number; kind: DeviceEventKind; message: string }
  | { type: 'failure'; failure: RegistrationFailure }
  | { type: 'clear-failures'; deviceId: string };

/** How many events each device keeps; engines drop older ones as new ones arrive. */
export const EVENTS_PER_DEVICE = 200;

export interface DeviceEngine {
  loadAll(): Promise<DeviceSnapshot>;
  /** One device as stored now, with its channels (another instance sharing the store may have written it). */
  loadDevice(deviceId: string): Promise<{ device: DeviceRecord; channels: Channel[] } | undefined>;
  /**
   * Commits a batch, in one transaction where the engine has them. A change that fails is skipped and its error
   * returned; the others commit. The engine reads the changes before returning (the caller goes on changing its
   * records) and commits batches in the order it is given them.
   */
  commit(changes: readonly DeviceChange[]): Promise<Error[]>;
  /** Newest first. */
  recentEvents(deviceId: string, limit: number): Promise<Array<DeviceEvent & { kind: string }>>;
  /** An engine with a thread of its own has it collect its heap, compacting (asked once a storm is over). */
  collectHeap?(): Promise<HeapCollected | null>;
}

export interface SettingsEngine {
  /** Every stored setting, parsed. */
  loadAll(): Promise<Record<string, unknown>>;
  commit(values: Record<string, unknown>): Promise<void>;
}

export const MAX_ALARMS = 100_000;
export const MAX_POSITIONS_PER_DEVICE = 10_000;

export type NewAlarm = Omit<AlarmEntry, 'id' | 'acknowledgedAt'>;
export type NewPosition = Omit<PositionEntry, 'id'>;
export interface PositionFilter {
  deviceId: string;
  from?: number;
  to?: number;
  limit?: number;
}

/** Alarms, positions, preset names and wanted subscriptions. Texts arrive already cut to length. */
export interface AlarmEngine {
  appendAlarm(a: NewAlarm): Promise<AlarmEntry>;
  alarm(id: number): Promise<AlarmEntry | undefined>;
  /** Sets acknowledgedAt once; `changed` is false when it was already set. */
  acknowledge(id: number, at: number): Promise<{ alarm: AlarmEntry; changed: boolean } | undefined>;
  /** Newest first. */
  queryAlarms(f: AlarmFilter): Promise<AlarmEntry[]>;
  /** Keeps the newest `keep` alarms. */
  pruneAlarms(keep: number): Promise<void>;
  appendPosition(p: NewPosition): Promise<PositionEntry>;
  /** Oldest first (a track): the newest `limit` in the range. */
  queryPositions(f: PositionFilter): Promise<PositionEntry[]>;
  prunePositions(deviceId: string, keep: number): Promise<void>;
  /** Small tables the core keeps in memory. */
  loadPresetNames(): Promise<Array<{ deviceId: string; channelId: string; index: number; name: string }>>;
  setPresetName(deviceId: string, channelId: string, index: number, name: string | null): Promise<void>;
  loadWanted(): Promise<Array<{ deviceId: string; event: string; intervalSec: number | null }>>;
  setWanted(deviceId: string, event: string, on: boolean, intervalSec: number | null): Promise<void>;
}
