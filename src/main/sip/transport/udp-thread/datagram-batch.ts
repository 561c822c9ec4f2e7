// Datagrams handed between the SIP socket's thread and the main thread as one buffer a batch, moved rather than
// copied (one postMessage a batch, where structured cloning a list of buffers would cost one copy each). Each
// entry: the peer's port (u16), its address's length (u8) and text, the payload's length (u32) and bytes.

export interface Datagram {
  raw: Buffer;
  /** The peer: where it came from, or where it goes. */
  address: string;
  port: number;
}

const FIXED = 2 + 1 + 4;

/** What one datagram takes in a packed batch. */
export function entryBytes(address: string, raw: Buffer): number {
  return FIXED + address.length + raw.length;
}

export function batchBytes(datagrams: readonly Datagram[]): number {
  let n = 0;
  for (const d of datagrams) n += entryBytes(d.address, d.raw);
  return n;
}

/** One buffer holding the datagrams, over an ArrayBuffer of its own (so it can be transferred). */
export function packDatagrams(datagrams: readonly Datagram[]): Buffer {
  const out = Buffer.allocUnsafeSlow(batchBytes(datagrams));
  let at = 0;
  for (const d of datagrams) {
    at = out.writeUInt16LE(d.port, at);
    at = out.writeUInt8(d.address.length, at);
    at += out.write(d.address, at, 'latin1');
    at = out.writeUInt32LE(d.raw.length, at);
    at += d.raw.copy(out, at);
  }
  return out;
}

/** Where one entry of a packed batch is: the payload is a view into the batch. */
export interface DatagramAt {
  raw: Buffer;
  address: string;
  port: number;
  /** Where the next entry begins. */
  next: number;
}

/** The entry of a packed batch that begins at `at`. */
export function datagramAt(batch: Buffer, at: number): DatagramAt {
  const port = batch.readUInt16LE(at);
  const addressLength = batch[at + 2];
  const address = batch.toString('latin1', at + 3, at + 3 + addressLength);
  at += 3 + addressLength;
  const length = batch.readUInt32LE(at);
  at += 4;
  return { raw: batch.subarray(at, at + length), address, port, next: at + length };
}

/** Calls `each` with every datagram of a packed batch; the payloads are views into `batch`. */
export function unpackDatagrams(batch: Buffer, each: (raw: Buffer, address: string, port: number) => void): void {
  for (let at = 0; at < batch.length; ) {
    const d = datagramAt(batch, at);
    each(d.raw, d.address, d.port);
    at = d.next;
  }
}
