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

export type Mode = 'batches' | 'stream' | 'live';

interface Figures {
  webCodecsHevc: boolean;
  crossOriginIsolated: boolean;
  threads: boolean | null;
  frames: number;
  pictures: number;
  width: number;
  height: number;
  /** From creating the decoder to the first picture (worker start, .wasm load and compile, first decode). */
  firstPictureMs: number;
  /** From the worker being ready to the first picture (live: the first keyframe fed then). */
  firstPictureAfterReadyMs: number;
  /** live: from feeding an access unit to its picture, ms (median and 95th percentile). */
  latencyMs: { median: number; p95: number } | null;
  batches: { pictures: number; ms: number }[];
  /** Pictures out over wall time, from the first picture to the last. */
  outFps: number;
  wallMs: number;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * batches: one group of pictures per ffmpeg run, each sent when the one before is decoded (none dropped);
 * stream: every access unit through the shared ring as fast as ffmpeg takes them (at most 20 waiting);
 * live: the stream fed at 25 frames/s, as a camera sends it, after the worker is ready (a run more than a
 * second behind is dropped at the next keyframe, as in a tile).
 */
async function runBench(clipUrl: string, codec: string, mode: Mode): Promise<Figures> {
  const units = accessUnits(new Uint8Array(await (await fetch(clipUrl)).arrayBuffer()));
  const batches: Figures['batches'] = [];
  const fedAt = new Map<number, number>();
  const latencies: number[] = [];
  let pictures = 0;
  let size = { width: 0, height: 0 };
  let firstPictureAt = 0;
  let lastPictureAt = 0;
  let failure: Error | null = null;
  let threads: boolean | null = null;
  let batchDone: () => void = () => undefined;
  let readyAt = 0;
  let isReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (isReady = resolve));
  const started = performance.now();
  const decoder = new WasmHevcDecoder(
    {
      output: (f) => {
        const now = performance.now();
        pictures++;
        firstPictureAt ||= now;
        lastPictureAt = now;
        const fed = fedAt.get(f.timestamp);
        if (fed !== undefined) latencies.push(now - fed);
        size = { width: f.displayWidth, height: f.displayHeight };
        f.close();
      },
      error: (e) => {
        failure = e;
        batchDone();
      },
    },
    {
      unpaced: true,
      batches: mode === 'batches',
      onBatch: (n, ms) => (batches.push({ pictures: n, ms }), batchDone()),
      onReady: (t) => ((threads = t), (readyAt = performance.now()), isReady()),
    },
  );
  decoder.configure();
  if (mode === 'batches') {
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
  } else {
    await ready;
    const t0 = performance.now();
    for (let i = 0; i < units.length; i++) {
      if (mode === 'live') {
        const due = t0 + i * 40;
        if (due > performance.now()) await wait(due - performance.now());
      } else {
        while (decoder.decodeQueueSize > 20) await wait(2);
      }
      fedAt.set(units[i].timestamp, performance.now());
      decoder.decode(units[i]);
      if (failure) throw failure;
    }
    const done = new Promise<void>((r) => (batchDone = r));
    decoder.flush();
    await done;
    if (failure) throw failure;
  }
  const wallMs = performance.now() - started;
  decoder.close();
  latencies.sort((a, b) => a - b);
  return {
    webCodecsHevc: await webCodecsSupports(codec),
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    threads,
    frames: units.length,
    pictures,
    ...size,
    firstPictureMs: firstPictureAt - started,
    firstPictureAfterReadyMs: firstPictureAt - (readyAt || started),
    latencyMs: latencies.length ? { median: latencies[latencies.length >> 1], p95: latencies[Math.floor(latencies.length * 0.95)] } : null,
    batches,
    outFps: pictures > 1 ? (pictures - 1) / ((lastPictureAt - firstPictureAt) / 1000) : 0,
    wallMs,
  };
}

(window as unknown as { runBench: typeof runBench }).runBench = runBench;
