// Child process for native-memory.test: fills about 190 MB of malloc's heap with 16 KiB buffers, each followed by
// a small one that stays, frees the big ones and prints the resident size before and after `--release`.
import { loadNativeMemory } from '../native-memory';

const CHUNKS = 12_000;
const rss = () => process.memoryUsage().rss;

async function arrayBuffersBelow(bytes: number, deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (process.memoryUsage().arrayBuffers > bytes) {
    if (Date.now() > end) throw new Error(`array buffers still ${process.memoryUsage().arrayBuffers} bytes`);
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((r) => setImmediate(r));
  }
}

async function main(): Promise<void> {
  const native = loadNativeMemory();
  const base = rss();
  let big: Uint8Array[] = [];
  const kept: Buffer[] = [];
  for (let i = 0; i < CHUNKS; i++) {
    big.push(new Uint8Array(new ArrayBuffer(16 * 1024)).fill(1));
    kept.push(Buffer.allocUnsafeSlow(64));
  }
  const full = rss();
  big = [];
  await arrayBuffersBelow(CHUNKS * 64 + 4 * 1024 * 1024, 10_000);
  const freed = rss();
  const released = process.argv.includes('--release') && native ? native.release() : false;
  const after = rss();
  process.stdout.write(JSON.stringify({ available: native !== null, base, full, freed, released, after, kept: kept.length }));
}

void main();
