import { describe, expect, it } from 'vitest';
import { encodePtzCmd } from '../../main/gb28181/ptz';
import { PtzState } from './ptz-state';

function head() {
  let t = 0;
  const ptz = new PtzState(() => t);
  return { ptz, advance: (ms: number) => (t += ms) };
}

describe('PTZ state from PTZCmd', () => {
  it('moves while a move command is active and stops on stop (notes vectors)', () => {
    const { ptz, advance } = head();
    expect(ptz.apply('A50F010180000036')).toMatchObject({ ok: true, command: { kind: 'move', pan: 'right', panSpeed: 0x80 } });
    advance(1000);
    const moving = ptz.snapshot();
    expect(moving.motion).toMatchObject({ pan: 'right' });
    expect(moving.pan).toBeCloseTo((0x80 / 255) * 120, 1);
    ptz.apply('A50F0100000000B5');
    advance(5000);
    expect(ptz.snapshot().motion).toBeNull();
    expect(ptz.snapshot().pan).toBeCloseTo(moving.pan, 5);
  });

  it('zooms in with the zoom speed nibble and clamps tilt and zoom', () => {
    const { ptz, advance } = head();
    ptz.apply('A50F0110000010D5'); // zoom in, speed 1
    advance(1000);
    expect(ptz.position().zoom).toBeCloseTo(1 + 6 / 15, 2);
    ptz.apply(encodePtzCmd({ kind: 'move', tilt: 'down', panSpeed: 0, tiltSpeed: 255, zoomSpeed: 15 }));
    advance(10_000);
    expect(ptz.position().tilt).toBe(-90);
  });

  it('sets, calls and deletes presets', () => {
    const { ptz, advance } = head();
    ptz.apply(encodePtzCmd({ kind: 'move', pan: 'left', panSpeed: 255, tiltSpeed: 0, zoomSpeed: 0 }));
    advance(500);
    ptz.apply(encodePtzCmd({ kind: 'stop' }));
    const at = ptz.position().pan;
    ptz.apply(encodePtzCmd({ kind: 'preset', action: 'set', preset: 7 }));
    ptz.apply(encodePtzCmd({ kind: 'move', pan: 'right', panSpeed: 255, tiltSpeed: 0, zoomSpeed: 0 }));
    advance(700);
    expect(ptz.position().pan).not.toBeCloseTo(at, 1);
    expect(ptz.apply(encodePtzCmd({ kind: 'preset', action: 'call', preset: 7 }))).toMatchObject({ ok: true });
    expect(ptz.snapshot()).toMatchObject({ pan: at, atPreset: 7, motion: null });
    expect(ptz.presetList().map((p) => [p.id, p.name])).toEqual([[7, '预置位7']]);
    ptz.apply(encodePtzCmd({ kind: 'preset', action: 'delete', preset: 7 }));
    expect(ptz.presetList()).toEqual([]);
  });

  it('keeps cruise tracks (points, speed, dwell, running) and stop ends the cruise', () => {
    const { ptz } = head();
    ptz.apply(encodePtzCmd({ kind: 'cruise-add', group: 1, preset: 2 }));
    ptz.apply(encodePtzCmd({ kind: 'cruise-add', group: 1, preset: 5 }));
    ptz.apply(encodePtzCmd({ kind: 'cruise-speed', group: 1, speed: 300 }));
    ptz.apply(encodePtzCmd({ kind: 'cruise-dwell', group: 1, seconds: 15 }));
    ptz.apply(encodePtzCmd({ kind: 'cruise-start', group: 1 }));
    expect(ptz.snapshot().cruises).toEqual([{ group: 1, points: [2, 5], speed: 300, dwellSeconds: 15, running: true }]);
    ptz.apply(encodePtzCmd({ kind: 'stop' }));
    expect(ptz.snapshot().cruises[0].running).toBe(false);
    ptz.apply(encodePtzCmd({ kind: 'cruise-delete', group: 1, preset: 0 }));
    expect(ptz.snapshot().cruises).toEqual([]);
  });

  it('records focus/iris, aux and the reason a bad command was refused', () => {
    const { ptz } = head();
    ptz.apply(encodePtzCmd({ kind: 'focus-iris', focus: 'near', iris: 'open', focusSpeed: 10, irisSpeed: 10 }));
    ptz.apply(encodePtzCmd({ kind: 'aux', on: true, aux: 1 }));
    expect(ptz.snapshot()).toMatchObject({ focus: 'near', iris: 'open', aux: { 1: true }, commandCount: 2 });
    const bad = ptz.apply('A50F0100000000B6');
    expect(bad.ok).toBe(false);
    expect(ptz.snapshot().lastError).toMatch(/checksum/);
    expect(ptz.snapshot().commandCount).toBe(2);
  });
});

describe('DragZoomIn/Out', () => {
  const box = { length: 1280, width: 720, midPointX: 640, midPointY: 360, lengthX: 320, lengthY: 180 };

  it('zooms in until a centred box fills the picture, and out by the same ratio', () => {
    const { ptz } = head();
    expect(ptz.dragZoom('in', box)).toEqual({ ok: true });
    expect(ptz.position()).toEqual({ pan: 0, tilt: 0, zoom: 4 });
    expect(ptz.snapshot().lastDragZoom).toEqual({ direction: 'in', box });
    expect(ptz.dragZoom('out', { ...box, lengthX: 640, lengthY: 360 })).toEqual({ ok: true });
    expect(ptz.position().zoom).toBe(2);
  });

  it('turns toward an off-centre box by its share of the field of view at the current zoom', () => {
    const { ptz } = head();
    ptz.dragZoom('in', { ...box, midPointX: 960, midPointY: 180, lengthX: 640, lengthY: 360 });
    // a quarter of 60 deg to the right, a quarter of 34 deg up; then 2x
    expect(ptz.position()).toEqual({ pan: 15, tilt: 8.5, zoom: 2 });
    ptz.dragZoom('in', { ...box, midPointX: 320, lengthX: 640, lengthY: 360 });
    // at 2x a quarter of the picture is 7.5 deg
    expect(ptz.position()).toEqual({ pan: 7.5, tilt: 8.5, zoom: 4 });
  });

  it('stops a running move and is bounded by the lens', () => {
    const { ptz, advance } = head();
    ptz.apply(encodePtzCmd({ kind: 'move', pan: 'right', panSpeed: 255, tiltSpeed: 0, zoomSpeed: 0 }));
    advance(1000);
    ptz.dragZoom('in', { ...box, lengthX: 1, lengthY: 1 });
    expect(ptz.snapshot().motion).toBeNull();
    expect(ptz.position()).toMatchObject({ pan: 120, zoom: 30 });
    advance(1000);
    expect(ptz.position().pan).toBe(120);
    ptz.dragZoom('out', { ...box, lengthX: 1, lengthY: 1 });
    expect(ptz.position().zoom).toBe(1);
  });

  it('refuses a box without area or centred outside the picture and stays where it was', () => {
    const { ptz } = head();
    expect(ptz.dragZoom('in', { ...box, lengthX: 0 })).toEqual({ ok: false, reason: 'DragZoom: the picture or the box has no area' });
    expect(ptz.dragZoom('in', { ...box, midPointX: 2000 })).toMatchObject({ ok: false });
    expect(ptz.dragZoom('in', { ...box, width: Number.NaN })).toMatchObject({ ok: false });
    expect(ptz.position()).toEqual({ pan: 0, tilt: 0, zoom: 1 });
    expect(ptz.snapshot().lastError).toMatch(/^DragZoom/);
  });
});
