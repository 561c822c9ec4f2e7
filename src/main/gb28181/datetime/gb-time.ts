// GB/T 28181 times are wall-clock times without a zone: the Date header of a 200 OK to REGISTER
// (YYYY-MM-DDTHH:mm:ss.SSS) and the times in MANSCDP bodies (YYYY-MM-DDTHH:mm:ss). Devices read them in their own
// zone, which on many sites is not the console's: each function takes the device's zone (an IANA name such as
// "Asia/Shanghai" or a fixed offset such as "+08:00"); undefined means the console's local zone.

const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

/** e.g. 2024-08-20T15:18:42 (wall clock in `zone`, default local time) */
export function formatGbTime(d: Date, zone?: string): string {
  const w = wallClockOf(d, zone);
  return `${w.year}-${p2(w.month)}-${p2(w.day)}T${p2(w.hour)}:${p2(w.minute)}:${p2(w.second)}`;
}

/** e.g. 2024-08-20T15:18:42.123 (wall clock in `zone`), the value of the Date header in the 200 OK to REGISTER. */
export function formatGbDateHeader(d: Date, zone?: string): string {
  return `${formatGbTime(d, zone)}.${p3(d.getMilliseconds())}`;
}

const GB_TIME =
  /^\s*(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?\s*$/i;

/**
 * Parses a GB time as devices send it: with or without zero padding (2022-5-24T0:07:21), milliseconds, "T" or a
 * space between date and time. A trailing Z or ±hh:mm, which some devices add, is honoured; otherwise the time
 * is the wall clock of `zone` (the device's zone; default the console's). Undefined when not a real time.
 */
export function parseGbTime(s: string, zone?: string): Date | undefined {
  const m = GB_TIME.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec = '0', frac = '0', suffix] = m;
  const w: WallClock = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(sec),
    ms: Number(frac.padEnd(3, '0').slice(0, 3)),
  };
  if (!isRealWallClock(w)) return undefined;
  const fixed = suffix !== undefined ? offsetMinutes(suffix) : undefined;
  const t = fixed !== undefined ? wallUtc(w) - fixed * 60_000 : zonedToUtc(w, zone);
  return t === undefined || Number.isNaN(t) ? undefined : new Date(t);
}

/** Same parser; named for the Date header. */
export const parseGbDateHeader = parseGbTime;

/** True when `zone` is a fixed offset (Z, +08:00, -0330) or an IANA zone name this runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  if (offsetMinutes(zone) !== undefined) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Unix seconds, as used in the SDP t= line of Playback / Download. */
export function toUnixSeconds(d: Date): number {
  return Math.floor(d.getTime() / 1000);
}

export function fromUnixSeconds(s: number): Date {
  return new Date(s * 1000);
}

function isRealWallClock(w: WallClock): boolean {
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.hour > 23 || w.minute > 59 || w.second > 60) return false;
  return w.day <= new Date(Date.UTC(w.year, w.month, 0)).getUTCDate();
}

const wallUtc = (w: WallClock) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);

/** Minutes east of UTC for Z, ±hh, ±hhmm or ±hh:mm; undefined for anything else (e.g. an IANA name). */
function offsetMinutes(s: string): number | undefined {
  const t = s.trim();
  if (/^z$/i.test(t)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(t);
  if (!m) return undefined;
  const min = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return min > 18 * 60 ? undefined : (m[1] === '-' ? -1 : 1) * min;
}

function zonedToUtc(w: WallClock, zone: string | undefined): number | undefined {
  if (zone === undefined) return new Date(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms).getTime();
  const fixed = offsetMinutes(zone);
  if (fixed !== undefined) return wallUtc(w) - fixed * 60_000;
  const guess = wallUtc(w);
  const first = ianaOffsetMs(zone, guess);
  if (first === undefined) return undefined;
  // A second pass lands on the right side of a DST change.
  const second = ianaOffsetMs(zone, guess - first);
  return guess - (second ?? first);
}

function wallClockOf(d: Date, zone: string | undefined): WallClock {
  if (zone === undefined) {
    return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes(), second: d.getSeconds(), ms: d.getMilliseconds() };
  }
  const fixed = offsetMinutes(zone);
  const offset = fixed !== undefined ? fixed * 60_000 : (ianaOffsetMs(zone, d.getTime()) ?? -d.getTimezoneOffset() * 60_000);
  const s = new Date(d.getTime() + offset);
  return { year: s.getUTCFullYear(), month: s.getUTCMonth() + 1, day: s.getUTCDate(), hour: s.getUTCHours(), minute: s.getUTCMinutes(), second: s.getUTCSeconds(), ms: s.getUTCMilliseconds() };
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** The zone's offset from UTC at instant `t`, ms; undefined for a zone the runtime does not know. */
function ianaOffsetMs(zone: string, t: number): number | undefined {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      f = null;
    }
    if (formatters.size < 64) formatters.set(zone, f);
  }
  if (!f) return undefined;
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(t))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - (t - (((t % 1000) + 1000) % 1000));
}
