// PTZCmd: 8 bytes written as 16 hex digits (GB/T 28181-2016 Annex A.3).
// Byte 1 A5, byte 2 version/checksum nibble, byte 3 address low 8 bits, byte 4 instruction, bytes 5-6 data,
// byte 7 high nibble data 3 / low nibble address high 4 bits, byte 8 sum of bytes 1-7 mod 256.

export type PtzCommand =
  | { kind: 'stop' }
  | {
      kind: 'move';
      pan?: 'left' | 'right';
      tilt?: 'up' | 'down';
      zoom?: 'in' | 'out';
      /** 0-255 */
      panSpeed: number;
      /** 0-255 */
      tiltSpeed: number;
      /** 0-15 */
      zoomSpeed: number;
    }
  /** Focus / iris; neither direction set = stop focus and iris (0x40). */
  | { kind: 'focus-iris'; focus?: 'near' | 'far'; iris?: 'open' | 'close'; focusSpeed: number; irisSpeed: number }
  | { kind: 'preset'; action: 'set' | 'call' | 'delete'; preset: number }
  | { kind: 'cruise-add'; group: number; preset: number }
  /** preset 0 deletes the whole cruise. */
  | { kind: 'cruise-delete'; group: number; preset: number }
  /** 12-bit speed */
  | { kind: 'cruise-speed'; group: number; speed: number }
  /** 12-bit dwell time in seconds */
  | { kind: 'cruise-dwell'; group: number; seconds: number }
  | { kind: 'cruise-start'; group: number }
  | { kind: 'scan'; action: 'start' | 'set-left' | 'set-right'; group: number }
  /** 12-bit speed */
  | { kind: 'scan-speed'; group: number; speed: number }
  /** aux 1 = wiper */
  | { kind: 'aux'; on: boolean; aux: number }
  | { kind: 'unknown'; instruction: number; data1: number; data2: number; data3: number };

const PRESET_OPS = { set: 0x81, call: 0x82, delete: 0x83 } as const;
const SCAN_OPS = { start: 0, 'set-left': 1, 'set-right': 2 } as const;

function check(name: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${name} must be ${min}-${max}; got ${v}`);
  return v;
}

interface Fields {
  instruction: number;
  data1: number;
  data2: number;
  /** 4 bits, byte 7 high nibble */
  data3: number;
}

function twelveBit(name: string, v: number): { data2: number; data3: number } {
  check(name, v, 0, 0xfff);
  return { data2: v & 0xff, data3: v >> 8 };
}

function fieldsOf(cmd: PtzCommand): Fields {
  switch (cmd.kind) {
    case 'stop':
      return { instruction: 0, data1: 0, data2: 0, data3: 0 };
    case 'move': {
      let ins = 0;
      if (cmd.zoom === 'out') ins |= 0x20;
      if (cmd.zoom === 'in') ins |= 0x10;
      if (cmd.tilt === 'up') ins |= 0x08;
      if (cmd.tilt === 'down') ins |= 0x04;
      if (cmd.pan === 'left') ins |= 0x02;
      if (cmd.pan === 'right') ins |= 0x01;
      return {
        instruction: ins,
        data1: check('pan speed', cmd.panSpeed, 0, 255),
        data2: check('tilt speed', cmd.tiltSpeed, 0, 255),
        data3: check('zoom speed', cmd.zoomSpeed, 0, 15),
      };
    }
    case 'focus-iris': {
      let ins = 0x40;
      if (cmd.iris === 'close') ins |= 0x08;
      if (cmd.iris === 'open') ins |= 0x04;
      if (cmd.focus === 'near') ins |= 0x02;
      if (cmd.focus === 'far') ins |= 0x01;
      return {
        instruction: ins,
        data1: check('focus speed', cmd.focusSpeed, 0, 255),
        data2: check('iris speed', cmd.irisSpeed, 0, 255),
        data3: 0,
      };
    }
    case 'preset':
      return { instruction: PRESET_OPS[cmd.action], data1: 0, data2: check('preset', cmd.preset, 1, 255), data3: 0 };
    case 'cruise-add':
      return { instruction: 0x84, data1: check('cruise group', cmd.group, 0, 255), data2: check('preset', cmd.preset, 1, 255), data3: 0 };
    case 'cruise-delete':
      return { instruction: 0x85, data1: check('cruise group', cmd.group, 0, 255), data2: check('preset', cmd.preset, 0, 255), data3: 0 };
    case 'cruise-speed':
      return { instruction: 0x86, data1: check('cruise group', cmd.group, 0, 255), ...twelveBit('cruise speed', cmd.speed) };
    case 'cruise-dwell':
      return { instruction: 0x87, data1: check('cruise group', cmd.group, 0, 255), ...twelveBit('dwell seconds', cmd.seconds) };
    case 'cruise-start':
      return { instruction: 0x88, data1: check('cruise group', cmd.group, 0, 255), data2: 0, data3: 0 };
    case 'scan':
      return { instruction: 0x89, data1: check('scan group', cmd.group, 0, 255), data2: SCAN_OPS[cmd.action], data3: 0 };
    case 'scan-speed':
      return { instruction: 0x8a, data1: check('scan group', cmd.group, 0, 255), ...twelveBit('scan speed', cmd.speed) };
    case 'aux':
      return { instruction: cmd.on ? 0x8c : 0x8d, data1: check('aux number', cmd.aux, 0, 255), data2: 0, data3: 0 };
    case 'unknown':
      return {
        instruction: check('instruction', cmd.instruction, 0, 255),
        data1: check('data1', cmd.data1, 0, 255),
        data2: check('data2', cmd.data2, 0, 255),
        data3: check('data3', cmd.data3, 0, 15),
      };
  }
}

/** Encodes a command as 16 upper-case hex digits. `address` is the 12-bit PTZ address (1 is common). */
export function encodePtzCmd(cmd: PtzCommand, address = 1): string {
  check('address', address, 0, 0xfff);
  const f = fieldsOf(cmd);
  const bytes = [0xa5, 0x0f, address & 0xff, f.instruction, f.data1, f.data2, (f.data3 << 4) | (address >> 8)];
  bytes.push(bytes.reduce((a, b) => a + b, 0) & 0xff);
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
}

export type PtzDecodeResult =
  | { ok: true; command: PtzCommand; address: number; version: number }
  | { ok: false; reason: string };

function decodeFields(ins: number, d1: number, d2: number, d3: number): PtzCommand | string {
  if (ins === 0) return { kind: 'stop' };
  if (ins < 0x40) {
    if ((ins & 0x30) === 0x30) return 'zoom in and zoom out both set';
    if ((ins & 0x0c) === 0x0c) return 'up and down both set';
    if ((ins & 0x03) === 0x03) return 'left and right both set';
    const cmd: PtzCommand = { kind: 'move', panSpeed: d1, tiltSpeed: d2, zoomSpeed: d3 };
    if (ins & 0x20) cmd.zoom = 'out';
    if (ins & 0x10) cmd.zoom = 'in';
    if (ins & 0x08) cmd.tilt = 'up';
    if (ins & 0x04) cmd.tilt = 'down';
    if (ins & 0x02) cmd.pan = 'left';
    if (ins & 0x01) cmd.pan = 'right';
    return cmd;
  }
  if (ins < 0x50) {
    if ((ins & 0x0c) === 0x0c) return 'iris open and close both set';
    if ((ins & 0x03) === 0x03) return 'focus near and far both set';
    const cmd: PtzCommand = { kind: 'focus-iris', focusSpeed: d1, irisSpeed: d2 };
    if (ins & 0x08) cmd.iris = 'close';
    if (ins & 0x04) cmd.iris = 'open';
    if (ins & 0x02) cmd.focus = 'near';
    if (ins & 0x01) cmd.focus = 'far';
    return cmd;
  }
  const twelve = d2 | (d3 << 8);
  switch (ins) {
    case 0x81:
    case 0x82:
    case 0x83:
      if (d2 === 0) return 'preset number 0 (presets are 1-255)';
      return { kind: 'preset', action: ins === 0x81 ? 'set' : ins === 0x82 ? 'call' : 'delete', preset: d2 };
    case 0x84:
      return { kind: 'cruise-add', group: d1, preset: d2 };
    case 0x85:
      return { kind: 'cruise-delete', group: d1, preset: d2 };
    case 0x86:
      return { kind: 'cruise-speed', group: d1, speed: twelve };
    case 0x87:
      return { kind: 'cruise-dwell', group: d1, seconds: twelve };
    case 0x88:
      return { kind: 'cruise-start', group: d1 };
    case 0x89: {
      const action = d2 === 0 ? 'start' : d2 === 1 ? 'set-left' : d2 === 2 ? 'set-right' : undefined;
      if (!action) return `scan operation ${d2} is not 0 (start), 1 (left edge) or 2 (right edge)`;
      return { kind: 'scan', action, group: d1 };
    }
    case 0x8a:
      return { kind: 'scan-speed', group: d1, speed: twelve };
    case 0x8c:
    case 0x8d:
      return { kind: 'aux', on: ins === 0x8c, aux: d1 };
    default:
      return { kind: 'unknown', instruction: ins, data1: d1, data2: d2, data3: d3 };
  }
}

/** Decodes 16 hex digits, verifying the header byte, the version checksum nibble and the final checksum. */
export function decodePtzCmd(hex: string): PtzDecodeResult {
  const s = hex.trim();
  if (!/^[0-9a-fA-F]{16}$/.test(s)) return { ok: false, reason: `PTZCmd must be 16 hex digits; got "${s.slice(0, 40)}"` };
  const b = Array.from({ length: 8 }, (_, i) => parseInt(s.slice(i * 2, i * 2 + 2), 16));
  if (b[0] !== 0xa5) return { ok: false, reason: `PTZCmd must start with A5; got ${s.slice(0, 2).toUpperCase()}` };
  const version = b[1] >> 4;
  if ((b[1] & 0x0f) !== (0xa + 0x5 + version) % 16) {
    return { ok: false, reason: `PTZCmd byte 2 check nibble is wrong (${s.slice(2, 4).toUpperCase()})` };
  }
  const sum = b.slice(0, 7).reduce((a, x) => a + x, 0) & 0xff;
  if (sum !== b[7]) {
    return {
      ok: false,
      reason: `PTZCmd checksum is ${b[7].toString(16).padStart(2, '0').toUpperCase()}, expected ${sum.toString(16).padStart(2, '0').toUpperCase()}`,
    };
  }
  const cmd = decodeFields(b[3], b[4], b[5], b[6] >> 4);
  if (typeof cmd === 'string') return { ok: false, reason: `PTZCmd: ${cmd}` };
  return { ok: true, command: cmd, address: b[2] | ((b[6] & 0x0f) << 8), version };
}
