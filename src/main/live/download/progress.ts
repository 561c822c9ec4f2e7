// Download progress is the share of the recorded footage in the range that has arrived, judged by frame
// timestamps against the record list (the requested range has gaps: counting against it stalls short of 100%).
import type { ServerText } from '../../../shared/texts';
import { endReportedText, failedWhyText, noVideoText, rangeEndText, truncatedText } from './texts';

/** Seconds of [start, end) covered by the recordings (overlaps merged). */
export function recordedSeconds(items: { start: number; end: number }[], start: number, end: number): number {
  const spans = items
    .map((i) => [Math.max(i.start, start), Math.min(i.end, end)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let reach = start;
  for (const [a, b] of spans) {
    if (b <= reach) continue;
    total += b - Math.max(a, reach);
    reach = b;
  }
  return total;
}

/**
 * Progress 0..1 when media up to `mediaSec` seconds into the download has arrived. Devices send the recorded
 * parts back to back, so `mediaSec` seconds of media cover the first `mediaSec` recorded seconds.
 */
export function downloadProgress(recorded: number, mediaSec: number): number {
  if (recorded <= 0) return 0;
  return Math.max(0, Math.min(1, mediaSec / recorded));
}

export type DownloadEnd = { state: 'done' | 'truncated' | 'failed'; why: ServerText };

/**
 * How a download ended: MediaStatus 121 or timestamps that reached the end are done; a BYE or timestamps that
 * stopped short keep what came as truncated; nothing at all is failed.
 */
export function judgeEnd(o: { cause: '121' | 'bye' | 'stalled' | 'error'; frames: number; progress: number }): DownloadEnd {
  if (o.frames === 0) return { state: 'failed', why: noVideoText() };
  if (o.progress >= 0.98 || (o.cause === '121' && o.progress >= 0.9)) return { state: 'done', why: o.cause === '121' ? endReportedText() : rangeEndText() };
  if (o.cause === 'error') return { state: 'failed', why: failedWhyText() };
  return { state: 'truncated', why: truncatedText(Math.round(o.progress * 100)) };
}
