import { describe, expect, it } from 'vitest';
import { plotTrack } from './track-plot';

describe('plotTrack', () => {
  it('puts north up and east right, inside the margins', () => {
    const pts = plotTrack(
      [
        { longitude: 116.0, latitude: 39.9 },
        { longitude: 116.01, latitude: 39.91 },
      ],
      200,
      100,
      10,
    );
    expect(pts[1].x).toBeGreaterThan(pts[0].x);
    expect(pts[1].y).toBeLessThan(pts[0].y);
    for (const p of pts) {
      expect(p.x).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(p.x).toBeLessThanOrEqual(190 + 1e-9);
      expect(p.y).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(p.y).toBeLessThanOrEqual(90 + 1e-9);
    }
  });
  it('keeps proportions: a degree of longitude is shorter than one of latitude away from the equator', () => {
    const [a, b, c] = plotTrack(
      [
        { longitude: 0, latitude: 60 },
        { longitude: 0.02, latitude: 60 },
        { longitude: 0, latitude: 60.01 },
      ],
      400,
      400,
      0,
    );
    // 0.02° of longitude at 60° is about 0.01° of latitude
    expect(Math.abs(b.x - a.x)).toBeCloseTo(Math.abs(c.y - a.y), 0);
  });
  it('one point sits in the middle; unreadable points are left out', () => {
    expect(plotTrack([{ longitude: 1, latitude: 1 }, { longitude: NaN, latitude: 0 }, { longitude: 500, latitude: 0 }], 100, 50, 5)).toEqual([{ x: 50, y: 25 }]);
  });
});
