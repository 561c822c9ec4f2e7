import type Database from 'better-sqlite3';
import type { DeviceEvent } from '../../../shared/types/devices';
import type { DeviceEventKind } from '../../gb28181/devices/record';
import { EVENTS_PER_DEVICE } from '../engine';

export type { DeviceEventKind };

export { EVENTS_PER_DEVICE };

export class DeviceEventRepo {
  private readonly addStmt;
  private readonly recentStmt;
  private readonly pruneStmt;
  private readonly removeStmt;

  constructor(db: Database.Database) {
    this.addStmt = db.prepare<[string, number, string, string]>(
      'INSERT INTO device_events (device_id, time, kind, message) VALUES (?, ?, ?, ?)',
    );
    this.recentStmt = db.prepare<[string, number], { time: number; kind: string; message: string }>(
      'SELECT time, kind, message FROM device_events WHERE device_id = ? ORDER BY id DESC LIMIT ?',
    );
    this.pruneStmt = db.prepare<[string, string, number]>(
      `DELETE FROM device_events WHERE device_id = ? AND id <= (
         SELECT id FROM device_events WHERE device_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
    );
    this.removeStmt = db.prepare<[string]>('DELETE FROM device_events WHERE device_id = ?');
  }

  add(deviceId: string, time: number, kind: DeviceEventKind, message: string): void {
    const id = this.addStmt.run(deviceId, time, kind, message).lastInsertRowid as number;
    if (id % 50 === 0) this.pruneStmt.run(deviceId, deviceId, EVENTS_PER_DEVICE);
  }

  /** Newest first. */
  recent(deviceId: string, limit = 50): Array<DeviceEvent & { kind: string }> {
    return this.recentStmt.all(deviceId, limit);
  }

  prune(deviceId: string): void {
    this.pruneStmt.run(deviceId, deviceId, EVENTS_PER_DEVICE);
  }

  removeDevice(deviceId: string): void {
    this.removeStmt.run(deviceId);
  }
}
