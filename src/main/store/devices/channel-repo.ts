import type Database from 'better-sqlite3';
import type { Channel } from '../../../shared/types/devices';
import { parseJson } from './json-column';

export interface ChannelRow {
  device_id: string;
  channel_id: string;
  name: string;
  status: string | null;
  online: number;
  manufacturer: string | null;
  model: string | null;
  owner: string | null;
  civil_code: string | null;
  block: string | null;
  address: string | null;
  parental: number;
  parent_id: string | null;
  business_group_id: string | null;
  ptz_type: number | null;
  ip_address: string | null;
  port: number | null;
  longitude: number | null;
  latitude: number | null;
  raw_json: string;
  updated_at: number;
  custom_name: string | null;
}

export const CHANNEL_COLUMNS: Array<keyof ChannelRow> = [
  'device_id', 'channel_id', 'name', 'status', 'online', 'manufacturer', 'model', 'owner', 'civil_code', 'block',
  'address', 'parental', 'parent_id', 'business_group_id', 'ptz_type', 'ip_address', 'port', 'longitude', 'latitude',
  'raw_json', 'updated_at', 'custom_name',
];

export function toChannel(r: ChannelRow): Channel {
  return {
    deviceId: r.device_id,
    channelId: r.channel_id,
    name: r.name,
    online: r.online === 1,
    status: r.status,
    manufacturer: r.manufacturer,
    model: r.model,
    owner: r.owner,
    civilCode: r.civil_code,
    block: r.block,
    address: r.address,
    parental: r.parental === 1,
    parentId: r.parent_id,
    businessGroupId: r.business_group_id,
    ptzType: r.ptz_type,
    ipAddress: r.ip_address,
    port: r.port,
    longitude: r.longitude,
    latitude: r.latitude,
    raw: parseJson<Record<string, unknown>>(r.raw_json, {}),
    updatedAt: r.updated_at,
    customName: r.custom_name,
  };
}

export function toChannelRow(c: Channel): ChannelRow {
  return {
    device_id: c.deviceId,
    channel_id: c.channelId,
    name: c.name,
    status: c.status,
    online: c.online ? 1 : 0,
    manufacturer: c.manufacturer,
    model: c.model,
    owner: c.owner,
    civil_code: c.civilCode,
    block: c.block,
    address: c.address,
    parental: c.parental ? 1 : 0,
    parent_id: c.parentId,
    business_group_id: c.businessGroupId,
    ptz_type: c.ptzType,
    ip_address: c.ipAddress,
    port: c.port,
    longitude: c.longitude,
    latitude: c.latitude,
    raw_json: JSON.stringify(c.raw),
    updated_at: c.updatedAt,
    custom_name: c.customName ?? null,
  };
}

export class ChannelRepo {
  private readonly allStmt;
  private readonly byDeviceStmt;
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly deleteDeviceStmt;

  constructor(db: Database.Database) {
    this.allStmt = db.prepare<[], ChannelRow>('SELECT * FROM channels ORDER BY device_id, channel_id');
    this.byDeviceStmt = db.prepare<[string], ChannelRow>('SELECT * FROM channels WHERE device_id = ? ORDER BY channel_id');
    const updates = CHANNEL_COLUMNS.slice(2).map((c) => `${c} = excluded.${c}`).join(', ');
    this.upsertStmt = db.prepare<[ChannelRow]>(
      `INSERT INTO channels (${CHANNEL_COLUMNS.join(', ')}) VALUES (${CHANNEL_COLUMNS.map((c) => '@' + c).join(', ')})
       ON CONFLICT(device_id, channel_id) DO UPDATE SET ${updates}`,
    );
    this.deleteStmt = db.prepare<[string, string]>('DELETE FROM channels WHERE device_id = ? AND channel_id = ?');
    this.deleteDeviceStmt = db.prepare<[string]>('DELETE FROM channels WHERE device_id = ?');
  }

  all(): Channel[] {
    return this.allStmt.all().map(toChannel);
  }

  byDevice(deviceId: string): Channel[] {
    return this.byDeviceStmt.all(deviceId).map(toChannel);
  }

  save(c: Channel): void {
    this.upsertStmt.run(toChannelRow(c));
  }

  remove(deviceId: string, channelId: string): void {
    this.deleteStmt.run(deviceId, channelId);
  }

  removeDevice(deviceId: string): void {
    this.deleteDeviceStmt.run(deviceId);
  }
}
