// Tapped SIP messages packed back to back into one buffer, so a batch crosses to the writer thread as one
// transferred ArrayBuffer (no per-message structured clone). Per record: raw length (4), time (8), direction (1),
// transport (1), local port (2), peer port (2), local and peer address lengths (1 + 1), both addresses, raw bytes.
import type { SignallingRecord } from '../../sip/tap';

const HEAD = 20;
const MAX_ADDR = 255;

/** Bytes a record takes in a batch. */
export function packedSize(rec: SignallingRecord): number {
  return HEAD + Math.min(rec.local.address.length, MAX_ADDR) + Math.min(rec.peer.address.length, MAX_ADDR) + rec.raw.length;
}

/** Writes rec at pos (the caller checked packedSize fits); returns the next position. */
export function packRecord(buf: Buffer, pos: number, rec: SignallingRecord): number {
  const local = rec.local.address.slice(0, MAX_ADDR);
  const peer = rec.peer.address.slice(0, MAX_ADDR);
  buf.writeUInt32LE(rec.raw.length, pos);
  buf.writeDoubleLE(rec.timeMs, pos + 4);
  buf[pos + 12] = rec.direction === 'out' ? 1 : 0;
  buf[pos + 13] = rec.transport === 'TCP' ? 1 : 0;
  buf.writeUInt16LE(rec.local.port & 0xffff, pos + 14);
  buf.writeUInt16LE(rec.peer.port & 0xffff, pos + 16);
  // Addresses are IPv4/IPv6 literals: latin1 is exact for them.
  const ll = buf.write(local, pos + HEAD, 'latin1');
  const pl = buf.write(peer, pos + HEAD + ll, 'latin1');
  buf[pos + 18] = ll;
  buf[pos + 19] = pl;
  let at = pos + HEAD + ll + pl;
  at += rec.raw.copy(buf, at);
  return at;
}

/** The records of a packed batch (raw bytes are views into buf). */
export function unpackRecords(buf: Buffer, end = buf.length): SignallingRecord[] {
  const out: SignallingRecord[] = [];
  let pos = 0;
  while (pos + HEAD <= end) {
    const rawLen = buf.readUInt32LE(pos);
    const ll = buf[pos + 18];
    const pl = buf[pos + 19];
    const a = pos + HEAD;
    out.push({
      timeMs: buf.readDoubleLE(pos + 4),
      direction: buf[pos + 12] === 1 ? 'out' : 'in',
      transport: buf[pos + 13] === 1 ? 'TCP' : 'UDP',
      local: { address: buf.toString('latin1', a, a + ll), port: buf.readUInt16LE(pos + 14) },
      peer: { address: buf.toString('latin1', a + ll, a + ll + pl), port: buf.readUInt16LE(pos + 16) },
      raw: buf.subarray(a + ll + pl, a + ll + pl + rawLen),
    });
    pos = a + ll + pl + rawLen;
  }
  return out;
}
