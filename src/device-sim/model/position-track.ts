// Where a simulated mobile camera (a vehicle, a body camera) is: clockwise round a circle about the channel's
// catalog position, at a steady speed. Direction as GB/T 28181-2016 A.2.5.5 wants it: degrees clockwise from
// north, here the heading of travel.

export interface TrackPoint {
  longitude: number;
  latitude: number;
  /** km/h */
  speed: number;
  direction: number;
}

const METRES_PER_DEGREE = 111_320;

export function positionAt(centre: { longitude: number; latitude: number }, ms: number, speedKmh = 12.5, radiusM = 200): TrackPoint {
  const metresPerSec = speedKmh / 3.6;
  const angle = ((metresPerSec * ms) / 1000 / radiusM) % (2 * Math.PI);
  const north = radiusM * Math.cos(angle);
  const east = radiusM * Math.sin(angle);
  const round = (x: number, digits: number) => Number(x.toFixed(digits));
  return {
    longitude: round(centre.longitude + east / (METRES_PER_DEGREE * Math.cos((centre.latitude * Math.PI) / 180)), 7),
    latitude: round(centre.latitude + north / METRES_PER_DEGREE, 7),
    speed: speedKmh,
    direction: round(((angle * 180) / Math.PI + 90) % 360, 1),
  };
}
