// A track of positions drawn to fit a box (no map): longitude scaled by cos(latitude) so shapes keep their
// proportions, north up, the same scale on both axes.
export interface LonLat {
  longitude: number;
  latitude: number;
}

export function plotTrack(points: readonly LonLat[], width: number, height: number, margin = 10): { x: number; y: number }[] {
  const usable = points.filter((p) => Number.isFinite(p.longitude) && Number.isFinite(p.latitude) && Math.abs(p.latitude) <= 90 && Math.abs(p.longitude) <= 180);
  if (usable.length === 0) return [];
  const midLat = usable.reduce((s, p) => s + p.latitude, 0) / usable.length;
  const k = Math.cos((midLat * Math.PI) / 180);
  const xs = usable.map((p) => p.longitude * k);
  const ys = usable.map((p) => p.latitude);
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const minY = Math.min(...ys);
  const maxY = Math.max(...ys);
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  const w = width - 2 * margin;
  const h = height - 2 * margin;
  const scale = spanX === 0 && spanY === 0 ? 0 : Math.min(spanX > 0 ? w / spanX : Infinity, spanY > 0 ? h / spanY : Infinity);
  // centred in the box
  const offX = margin + (w - spanX * scale) / 2;
  const offY = margin + (h - spanY * scale) / 2;
  return usable.map((_, i) => ({ x: offX + (xs[i] - minX) * scale, y: offY + (maxY - ys[i]) * scale }));
}
