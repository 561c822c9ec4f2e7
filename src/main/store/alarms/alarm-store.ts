// Alarms, mobile positions, preset names and wanted subscriptions in SQLite. Every table is bounded: alarms and
// positions drop their oldest rows past a limit; texts from devices are cut to a length.
import type Database from 'better-sqlite3';
import type { AlarmEntry, AlarmFilter, PositionEntry } from '../../../shared/types/control';

export const MAX_ALARMS = 100_000;
export const MAX_POSITIONS_PER_DEVICE = 10_000;
const MAX_TEXT = 512;

export type NewAlarm = Omit<AlarmEntry, 'id' | 'acknowledgedAt'>;
export type NewPosition = Omit<PositionEntry, 'id'>;

interface AlarmRow {
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

const cut = (s: string | null, max = MAX_TEXT) => (s === null ? null : s.slice(0, max));
const num = (n: number | null) => (n === null || !Number.isFinite(n) ? null : n);

function alarmOf(r: AlarmRow): AlarmEntry {
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

export class AlarmStore {
  private readonly insertAlarm;
  private readonly getAlarm;
  private readonly ackStmt;
  private readonly pruneAlarms;
  private readonly insertPosition;
  private readonly prunePositions;
  private readonly namesStmt;
  private readonly setNameStmt;
  private readonly delNameStmt;
  private readonly wantedAll;
  private readonly wantStmt;
  private readonly unwantStmt;
  private inserts = 0;

  constructor(private readonly db: Database.Database) {
    this.insertAlarm = db.prepare(
      `INSERT INTO alarms (device_id, channel_id, priority, method, type, event_type, time, time_raw, description, longitude, latitude, via, received_at)
       VALUES (@deviceId, @channelId, @priority, @method, @type, @eventType, @time, @timeRaw, @description, @longitude, @latitude, @via, @receivedAt)`,
    );
    this.getAlarm = db.prepare<[number], AlarmRow>('SELECT * FROM alarms WHERE id = ?');
    this.ackStmt = db.prepare<[number, number]>('UPDATE alarms SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL');
    this.pruneAlarms = db.prepare<[number]>('DELETE FROM alarms WHERE id <= (SELECT id FROM alarms ORDER BY id DESC LIMIT 1 OFFSET ?)');
    this.insertPosition = db.prepare(
      `INSERT INTO positions (device_id, target_id, time, longitude, latitude, speed, direction, altitude, received_at)
       VALUES (@deviceId, @targetId, @time, @longitude, @latitude, @speed, @direction, @altitude, @receivedAt)`,
    );
    this.prunePositions = db.prepare<[string, string, number]>(
      'DELETE FROM positions WHERE device_id = ? AND id <= (SELECT id FROM positions WHERE device_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)',
    );
    this.namesStmt = db.prepare<[string, string], { idx: number; name: string }>('SELECT idx, name FROM preset_names WHERE device_id = ? AND channel_id = ?');
    this.setNameStmt = db.prepare<[string, string, number, string]>(
      'INSERT INTO preset_names (device_id, channel_id, idx, name) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET name = excluded.name',
    );
    this.delNameStmt = db.prepare<[string, string, number]>('DELETE FROM preset_names WHERE device_id = ? AND channel_id = ? AND idx = ?');
    this.wantedAll = db.prepare<[string], { device_id: string; interval_sec: number | null }>('SELECT device_id, interval_sec FROM event_subscriptions WHERE event = ?');
    this.wantStmt = db.prepare<[string, string, number | null]>(
      'INSERT INTO event_subscriptions (device_id, event, interval_sec) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET interval_sec = excluded.interval_sec',
    );
    this.unwantStmt = db.prepare<[string, string]>('DELETE FROM event_subscriptions WHERE device_id = ? AND event = ?');
  }

  addAlarm(a: NewAlarm): AlarmEntry {
    const row = {
      ...a,
      type: cut(a.type, 64),
      eventType: cut(a.eventType, 64),
      timeRaw: cut(a.timeRaw, 64),
      description: cut(a.description),
      priority: num(a.priority),
      method: num(a.method),
      time: num(a.time),
      longitude: num(a.longitude),
      latitude: num(a.latitude),
    };
    const id = Number(this.insertAlarm.run(row).lastInsertRowid);
    if (++this.inserts % 500 === 0) this.pruneAlarms.run(MAX_ALARMS);
    return alarmOf(this.getAlarm.get(id)!);
  }

  alarm(id: number): AlarmEntry | undefined {
    const r = this.getAlarm.get(id);
    return r && alarmOf(r);
  }

  /** Marks an alarm acknowledged (once); returns it, or undefined when there is no such alarm. */
  acknowledge(id: number, at: number): { alarm: AlarmEntry; changed: boolean } | undefined {
    const changed = this.ackStmt.run(at, id).changes > 0;
    const alarm = this.alarm(id);
    return alarm && { alarm, changed };
  }

  listAlarms(f: AlarmFilter): AlarmEntry[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const eq = (col: string, v: string | number | undefined) => {
      if (v === undefined) return;
      where.push(`${col} = ?`);
      args.push(v);
    };
    eq('device_id', f.deviceId);
    eq('channel_id', f.channelId);
    eq('priority', f.priority);
    eq('method', f.method);
    if (f.unacknowledged) where.push('acknowledged_at IS NULL');
    if (f.from !== undefined) (where.push('COALESCE(time, received_at) >= ?'), args.push(f.from));
    if (f.to !== undefined) (where.push('COALESCE(time, received_at) <= ?'), args.push(f.to));
    if (f.before !== undefined) (where.push('id < ?'), args.push(f.before));
    const sql = `SELECT * FROM alarms ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return this.db.prepare<(string | number)[], AlarmRow>(sql).all(...args, Math.min(f.limit ?? 200, 1000)).map(alarmOf);
  }

  addPosition(p: NewPosition): PositionEntry {
    const id = Number(this.insertPosition.run(p).lastInsertRowid);
    if (id % 200 === 0) this.prunePositions.run(p.deviceId, p.deviceId, MAX_POSITIONS_PER_DEVICE);
    return { id, ...p };
  }

  /** Oldest first (a track). */
  listPositions(o: { deviceId: string; from?: number; to?: number; limit?: number }): PositionEntry[] {
    const rows = this.db
      .prepare<[string, number, number, number], Record<string, number | string | null>>(
        `SELECT * FROM positions WHERE device_id = ? AND COALESCE(time, received_at) BETWEEN ? AND ? ORDER BY id DESC LIMIT ?`,
      )
      .all(o.deviceId, o.from ?? 0, o.to ?? Number.MAX_SAFE_INTEGER, Math.min(o.limit ?? 1000, 10_000));
    return rows.reverse().map((r) => ({
      id: r.id as number,
      deviceId: r.device_id as string,
      targetId: r.target_id as string,
      time: r.time as number | null,
      longitude: r.longitude as number | null,
      latitude: r.latitude as number | null,
      speed: r.speed as number | null,
      direction: r.direction as number | null,
      altitude: r.altitude as number | null,
      receivedAt: r.received_at as number,
    }));
  }

  presetNames(deviceId: string, channelId: string): Map<number, string> {
    return new Map(this.namesStmt.all(deviceId, channelId).map((r) => [r.idx, r.name]));
  }

  setPresetName(deviceId: string, channelId: string, index: number, name: string | null): void {
    if (name === null) this.delNameStmt.run(deviceId, channelId, index);
    else this.setNameStmt.run(deviceId, channelId, index, name.slice(0, 64));
  }

  /** Devices that should hold a subscription of `event`, with their interval (MobilePosition). */
  wanted(event: string): Map<string, number | null> {
    return new Map(this.wantedAll.all(event).map((r) => [r.device_id, r.interval_sec]));
  }

  setWanted(deviceId: string, event: string, on: boolean, intervalSec: number | null = null): void {
    if (on) this.wantStmt.run(deviceId, event, intervalSec);
    else this.unwantStmt.run(deviceId, event);
  }
}
