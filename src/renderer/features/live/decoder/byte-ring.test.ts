import { describe, expect, it } from 'vitest';
import { ByteRing } from './byte-ring';

// Renderer code is typed without Node; the test reaches worker_threads by a name the type checker does not follow.
interface NodeWorker {
  once(event: 'message', fn: (v: unknown) => void): void;
  terminate(): Promise<number>;
}
type WorkerThreads = { Worker: new (code: string, o: { eval: true; workerData: unknown }) => NodeWorker };
const workerThreads = () => import('node:worker_threads' as string) as Promise<WorkerThreads>;

const bytes = (from: number, n: number) => Uint8Array.from({ length: n }, (_, i) => (from + i) & 0xff);

describe('ByteRing', () => {
  it('hands bytes over in order across the wrap, and refuses what does not fit', () => {
    const ring = ByteRing.create(10); // 16
    expect(ring.capacity).toBe(16);
    const out = new Uint8Array(64);
    let got = 0;
    let sent = 0;
    for (let round = 0; round < 5; round++) {
      expect(ring.write(bytes(sent, 11))).toBe(true);
      sent += 11;
      expect(ring.write(bytes(sent, 6))).toBe(false); // 11 + 6 > 16
      got += ring.read(out, got, 4, 0);
      got += ring.read(out, got, 64, 0);
    }
    expect(got).toBe(55);
    expect(Array.from(out.subarray(0, 55))).toEqual(Array.from(bytes(0, 55)));
    expect(ring.used).toBe(0);
  });

  it('a read waits for a write and ends with 0 once closed and drained; -1 when the wait runs out', () => {
    const ring = ByteRing.create(64);
    expect(ring.read(new Uint8Array(8), 0, 8, 1)).toBe(-1);
    ring.write(bytes(1, 3));
    ring.close();
    expect(ring.write(bytes(1, 1))).toBe(false);
    const out = new Uint8Array(8);
    expect(ring.read(out, 0, 8, 1)).toBe(3);
    expect(ring.read(out, 0, 8, 1)).toBe(0);

    const dropped = ByteRing.create(64);
    dropped.write(bytes(1, 3));
    dropped.abandon();
    expect(dropped.read(out, 0, 8, 1)).toBe(0);
  });

  it('a reader in another thread wakes up when the writer writes', async () => {
    const ring = ByteRing.create(1 << 12);
    // The reader blocks in Atomics.wait (as ffmpeg's read does in the decoder's worker) and sums what it reads.
    const { Worker } = await workerThreads();
    const reader = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const head = new Int32Array(workerData, 0, 4); const data = new Uint8Array(workerData, 16);
       let sum = 0, n = 0;
       for (;;) {
         const w = Atomics.load(head, 0), r = Atomics.load(head, 1) >>> 0;
         if (w >>> 0 !== r) { for (let i = r; i !== w >>> 0; i = (i + 1) >>> 0) { sum += data[i % data.length]; n++; } Atomics.store(head, 1, w); continue; }
         if (Atomics.load(head, 2)) break;
         Atomics.wait(head, 0, w, 5000);
       }
       parentPort.postMessage({ sum, n });`,
      { eval: true, workerData: ring.buffer },
    );
    const result = new Promise((resolve) => reader.once('message', resolve));
    let sum = 0;
    for (let i = 0; i < 200; i++) {
      const chunk = bytes(i, 100);
      while (!ring.write(chunk)) await new Promise((r) => setTimeout(r, 0));
      sum += chunk.reduce((s, b) => s + b, 0);
    }
    ring.close();
    expect(await result).toEqual({ sum, n: 20_000 });
    await reader.terminate();
  });
});
