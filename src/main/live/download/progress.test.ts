import { describe, expect, it } from 'vitest';
import { downloadProgress, judgeEnd, recordedSeconds } from './progress';

describe('download progress and end', () => {
  it('counts recorded footage in the range, not the range with its gaps', () => {
    const items = [
      { start: 0, end: 100 },
      { start: 50, end: 120 },
      { start: 200, end: 300 },
    ];
    expect(recordedSeconds(items, 0, 1000)).toBe(220);
    expect(recordedSeconds(items, 110, 250)).toBe(60);
    expect(downloadProgress(220, 110)).toBe(0.5);
    expect(downloadProgress(220, 500)).toBe(1);
    expect(downloadProgress(0, 5)).toBe(0);
  });

  it('ends done on MediaStatus 121 or timestamps at the end, truncated on BYE or stalled timestamps, failed with nothing', () => {
    expect(judgeEnd({ cause: '121', frames: 100, progress: 0.95 }).state).toBe('done');
    expect(judgeEnd({ cause: 'stalled', frames: 100, progress: 0.99 }).state).toBe('done');
    expect(judgeEnd({ cause: 'bye', frames: 100, progress: 0.4 })).toEqual({ state: 'truncated', why: { code: 'download.why.truncated', params: { percent: 40 }, text: '40% of the recorded footage arrived' } });
    expect(judgeEnd({ cause: 'stalled', frames: 10, progress: 0.1 }).state).toBe('truncated');
    expect(judgeEnd({ cause: '121', frames: 0, progress: 0 }).state).toBe('failed');
  });
});
