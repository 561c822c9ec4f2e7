// Synthetic recordings: every day each channel has "time" files of `fileMinutes` (default 115: twelve 1 h 55 min
// files starting every two hours) with a 5 min gap after each, one "alarm" file 10:15-10:20 and one "manual"
// file 15:30-15:45 (local time). RecordInfo answers with the files that overlap the query window.

export type RecordType = 'time' | 'alarm' | 'manual';

export interface RecordFile {
  channelId: string;
  name: string;
  filePath: string;
  start: Date;
  end: Date;
  type: RecordType;
  fileSize: number;
}

/** About 450 kbit/s, the committed clip's rate. */
export const RECORD_BYTES_PER_SECOND = 56_250;
const DAY_MS = 86_400_000;

const p2 = (n: number) => String(n).padStart(2, '0');

function at(day: Date, h: number, m: number): Date {
  return new Date(day.getFullYear(), day.getMonth(), day.getDate(), h, m, 0, 0);
}

function file(channelId: string, name: string, start: Date, end: Date, type: RecordType): RecordFile {
  const ymd = `${start.getFullYear()}${p2(start.getMonth() + 1)}${p2(start.getDate())}`;
  const hms = `${p2(start.getHours())}${p2(start.getMinutes())}${p2(start.getSeconds())}`;
  return {
    channelId,
    name,
    filePath: `/record/${channelId}/${ymd}/${hms}-${type}.ps`,
    start,
    end,
    type,
    fileSize: Math.round(((end.getTime() - start.getTime()) / 1000) * RECORD_BYTES_PER_SECOND),
  };
}

/** Length of each "time" file; shorter files make many more items a day (10 min: 98 a day). */
export const DEFAULT_FILE_MINUTES = 115;
const GAP_MINUTES = 5;

function dayFiles(channelId: string, name: string, day: Date, fileMinutes: number): RecordFile[] {
  const out: RecordFile[] = [];
  for (let m = 0; m < 24 * 60; m += fileMinutes + GAP_MINUTES) {
    out.push(file(channelId, name, at(day, 0, m), at(day, 0, Math.min(m + fileMinutes, 24 * 60 - 1)), 'time'));
  }
  out.push(file(channelId, name, at(day, 10, 15), at(day, 10, 20), 'alarm'));
  out.push(file(channelId, name, at(day, 15, 30), at(day, 15, 45), 'manual'));
  return out.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/**
 * Files of `channelId` overlapping [start, end] of the given type ("all" or absent: every type), oldest first,
 * at most `limit`.
 */
export function findRecords(channelId: string, name: string, start: Date, end: Date, type = 'all', limit = 5000, fileMinutes = DEFAULT_FILE_MINUTES): RecordFile[] {
  if (!(end.getTime() > start.getTime())) return [];
  const wanted = type.toLowerCase();
  const out: RecordFile[] = [];
  let day = at(start, 0, 0);
  while (day.getTime() <= end.getTime() && out.length < limit) {
    for (const f of dayFiles(channelId, name, day, Math.max(1, fileMinutes))) {
      if (f.end.getTime() <= start.getTime() || f.start.getTime() >= end.getTime()) continue;
      if (wanted !== 'all' && wanted !== '' && f.type !== wanted) continue;
      out.push(f);
      if (out.length >= limit) break;
    }
    day = at(new Date(day.getTime() + DAY_MS + 3_600_000), 0, 0);
  }
  return out;
}

/** Days recordedSecondsIn counts (100 years); a longer window counts its first 100 years. */
export const MAX_COUNTED_DAYS = 36_525;

/**
 * Seconds of [start, end) the channel's files cover (overlapping files counted once), day by day: a whole day
 * of 24 hours (no clock change) records as much as any other, so its files are laid out once.
 */
export function recordedSecondsIn(channelId: string, start: Date, end: Date, fileMinutes = DEFAULT_FILE_MINUTES): number {
  const from = start.getTime();
  const to = end.getTime();
  if (!(to > from)) return 0;
  const minutes = Math.max(1, fileMinutes);
  let total = 0;
  let plainDay: number | undefined;
  let day = at(start, 0, 0);
  for (let n = 0; day.getTime() < to && n < MAX_COUNTED_DAYS; n++) {
    const next = at(new Date(day.getTime() + DAY_MS + 3_600_000), 0, 0);
    const whole = day.getTime() >= from && next.getTime() <= to && next.getTime() - day.getTime() === DAY_MS;
    total += whole ? (plainDay ??= coveredMs(dayFiles(channelId, '', day, minutes), from, to)) : coveredMs(dayFiles(channelId, '', day, minutes), from, to);
    day = next;
  }
  return total / 1000;
}

/** Milliseconds of [from, to) that files (oldest first) cover, overlaps counted once. */
function coveredMs(files: RecordFile[], from: number, to: number): number {
  let total = 0;
  let reach = from;
  for (const f of files) {
    const a = Math.max(f.start.getTime(), reach);
    const b = Math.min(f.end.getTime(), to);
    if (b <= a) continue;
    total += b - a;
    reach = b;
  }
  return total;
}
