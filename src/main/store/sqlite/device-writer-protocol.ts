// Messages between the threaded device engine (threaded-device-engine.ts) and its writer thread (device-write-worker.ts).
import type { DeviceChange } from '../engine';

export interface DeviceWriterData {
  /** The database file (migrations already applied by the opening thread). */
  file: string;
}

export type ToDeviceWriter = { t: 'commit'; seq: number; changes: readonly DeviceChange[] } | { t: 'close' };

/** A failed change's error, as it crosses the thread boundary. */
export interface WriteError {
  message: string;
  code?: string;
}

export type FromDeviceWriter = { t: 'done'; seq: number; errors: WriteError[] } | { t: 'closed' };
