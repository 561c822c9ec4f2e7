// The day timeline's arithmetic: the visible window (whole day down to a minute), positions, ticks, segments
// clipped to the window, and where playback of a moment starts. Times are Unix seconds.
import type { RecordItemView } from '../../../shared/types/recordings';

export interface TimeRange {
  start: number;
  end: number;
}

export const MIN_SPAN_SEC = 60;

/** Local midnight to the next local midnight of a YYYY-MM-DD day (23 or 25 h across a clock change). */
export function dayRange(day: string): TimeRange {
  const [y, m, d] = day.split('-').map(Number);
  return { start: new Date(y, m - 1, d).getTime() / 1000, end: new Date(y, m - 1, d + 1).getTime() / 1000 };
}

function clampView(start: number, span: number, day: TimeRange): TimeRange {
  const s = Math.min(Math.max(start, day.start), day.end - span);
  return { start: s, end: s + span };
}

/** Zooms by `factor` (<1 in, >1 out) keeping `at` where it is on screen. */
export function zoomView(view: TimeRange, day: TimeRange, at: number, factor: number): TimeRange {
  const span = view.end - view.start;
  const next = Math.min(Math.max(span * factor, MIN_SPAN_SEC), day.end - day.start);
  const share = span > 0 ? (at - view.start) / span : 0.5;
  return clampView(at - share * next, next, day);
}

export function panView(view: TimeRange, day: TimeRange, bySec: number): TimeRange {
  return clampView(view.start + bySec, view.end - view.start, day);
}

/** A window of the same span that shows `t` (moved only when `t` is outside it). */
export function follow(view: TimeRange, day: TimeRange, t: number): TimeRange {
  if (t >= view.start && t <= view.end) return view;
  const span = view.end - view.start;
  return clampView(t - span / 4, span, day);
}

export const fractionOf = (view: TimeRange, t: number): number => (t - view.start) / (view.end - view.start);
export const timeAt = (view: TimeRange, fraction: number): number => view.start + Math.min(Math.max(fraction, 0), 1) * (view.end - view.start);

const TICK_STEPS = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600];

/** Tick times: the smallest step that leaves at least `minPx` between ticks, on local clock boundaries. */
export function ticks(view: TimeRange, widthPx: number, minPx = 70): { step: number; times: number[] } {
  const span = view.end - view.start;
  const step = TICK_STEPS.find((s) => (s / span) * widthPx >= minPx) ?? TICK_STEPS[TICK_STEPS.length - 1];
  const offset = new Date(view.start * 1000).getTimezoneOffset() * 60;
  const first = Math.ceil((view.start - offset) / step) * step + offset;
  const times: number[] = [];
  for (let t = first; t <= view.end && times.length < 200; t += step) times.push(t);
  return { step, times };
}

const two = (n: number) => String(n).padStart(2, '0');

/** HH:MM, or HH:MM:SS when seconds matter. */
export function clockText(t: number, withSeconds: boolean): string {
  const d = new Date(t * 1000);
  const hm = `${two(d.getHours())}:${two(d.getMinutes())}`;
  return withSeconds ? `${hm}:${two(d.getSeconds())}` : hm;
}

export interface SegmentBox {
  item: RecordItemView;
  /** Fractions of the window's width. */
  left: number;
  width: number;
}

/** Items overlapping the window, clipped to it. */
export function segmentsIn(items: readonly RecordItemView[], view: TimeRange): SegmentBox[] {
  const out: SegmentBox[] = [];
  for (const item of items) {
    const s = Math.max(item.start, view.start);
    const e = Math.min(item.end, view.end);
    if (e <= s) continue;
    out.push({ item, left: fractionOf(view, s), width: fractionOf(view, e) - fractionOf(view, s) });
  }
  return out;
}

/** Stretches of the range no item covers (items may overlap). */
export function gapsIn(items: readonly RecordItemView[], range: TimeRange): TimeRange[] {
  const sorted = [...items].sort((a, b) => a.start - b.start);
  const gaps: TimeRange[] = [];
  let covered = range.start;
  for (const item of sorted) {
    if (item.start > covered && item.start < range.end) gaps.push({ start: covered, end: Math.min(item.start, range.end) });
    covered = Math.max(covered, item.end);
    if (covered >= range.end) break;
  }
  if (covered < range.end) gaps.push({ start: covered, end: range.end });
  return gaps;
}

/** Where playback of `t` starts: `t` inside a recording, else the start of the next one; null after the last. */
export function playableFrom(items: readonly RecordItemView[], t: number): number | null {
  let next: number | null = null;
  for (const item of items) {
    if (t >= item.start && t < item.end) return t;
    if (item.start > t && (next === null || item.start < next)) next = item.start;
  }
  return next;
}

/** The end of the last recording of the list (what a playback from a moment of the day runs to). */
export function lastEnd(items: readonly RecordItemView[]): number | null {
  return items.reduce<number | null>((m, i) => (m === null || i.end > m ? i.end : m), null);
}

/** Seconds some item covers (overlapping items counted once). */
export function coveredSeconds(items: readonly RecordItemView[]): number {
  const sorted = [...items].sort((a, b) => a.start - b.start);
  let total = 0;
  let upTo = -Infinity;
  for (const i of sorted) {
    const from = Math.max(i.start, upTo);
    if (i.end > from) total += i.end - from;
    upTo = Math.max(upTo, i.end);
  }
  return total;
}
