// Collects a multi-part list response (Catalog, RecordInfo, PresetQuery ...) sent as several MESSAGEs with the
// same SN (GB/T 28181-2016 A.2.6): done when SumNum distinct items have arrived; on timeout the partial list is
// returned, flagged. Items are deduplicated by a caller-supplied key, so repeated parts are harmless.

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

export interface AssemblyResult<T> {
  deviceId: string;
  sn: string;
  complete: boolean;
  /** Why it finished. */
  end: AssemblyEnd;
  items: T[];
  /** Distinct items received. */
  received: number;
  /** SumNum (the largest seen); undefined when no part said. */
  expected: number | undefined;
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
}

interface Pending<T> {
  deviceId: string;
  sn: string;
  items: T[];
  keys: Set<string>;
  expected: number | undefined;
  parts: number;
  duplicates: number;
  startedAt: number;
  idleTimer: unknown;
  totalTimer: unknown;
  timeoutMs: number;
  resolve: (r: AssemblyResult<T>) => void;
}

export type AcceptOutcome = 'completed' | 'progress' | 'unexpected';

const keyFor = (deviceId: string, sn: string) => `${deviceId}\u0000${sn}`;

export class MultipartAssembler<T> {
  private readonly pending = new Map<string, Pending<T>>();

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
      p.idleTimer = this.opts.clock.setTimeout(() => this.finish(key, 'timeout'), timeoutMs);
      if (this.opts.maxTotalMs !== undefined) {
        p.totalTimer = this.opts.clock.setTimeout(() => this.finish(key, 'timeout'), this.opts.maxTotalMs);
      }
    });
  }

  /** Feeds one part. 'unexpected' when nobody waits for this device + SN (late, unsolicited or wrong SN). */
  accept(deviceId: string, sn: string | number, part: ListPart<T>): AcceptOutcome {
    const key = keyFor(deviceId, String(sn));
    const p = this.pending.get(key);
    if (!p) return 'unexpected';
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
      }
      if (p.items.length >= maxItems) {
        this.finish(key, 'too-many-items');
        return 'completed';
      }
      p.items.push(item);
    }
    if (p.expected !== undefined && p.items.length >= p.expected) {
      this.finish(key, 'complete');
      return 'completed';
    }
    this.opts.clock.clearTimeout(p.idleTimer);
    p.idleTimer = this.opts.clock.setTimeout(() => this.finish(key, 'timeout'), p.timeoutMs);
    return 'progress';
  }

  isWaiting(deviceId: string, sn: string | number): boolean {
    return this.pending.has(keyFor(deviceId, String(sn)));
  }

  /** Ends a wait early (e.g. the device went offline); the promise resolves with what arrived. */
  cancel(deviceId: string, sn: string | number): boolean {
    return this.finish(keyFor(deviceId, String(sn)), 'cancelled');
  }

  /** Cancels every wait for a device. */
  cancelDevice(deviceId: string): number {
    let n = 0;
    for (const [key, p] of [...this.pending]) if (p.deviceId === deviceId && this.finish(key, 'cancelled')) n++;
    return n;
  }

  get size(): number {
    return this.pending.size;
  }

  private finish(key: string, end: AssemblyEnd): boolean {
    const p = this.pending.get(key);
    if (!p) return false;
    this.pending.delete(key);
    this.opts.clock.clearTimeout(p.idleTimer);
    if (p.totalTimer !== undefined) this.opts.clock.clearTimeout(p.totalTimer);
    p.resolve({
      deviceId: p.deviceId,
      sn: p.sn,
      complete: end === 'complete',
      end,
      items: p.items,
      received: p.items.length,
      expected: p.expected,
      parts: p.parts,
      duplicates: p.duplicates,
      startedAt: p.startedAt,
      finishedAt: this.opts.clock.now(),
    });
    return true;
  }
}

/** Catalog items are identified by DeviceID. */
export const catalogItemKey = (item: { deviceId: string }) => (item.deviceId ? item.deviceId : undefined);
