// Alarms, positions, preset names and wanted subscriptions in PostgreSQL (tables: migrations.ts, version 2).
import type { Pool } from 'pg';
import type { AlarmEntry, AlarmFilter, PositionEntry } from '../../../shared/types/control';
import { alarmOf, positionOf, type AlarmRow, type PositionRow } from '../alarms/rows';
import type { AlarmEngine, NewAlarm, NewPosition, PositionFilter } from '../engine';
import { retrying } from './serial-writer';

const SQL = {
  insertAlarm: `INSERT INTO alarms (device_id, channel_id, priority, method, type, event_type, time, time_raw, description, longitude, latitude, via, received_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
  getAlarm: 'SELECT * FROM alarms WHERE id = $1',
  // One statement sees the rows as they were before its UPDATE: the changed row comes from RETURNING.
  ack: `WITH u AS (UPDATE alarms SET acknowledged_at = $2 WHERE id = $1 AND acknowledged_at IS NULL RETURNING *)
    SELECT *, true AS changed FROM u
    UNION ALL SELECT *, false AS changed FROM alarms WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM u)`,
  pruneAlarms: 'DELETE FROM alarms WHERE id <= (SELECT id FROM alarms ORDER BY id DESC OFFSET $1 LIMIT 1)',
  insertPosition: `INSERT INTO positions (device_id, target_id, time, longitude, latitude, speed, direction, altitude, received_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
  positions: `SELECT * FROM positions WHERE device_id = $1 AND COALESCE(time, received_at) BETWEEN $2 AND $3 ORDER BY id DESC LIMIT $4`,
  prunePositions: `DELETE FROM positions WHERE device_id = $1 AND id <= (
    SELECT id FROM positions WHERE device_id = $1 ORDER BY id DESC OFFSET $2 LIMIT 1)`,
  names: 'SELECT device_id, channel_id, idx, name FROM preset_names',
  setName: `INSERT INTO preset_names (device_id, channel_id, idx, name) VALUES ($1, $2, $3, $4)
    ON CONFLICT (device_id, channel_id, idx) DO UPDATE SET name = excluded.name`,
  delName: 'DELETE FROM preset_names WHERE device_id = $1 AND channel_id = $2 AND idx = $3',
  wanted: 'SELECT device_id, event, interval_sec FROM event_subscriptions',
  want: `INSERT INTO event_subscriptions (device_id, event, interval_sec) VALUES ($1, $2, $3)
    ON CONFLICT (device_id, event) DO UPDATE SET interval_sec = excluded.interval_sec`,
  unwant: 'DELETE FROM event_subscriptions WHERE device_id = $1 AND event = $2',
};

const clean = (s: string | null) => (s === null ? null : s.replace(/\0/g, ''));

export class PgAlarmEngine implements AlarmEngine {
  constructor(private readonly pool: Pool) {}

  /** Each statement stands alone: one that meets an unreachable server is tried again (serial-writer.ts); an
   *  insert whose answer was cut off may then be stored twice. */
  private async run<R extends object>(name: keyof typeof SQL, values: unknown[]): Promise<R[]> {
    return retrying(async () => (await this.pool.query<R>({ name: `alarm-${name}`, text: SQL[name], values })).rows);
  }

  async appendAlarm(a: NewAlarm): Promise<AlarmEntry> {
    const [row] = await this.run<AlarmRow>('insertAlarm', [
      clean(a.deviceId), clean(a.channelId), a.priority, a.method, clean(a.type), clean(a.eventType), a.time, clean(a.timeRaw),
      clean(a.description), a.longitude, a.latitude, a.via, a.receivedAt,
    ]);
    return alarmOf(row);
  }

  async alarm(id: number): Promise<AlarmEntry | undefined> {
    const [row] = await this.run<AlarmRow>('getAlarm', [id]);
    return row && alarmOf(row);
  }

  async acknowledge(id: number, at: number) {
    const [row] = await this.run<AlarmRow & { changed: boolean }>('ack', [id, at]);
    return row && { alarm: alarmOf(row), changed: row.changed };
  }

  async queryAlarms(f: AlarmFilter): Promise<AlarmEntry[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const add = (cond: (p: string) => string, v: string | number | undefined) => {
      if (v === undefined) return;
      args.push(v);
      where.push(cond(`$${args.length}`));
    };
    add((p) => `device_id = ${p}`, f.deviceId);
    add((p) => `channel_id = ${p}`, f.channelId);
    add((p) => `priority = ${p}`, f.priority);
    add((p) => `method = ${p}`, f.method);
    if (f.unacknowledged) where.push('acknowledged_at IS NULL');
    add((p) => `COALESCE(time, received_at) >= ${p}`, f.from);
    add((p) => `COALESCE(time, received_at) <= ${p}`, f.to);
    add((p) => `id < ${p}`, f.before);
    args.push(Math.min(f.limit ?? 200, 1000));
    const text = `SELECT * FROM alarms ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${args.length}`;
    return (await this.pool.query<AlarmRow>(text, args)).rows.map(alarmOf);
  }

  async pruneAlarms(keep: number): Promise<void> {
    await this.run('pruneAlarms', [keep]);
  }

  async appendPosition(p: NewPosition): Promise<PositionEntry> {
    const [row] = await this.run<{ id: number }>('insertPosition', [
      clean(p.deviceId), clean(p.targetId), p.time, p.longitude, p.latitude, p.speed, p.direction, p.altitude, p.receivedAt,
    ]);
    return { id: row.id, ...p };
  }

  async queryPositions(o: PositionFilter): Promise<PositionEntry[]> {
    const rows = await this.run<PositionRow>('positions', [o.deviceId, o.from ?? 0, o.to ?? Number.MAX_SAFE_INTEGER, Math.min(o.limit ?? 1000, 10_000)]);
    return rows.reverse().map(positionOf);
  }

  async prunePositions(deviceId: string, keep: number): Promise<void> {
    await this.run('prunePositions', [deviceId, keep]);
  }

  async loadPresetNames() {
    const rows = await this.run<{ device_id: string; channel_id: string; idx: number; name: string }>('names', []);
    return rows.map((r) => ({ deviceId: r.device_id, channelId: r.channel_id, index: r.idx, name: r.name }));
  }

  async setPresetName(deviceId: string, channelId: string, index: number, name: string | null): Promise<void> {
    if (name === null) await this.run('delName', [deviceId, channelId, index]);
    else await this.run('setName', [deviceId, channelId, index, clean(name)]);
  }

  async loadWanted() {
    const rows = await this.run<{ device_id: string; event: string; interval_sec: number | null }>('wanted', []);
    return rows.map((r) => ({ deviceId: r.device_id, event: r.event, intervalSec: r.interval_sec }));
  }

  async setWanted(deviceId: string, event: string, on: boolean, intervalSec: number | null): Promise<void> {
    if (on) await this.run('want', [deviceId, event, intervalSec]);
    else await this.run('unwant', [deviceId, event]);
  }
}
