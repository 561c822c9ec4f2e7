// Messages between the threaded device engine (threaded-device-engine.ts) and its writer thread (device-write-worker.ts).
import type { RegistrationParams } from '../devices/device-repo';
import type { HeapCollected } from '../../process/heap';
import type { DeviceChange } from '../engine';

export interface DeviceWriterData {
  /** The database file (migrations already applied by the opening thread). */
  file: string;
}

/**
 * A registration of a device known to be stored: only its registration columns cross to the thread (a whole record
 * costs the SIP thread several times more to copy). Fails with NOT_STORED when the device is not there after all.
 */
export interface RegistrationColumns {
  type: 'registration-columns';
  params: RegistrationParams;
}

export type WriterChange = DeviceChange | RegistrationColumns;

export const NOT_STORED = 'GB_DEVICE_NOT_STORED';

export type ToDeviceWriter = { t: 'commit'; seq: number; changes: readonly WriterChange[] } | { t: 'collect' } | { t: 'close' };

/** A failed change's error, as it crosses the thread boundary. */
export interface WriteError {
  message: string;
  code?: string;
  /** With NOT_STORED: the device. */
  deviceId?: string;
}

export type FromDeviceWriter = { t: 'done'; seq: number; errors: WriteError[] } | { t: 'collected'; heap: HeapCollected };
