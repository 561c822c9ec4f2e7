// The benchmark page: the console's WebAssembly H.265 decoder (as the console bundles it) decodes a clip one
// group of pictures at a time, as fast as it can; window.runBench returns the figures.
import { splitNalUnits } from '../../src/renderer/features/live/annexb';
import { WasmHevcDecoder } from '../../src/renderer/features/live/decoder/hevc-wasm';
import { webCodecsSupports } from '../../src/renderer/features/live/decoder/webcodecs';
import type { EncodedAccessUnit } from '../../src/renderer/features/live/decoder/types';

const nalType = (n: Uint8Array) => (n[0] >> 1) & 0x3f;

/** Access units of an Annex B H.265 stream: a new one at a VPS/SPS/PPS/AUD/prefix SEI or a first slice. */
function accessUnits(data: Uint8Array): EncodedAccessUnit[] {
  const groups: Uint8Array[][] = [];
  let cur: Uint8Array[] = [];
  let hasSlice = false;
  for (const n of splitNalUnits(data)) {
    const t = nalType(n);
    const slice = t < 32;
    if (hasSlice && ((t >= 32 && t <= 35) || t === 39 || (slice && (n[2] & 0x80) !== 0))) {
      groups.push(cur);
      cur = [];
      hasSlice = false;
    }
    cur.push(n);
    if (slice) hasSlice = true;
  }
  if (cur.length) groups.push(cur);
  return groups.map((nals, i) => {
    const out = new Uint8Array(nals.reduce((s, n) => s + 4 + n.length, 0));
    let at = 0;
    for (const n of nals) {
      out.set([0, 0, 0, 1], at);
      out.set(n, at + 4);
      at += 4 + n.length;
    }
    const key = nals.some((n) => nalType(n) >= 16 && nalType(n) <= 21);
    return { type: key ? 'key' : 'delta', timestamp: i * 40_000, data: out };
  });
}

interface Figures {
  webCodecsHevc: boolean;
  frames: number;
  pictures: number;
  width: number;
  height: number;
  firstPictureMs: number;
  batches: { pictures: number; ms: number }[];
  wallMs: number;
}

async function runBench(clipUrl: string, codec: string): Promise<Figures> {
  const units = accessUnits(new Uint8Array(await (await fetch(clipUrl)).arrayBuffer()));
  const batches: Figures['batches'] = [];
  let pictures = 0;
  let size = { width: 0, height: 0 };
  let firstPictureAt = 0;
  let failure: Error | null = null;
  let batchDone: () => void = () => undefined;
  const decoder = new WasmHevcDecoder(
    {
      output: (f) => {
        pictures++;
        firstPictureAt ||= performance.now();
        size = { width: f.displayWidth, height: f.displayHeight };
        f.close();
      },
      error: (e) => {
        failure = e;
        batchDone();
      },
    },
    { unpaced: true, onBatch: (n, ms) => (batches.push({ pictures: n, ms }), batchDone()) },
  );
  const started = performance.now();
  decoder.configure();
  // One group at a time, each sent when the one before is decoded, so none is dropped as "viewer too slow".
  for (let i = 0; i < units.length; i++) {
    const last = i === units.length - 1 || units[i + 1].type === 'key';
    decoder.decode(units[i]);
    if (!last) continue;
    const done = new Promise<void>((r) => (batchDone = r));
    decoder.flush();
    await done;
    if (failure) throw failure;
  }
  const wallMs = performance.now() - started;
  decoder.close();
  return { webCodecsHevc: await webCodecsSupports(codec), frames: units.length, pictures, ...size, firstPictureMs: firstPictureAt - started, batches, wallMs };
}

(window as unknown as { runBench: typeof runBench }).runBench = runBench;
