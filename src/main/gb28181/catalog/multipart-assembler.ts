// Collects a multi-part list response (Catalog, RecordInfo, PresetQuery ...) sent as several MESSAGEs with the
// same SN (GB/T 28181-2016 A.2.6): done when SumNum distinct items have arrived; on timeout the partial list is
// returned, flagged. Items are deduplicated by a caller-supplied key, so repeated parts are harmless. Some devices
// undercount SumNum (e.g. leave their own entry or the organisation nodes out of it): parts of the same answer that
// arrive after completion are still taken for a while and reported with the whole list (onLate).

import { GroupedKeys } from '../../../shared/grouped-keys';

/** Time source; the SIP stack's Clock fits. */
export interface AssemblerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ListPart<T> {
  /** SumNum of this part; undefined when absent or unreadable. */
  sumNum?: number;
  items: readonly T[];
}

export type AssemblyEnd = 'complete' | 'timeout' | 'cancelled' | 'too-many-items';

/** Answers that completed and may still get late parts, at most this many at once (oldest forgotten first). */
const MAX_LINGERING = 1024;

export interface AssemblyResult<T> {
  deviceId: string;
  sn: string;
  complete: boolean;
  /** Why it finished. */
  end: AssemblyEnd;
  items: T[];
  /** Items received (distinct by key). */
  received: number;
  /** SumNum (the largest seen); undefined when no part said. */
  expected: number | undefined;
  /** Distinct items beyond SumNum: the device undercounted its list (0 otherwise). */
  beyondSumNum: number;
  parts: number;
  duplicates: number;
  startedAt: number;
  finishedAt: number;
}

export interface AssemblerOptions<T> {
  clock: AssemblerClock;
  /** Identity of an item for duplicate detection (Catalog: DeviceID). Undefined = never a duplicate. */
  keyOf: (item: T) => string | undefined;
  /** Silence allowed before the first part and between parts, ms. */
  timeoutMs: number;
  /** Hard limit from expect() to the end, ms (default: none). */
  maxTotalMs?: number;
  /** Safety cap on items per assembly (default 100 000). */
  maxItems?: number;
  /**
   * New items of an answer that already completed (SumNum undercounted), with the whole list so far. Without it,
   * parts after completion are 'unexpected'.
   */
  onLate?: (r: AssemblyResult<T>) => void;
  /** How long after completion late parts are taken, ms (default timeoutMs). */
  lingerMs?: number;
}

interface Pending<T> {
  deviceId: string;
  sn: string;
  items: T[];
  keys: Set<string>;
  /** Items that count toward SumNum: distinct keyed ones (an item without identity, e.g. no DeviceID, does not). */
  counted: number;
  expected: number | undefined;
  parts: number;
  duplicates: number;
  startedAt: number;
  idleTimer: unknown;
  totalTimer: unknown;
  timeoutMs: number;
  resolve: (r: AssemblyResult<T>) => void;
}

export type AcceptOutcome = 'completed' | 'progress' | 'late' | 'unexpected';

interface Lingering<T> {
  result: AssemblyResult<T>;
  keys: Set<string>;
  timer: unknown;
}

const keyFor = (deviceId: string, sn: string) => `${deviceId}\u0000${sn}`;

export class MultipartAssembler<T> {
  private readonly pending = new Map<string, Pending<T>>();
  private readonly lingering = new Map<string, Lingering<T>>();
  private readonly pendingByDevice = new GroupedKeys();
  private readonly lingeringByDevice = new GroupedKeys();

  constructor(private readonly opts: AssemblerOptions<T>) {}

  /** Starts waiting for the answer to a query just sent; resolves once, never rejects. */
  expect(deviceId: string, sn: string | number, o: { timeoutMs?: number } = {}): Promise<AssemblyResult<T>> {
    const snS = String(sn);
    const key = keyFor(deviceId, snS);
    this.finish(key, 'cancelled');
    return new Promise((resolve) => {
      const timeoutMs = o.timeoutMs ?? this.opts.timeoutMs;
      const p: Pending<T> = {
        deviceId,
        sn: snS,
        items: [],
        keys: new Set(),
        counted: 0,
        expected: undefined,
        parts: 0,
        duplicates: 0,
        startedAt: this.opts.clock.now(),
        idleTimer: undefined,
        totalTimer: undefined,
        timeoutMs,
        resolve,
      };
      this.pending.set(key, p);
      this.pendingByDevice.add(deviceId, key);
      p.idleTimer = this.opts.clock.setTimeout(() => this.finish(key, 'timeout'), timeoutMs);
      if (this.opts.maxTotalMs !== undefined) {
        p.totalTimer = this.opts.clock.setTimeout(() => this.finish(key, 'timeout'), this.opts.maxTotalMs);
      }
    });
  }

  /**
   * Feeds one part. 'late' when it belongs to an answer that already completed (see onLate); 'unexpected' when
   * nobody waits for this device + SN (too late, unsolicited or wrong SN).
   */
  accept(deviceId: string, sn: string | number, part: ListPart<T>): AcceptOutcome {
    const key = keyFor(deviceId, String(sn));
    const p = this.pending.get(key);
    if (!p) return this.acceptLate(key, part);
    p.parts++;
    if (part.sumNum !== undefined && Number.isInteger(part.sumNum) && part.sumNum >= 0) {
      p.expected = p.expected === undefined ? part.sumNum : Math.max(p.expected, part.sumNum);
    }
    const maxItems = this.opts.maxItems ?? 100_000;
    for (const item of part.items) {
      const k = this.opts.keyOf(item);
      if (k !== undefined) {
        if (p.keys.has(k)) {
          p.duplicates++;
          continue;
        }
        p.keys.add(k);
        p.counted++;
      }
      if (p.items.length >= maxItems) {
        this.finish(key, 'too-many-items');
        return 'completed';
      }
      p.items.push(item);
    }
    if (p.expected !== undefined && p.counted >= p.expected) {
      this.finish(key, 'complete');
      return 'completed';
    }
    this.opts.clock.clearTimeout(p.idleTimer);
    p.idleTimer = this.opts.clock.setTimeout(() => this.finish(key, 'timeout'), p.timeoutMs);
    return 'progress';
  }

  /**
   * The device took the query (2xx): the silence allowed before the first part starts now, since it could not
   * answer what it had not received.
   */
  accepted(deviceId: string, sn: string | number): void {
    const key = keyFor(deviceId, String(sn));
    const p = this.pending.get(key);
    if (!p || p.parts > 0) return;
    this.opts.clock.clearTimeout(p.idleTimer);
    p.idleTimer = this.opts.clock.setTimeout(() => this.finish(key, 'timeout'), p.timeoutMs);
  }

  /** True while parts of this answer are taken: before it ends, and for lingerMs after it completed (onLate). */
  isWaiting(deviceId: string, sn: string | number): boolean {
    const key = keyFor(deviceId, String(sn));
    return this.pending.has(key) || this.lingering.has(key);
  }

  /** Ends a wait early (e.g. the device went offline); the promise resolves with what arrived. */
  cancel(deviceId: string, sn: string | number): boolean {
    return this.finish(keyFor(deviceId, String(sn)), 'cancelled');
  }

  /** Cancels every wait for a device (and stops taking late parts of its completed answers). */
  cancelDevice(deviceId: string): number {
    let n = 0;
    for (const key of this.pendingByDevice.of(deviceId)) if (this.finish(key, 'cancelled')) n++;
    for (const key of this.lingeringByDevice.of(deviceId)) this.stopLingering(key);
    return n;
  }

  get size(): number {
    return this.pending.size;
  }

  /** Devices with an answer awaited or lingering (tests: the indexes empty with the waits). */
  get devicesIndexed(): number {
    return this.pendingByDevice.owners + this.lingeringByDevice.owners;
  }

  private finish(key: string, end: AssemblyEnd): boolean {
    const p = this.pending.get(key);
    if (!p) return false;
    this.pending.delete(key);
    this.pendingByDevice.delete(p.deviceId, key);
    this.opts.clock.clearTimeout(p.idleTimer);
    if (p.totalTimer !== undefined) this.opts.clock.clearTimeout(p.totalTimer);
    const result: AssemblyResult<T> = {
      deviceId: p.deviceId,
      sn: p.sn,
      complete: end === 'complete',
      end,
      items: p.items,
      received: p.items.length,
      expected: p.expected,
      beyondSumNum: beyond(p.counted, p.expected),
      parts: p.parts,
      duplicates: p.duplicates,
      startedAt: p.startedAt,
      finishedAt: this.opts.clock.now(),
    };
    if (end === 'complete' && this.opts.onLate) this.linger(key, result, p.keys);
    p.resolve({ ...result, items: [...result.items] });
    return true;
  }

  private linger(key: string, result: AssemblyResult<T>, keys: Set<string>): void {
    this.stopLingering(key);
    if (this.lingering.size >= MAX_LINGERING) this.stopLingering(this.lingering.keys().next().value as string);
    const timer = this.opts.clock.setTimeout(() => this.stopLingering(key), this.opts.lingerMs ?? this.opts.timeoutMs);
    this.lingering.set(key, { result, keys, timer });
    this.lingeringByDevice.add(result.deviceId, key);
  }

  private stopLingering(key: string): void {
    const l = this.lingering.get(key);
    if (!l) return;
    this.lingering.delete(key);
    this.lingeringByDevice.delete(l.result.deviceId, key);
    this.opts.clock.clearTimeout(l.timer);
  }

  /** A part of an answer that completed: new distinct items are kept and reported with the whole list. */
  private acceptLate(key: string, part: ListPart<T>): AcceptOutcome {
    const l = this.lingering.get(key);
    if (!l) return 'unexpected';
    const r = l.result;
    r.parts++;
    let added = 0;
    const maxItems = this.opts.maxItems ?? 100_000;
    for (const item of part.items) {
      const k = this.opts.keyOf(item);
      if (k === undefined || r.items.length >= maxItems) continue;
      if (l.keys.has(k)) {
        r.duplicates++;
        continue;
      }
      l.keys.add(k);
      r.items.push(item);
      added++;
    }
    if (added === 0) return 'late';
    r.received = r.items.length;
    r.beyondSumNum = beyond(l.keys.size, r.expected);
    r.finishedAt = this.opts.clock.now();
    this.opts.onLate?.({ ...r, items: [...r.items] });
    return 'late';
  }
}

const beyond = (counted: number, expected: number | undefined) => (expected === undefined ? 0 : Math.max(0, counted - expected));

/** Catalog items are identified by DeviceID. */
export const catalogItemKey = (item: { deviceId: string }) => (item.deviceId ? item.deviceId : undefined);
