// The calendar's arithmetic: a month as weeks of local days (Monday first), and which days have recordings.
import type { RecordItemView } from '../../../shared/types/recordings';
import type { TimeRange } from './time-axis';

const two = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM-DD of a local date. */
export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/** YYYY-MM of a local date. */
export function isoMonth(d: Date): string {
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}`;
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  return isoMonth(new Date(y, m - 1 + n, 1));
}

/** Local midnight of the 1st to local midnight of the next month's 1st, Unix seconds. */
export function monthRange(month: string): TimeRange {
  const [y, m] = month.split('-').map(Number);
  return { start: new Date(y, m - 1, 1).getTime() / 1000, end: new Date(y, m, 1).getTime() / 1000 };
}

/** Weeks of the month, Monday first; null pads the first and last week. */
export function monthWeeks(month: string): (string | null)[][] {
  const [y, m] = month.split('-').map(Number);
  const first = new Date(y, m - 1, 1);
  const days = new Date(y, m, 0).getDate();
  const lead = (first.getDay() + 6) % 7;
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let d = 1; d <= days; d++) cells.push(isoDay(new Date(y, m - 1, d)));
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** Local days (YYYY-MM-DD) that some item covers, within the range; an item across midnight marks both days. */
export function daysWithRecordings(items: readonly RecordItemView[], range: TimeRange): Set<string> {
  const out = new Set<string>();
  for (const item of items) {
    const s = Math.max(item.start, range.start);
    const e = Math.min(item.end, range.end);
    if (e <= s) continue;
    const d = new Date(s * 1000);
    let day = new Date(d.getFullYear(), d.getMonth(), d.getDate());
    while (day.getTime() / 1000 < e && out.size < 400) {
      out.add(isoDay(day));
      day = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1);
    }
  }
  return out;
}
