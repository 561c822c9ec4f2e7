import { describe, expect, it } from 'vitest';
import { decodePtzCmd, encodePtzCmd, type PtzCommand } from './ptz-cmd';
import { focusIrisCommand, moveCommand, scaleSpeed } from './speed';

/** The 8 bytes of a command at address 1, checksum verified independently. */
function bytes(cmd: PtzCommand): number[] {
  const hex = encodePtzCmd(cmd);
  const b = Array.from({ length: 8 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
  expect(b[7]).toBe(b.slice(0, 7).reduce((a, x) => a + x, 0) % 256);
  expect(b.slice(0, 3)).toEqual([0xa5, 0x0f, 0x01]);
  return b;
}

describe('one console speed to the PTZCmd fields', () => {
  it('1 and 100 map to the ends of each field and never overflow', () => {
    expect(scaleSpeed(1)).toEqual({ panTilt: 3, zoom: 1 });
    expect(scaleSpeed(100)).toEqual({ panTilt: 255, zoom: 15 });
    for (let s = 1; s <= 100; s++) {
      const { panTilt, zoom } = scaleSpeed(s);
      expect(panTilt).toBeGreaterThanOrEqual(1);
      expect(panTilt).toBeLessThanOrEqual(255);
      expect(zoom).toBeGreaterThanOrEqual(1);
      expect(zoom).toBeLessThanOrEqual(15);
    }
    expect(() => scaleSpeed(0)).toThrow(/1-100/);
    expect(() => scaleSpeed(101)).toThrow(/1-100/);
  });

  it('right at 100: byte 5 = FF, byte 7 high nibble 0; zoom in at 100: nibble F, address nibble kept', () => {
    expect(encodePtzCmd(moveCommand(1, 0, 0, 100))).toBe('A50F0101FF0000B5');
    expect(encodePtzCmd(moveCommand(1, 0, 0, 1))).toBe('A50F0101030000B9');
    expect(encodePtzCmd(moveCommand(0, 0, 1, 100))).toBe('A50F01100000F0B5');
    expect(encodePtzCmd(moveCommand(0, 0, 1, 1))).toBe('A50F0110000010D5');
    expect(encodePtzCmd(moveCommand(0, 0, 1, 100), 0x123)).toBe('A50F23100000F1D8');
  });

  it('every direction sets its bit, with speeds only on moving axes', () => {
    const cases: [Parameters<typeof moveCommand>, number, number, number, number][] = [
      [[1, 0, 0, 100], 0x01, 0xff, 0, 0],
      [[-1, 0, 0, 100], 0x02, 0xff, 0, 0],
      [[0, -1, 0, 100], 0x04, 0, 0xff, 0],
      [[0, 1, 0, 100], 0x08, 0, 0xff, 0],
      [[0, 0, 1, 100], 0x10, 0, 0, 0xf0],
      [[0, 0, -1, 100], 0x20, 0, 0, 0xf0],
      [[1, 1, 0, 1], 0x09, 3, 3, 0],
      [[-1, -1, 0, 1], 0x06, 3, 3, 0],
      [[1, -1, -1, 100], 0x25, 0xff, 0xff, 0xf0],
    ];
    for (const [args, ins, d1, d2, b7] of cases) {
      const b = bytes(moveCommand(...args));
      expect([b[3], b[4], b[5], b[6]], JSON.stringify(args)).toEqual([ins, d1, d2, b7]);
    }
    expect(encodePtzCmd(moveCommand(0, 0, 0, 50))).toBe('A50F0100000000B5');
  });

  it('focus and iris at both speed ends', () => {
    expect(bytes(focusIrisCommand({ focus: 'far', speed: 100 })).slice(3, 7)).toEqual([0x41, 0xff, 0, 0]);
    expect(bytes(focusIrisCommand({ focus: 'near', speed: 1 })).slice(3, 7)).toEqual([0x42, 3, 0, 0]);
    expect(bytes(focusIrisCommand({ iris: 'open', speed: 100 })).slice(3, 7)).toEqual([0x44, 0, 0xff, 0]);
    expect(bytes(focusIrisCommand({ iris: 'close', speed: 1 })).slice(3, 7)).toEqual([0x48, 0, 3, 0]);
    expect(bytes(focusIrisCommand({ speed: 50 })).slice(3, 7)).toEqual([0x40, 0, 0, 0]);
  });
});

describe('every instruction byte for byte (docs/protocol.md §8)', () => {
  it("the notes' vectors", () => {
    expect(encodePtzCmd({ kind: 'stop' })).toBe('A50F0100000000B5');
    expect(encodePtzCmd({ kind: 'move', pan: 'right', panSpeed: 0x80, tiltSpeed: 0, zoomSpeed: 0 })).toBe('A50F010180000036');
    expect(encodePtzCmd(moveCommand(0, 0, 1, 1))).toBe('A50F0110000010D5');
    expect(encodePtzCmd({ kind: 'preset', action: 'call', preset: 1 })).toBe('A50F018200010038');
  });

  it('presets 1 and 255', () => {
    for (const [action, ins] of [['set', 0x81], ['call', 0x82], ['delete', 0x83]] as const) {
      expect(bytes({ kind: 'preset', action, preset: 1 }).slice(3, 7)).toEqual([ins, 0, 1, 0]);
      expect(bytes({ kind: 'preset', action, preset: 255 }).slice(3, 7)).toEqual([ins, 0, 255, 0]);
    }
  });

  it('cruise: add / delete point, delete all, 12-bit speed and dwell at 0, 255, 256 and 4095, start', () => {
    expect(bytes({ kind: 'cruise-add', group: 1, preset: 5 }).slice(3, 7)).toEqual([0x84, 1, 5, 0]);
    expect(bytes({ kind: 'cruise-delete', group: 255, preset: 5 }).slice(3, 7)).toEqual([0x85, 255, 5, 0]);
    expect(bytes({ kind: 'cruise-delete', group: 2, preset: 0 }).slice(3, 7)).toEqual([0x85, 2, 0, 0]);
    for (const [v, d2, b7] of [[0, 0, 0], [255, 0xff, 0], [256, 0, 0x10], [0xabc, 0xbc, 0xa0], [4095, 0xff, 0xf0]]) {
      expect(bytes({ kind: 'cruise-speed', group: 3, speed: v }).slice(3, 7)).toEqual([0x86, 3, d2, b7]);
      expect(bytes({ kind: 'cruise-dwell', group: 3, seconds: v }).slice(3, 7)).toEqual([0x87, 3, d2, b7]);
      expect(bytes({ kind: 'scan-speed', group: 3, speed: v }).slice(3, 7)).toEqual([0x8a, 3, d2, b7]);
    }
    expect(encodePtzCmd({ kind: 'cruise-dwell', group: 1, seconds: 4095 }, 0xfff)).toBe('A50FFF8701FFFF39');
    expect(() => encodePtzCmd({ kind: 'cruise-dwell', group: 1, seconds: 4096 })).toThrow(/0-4095/);
    expect(bytes({ kind: 'cruise-start', group: 7 }).slice(3, 7)).toEqual([0x88, 7, 0, 0]);
  });

  it('scan start / left edge / right edge, aux on / off', () => {
    expect(bytes({ kind: 'scan', action: 'start', group: 1 }).slice(3, 7)).toEqual([0x89, 1, 0, 0]);
    expect(bytes({ kind: 'scan', action: 'set-left', group: 1 }).slice(3, 7)).toEqual([0x89, 1, 1, 0]);
    expect(bytes({ kind: 'scan', action: 'set-right', group: 1 }).slice(3, 7)).toEqual([0x89, 1, 2, 0]);
    expect(bytes({ kind: 'aux', on: true, aux: 1 }).slice(3, 7)).toEqual([0x8c, 1, 0, 0]);
    expect(bytes({ kind: 'aux', on: false, aux: 2 }).slice(3, 7)).toEqual([0x8d, 2, 0, 0]);
  });

  it('what is encoded decodes to the same command', () => {
    const all: PtzCommand[] = [
      moveCommand(1, 1, 1, 100),
      moveCommand(-1, -1, -1, 1),
      focusIrisCommand({ focus: 'near', speed: 100 }),
      { kind: 'cruise-speed', group: 9, speed: 4095 },
      { kind: 'cruise-dwell', group: 9, seconds: 300 },
      { kind: 'scan-speed', group: 0, speed: 1 },
      { kind: 'aux', on: true, aux: 1 },
    ];
    for (const c of all) expect(decodePtzCmd(encodePtzCmd(c))).toEqual({ ok: true, command: c, address: 1, version: 0 });
  });
});
