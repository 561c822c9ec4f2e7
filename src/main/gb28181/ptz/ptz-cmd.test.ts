import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePtzCmd, encodePtzCmd, type PtzCommand } from './ptz-cmd';

describe('PTZCmd test vectors (docs/protocol.md §8)', () => {
  const vectors: [string, PtzCommand][] = [
    ['A50F0100000000B5', { kind: 'stop' }],
    ['A50F010180000036', { kind: 'move', pan: 'right', panSpeed: 0x80, tiltSpeed: 0, zoomSpeed: 0 }],
    ['A50F0110000010D5', { kind: 'move', zoom: 'in', panSpeed: 0, tiltSpeed: 0, zoomSpeed: 1 }],
    ['A50F018200010038', { kind: 'preset', action: 'call', preset: 1 }],
  ];
  for (const [hex, cmd] of vectors) {
    it(`${hex} <-> ${cmd.kind}`, () => {
      expect(encodePtzCmd(cmd)).toBe(hex);
      expect(decodePtzCmd(hex)).toEqual({ ok: true, command: cmd, address: 1, version: 0 });
      expect(decodePtzCmd(hex.toLowerCase()).ok).toBe(true);
    });
  }
});

describe('PTZCmd encoding', () => {
  it('combines directions with zoom', () => {
    const hex = encodePtzCmd({ kind: 'move', pan: 'left', tilt: 'up', zoom: 'out', panSpeed: 0x40, tiltSpeed: 0x30, zoomSpeed: 5 });
    expect(hex.slice(6, 8)).toBe('2A');
    expect(hex.slice(8, 14)).toBe('403050');
  });

  it('focus/iris codes', () => {
    const code = (c: PtzCommand) => encodePtzCmd(c).slice(6, 8);
    expect(code({ kind: 'focus-iris', iris: 'close', focusSpeed: 0, irisSpeed: 1 })).toBe('48');
    expect(code({ kind: 'focus-iris', iris: 'open', focusSpeed: 0, irisSpeed: 1 })).toBe('44');
    expect(code({ kind: 'focus-iris', focus: 'near', focusSpeed: 1, irisSpeed: 0 })).toBe('42');
    expect(code({ kind: 'focus-iris', focus: 'far', focusSpeed: 1, irisSpeed: 0 })).toBe('41');
    expect(code({ kind: 'focus-iris', focusSpeed: 0, irisSpeed: 0 })).toBe('40');
  });

  it('12-bit dwell and the address high nibble share byte 7', () => {
    const hex = encodePtzCmd({ kind: 'cruise-dwell', group: 2, seconds: 0x3c5 }, 0x123);
    expect(hex.slice(4, 14)).toBe('238702C531');
    expect(decodePtzCmd(hex)).toMatchObject({ ok: true, address: 0x123, command: { kind: 'cruise-dwell', group: 2, seconds: 0x3c5 } });
  });

  it('preset set/delete, cruise, scan and aux instruction bytes', () => {
    const code = (c: PtzCommand) => encodePtzCmd(c).slice(6, 12);
    expect(code({ kind: 'preset', action: 'set', preset: 10 })).toBe('81000A');
    expect(code({ kind: 'preset', action: 'delete', preset: 255 })).toBe('8300FF');
    expect(code({ kind: 'cruise-add', group: 1, preset: 3 })).toBe('840103');
    expect(code({ kind: 'cruise-delete', group: 1, preset: 0 })).toBe('850100');
    expect(code({ kind: 'cruise-speed', group: 1, speed: 16 })).toBe('860110');
    expect(code({ kind: 'cruise-start', group: 1 })).toBe('880100');
    expect(code({ kind: 'scan', action: 'set-right', group: 1 })).toBe('890102');
    expect(code({ kind: 'scan-speed', group: 1, speed: 9 })).toBe('8A0109');
    expect(code({ kind: 'aux', on: true, aux: 1 })).toBe('8C0100');
    expect(code({ kind: 'aux', on: false, aux: 1 })).toBe('8D0100');
  });

  it('rejects out-of-range values with a clear message', () => {
    expect(() => encodePtzCmd({ kind: 'move', pan: 'left', panSpeed: 300, tiltSpeed: 0, zoomSpeed: 0 })).toThrow(
      'pan speed must be 0-255; got 300',
    );
    expect(() => encodePtzCmd({ kind: 'preset', action: 'call', preset: 0 })).toThrow('preset must be 1-255; got 0');
    expect(() => encodePtzCmd({ kind: 'move', zoom: 'in', panSpeed: 0, tiltSpeed: 0, zoomSpeed: 16 })).toThrow(/zoom speed/);
    expect(() => encodePtzCmd({ kind: 'stop' }, 0x1000)).toThrow(/address/);
  });
});

describe('PTZCmd decoding', () => {
  it('verifies the checksum and header', () => {
    expect(decodePtzCmd('A50F0100000000B6')).toEqual({ ok: false, reason: 'PTZCmd checksum is B6, expected B5' });
    expect(decodePtzCmd('A40F0100000000B4')).toMatchObject({ ok: false, reason: expect.stringContaining('A5') });
    expect(decodePtzCmd('A50E0100000000B4')).toMatchObject({ ok: false, reason: expect.stringContaining('check nibble') });
    expect(decodePtzCmd('A50F01')).toMatchObject({ ok: false, reason: expect.stringContaining('16 hex digits') });
  });

  it('reports contradictory bits', () => {
    const raw = (ins: number) => {
      const b = [0xa5, 0x0f, 0x01, ins, 0, 0, 0];
      b.push(b.reduce((a, x) => a + x, 0) & 0xff);
      return b.map((x) => x.toString(16).padStart(2, '0')).join('');
    };
    expect(decodePtzCmd(raw(0x03))).toMatchObject({ ok: false, reason: 'PTZCmd: left and right both set' });
    expect(decodePtzCmd(raw(0x30))).toMatchObject({ ok: false, reason: expect.stringContaining('zoom') });
    expect(decodePtzCmd(raw(0x43))).toMatchObject({ ok: false, reason: expect.stringContaining('focus') });
    expect(decodePtzCmd(raw(0x82))).toMatchObject({ ok: false, reason: expect.stringContaining('preset number 0') });
    expect(decodePtzCmd(raw(0x99))).toMatchObject({ ok: true, command: { kind: 'unknown', instruction: 0x99 } });
  });

  it('decode(encode(x)) = x for valid commands', () => {
    const byte = fc.integer({ min: 0, max: 255 });
    const cmd: fc.Arbitrary<PtzCommand> = fc.oneof(
      fc.record({
        kind: fc.constant('move' as const),
        pan: fc.constantFrom('left' as const, 'right' as const),
        tilt: fc.constantFrom('up' as const, 'down' as const),
        zoom: fc.constantFrom('in' as const, 'out' as const),
        panSpeed: byte,
        tiltSpeed: byte,
        zoomSpeed: fc.integer({ min: 0, max: 15 }),
      }),
      fc.record({ kind: fc.constant('preset' as const), action: fc.constantFrom('set' as const, 'call' as const, 'delete' as const), preset: fc.integer({ min: 1, max: 255 }) }),
      fc.record({ kind: fc.constant('cruise-speed' as const), group: byte, speed: fc.integer({ min: 0, max: 4095 }) }),
      fc.record({ kind: fc.constant('scan' as const), action: fc.constantFrom('start' as const, 'set-left' as const, 'set-right' as const), group: byte }),
    );
    fc.assert(
      fc.property(cmd, fc.integer({ min: 0, max: 4095 }), (c, addr) => {
        expect(decodePtzCmd(encodePtzCmd(c, addr))).toEqual({ ok: true, command: c, address: addr, version: 0 });
      }),
    );
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string(), (s) => void decodePtzCmd(s)));
    fc.assert(fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (b) => void decodePtzCmd(Buffer.from(b).toString('hex'))));
  });
});
