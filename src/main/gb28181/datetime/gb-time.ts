// GB/T 28181 times are local wall-clock times without a zone: the Date header of a 200 OK to REGISTER
// (YYYY-MM-DDTHH:mm:ss.SSS) and the times in queries such as RecordInfo (YYYY-MM-DDTHH:mm:ss).

const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');

/** e.g. 2024-08-20T15:18:42 (local time) */
export function formatGbTime(d: Date): string {
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}T${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}`;
}

/** e.g. 2024-08-20T15:18:42.123 (local time), the value of the Date header in the 200 OK to REGISTER. */
export function formatGbDateHeader(d: Date): string {
  return `${formatGbTime(d)}.${p3(d.getMilliseconds())}`;
}

const GB_TIME =
  /^\s*(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$/i;

/**
 * Parses a GB time with or without milliseconds ("T" or a space between date and time). Without a zone it is
 * local time; a trailing Z or ±hh:mm, which some devices add, is honoured. Undefined when not a real time.
 */
export function parseGbTime(s: string): Date | undefined {
  const m = GB_TIME.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec = '0', frac = '0', zone] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), ms] as const;
  let date: Date;
  if (zone) {
    const utc = Date.UTC(...parts);
    let offsetMin = 0;
    if (zone.toUpperCase() !== 'Z') {
      const z = zone.replace(':', '');
      offsetMin = (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5)));
    }
    date = new Date(utc - offsetMin * 60_000);
    const check = new Date(Date.UTC(...parts));
    if (check.getUTCDate() !== parts[2] || check.getUTCMonth() !== parts[1]) return undefined;
  } else {
    date = new Date(...parts);
    if (date.getDate() !== parts[2] || date.getMonth() !== parts[1]) return undefined;
  }
  if (parts[3] > 23 || parts[4] > 59 || parts[5] > 60) return undefined;
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Same parser; named for the Date header. */
export const parseGbDateHeader = parseGbTime;

/** Unix seconds, as used in the SDP t= line of Playback / Download. */
export function toUnixSeconds(d: Date): number {
  return Math.floor(d.getTime() / 1000);
}

export function fromUnixSeconds(s: number): Date {
  return new Date(s * 1000);
}
