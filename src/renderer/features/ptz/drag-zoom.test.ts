import { describe, expect, it } from 'vitest';
import { containedPicture, dragZoomBox, MIN_BOX_PX } from './drag-zoom';

describe('containedPicture', () => {
  it('letterboxes a 16:9 picture in a taller element (bars top and bottom)', () => {
    expect(containedPicture(640, 480, 1920, 1080)).toEqual({ left: 0, top: 60, width: 640, height: 360 });
  });
  it('pillarboxes a 4:3 picture in a wide element (bars left and right)', () => {
    expect(containedPicture(800, 300, 640, 480)).toEqual({ left: 200, top: 0, width: 400, height: 300 });
  });
  it('takes the whole element while the picture size is unknown', () => {
    expect(containedPicture(300, 200, 0, 0)).toEqual({ left: 0, top: 0, width: 300, height: 200 });
  });
});

describe('dragZoomBox', () => {
  const picture = { left: 0, top: 60, width: 640, height: 360 };

  it('a drag towards the lower right zooms in, with the displayed size as Length/Width and the box centre and size', () => {
    expect(dragZoomBox({ x: 100, y: 110 }, { x: 300, y: 210 }, picture)).toEqual({
      box: { length: 640, width: 360, midPointX: 200, midPointY: 100, lengthX: 200, lengthY: 100 },
      direction: 'in',
    });
  });

  it('the same box dragged towards the upper left zooms out', () => {
    const r = dragZoomBox({ x: 300, y: 210 }, { x: 100, y: 110 }, picture);
    expect(r?.direction).toBe('out');
    expect(r?.box).toEqual({ length: 640, width: 360, midPointX: 200, midPointY: 100, lengthX: 200, lengthY: 100 });
  });

  it('measures from the picture, not from the letterbox bars', () => {
    const pillar = { left: 200, top: 0, width: 400, height: 300 };
    const r = dragZoomBox({ x: 200, y: 0 }, { x: 600, y: 300 }, pillar);
    expect(r?.box).toEqual({ length: 400, width: 300, midPointX: 200, midPointY: 150, lengthX: 400, lengthY: 300 });
  });

  it('clamps a drag that runs past the picture into the bars or out of the tile', () => {
    const r = dragZoomBox({ x: 540, y: 20 }, { x: 900, y: 700 }, picture);
    // x 540..640, y 0..360 in picture coordinates
    expect(r?.box).toEqual({ length: 640, width: 360, midPointX: 590, midPointY: 180, lengthX: 100, lengthY: 360 });
    expect(r!.box.midPointX + r!.box.lengthX / 2).toBeLessThanOrEqual(r!.box.length);
  });

  it('a click or a thin box is not a zoom', () => {
    expect(dragZoomBox({ x: 10, y: 70 }, { x: 10, y: 70 }, picture)).toBeNull();
    expect(dragZoomBox({ x: 10, y: 70 }, { x: 10 + MIN_BOX_PX - 1, y: 200 }, picture)).toBeNull();
    expect(dragZoomBox({ x: 10, y: 70 }, { x: 200, y: 70 + MIN_BOX_PX - 1 }, picture)).toBeNull();
  });

  it('rounds to whole pixels (the XML carries integers)', () => {
    const r = dragZoomBox({ x: 10.4, y: 70.6 }, { x: 50.9, y: 99.2 }, { left: 0.5, top: 60.2, width: 639.6, height: 359.7 });
    for (const v of Object.values(r!.box)) expect(Number.isInteger(v)).toBe(true);
  });
});
