// Alarms, positions, preset names and wanted subscriptions in SQLite (tables: store/alarms/schema.ts).
import type Database from 'better-sqlite3';
import type { AlarmEntry, AlarmFilter, PositionEntry } from '../../../shared/types/control';
import { alarmOf, positionOf, type AlarmRow, type PositionRow } from '../alarms/rows';
import type { AlarmEngine, NewAlarm, NewPosition, PositionFilter } from '../engine';

export class SqliteAlarmEngine implements AlarmEngine {
  private readonly insertAlarm;
  private readonly getAlarm;
  private readonly ackStmt;
  private readonly pruneAlarmsStmt;
  private readonly insertPosition;
  private readonly prunePositionsStmt;
  private readonly namesStmt;
  private readonly setNameStmt;
  private readonly delNameStmt;
  private readonly wantedAll;
  private readonly wantStmt;
  private readonly unwantStmt;

  constructor(private readonly db: Database.Database) {
    this.insertAlarm = db.prepare(
      `INSERT INTO alarms (device_id, channel_id, priority, method, type, event_type, time, time_raw, description, longitude, latitude, via, received_at)
       VALUES (@deviceId, @channelId, @priority, @method, @type, @eventType, @time, @timeRaw, @description, @longitude, @latitude, @via, @receivedAt)`,
    );
    this.getAlarm = db.prepare<[number], AlarmRow>('SELECT * FROM alarms WHERE id = ?');
    this.ackStmt = db.prepare<[number, number]>('UPDATE alarms SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL');
    this.pruneAlarmsStmt = db.prepare<[number]>('DELETE FROM alarms WHERE id <= (SELECT id FROM alarms ORDER BY id DESC LIMIT 1 OFFSET ?)');
    this.insertPosition = db.prepare(
      `INSERT INTO positions (device_id, target_id, time, longitude, latitude, speed, direction, altitude, received_at)
       VALUES (@deviceId, @targetId, @time, @longitude, @latitude, @speed, @direction, @altitude, @receivedAt)`,
    );
    this.prunePositionsStmt = db.prepare<[string, string, number]>(
      'DELETE FROM positions WHERE device_id = ? AND id <= (SELECT id FROM positions WHERE device_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)',
    );
    this.namesStmt = db.prepare<[], { device_id: string; channel_id: string; idx: number; name: string }>('SELECT * FROM preset_names');
    this.setNameStmt = db.prepare<[string, string, number, string]>(
      'INSERT INTO preset_names (device_id, channel_id, idx, name) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET name = excluded.name',
    );
    this.delNameStmt = db.prepare<[string, string, number]>('DELETE FROM preset_names WHERE device_id = ? AND channel_id = ? AND idx = ?');
    this.wantedAll = db.prepare<[], { device_id: string; event: string; interval_sec: number | null }>('SELECT * FROM event_subscriptions');
    this.wantStmt = db.prepare<[string, string, number | null]>(
      'INSERT INTO event_subscriptions (device_id, event, interval_sec) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET interval_sec = excluded.interval_sec',
    );
    this.unwantStmt = db.prepare<[string, string]>('DELETE FROM event_subscriptions WHERE device_id = ? AND event = ?');
  }

  async appendAlarm(a: NewAlarm): Promise<AlarmEntry> {
    const id = Number(this.insertAlarm.run(a).lastInsertRowid);
    return alarmOf(this.getAlarm.get(id)!);
  }

  async alarm(id: number): Promise<AlarmEntry | undefined> {
    const r = this.getAlarm.get(id);
    return r && alarmOf(r);
  }

  async acknowledge(id: number, at: number) {
    const changed = this.ackStmt.run(at, id).changes > 0;
    const r = this.getAlarm.get(id);
    return r && { alarm: alarmOf(r), changed };
  }

  async queryAlarms(f: AlarmFilter): Promise<AlarmEntry[]> {
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

  async pruneAlarms(keep: number): Promise<void> {
    this.pruneAlarmsStmt.run(keep);
  }

  async appendPosition(p: NewPosition): Promise<PositionEntry> {
    const id = Number(this.insertPosition.run(p).lastInsertRowid);
    return { id, ...p };
  }

  async queryPositions(o: PositionFilter): Promise<PositionEntry[]> {
    const rows = this.db
      .prepare<[string, number, number, number], PositionRow>(
        `SELECT * FROM positions WHERE device_id = ? AND COALESCE(time, received_at) BETWEEN ? AND ? ORDER BY id DESC LIMIT ?`,
      )
      .all(o.deviceId, o.from ?? 0, o.to ?? Number.MAX_SAFE_INTEGER, Math.min(o.limit ?? 1000, 10_000));
    return rows.reverse().map(positionOf);
  }

  async prunePositions(deviceId: string, keep: number): Promise<void> {
    this.prunePositionsStmt.run(deviceId, deviceId, keep);
  }

  async loadPresetNames() {
    return this.namesStmt.all().map((r) => ({ deviceId: r.device_id, channelId: r.channel_id, index: r.idx, name: r.name }));
  }

  async setPresetName(deviceId: string, channelId: string, index: number, name: string | null): Promise<void> {
    if (name === null) this.delNameStmt.run(deviceId, channelId, index);
    else this.setNameStmt.run(deviceId, channelId, index, name);
  }

  async loadWanted() {
    return this.wantedAll.all().map((r) => ({ deviceId: r.device_id, event: r.event, intervalSec: r.interval_sec }));
  }

  async setWanted(deviceId: string, event: string, on: boolean, intervalSec: number | null): Promise<void> {
    if (on) this.wantStmt.run(deviceId, event, intervalSec);
    else this.unwantStmt.run(deviceId, event);
  }
}
