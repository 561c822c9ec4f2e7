// Metadata of a block's templated keepalives (they have no message row): id, time, kind, device and size of each,
// stored column by column as varints (ids and times as differences from the previous message) and deflated.
// Keepalives of one block differ little in these, so a message costs a few bytes.
import zlib from 'node:zlib';
import type { MessageRow } from './rows';

function putVarint(out: number[], v: number): void {
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

const zigzag = (v: number) => (v >= 0 ? v * 2 : -v * 2 - 1);
const unzigzag = (v: number) => (v % 2 === 0 ? v / 2 : -(v + 1) / 2);

export function encodeTemplated(rows: readonly MessageRow[]): Buffer {
  const out: number[] = [];
  putVarint(out, rows.length);
  let prevId = 0;
  let prevTime = 0;
  for (const r of rows) {
    putVarint(out, r.id - prevId);
    prevId = r.id;
  }
  for (const r of rows) {
    putVarint(out, zigzag(r.time - prevTime));
    prevTime = r.time;
  }
  for (const r of rows) putVarint(out, r.kind);
  for (const r of rows) putVarint(out, r.device === null ? 0 : r.device + 1);
  for (const r of rows) putVarint(out, r.size);
  return zlib.deflateRawSync(Buffer.from(out), { level: 9 });
}

export function decodeTemplated(data: Buffer): MessageRow[] {
  const buf = zlib.inflateRawSync(data);
  let pos = 0;
  const next = (): number => {
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = buf[pos++];
      if (b === undefined) throw new Error('truncated templated metadata');
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 0x80;
    }
  };
  const n = next();
  const rows: MessageRow[] = Array.from({ length: n }, () => ({ id: 0, time: 0, kind: 0, device: null, size: 0 }));
  let id = 0;
  let time = 0;
  for (const r of rows) r.id = id += next();
  for (const r of rows) r.time = time += unzigzag(next());
  for (const r of rows) r.kind = next();
  for (const r of rows) {
    const d = next();
    r.device = d === 0 ? null : d - 1;
  }
  for (const r of rows) r.size = next();
  return rows;
}
