// The WebAssembly H.265 decoder's thread: ffmpeg.wasm decodes one group of pictures per run into a y4m stream,
// which a device file hands to the Y4mReader as it is written; each picture goes back to the page as it comes.
import createFFmpegCore from '@ffmpeg/core';
import wasmUrl from '@ffmpeg/core/wasm?url';
import { Y4mReader } from './y4m';
import type { WorkerReply, WorkerRequest } from './hevc-protocol';

const post = (m: WorkerReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

let batchId = 0;
let pictures = 0;
const reader = new Y4mReader((p) => {
  pictures++;
  post({ type: 'picture', id: batchId, width: p.width, height: p.height, data: p.data.buffer as ArrayBuffer }, [p.data.buffer as ArrayBuffer]);
});

async function start() {
  const wasmBinary = await (await fetch(wasmUrl)).arrayBuffer();
  const core = await createFFmpegCore({ wasmBinary });
  const logs: string[] = [];
  core.setLogger((l) => {
    if (logs.length < 5) logs.push(l.message);
  });
  const FS = core.FS;
  const device = FS.makedev(64, 0);
  FS.registerDevice(device, {
    open: () => reader.restart(),
    close: () => undefined,
    read: () => 0,
    write: (_stream: unknown, buffer: Uint8Array, offset: number, length: number) => {
      reader.write(buffer.subarray(offset, offset + length));
      return length;
    },
  });
  FS.mkdev('/out.y4m', device);
  return (id: number, data: Uint8Array) => {
    batchId = id;
    pictures = 0;
    logs.length = 0;
    FS.writeFile('/in.h265', data);
    const started = performance.now();
    // passthrough: one output picture per decoded picture, none repeated or dropped to fit a frame rate.
    const ret = core.exec('-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'hevc', '-i', '/in.h265', '-an', '-fps_mode', 'passthrough', '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', '-y', '/out.y4m');
    core.reset();
    FS.unlink('/in.h265');
    post({ type: 'done', id, pictures, ms: performance.now() - started, ret, log: logs.filter((l) => l !== 'Aborted()').join('\n') });
  };
}

const ready = start();
ready.then(
  () => post({ type: 'ready' }),
  (err: unknown) => post({ type: 'failed', message: errorText(err), starting: true }),
);

self.onmessage = async (e: MessageEvent<WorkerRequest>) => {
  let decode: Awaited<typeof ready>;
  try {
    decode = await ready;
  } catch {
    return; // already reported
  }
  try {
    decode(e.data.id, new Uint8Array(e.data.data));
  } catch (err) {
    post({ type: 'failed', message: errorText(err), starting: false });
  }
};

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
