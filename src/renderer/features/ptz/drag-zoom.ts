// DragZoomIn / DragZoomOut geometry (GB/T 28181-2016 A.2.3.1): Length and Width are the displayed picture's width
// and height, MidPointX/Y the box centre and LengthX/Y its size, all in pixels of the picture as shown.
import type { DragZoomBox } from '../../../shared/contract';

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}
export interface Point {
  x: number;
  y: number;
}

/** Where a videoW x videoH picture lies inside an element of elW x elH drawn with object-fit: contain. */
export function containedPicture(elW: number, elH: number, videoW: number, videoH: number): Rect {
  if (!(videoW > 0 && videoH > 0 && elW > 0 && elH > 0)) return { left: 0, top: 0, width: Math.max(0, elW), height: Math.max(0, elH) };
  const scale = Math.min(elW / videoW, elH / videoH);
  const width = videoW * scale;
  const height = videoH * scale;
  return { left: (elW - width) / 2, top: (elH - height) / 2, width, height };
}

/** Boxes smaller than this (either side, CSS pixels) are a click, not a drag. */
export const MIN_BOX_PX = 8;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * The box dragged from `start` to `end` (element coordinates) over `picture`, clamped to it. Dragging right
 * (towards the lower right) zooms in; dragging left zooms out. Null for a box too small or no picture.
 */
export function dragZoomBox(start: Point, end: Point, picture: Rect): { box: DragZoomBox; direction: 'in' | 'out' } | null {
  const length = Math.round(picture.width);
  const width = Math.round(picture.height);
  if (length < 1 || width < 1) return null;
  const x1 = clamp(start.x - picture.left, 0, picture.width);
  const x2 = clamp(end.x - picture.left, 0, picture.width);
  const y1 = clamp(start.y - picture.top, 0, picture.height);
  const y2 = clamp(end.y - picture.top, 0, picture.height);
  const w = Math.abs(x2 - x1);
  const h = Math.abs(y2 - y1);
  if (w < MIN_BOX_PX || h < MIN_BOX_PX) return null;
  const lengthX = clamp(Math.round(w), 1, length);
  const lengthY = clamp(Math.round(h), 1, width);
  return {
    box: {
      length,
      width,
      midPointX: clamp(Math.round((x1 + x2) / 2), 0, length),
      midPointY: clamp(Math.round((y1 + y2) / 2), 0, width),
      lengthX,
      lengthY,
    },
    direction: end.x >= start.x ? 'in' : 'out',
  };
}

/** The box as drawn while dragging (element coordinates), clamped to the picture. */
export function dragRect(start: Point, end: Point, picture: Rect): Rect {
  const x1 = clamp(start.x, picture.left, picture.left + picture.width);
  const x2 = clamp(end.x, picture.left, picture.left + picture.width);
  const y1 = clamp(start.y, picture.top, picture.top + picture.height);
  const y2 = clamp(end.y, picture.top, picture.top + picture.height);
  return { left: Math.min(x1, x2), top: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) };
}
