// The device record as the registry keeps it in memory and a store engine persists it.
import type { ServerText } from '../../../shared/texts';
import type { KeepaliveSource, MediaTransport, SipTransport } from '../../../shared/types/devices';

/** Kinds of state changes kept per device (the device's event history). */
export type DeviceEventKind = 'online' | 'offline' | 'registered' | 'unregistered' | 'moved' | 'error' | 'info';

/** Charset we send MANSCDP in: gb2312 declares GB2312 (bytes as GBK), gb18030 declares GB18030. */
export type DeviceCharset = 'gb2312' | 'gb18030' | 'utf-8';

export interface CatalogState {
  received: number;
  expected: number | null;
  complete: boolean;
  updatedAt: number | null;
}

export interface DeviceRecord {
  deviceId: string;
  /** Name the installer gave in the console; wins over the device's own name. */
  customName: string | null;
  /** DeviceName from the last DeviceInfo response. */
  deviceName: string | null;
  manufacturer: string | null;
  model: string | null;
  firmware: string | null;
  transport: SipTransport;
  ip: string | null;
  port: number | null;
  /** Contact of the last REGISTER, as sent. */
  contact: string | null;
  charset: DeviceCharset;
  gbVersion: string | null;
  /** Per-device password; null = the server-wide one. */
  password: string | null;
  /** Added in the console (the allowlist). */
  allowed: boolean;
  online: boolean;
  registeredAt: number | null;
  lastSeenAt: number | null;
  expiresAt: number | null;
  registerCallId: string | null;
  /** The keepalive interval and count in use (keepalive/in-use.ts picks them), and where the interval comes from. */
  keepaliveIntervalSec: number;
  keepaliveCount: number;
  keepaliveSource: KeepaliveSource;
  /** Set by the installer for this device (null: not set). */
  heartbeatSec: number | null;
  heartbeatCount: number | null;
  /** From the device's BasicParam answer (null: it never answered). */
  basicParamSec: number | null;
  basicParamCount: number | null;
  /** Learned from the keepalives received (null: not yet). */
  learnedSec: number | null;
  /** The other server ID or domain the device registered to (a plain sentence: stored before it was coded). */
  targetMismatch: ServerText | string | null;
  mediaTransport: MediaTransport;
  /** Zone of the times in its MANSCDP bodies (IANA name or ±hh:mm); null: the console's default. */
  timeZone: string | null;
  /** The device's last problem (a plain sentence: stored before it was coded). */
  lastError: ServerText | string | null;
  info: Record<string, string>;
  status: Record<string, unknown> | null;
  catalog: CatalogState;
  /** 'active' | 'refused' | null (never tried or not yet answered). */
  subscriptionState: string | null;
  subscriptionNote: string | null;
  createdAt: number;
  updatedAt: number;
}

export function newDeviceRecord(deviceId: string, now: number): DeviceRecord {
  return {
    deviceId,
    customName: null,
    deviceName: null,
    manufacturer: null,
    model: null,
    firmware: null,
    transport: 'UDP',
    ip: null,
    port: null,
    contact: null,
    charset: 'gb2312',
    gbVersion: null,
    password: null,
    allowed: false,
    online: false,
    registeredAt: null,
    lastSeenAt: null,
    expiresAt: null,
    registerCallId: null,
    keepaliveIntervalSec: 60,
    keepaliveCount: 3,
    keepaliveSource: 'default',
    heartbeatSec: null,
    heartbeatCount: null,
    basicParamSec: null,
    basicParamCount: null,
    learnedSec: null,
    targetMismatch: null,
    mediaTransport: 'udp',
    timeZone: null,
    lastError: null,
    info: {},
    status: null,
    catalog: { received: 0, expected: null, complete: false, updatedAt: null },
    subscriptionState: null,
    subscriptionNote: null,
    createdAt: now,
    updatedAt: now,
  };
}
