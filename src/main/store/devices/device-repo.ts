import type Database from 'better-sqlite3';
import type { ServerText } from '../../../shared/texts';
import type { KeepaliveSource, MediaTransport, SipTransport } from '../../../shared/types/devices';
import { decodeSentence, encodeEventMessage } from '../../gb28181/devices/event-message';
import { parseJson } from './json-column';
import type { DeviceCharset, DeviceRecord } from './types';

export interface DeviceRow {
  device_id: string;
  custom_name: string | null;
  device_name: string | null;
  manufacturer: string | null;
  model: string | null;
  firmware: string | null;
  transport: string;
  ip: string | null;
  port: number | null;
  contact: string | null;
  charset: string;
  gb_version: string | null;
  password: string | null;
  allowed: number;
  online: number;
  registered_at: number | null;
  last_seen_at: number | null;
  expires_at: number | null;
  register_call_id: string | null;
  keepalive_interval_sec: number;
  keepalive_count: number;
  keepalive_source: string;
  heartbeat_sec: number | null;
  heartbeat_count: number | null;
  basic_param_sec: number | null;
  basic_param_count: number | null;
  learned_sec: number | null;
  target_mismatch: string | null;
  media_transport: string;
  time_zone: string | null;
  last_error: string | null;
  info_json: string;
  status_json: string | null;
  catalog_received: number;
  catalog_expected: number | null;
  catalog_complete: number;
  catalog_updated_at: number | null;
  subscription_state: string | null;
  subscription_note: string | null;
  created_at: number;
  updated_at: number;
}

export const DEVICE_COLUMNS: Array<keyof DeviceRow> = [
  'device_id', 'custom_name', 'device_name', 'manufacturer', 'model', 'firmware', 'transport', 'ip', 'port', 'contact',
  'charset', 'gb_version', 'password', 'allowed', 'online', 'registered_at', 'last_seen_at', 'expires_at',
  'register_call_id', 'keepalive_interval_sec', 'keepalive_count', 'keepalive_source', 'heartbeat_sec', 'heartbeat_count',
  'basic_param_sec', 'basic_param_count', 'learned_sec', 'target_mismatch', 'media_transport', 'time_zone', 'last_error',
  'info_json', 'status_json', 'catalog_received', 'catalog_expected', 'catalog_complete', 'catalog_updated_at',
  'subscription_state', 'subscription_note', 'created_at', 'updated_at',
];

// A sentence column holds the English, then (coded) its code and parameters (event-message.ts).
const sentenceOf = (column: string | null) => (column === null ? null : decodeSentence(column));
const columnOf = (said: ServerText | string | null) => (said === null ? null : encodeEventMessage(said));

export function toRecord(r: DeviceRow): DeviceRecord {
  return {
    deviceId: r.device_id,
    customName: r.custom_name,
    deviceName: r.device_name,
    manufacturer: r.manufacturer,
    model: r.model,
    firmware: r.firmware,
    transport: (r.transport === 'TCP' ? 'TCP' : 'UDP') as SipTransport,
    ip: r.ip,
    port: r.port,
    contact: r.contact,
    charset: (['gb2312', 'gb18030', 'utf-8'].includes(r.charset) ? r.charset : 'gb2312') as DeviceCharset,
    gbVersion: r.gb_version,
    password: r.password,
    allowed: r.allowed === 1,
    online: r.online === 1,
    registeredAt: r.registered_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    registerCallId: r.register_call_id,
    keepaliveIntervalSec: r.keepalive_interval_sec,
    keepaliveCount: r.keepalive_count,
    keepaliveSource: (['installer', 'basic-param', 'learned'].includes(r.keepalive_source) ? r.keepalive_source : 'default') as KeepaliveSource,
    heartbeatSec: r.heartbeat_sec,
    heartbeatCount: r.heartbeat_count,
    basicParamSec: r.basic_param_sec,
    basicParamCount: r.basic_param_count,
    learnedSec: r.learned_sec,
    targetMismatch: sentenceOf(r.target_mismatch),
    mediaTransport: r.media_transport as MediaTransport,
    timeZone: r.time_zone,
    lastError: sentenceOf(r.last_error),
    info: parseJson(r.info_json, {}),
    status: parseJson(r.status_json, null),
    catalog: {
      received: r.catalog_received,
      expected: r.catalog_expected,
      complete: r.catalog_complete === 1,
      updatedAt: r.catalog_updated_at,
    },
    subscriptionState: r.subscription_state,
    subscriptionNote: r.subscription_note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toRow(d: DeviceRecord): DeviceRow {
  return {
    device_id: d.deviceId,
    custom_name: d.customName,
    device_name: d.deviceName,
    manufacturer: d.manufacturer,
    model: d.model,
    firmware: d.firmware,
    transport: d.transport,
    ip: d.ip,
    port: d.port,
    contact: d.contact,
    charset: d.charset,
    gb_version: d.gbVersion,
    password: d.password,
    allowed: d.allowed ? 1 : 0,
    online: d.online ? 1 : 0,
    registered_at: d.registeredAt,
    last_seen_at: d.lastSeenAt,
    expires_at: d.expiresAt,
    register_call_id: d.registerCallId,
    keepalive_interval_sec: d.keepaliveIntervalSec,
    keepalive_count: d.keepaliveCount,
    keepalive_source: d.keepaliveSource,
    heartbeat_sec: d.heartbeatSec,
    heartbeat_count: d.heartbeatCount,
    basic_param_sec: d.basicParamSec,
    basic_param_count: d.basicParamCount,
    learned_sec: d.learnedSec,
    target_mismatch: columnOf(d.targetMismatch),
    media_transport: d.mediaTransport,
    time_zone: d.timeZone,
    last_error: columnOf(d.lastError),
    info_json: JSON.stringify(d.info),
    status_json: d.status === null ? null : JSON.stringify(d.status),
    catalog_received: d.catalog.received,
    catalog_expected: d.catalog.expected,
    catalog_complete: d.catalog.complete ? 1 : 0,
    catalog_updated_at: d.catalog.updatedAt,
    subscription_state: d.subscriptionState,
    subscription_note: d.subscriptionNote,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
  };
}

export const REGISTRATION_COLUMNS = [
  'transport', 'ip', 'port', 'contact', 'gb_version', 'online', 'registered_at', 'last_seen_at', 'expires_at',
  'register_call_id', 'target_mismatch', 'last_error', 'updated_at',
] as const;

/** The registration columns' values in REGISTRATION_COLUMNS order, then the device ID. */
export type RegistrationParams = [
  string, string | null, number | null, string | null, string | null, number, number | null, number | null, number | null,
  string | null, string | null, string | null, number, string,
];

export function registrationParams(d: DeviceRecord): RegistrationParams {
  return [
    d.transport, d.ip, d.port, d.contact, d.gbVersion, d.online ? 1 : 0, d.registeredAt, d.lastSeenAt, d.expiresAt,
    d.registerCallId, columnOf(d.targetMismatch), columnOf(d.lastError), d.updatedAt, d.deviceId,
  ];
}

export class DeviceRepo {
  private readonly allStmt;
  private readonly getStmt;
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly registrationStmt;

  constructor(db: Database.Database) {
    this.allStmt = db.prepare<[], DeviceRow>('SELECT * FROM devices ORDER BY device_id');
    this.getStmt = db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE device_id = ?');
    const updates = DEVICE_COLUMNS.filter((c) => c !== 'device_id').map((c) => `${c} = excluded.${c}`).join(', ');
    this.upsertStmt = db.prepare<[DeviceRow]>(
      `INSERT INTO devices (${DEVICE_COLUMNS.join(', ')}) VALUES (${DEVICE_COLUMNS.map((c) => '@' + c).join(', ')})
       ON CONFLICT(device_id) DO UPDATE SET ${updates}`,
    );
    this.deleteStmt = db.prepare<[string]>('DELETE FROM devices WHERE device_id = ?');
    this.registrationStmt = db.prepare<RegistrationParams>(
      `UPDATE devices SET ${REGISTRATION_COLUMNS.map((c) => c + ' = ?').join(', ')} WHERE device_id = ?`,
    );
  }

  all(): DeviceRecord[] {
    return this.allStmt.all().map(toRecord);
  }

  get(deviceId: string): DeviceRecord | undefined {
    const row = this.getStmt.get(deviceId);
    return row ? toRecord(row) : undefined;
  }

  /** Writes only what a registration changes; a device not yet stored is written whole. */
  saveRegistration(d: DeviceRecord): void {
    if (!this.updateRegistration(registrationParams(d))) this.save(d);
  }

  /** Writes a stored device's registration columns; false when the device is not stored. */
  updateRegistration(params: RegistrationParams): boolean {
    return this.registrationStmt.run(...params).changes > 0;
  }

  save(d: DeviceRecord): void {
    this.upsertStmt.run(toRow(d));
  }

  /** Removes the device and (by cascade) its channels. */
  remove(deviceId: string): boolean {
    return this.deleteStmt.run(deviceId).changes > 0;
  }
}
