// The two dictionaries behind the compact message rows: kinds (direction, method, status class, CmdType, and for
// templated keepalives the other side's user) and device IDs. Both are keyed by what peers send, so both are
// bounded; a value that finds the dictionary full gets the shared overflow code, whose rows the reader checks
// against the decoded message instead of trusting the code.
import type Database from 'better-sqlite3';
import { DEVICE_TABLE, KIND_TABLE } from './rows';
import { MAX_SHAPES, hasShape, shapeOf } from './text-shapes';

/** Stored shapes: a JSON array; NULL (kinds from before migration 9 too) is open. */
function parseShapes(v: string | null): Shapes {
  if (v === null) return null;
  try {
    const a = JSON.parse(v) as unknown;
    return Array.isArray(a) && a.every((x) => typeof x === 'string') ? a : null;
  } catch {
    return null;
  }
}

export interface Kind {
  direction: 'in' | 'out' | null;
  method: string | null;
  statusClass: number | null;
  cmdType: string | null;
  /** For templated messages: the user of the side that is not the device (the server's ID, normally). */
  otherUser: string | null;
  templated: boolean;
}

/** Shapes of a templated kind's messages (text-shapes.ts); null: open (any text may be in them). */
export type Shapes = string[] | null;

export const OVERFLOW_KIND_KEY = '*';
/** Device code shared by device IDs that arrived after the dictionary filled up. */
export const OVERFLOW_DEVICE = 0;

export interface CodeLimits {
  maxKinds?: number;
  maxDevices?: number;
}

function kindKey(k: Kind): string {
  return JSON.stringify([k.direction, k.method, k.statusClass, k.cmdType, k.otherUser, k.templated ? 1 : 0]);
}

export class SignallingCodes {
  readonly kinds = new Map<number, Kind & { count: number; shapes: Shapes }>();
  private readonly kindIds = new Map<string, number>();
  private readonly deviceIds = new Map<string, number>();
  readonly devices = new Map<number, string>();
  overflowKind: number;
  private readonly maxKinds: number;
  private readonly maxDevices: number;
  private readonly insertKind;
  private readonly insertDevice;
  private readonly addCount;
  private readonly maxima;
  private readonly dataVersion;
  private readonly kindCounts;
  private readonly setShapes;
  private readonly devicesAfter;
  private seenVersion = -1;
  private maxKind = 0;
  private maxDevice = 0;
  private readonly db: Database.Database;

  constructor(db: Database.Database, limits: CodeLimits = {}) {
    this.db = db;
    this.maxima = db.prepare<[], { k: number | null; d: number | null }>(
      `SELECT (SELECT max(id) FROM ${KIND_TABLE}) AS k, (SELECT max(id) FROM ${DEVICE_TABLE}) AS d`,
    );
    this.dataVersion = db.prepare<[], { data_version: number }>('PRAGMA data_version');
    this.kindCounts = db.prepare<[], { id: number; count: number; shapes: string | null }>(`SELECT id, count, shapes FROM ${KIND_TABLE}`);
    this.setShapes = db.prepare<[string | null, number]>(`UPDATE ${KIND_TABLE} SET shapes = ? WHERE id = ?`);
    this.devicesAfter = db.prepare<[number], { id: number; device_id: string }>(`SELECT id, device_id FROM ${DEVICE_TABLE} WHERE id > ?`);
    this.maxKinds = limits.maxKinds ?? 4096;
    this.maxDevices = limits.maxDevices ?? 200_000;
    this.insertKind = db.prepare(
      `INSERT INTO ${KIND_TABLE} (key, direction, method, status_class, cmd_type, other_user, templated, shapes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertDevice = db.prepare(`INSERT INTO ${DEVICE_TABLE} (device_id) VALUES (?)`);
    this.addCount = db.prepare<[number, number]>(`UPDATE ${KIND_TABLE} SET count = count + ? WHERE id = ?`);
    this.load(db);
    this.overflowKind = this.kindIds.get(OVERFLOW_KIND_KEY) ?? this.addKind(OVERFLOW_KIND_KEY, { direction: null, method: null, statusClass: null, cmdType: null, otherUser: null, templated: false });
  }

  /** Reads both dictionaries from the database (also after a failed write transaction left the maps ahead). */
  load(db: Database.Database): void {
    this.maxKind = 0;
    this.maxDevice = 0;
    this.kindIds.clear();
    this.kinds.clear();
    this.deviceIds.clear();
    this.devices.clear();
    type KindRow = { id: number; key: string; direction: 'in' | 'out' | null; method: string | null; status_class: number | null; cmd_type: string | null; other_user: string | null; templated: number; count: number; shapes: string | null };
    for (const r of db.prepare(`SELECT * FROM ${KIND_TABLE}`).all() as KindRow[]) {
      this.kindIds.set(r.key, r.id);
      this.maxKind = Math.max(this.maxKind, r.id);
      this.kinds.set(r.id, { direction: r.direction, method: r.method, statusClass: r.status_class, cmdType: r.cmd_type, otherUser: r.other_user, templated: r.templated === 1, count: r.count, shapes: parseShapes(r.shapes) });
    }
    for (const r of db.prepare(`SELECT id, device_id FROM ${DEVICE_TABLE}`).all() as { id: number; device_id: string }[]) {
      this.deviceIds.set(r.device_id, r.id);
      this.maxDevice = Math.max(this.maxDevice, r.id);
      this.devices.set(r.id, r.device_id);
    }
    this.overflowKind = this.kindIds.get(OVERFLOW_KIND_KEY) ?? this.overflowKind;
  }

  private addKind(key: string, k: Kind): number {
    const id = Number(this.insertKind.run(key, k.direction, k.method, k.statusClass, k.cmdType, k.otherUser, k.templated ? 1 : 0, k.templated ? '[]' : null).lastInsertRowid);
    this.kindIds.set(key, id);
    this.maxKind = Math.max(this.maxKind, id);
    this.kinds.set(id, { ...k, count: 0, shapes: k.templated ? [] : null });
    return id;
  }

  /** The kind's code, creating it (inside the caller's transaction) unless the dictionary is full. */
  kindCode(k: Kind): number {
    return this.kindCodeIfRoom(k) ?? this.overflowKind;
  }

  /** The kind's code, creating it when there is room; null when the dictionary is full (templated messages need a kind of their own). */
  kindCodeIfRoom(k: Kind): number | null {
    const key = kindKey(k);
    const id = this.kindIds.get(key);
    if (id !== undefined) return id;
    return this.kindIds.size < this.maxKinds ? this.addKind(key, k) : null;
  }

  deviceCode(deviceId: string): number {
    const id = this.deviceIds.get(deviceId);
    if (id !== undefined) return id;
    if (this.deviceIds.size >= this.maxDevices) return OVERFLOW_DEVICE;
    const code = Number(this.insertDevice.run(deviceId).lastInsertRowid);
    this.deviceIds.set(deviceId, code);
    this.maxDevice = Math.max(this.maxDevice, code);
    this.devices.set(code, deviceId);
    return code;
  }

  /** Code of a device ID already seen; OVERFLOW_DEVICE when unknown and the dictionary is full; null otherwise. */
  lookupDevice(deviceId: string): number | null {
    const id = this.deviceIds.get(deviceId);
    if (id !== undefined) return id;
    return this.deviceIds.size >= this.maxDevices ? OVERFLOW_DEVICE : null;
  }

  /** Records the shape of a templated kind's message (inside the caller's transaction); past MAX_SHAPES the kind is open. */
  addShape(id: number, raw: Buffer): void {
    const k = this.kinds.get(id);
    if (!k || k.shapes === null || k.shapes.some((s) => hasShape(raw, s))) return;
    const shape = shapeOf(raw);
    k.shapes = k.shapes.length < MAX_SHAPES ? [...k.shapes, shape] : null;
    this.setShapes.run(k.shapes && JSON.stringify(k.shapes), id);
  }

  /** Persists per-kind message counts (the reader plans with them); call inside the write transaction. */
  count(delta: Map<number, number>): void {
    for (const [id, n] of delta) {
      this.addCount.run(n, id);
      const k = this.kinds.get(id);
      if (k) k.count += n;
    }
  }

  /**
   * Follows another connection's writes (the writer thread's): new kinds and devices, and the per-kind counts the
   * reader plans with. Cheap when nothing changed (PRAGMA data_version).
   */
  refresh(): void {
    const v = this.dataVersion.get()!.data_version;
    if (v === this.seenVersion) return;
    this.seenVersion = v;
    const { k, d } = this.maxima.get()!;
    if ((k ?? 0) !== this.maxKind || (d ?? 0) < this.maxDevice) return this.load(this.db);
    for (const r of this.kindCounts.all()) {
      const kind = this.kinds.get(r.id);
      if (!kind) continue;
      kind.count = r.count;
      kind.shapes = parseShapes(r.shapes);
    }
    for (const r of this.devicesAfter.all(this.maxDevice)) {
      this.deviceIds.set(r.device_id, r.id);
      this.devices.set(r.id, r.device_id);
      this.maxDevice = Math.max(this.maxDevice, r.id);
    }
  }

  /** Re-reads counts after another connection changed them (retention runs on the same one, so rarely needed). */
  kindOf(id: number): (Kind & { count: number; shapes: Shapes }) | undefined {
    return this.kinds.get(id);
  }
}
