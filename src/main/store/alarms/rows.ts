// Alarm and position rows as the SQL engines store them (snake_case columns).
import type { AlarmEntry, PositionEntry } from '../../../shared/types/control';

export interface AlarmRow {
  id: number;
  device_id: string;
  channel_id: string;
  priority: number | null;
  method: number | null;
  type: string | null;
  event_type: string | null;
  time: number | null;
  time_raw: string | null;
  description: string | null;
  longitude: number | null;
  latitude: number | null;
  via: AlarmEntry['via'];
  received_at: number;
  acknowledged_at: number | null;
}

export interface PositionRow {
  id: number;
  device_id: string;
  target_id: string;
  time: number | null;
  longitude: number | null;
  latitude: number | null;
  speed: number | null;
  direction: number | null;
  altitude: number | null;
  received_at: number;
}

export function alarmOf(r: AlarmRow): AlarmEntry {
  return {
    id: r.id,
    deviceId: r.device_id,
    channelId: r.channel_id,
    priority: r.priority,
    method: r.method,
    type: r.type,
    eventType: r.event_type,
    time: r.time,
    timeRaw: r.time_raw,
    description: r.description,
    longitude: r.longitude,
    latitude: r.latitude,
    via: r.via,
    receivedAt: r.received_at,
    acknowledgedAt: r.acknowledged_at,
  };
}

export function positionOf(r: PositionRow): PositionEntry {
  return {
    id: r.id,
    deviceId: r.device_id,
    targetId: r.target_id,
    time: r.time,
    longitude: r.longitude,
    latitude: r.latitude,
    speed: r.speed,
    direction: r.direction,
    altitude: r.altitude,
    receivedAt: r.received_at,
  };
}
