// record.query: RecordInfo per channel and day (in the device's zone), answers merged by SN (record-merge.ts),
// kept per channel, day and type. A day is asked once; callers get what has arrived when it completes or the
// wait ends (complete: false, "still receiving"), and parts arriving later are still merged into the cached
// day, so asking again shows them. Days that are not over yet are asked again after `todayTtlMs`.
import { DomainError } from '../../../shared/errors';
import type { ServerText } from '../../../shared/texts';
import { recordQueryFailedText, recordQueryRefusedText } from './texts';
import type { RecordItemView, RecordQueryResult, RecordType } from '../../../shared/types/recordings';
import type { Logger } from '../../log/logger';
import type { Clock, TimerHandle } from '../../sip/timers/clock';
import { formatGbTime, parseGbTime } from '../datetime';
import type { DecodedBody, ManscdpDoc } from '../manscdp/codec';
import { buildRecordInfoQuery, parseRecordInfo, type RecordItem } from '../manscdp/messages/record-info';
import { RecordMerge } from './record-merge';

/** What the search needs from device access. */
export interface RecordDevices {
  sendManscdp(deviceId: string, doc: ManscdpDoc): Promise<{ status: number; reason: string }>;
  nextSn(): number;
  onManscdp(cmdType: string, handler: (deviceId: string, body: DecodedBody) => void): () => void;
  /** The device's zone (IANA name or ±hh:mm); undefined: the console's. */
  timeZoneOf(deviceId: string): string | undefined;
}

export interface RecordTiming {
  /** How long a query waits for the day to complete before answering with what it has. */
  waitMs: number;
  /** Silence after which a day still short of SumNum stops being waited for (late parts are still taken). */
  idleMs: number;
  /** A day that includes now is asked again after this long. */
  todayTtlMs: number;
  /** How long an SN keeps accepting late parts. */
  lateMs: number;
}

export const DEFAULT_RECORD_TIMING: RecordTiming = { waitMs: 10_000, idleMs: 5_000, todayTtlMs: 60_000, lateMs: 120_000 };

/** Days kept in the cache, all channels together. */
const MAX_DAYS = 2000;

interface Day {
  key: string;
  deviceId: string;
  merge: RecordMerge;
  askedAt: number;
  /** The whole day is in the past (its list no longer changes). */
  past: boolean;
  /** Settles when complete, idle or failed. */
  settled: Promise<void>;
  settle(): void;
  idle?: TimerHandle;
  error?: ServerText;
}

const DAY_MS = 86_400_000;

export class RecordSearch {
  private readonly timing: RecordTiming;
  private readonly days = new Map<string, Day>();
  /** `${deviceId}|${sn}` -> the day its answers go to (kept `lateMs`). */
  private readonly bySn = new Map<string, { day: Day; until: number }>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly devices: RecordDevices,
    private readonly clock: Clock,
    private readonly logger: Logger,
    timing: Partial<RecordTiming> = {},
  ) {
    this.timing = { ...DEFAULT_RECORD_TIMING, ...timing };
    this.unsubscribe = devices.onManscdp('RecordInfo', (deviceId, body) => this.part(deviceId, body));
  }

  async query(q: { deviceId: string; channelId: string; start: number; end: number; type?: RecordType }): Promise<RecordQueryResult> {
    const zone = this.devices.timeZoneOf(q.deviceId);
    const type = q.type ?? 'all';
    const days = dayStarts(q.start * 1000, q.end * 1000, zone).map((d) => this.day(q.deviceId, q.channelId, type, d, zone));
    let timer: TimerHandle | undefined;
    await Promise.race([
      Promise.all(days.map((d) => d.settled)),
      new Promise<void>((r) => (timer = this.clock.setTimeout(r, this.timing.waitMs))),
    ]);
    if (timer !== undefined) this.clock.clearTimeout(timer);
    const failed = days.find((d) => d.error && d.merge.received === 0);
    if (failed && days.length === 1) throw DomainError.saying('unavailable', failed.error!);
    const items: RecordItemView[] = [];
    const seen = new Set<string>();
    for (const d of days) {
      for (const it of d.merge.list()) {
        const v = view(it);
        if (!v || v.end <= q.start || v.start >= q.end) continue;
        const k = `${v.start}|${v.end}|${v.type}|${it.filePath ?? ''}`;
        if (seen.has(k)) continue;
        seen.add(k);
        items.push(v);
      }
    }
    items.sort((a, b) => a.start - b.start || a.end - b.end);
    const expected = days.every((d) => d.merge.expected !== undefined) ? days.reduce((n, d) => n + (d.merge.expected ?? 0), 0) : null;
    return { items, complete: days.every((d) => d.merge.complete), expected };
  }

  close(): void {
    this.unsubscribe();
    for (const d of this.days.values()) if (d.idle !== undefined) this.clock.clearTimeout(d.idle);
    this.days.clear();
    this.bySn.clear();
  }

  /** The cached day, or a new RecordInfo for it. */
  private day(deviceId: string, channelId: string, type: string, dayStart: number, zone: string | undefined): Day {
    const key = `${deviceId}|${channelId}|${type}|${dayStart}`;
    const now = this.clock.now();
    const cached = this.days.get(key);
    if (cached && !cached.error && (cached.past || now - cached.askedAt < this.timing.todayTtlMs)) {
      if (cached.merge.complete || now - cached.askedAt < this.timing.lateMs) return cached;
    }
    let settle!: () => void;
    const settled = new Promise<void>((r) => (settle = r));
    const day: Day = { key, deviceId, merge: new RecordMerge(), askedAt: now, past: dayStart + DAY_MS + 3_600_000 < now, settled, settle };
    this.days.delete(key);
    this.days.set(key, day);
    while (this.days.size > MAX_DAYS) this.days.delete(this.days.keys().next().value!);
    const sn = this.devices.nextSn();
    this.pruneSns(now);
    this.bySn.set(`${deviceId}|${sn}`, { day, until: now + this.timing.lateMs });
    this.armIdle(day);
    const doc = buildRecordInfoQuery({
      sn,
      channelId,
      startTime: new Date(dayStart),
      endTime: new Date(dayStart + DAY_MS - 1000),
      type: type as RecordType,
      timeZone: zone,
    });
    this.devices.sendManscdp(deviceId, doc).then(
      (res) => {
        if (res.status >= 300) this.fail(day, recordQueryRefusedText(deviceId, channelId, res.status, res.reason));
      },
      (err: unknown) => this.fail(day, recordQueryFailedText(deviceId, err)),
    );
    return day;
  }

  private part(fromId: string, body: DecodedBody): void {
    const hit = this.bySn.get(`${fromId}|${body.sn}`) ?? this.bySn.get(`${body.deviceId}|${body.sn}`);
    if (!hit) return;
    const part = parseRecordInfo(body, { timeZone: this.devices.timeZoneOf(hit.day.deviceId) });
    const day = hit.day;
    const wasComplete = day.merge.complete;
    day.merge.add(part);
    if (wasComplete && day.merge.beyondSumNum > 0) {
      this.logger.warn(`device ${day.deviceId}: RecordInfo said SumNum ${day.merge.expected} but sent ${day.merge.received} distinct items; all are kept`);
    }
    if (day.merge.complete) {
      if (day.idle !== undefined) this.clock.clearTimeout(day.idle);
      day.idle = undefined;
      day.settle();
    } else {
      this.armIdle(day);
    }
  }

  private armIdle(day: Day): void {
    if (day.idle !== undefined) this.clock.clearTimeout(day.idle);
    day.idle = this.clock.setTimeout(() => {
      day.idle = undefined;
      day.settle();
    }, this.timing.idleMs);
  }

  private fail(day: Day, said: ServerText): void {
    day.error = said;
    this.logger.warn(said.text);
    if (day.idle !== undefined) this.clock.clearTimeout(day.idle);
    day.idle = undefined;
    day.settle();
  }

  private pruneSns(now: number): void {
    for (const [k, v] of this.bySn) if (v.until < now) this.bySn.delete(k);
    while (this.bySn.size > 1024) this.bySn.delete(this.bySn.keys().next().value!);
  }
}

/** Midnights (in `zone`) of the days [startMs, endMs) touches, as instants. */
export function dayStarts(startMs: number, endMs: number, zone: string | undefined): number[] {
  const out: number[] = [];
  let t = midnight(startMs, zone);
  while (t < endMs && out.length < 62) {
    out.push(t);
    t = midnight(t + DAY_MS + 3 * 3_600_000, zone);
  }
  return out;
}

function midnight(ms: number, zone: string | undefined): number {
  const date = formatGbTime(new Date(ms), zone).slice(0, 10);
  return parseGbTime(`${date}T00:00:00`, zone)!.getTime();
}

function view(it: RecordItem): RecordItemView | undefined {
  if (!it.start || !it.end) return undefined;
  const v: RecordItemView = { start: Math.floor(it.start.getTime() / 1000), end: Math.floor(it.end.getTime() / 1000), type: (it.type ?? 'time').toLowerCase() };
  if (it.name !== undefined) v.name = it.name;
  if (it.fileSize !== undefined) v.fileSize = it.fileSize;
  return v;
}
