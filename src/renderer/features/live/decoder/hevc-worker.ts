// The WebAssembly H.265 decoder's thread: ffmpeg.wasm (with threads where memory can be shared, else the
// single-thread build) decodes either one group of pictures per run, or a stream read from a ByteRing as the page
// writes it; pictures come out as a y4m stream into a device file, each sent back to the page as it completes.
import createSingleThreadCore, { type CreateFFmpegCore, type FFmpegCore } from '@ffmpeg/core';
import singleThreadWasmUrl from '@ffmpeg/core/wasm?url';
import threadsCoreUrl from '@ffmpeg/core-mt?url';
import threadsWasmUrl from '@ffmpeg/core-mt/wasm?url';
// Not inlined: a data: URL worker would have another origin than the page.
import threadsWorkerUrl from '@ffmpeg/core-mt/worker?url&no-inline';
import { ByteRing, sharedMemoryAvailable } from './byte-ring';
import type { WorkerReply, WorkerRequest } from './hevc-protocol';
import { Y4mReader } from './y4m';

const post = (m: WorkerReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);
const EAGAIN = 6;
/** How long ffmpeg's read waits for the page before it is told "try again" (its sleep lets its threads' calls run). */
const READ_WAIT_MS = 20;

let runId = 0;
let pictures = 0;
let ring: ByteRing | null = null;
const reader = new Y4mReader((p) => {
  pictures++;
  post({ type: 'picture', id: runId, width: p.width, height: p.height, data: p.data.buffer as ArrayBuffer }, [p.data.buffer as ArrayBuffer]);
});

const absolute = (url: string) => new URL(url, self.location.href).href;

async function loadCore(): Promise<{ core: FFmpegCore; threads: boolean }> {
  if (!sharedMemoryAvailable()) {
    const wasmBinary = await (await fetch(singleThreadWasmUrl)).arrayBuffer();
    return { core: await createSingleThreadCore({ wasmBinary }), threads: false };
  }
  // The threads' workers load the core script by URL, so the page loads it by URL too (not bundled).
  const coreUrl = absolute(threadsCoreUrl);
  const create = ((await import(/* @vite-ignore */ coreUrl)) as { default: CreateFFmpegCore }).default;
  const files = btoa(JSON.stringify({ wasmURL: absolute(threadsWasmUrl), workerURL: absolute(threadsWorkerUrl) }));
  return { core: await create({ mainScriptUrlOrBlob: `${coreUrl}#${files}` }), threads: true };
}

const INPUT = ['-hide_banner', '-nostdin', '-loglevel', 'error'];
// passthrough: one output picture per decoded picture, none repeated or dropped to fit a frame rate.
const OUTPUT = ['-an', '-fps_mode', 'passthrough', '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', '-flush_packets', '1', '-y', '/out.y4m'];
// Start decoding at once: no probing ahead (packets read while probing are kept: no -fflags nobuffer, which
// would drop the first keyframe); the device is read as a pipe.
const STREAM_INPUT = ['-probesize', '32', '-analyzeduration', '0', '-seekable', '0', '-f', 'hevc', '-i', '/stream.h265'];

async function start() {
  const { core, threads } = await loadCore();
  const logs: string[] = [];
  core.setLogger((l) => {
    if (logs.length < 5) logs.push(l.message);
  });
  const FS = core.FS;
  const output = FS.makedev(64, 0);
  FS.registerDevice(output, {
    open: () => reader.restart(),
    close: () => undefined,
    read: () => 0,
    write: (_stream, buffer, offset, length) => {
      reader.write(buffer.subarray(offset, offset + length));
      return length;
    },
  });
  FS.mkdev('/out.y4m', output);
  const input = FS.makedev(64, 1);
  FS.registerDevice(input, {
    open: () => undefined,
    close: () => undefined,
    read: (_stream, buffer, offset, length) => {
      const n = ring ? ring.read(buffer, offset, length, READ_WAIT_MS) : 0;
      if (n < 0) throw new FS.ErrnoError(EAGAIN);
      return n;
    },
    write: () => 0,
  });
  FS.mkdev('/stream.h265', input);

  // The decoder's threads (frame threads: each adds a picture of delay); the build without threads has one.
  const decoderThreads = threads ? ['-threads', String(Math.min(Math.max(navigator.hardwareConcurrency || 2, 2), 8))] : [];
  const run = (id: number, args: string[]) => {
    runId = id;
    pictures = 0;
    logs.length = 0;
    const started = performance.now();
    const ret = core.exec(...INPUT, ...decoderThreads, ...args, ...OUTPUT);
    core.reset();
    post({ type: 'done', id, pictures, ms: performance.now() - started, ret, log: logs.filter((l) => l !== 'Aborted()').join('\n') });
  };
  const handle = (m: WorkerRequest) => {
    if (m.type === 'stream') {
      ring = new ByteRing(m.ring);
      try {
        run(m.id, STREAM_INPUT);
      } finally {
        ring = null;
      }
      return;
    }
    FS.writeFile('/in.h265', new Uint8Array(m.data));
    try {
      run(m.id, ['-f', 'hevc', '-i', '/in.h265']);
    } finally {
      FS.unlink('/in.h265');
    }
  };
  return { handle, threads };
}

const ready = start();
ready.then(
  ({ threads }) => post({ type: 'ready', threads }),
  (err: unknown) => post({ type: 'failed', message: errorText(err), starting: true }),
);

self.onmessage = async (e: MessageEvent<WorkerRequest>) => {
  let decoder: Awaited<typeof ready>;
  try {
    decoder = await ready;
  } catch {
    return; // already reported
  }
  try {
    decoder.handle(e.data);
  } catch (err) {
    post({ type: 'failed', message: errorText(err), starting: false });
  }
};

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
