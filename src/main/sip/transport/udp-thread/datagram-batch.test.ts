import { describe, expect, it } from 'vitest';
import { batchBytes, datagramAt, entryBytes, packDatagrams, unpackDatagrams, type Datagram } from './datagram-batch';

describe('datagram batches between the SIP socket thread and the main thread', () => {
  const datagrams: Datagram[] = [
    { raw: Buffer.from('REGISTER sip:3402000000 SIP/2.0\r\n\r\n'), address: '127.0.0.1', port: 5060 },
    { raw: Buffer.alloc(0), address: '::1', port: 1 },
    { raw: Buffer.from([0, 255, 13, 10]), address: 'fe80::1:2:3:4', port: 65535 },
    { raw: Buffer.alloc(65507, 0x61), address: '10.0.0.7', port: 15060 },
  ];

  it('packs datagrams into one buffer of their own and reads them back unchanged, in order', () => {
    const batch = packDatagrams(datagrams);
    expect(batch.length).toBe(batchBytes(datagrams));
    expect(batch.byteOffset).toBe(0);
    expect(batch.buffer.byteLength).toBe(batch.length);
    const back: Datagram[] = [];
    unpackDatagrams(batch, (raw, address, port) => back.push({ raw: Buffer.from(raw), address, port }));
    expect(back).toEqual(datagrams);
  });

  it('reads one entry at a time, each entry as long as entryBytes says', () => {
    const batch = packDatagrams(datagrams);
    let at = 0;
    for (const d of datagrams) {
      const e = datagramAt(batch, at);
      expect(e.next - at).toBe(entryBytes(d.address, d.raw));
      expect({ address: e.address, port: e.port, raw: Buffer.from(e.raw) }).toEqual({ address: d.address, port: d.port, raw: d.raw });
      at = e.next;
    }
    expect(at).toBe(batch.length);
  });

  it('packs an empty list into an empty batch', () => {
    const batch = packDatagrams([]);
    expect(batch.length).toBe(0);
    let calls = 0;
    unpackDatagrams(batch, () => calls++);
    expect(calls).toBe(0);
  });
});
