import { describe, expect, it } from 'vitest';
import { pages } from './catalog';
import { channelName } from './names';
import { findRecords, recordedSecondsIn } from './records';

/** Seconds of [start, end) covered by the files findRecords lists, without its limit, overlaps counted once. */
function unionOfFiles(start: Date, end: Date, fileMinutes: number): number {
  const spans = findRecords('c', '', start, end, 'all', Infinity, fileMinutes)
    .map((f) => [Math.max(f.start.getTime(), start.getTime()), Math.min(f.end.getTime(), end.getTime())] as const)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let reach = start.getTime();
  for (const [a, b] of spans) {
    if (b <= reach) continue;
    total += b - Math.max(a, reach);
    reach = b;
  }
  return total / 1000;
}

describe('catalog paging', () => {
  it('splits into pages of the size, the last one shorter, and gives one empty page for nothing', () => {
    expect(pages([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(pages([1, 2], 10)).toEqual([[1, 2]]);
    expect(pages([], 5)).toEqual([[]]);
    expect(pages([1, 2], 0)).toEqual([[1], [2]]);
  });

  it('names channels in Chinese and numbers the second round', () => {
    expect(channelName(0)).toBe('大门口');
    expect(channelName(1)).toBe('停车场东');
    expect(channelName(16)).toBe('大门口2');
  });
});

describe('synthetic recordings', () => {
  const day = (h: number, m = 0) => new Date(2024, 7, 20, h, m, 0);

  it('has twelve time files, one alarm and one manual file per day', () => {
    const all = findRecords('c', '大门口', day(0), day(23, 59));
    expect(all).toHaveLength(14);
    expect(all.filter((r) => r.type === 'time')).toHaveLength(12);
    expect(findRecords('c', 'n', day(0), day(23, 59), 'alarm').map((r) => [r.start.getHours(), r.start.getMinutes()])).toEqual([[10, 15]]);
    expect(all[0].fileSize).toBe(115 * 60 * 56_250);
  });

  it('returns the files overlapping the window, oldest first, across days', () => {
    const r = findRecords('c', 'n', day(9, 0), day(11, 0));
    expect(r.map((x) => `${x.type}@${x.start.getHours()}:${x.start.getMinutes()}`)).toEqual(['time@8:0', 'time@10:0', 'alarm@10:15']);
    expect(r.every((x, i) => i === 0 || x.start >= r[i - 1].start)).toBe(true);
    expect(r.every((x) => x.end > day(9) && x.start < day(11))).toBe(true);
    const twoDays = findRecords('c', 'n', new Date(2024, 7, 20, 22, 0), new Date(2024, 7, 21, 3, 0));
    expect(twoDays.map((x) => x.start.getDate())).toEqual([20, 21, 21]);
  });

  it('with 10 min files has 96 time files a day, 5 min gaps, and the alarm and manual files', () => {
    const all = findRecords('c', 'n', day(0), new Date(2024, 7, 21, 0, 0), 'all', 5000, 10);
    expect(all).toHaveLength(98);
    const time = all.filter((r) => r.type === 'time');
    expect(time).toHaveLength(96);
    expect(time.every((r, i) => i === 0 || r.start.getTime() - time[i - 1].end.getTime() === 5 * 60_000)).toBe(true);
    expect(all.filter((r) => r.type !== 'time').map((r) => r.type)).toEqual(['alarm', 'manual']);
  });

  it('counts the recorded seconds of a window once, its gaps left out (what a download sends)', () => {
    // 1 min files from 00:00, 00:06, 00:12 … : 00:00:30-00:06:30 holds 30 s of one and 30 s of the next.
    expect(recordedSecondsIn('c', new Date(2024, 7, 20, 0, 0, 30), new Date(2024, 7, 20, 0, 6, 30), 1)).toBe(60);
    // The alarm file 10:15-10:20 lies inside the 115 min file 10:00-11:55: counted once.
    expect(recordedSecondsIn('c', new Date(2024, 7, 20, 10, 10), new Date(2024, 7, 20, 10, 25))).toBe(15 * 60);
    expect(recordedSecondsIn('c', new Date(2024, 7, 20, 0, 2), new Date(2024, 7, 20, 0, 5), 1)).toBe(0);
  });

  it('counts the recorded seconds of a window of more than 5,000 files, whole days and cut ones', () => {
    // 1 min files every 6 min: 240 a day (14,400 s), the alarm file adds 240 s and the manual one 720 s.
    const from = new Date(2024, 7, 1);
    const to = new Date(2024, 7, 31);
    expect(findRecords('c', '', from, to, 'all', Infinity, 1)).toHaveLength(30 * 242);
    expect(recordedSecondsIn('c', from, to, 1)).toBe(30 * 15_360);
    const cut = [new Date(2024, 7, 3, 10, 17, 30), new Date(2024, 7, 27, 12, 3, 10)] as const;
    for (const minutes of [1, 10, 115]) expect(recordedSecondsIn('c', ...cut, minutes)).toBe(unionOfFiles(...cut, minutes));
    expect(recordedSecondsIn('c', to, from, 1)).toBe(0);
  });

  it('counts a day with a clock change by its own files', () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Europe/Berlin';
    try {
      // 2024-03-31 has 23 hours in Berlin, 2024-10-27 has 25.
      expect(new Date(2024, 3, 1).getTime() - new Date(2024, 2, 31).getTime()).toBe(23 * 3_600_000);
      for (const [a, b] of [[new Date(2024, 2, 25), new Date(2024, 3, 5)], [new Date(2024, 9, 20, 7), new Date(2024, 10, 2, 19)]] as const) {
        for (const minutes of [1, 115]) expect(recordedSecondsIn('c', a, b, minutes)).toBe(unionOfFiles(a, b, minutes));
      }
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('is empty for an empty or reversed window and honours the limit', () => {
    expect(findRecords('c', 'n', day(5), day(5))).toEqual([]);
    expect(findRecords('c', 'n', day(6), day(5))).toEqual([]);
    expect(findRecords('c', 'n', new Date(2024, 0, 1), new Date(2024, 11, 31), 'all', 100)).toHaveLength(100);
  });
});
