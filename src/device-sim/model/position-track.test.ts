import { describe, expect, it } from 'vitest';
import { positionAt } from './position-track';

const centre = { longitude: 117.2272, latitude: 31.8206 };
const metres = (a: { longitude: number; latitude: number }, b: { longitude: number; latitude: number }) =>
  Math.hypot((b.longitude - a.longitude) * 111_320 * Math.cos((centre.latitude * Math.PI) / 180), (b.latitude - a.latitude) * 111_320);

describe('a simulated vehicle track', () => {
  it('starts due north of the centre heading east, and stays 200 m from the centre', () => {
    const p = positionAt(centre, 0);
    expect(p).toMatchObject({ longitude: centre.longitude, direction: 90, speed: 12.5 });
    expect(metres(centre, p)).toBeCloseTo(200, 0);
    for (const s of [10, 100, 250]) expect(metres(centre, positionAt(centre, s * 1000))).toBeCloseTo(200, 0);
  });

  it('moves at its speed, clockwise: a quarter lap later it is due east heading south', () => {
    expect(metres(positionAt(centre, 0), positionAt(centre, 10_000))).toBeCloseTo(34.7, 0);
    const quarterMs = ((Math.PI / 2) * 200 * 1000) / (12.5 / 3.6);
    const q = positionAt(centre, quarterMs);
    expect(q.latitude).toBeCloseTo(centre.latitude, 5);
    expect(q.longitude).toBeGreaterThan(centre.longitude);
    expect(q.direction).toBeCloseTo(180, 0);
  });
});
