import { describe, expect, it } from 'vitest';
import { coveredSeconds, dayRange, follow, gapsIn, MIN_SPAN_SEC, panView, playableFrom, segmentsIn, ticks, zoomView } from './time-axis';

const day = dayRange('2025-03-14');
const at = (h: number, m = 0, s = 0) => day.start + h * 3600 + m * 60 + s;
const item = (start: number, end: number, type = 'time') => ({ start, end, type });

describe('time axis', () => {
  it('a day runs from local midnight to the next', () => {
    expect(new Date(day.start * 1000).getHours()).toBe(0);
    expect(new Date(day.start * 1000).getDate()).toBe(14);
    expect(day.end - day.start).toBe(86_400);
  });

  it('zooms by the wheel from the whole day down to a minute, keeping the pointer time in place', () => {
    let view = day;
    const pointer = at(10);
    for (let i = 0; i < 100; i++) view = zoomView(view, day, pointer, 0.8);
    expect(view.end - view.start).toBe(MIN_SPAN_SEC);
    expect(view.start).toBeLessThanOrEqual(pointer);
    expect(view.end).toBeGreaterThanOrEqual(pointer);
    for (let i = 0; i < 100; i++) view = zoomView(view, day, pointer, 1.25);
    expect(view).toEqual(day);
  });

  it('pans within the day only', () => {
    const hour = { start: at(1), end: at(2) };
    expect(panView(hour, day, -7200)).toEqual({ start: day.start, end: at(1) });
    expect(panView(hour, day, 86_400)).toEqual({ start: day.end - 3600, end: day.end });
    expect(follow(hour, day, at(5))).toEqual({ start: at(4, 45), end: at(5, 45) });
    expect(follow(hour, day, at(1, 30))).toBe(hour);
  });

  it('ticks every 2 h on a 1000 px whole day, every 5 s on a minute', () => {
    const whole = ticks(day, 1000);
    expect(whole.step).toBe(7200);
    expect(whole.times[0]).toBe(day.start);
    const minute = ticks({ start: at(3, 0, 2), end: at(3, 1, 2) }, 1000);
    expect(minute.step).toBe(5);
    expect(minute.times[0]).toBe(at(3, 0, 5));
  });

  it('clips segments to the window and finds the gaps between them', () => {
    const items = [item(at(0), at(1, 55)), item(at(2), at(3, 55)), item(at(2, 30), at(2, 40), 'alarm')];
    const view = { start: at(1), end: at(3) };
    const boxes = segmentsIn(items, view);
    const r = (x: number) => Math.round(x * 1e6) / 1e6;
    expect(boxes.map((b) => [r(b.left), r(b.width)])).toEqual([
      [0, r(55 / 120)],
      [0.5, 0.5],
      [0.75, r(10 / 120)],
    ]);
    expect(coveredSeconds(items)).toBe(2 * 115 * 60);
    expect(gapsIn(items, day)).toEqual([
      { start: at(1, 55), end: at(2) },
      { start: at(3, 55), end: day.end },
    ]);
  });

  it('playback of a moment in a gap starts at the next recording', () => {
    const items = [item(at(0), at(1, 55)), item(at(2), at(3, 55))];
    expect(playableFrom(items, at(1))).toBe(at(1));
    expect(playableFrom(items, at(1, 57))).toBe(at(2));
    expect(playableFrom(items, at(5))).toBeNull();
  });
});
