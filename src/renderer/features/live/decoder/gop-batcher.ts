// ffmpeg.wasm decodes a whole input per run and keeps no state between runs, so the WebAssembly decoder
// hands it one group of pictures at a time: a keyframe and the frames up to the next one. A batch starts with
// the stream's VPS/SPS/PPS (H.265 7.4.2.4.4: a CVS needs them before its first slice), taken from earlier
// keyframes when a camera sends them only now and then.
import { splitNalUnits } from '../annexb';
import type { EncodedAccessUnit } from './types';

export interface GopBatch {
  /** Annex B: the access units one after another. */
  data: Uint8Array;
  /** Microseconds, ascending (pictures come out in presentation order). */
  timestamps: number[];
}

const HEVC_PARAMETER_SETS = new Set([32, 33, 34]);
const hevcNalType = (nal: Uint8Array): number => (nal[0] >> 1) & 0x3f;
const START = new Uint8Array([0, 0, 0, 1]);

export class GopBatcher {
  private units: EncodedAccessUnit[] = [];
  private bytes = 0;
  private parameterSets: Uint8Array[] = [];

  /** Caps keep a camera that sends keyframes rarely from growing one batch without end. */
  constructor(
    private readonly maxFrames = 250,
    private readonly maxBytes = 24 * 1024 * 1024,
  ) {}

  get pending(): number {
    return this.units.length;
  }

  /** Adds a unit; returns the batch it completed (a keyframe or a cap ends the one before). */
  push(unit: EncodedAccessUnit): GopBatch | null {
    let done: GopBatch | null = null;
    if (unit.type === 'key') {
      done = this.take();
      this.noteParameterSets(unit.data);
    } else if (this.units.length === 0) {
      return null;
    }
    this.units.push(unit);
    this.bytes += unit.data.length;
    if (this.units.length >= this.maxFrames || this.bytes >= this.maxBytes) return done ?? this.take();
    return done;
  }

  /** What has been collected so far, as a batch (the end of a stream). */
  flush(): GopBatch | null {
    return this.take();
  }

  clear(): void {
    this.units = [];
    this.bytes = 0;
  }

  private take(): GopBatch | null {
    if (this.units.length === 0) return null;
    const first = this.units[0].data;
    const prefix = annexB(hasParameterSets(first) ? [] : this.parameterSets);
    const data = new Uint8Array(prefix.length + this.bytes);
    data.set(prefix);
    let at = prefix.length;
    for (const u of this.units) {
      data.set(u.data, at);
      at += u.data.length;
    }
    const timestamps = this.units.map((u) => u.timestamp).sort((a, b) => a - b);
    this.clear();
    return { data, timestamps };
  }

  private noteParameterSets(data: Uint8Array): void {
    const sets = parameterSetsIn(data);
    if (sets.length > 0) this.parameterSets = sets;
  }
}

/** The VPS/SPS/PPS NAL units of an access unit (copies, without start codes). */
export function parameterSetsIn(data: Uint8Array): Uint8Array[] {
  return splitNalUnits(data)
    .filter((n) => HEVC_PARAMETER_SETS.has(hevcNalType(n)))
    .map((n) => n.slice());
}

export function hasParameterSets(data: Uint8Array): boolean {
  return splitNalUnits(data).some((n) => hevcNalType(n) === 33);
}

/** Annex B: the parameter sets, each after a start code. */
export function annexB(nals: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(nals.reduce((s, n) => s + START.length + n.length, 0));
  let at = 0;
  for (const n of nals) {
    out.set(START, at);
    out.set(n, at + START.length);
    at += START.length + n.length;
  }
  return out;
}
