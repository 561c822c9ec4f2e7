import type Database from 'better-sqlite3';
import type { RegistrationFailure, RegistrationFailureReason, SipTransport } from '../../../shared/types/devices';

export interface FailureRow {
  device_id: string;
  reason: string;
  address: string;
  transport: string;
  message: string;
  count: number;
  first_at: number;
  last_at: number;
}

export function toFailure(r: FailureRow): RegistrationFailure {
  return {
    deviceId: r.device_id,
    address: r.address,
    transport: r.transport as SipTransport,
    reason: r.reason as RegistrationFailureReason,
    message: r.message,
    count: r.count,
    firstAt: r.first_at,
    lastAt: r.last_at,
  };
}

export function toFailureRow(f: RegistrationFailure): FailureRow {
  return {
    device_id: f.deviceId,
    reason: f.reason,
    address: f.address,
    transport: f.transport,
    message: f.message,
    count: f.count,
    first_at: f.firstAt,
    last_at: f.lastAt,
  };
}

/** Registration failures kept for diagnostics, one row per device and reason. */
export class FailureRepo {
  private readonly allStmt;
  private readonly upsertStmt;
  private readonly clearStmt;

  constructor(db: Database.Database) {
    this.allStmt = db.prepare<[], FailureRow>('SELECT * FROM registration_failures ORDER BY last_at DESC');
    this.upsertStmt = db.prepare<[FailureRow]>(
      `INSERT INTO registration_failures (device_id, reason, address, transport, message, count, first_at, last_at)
       VALUES (@device_id, @reason, @address, @transport, @message, @count, @first_at, @last_at)
       ON CONFLICT(device_id, reason) DO UPDATE SET address = excluded.address, transport = excluded.transport,
         message = excluded.message, count = excluded.count, first_at = excluded.first_at, last_at = excluded.last_at`,
    );
    this.clearStmt = db.prepare<[string]>('DELETE FROM registration_failures WHERE device_id = ?');
  }

  all(): RegistrationFailure[] {
    return this.allStmt.all().map(toFailure);
  }

  save(f: RegistrationFailure): void {
    this.upsertStmt.run(toFailureRow(f));
  }

  clear(deviceId: string): boolean {
    return this.clearStmt.run(deviceId).changes > 0;
  }
}
