// One console speed (1-100) to the PTZCmd speed fields: pan/tilt bytes 0-255, zoom the 4-bit nibble 0-15
// (docs/protocol.md §8). 100 must give 255 and 15, never 256 or 16 (which overflow into the next field).
import type { PtzCommand } from './ptz-cmd';

export interface PtzSpeeds {
  panTilt: number;
  zoom: number;
}

export function scaleSpeed(speed: number): PtzSpeeds {
  if (!Number.isFinite(speed) || speed < 1 || speed > 100) throw new RangeError(`speed must be 1-100; got ${speed}`);
  const s = Math.round(speed);
  return { panTilt: Math.max(1, Math.round((s * 255) / 100)), zoom: Math.max(1, Math.round((s * 15) / 100)) };
}

type Axis = -1 | 0 | 1;

/** pan 1 = right, tilt 1 = up, zoom 1 = in; all 0 is a stop. Speeds of idle axes are 0. */
export function moveCommand(pan: Axis, tilt: Axis, zoom: Axis, speed: number): PtzCommand {
  if (pan === 0 && tilt === 0 && zoom === 0) return { kind: 'stop' };
  const s = scaleSpeed(speed);
  const cmd: PtzCommand = { kind: 'move', panSpeed: pan ? s.panTilt : 0, tiltSpeed: tilt ? s.panTilt : 0, zoomSpeed: zoom ? s.zoom : 0 };
  if (pan) cmd.pan = pan > 0 ? 'right' : 'left';
  if (tilt) cmd.tilt = tilt > 0 ? 'up' : 'down';
  if (zoom) cmd.zoom = zoom > 0 ? 'in' : 'out';
  return cmd;
}

/** Focus/iris: the speed byte 0-255 (focus in byte 5, iris in byte 6). */
export function focusIrisCommand(o: { focus?: 'near' | 'far'; iris?: 'open' | 'close'; speed: number }): PtzCommand {
  const b = scaleSpeed(o.speed).panTilt;
  const cmd: PtzCommand = { kind: 'focus-iris', focusSpeed: o.focus ? b : 0, irisSpeed: o.iris ? b : 0 };
  if (o.focus) cmd.focus = o.focus;
  if (o.iris) cmd.iris = o.iris;
  return cmd;
}
