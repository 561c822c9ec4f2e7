// H.265 decoding by the WebAssembly fallback (ffmpeg.wasm in a worker, decoder/hevc-wasm.ts) in Debian's
// Chromium, which has no H.265 decoder for WebCodecs. A 1080p25 Main-profile Annex B clip (ffmpeg + libx265,
// keyframe every 50 frames, no B-frames, as cameras send) is decoded one group of pictures at a time, as fast as
// it goes; the page is built by Vite as the console is (worker and .wasm as assets) and served with the
// console's script-src. Prints frames/s: the worker's decoding alone, and pictures out of the decoder (VideoFrames)
// over wall time. Run: npm run bench:h265 (H265_BENCH_SECONDS, H265_BENCH_SIZE=1280x720 to change the clip).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { build } from 'vite';

const run = promisify(execFile);
const SECONDS = Number(process.env.H265_BENCH_SECONDS ?? 8);
const SIZE = process.env.H265_BENCH_SIZE ?? '1920x1080';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const WORK = path.join(os.tmpdir(), 'gb28181-bench-h265');
const CLIP = path.join(WORK, `clip-${SIZE}-25fps-main-${SECONDS}s.h265`);
const CODEC = 'hvc1.1.6.L120.90';

async function makeClip(): Promise<void> {
  if (fs.existsSync(CLIP)) return;
  fs.mkdirSync(WORK, { recursive: true });
  console.log(`making ${path.basename(CLIP)} with ffmpeg/libx265 (once; kept in ${WORK})…`);
  const tmp = `${CLIP}.part`;
  await run('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${SIZE}:rate=25`, '-t', String(SECONDS)],
    ...['-c:v', 'libx265', '-preset', 'veryfast', '-profile:v', 'main', '-pix_fmt', 'yuv420p', '-b:v', '4M'],
    ...['-x265-params', 'keyint=50:min-keyint=50:bframes=0:repeat-headers=1:log-level=error', '-f', 'hevc', tmp],
  ]);
  fs.renameSync(tmp, CLIP);
}

async function buildPage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: path.resolve('bench/h265-page'),
    logLevel: 'warn',
    worker: { format: 'es' },
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4096 },
  });
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

function serve(root: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = name === '/clip.h265' ? CLIP : path.join(root, path.normalize(name === '/' ? '/index.html' : name));
    if (!file.startsWith(root) && file !== CLIP) return void res.writeHead(403).end();
    if (!fs.existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      // The console's script and worker policy (src/main/api/http/server.ts).
      'content-security-policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; connect-src 'self'",
    });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
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

async function main(): Promise<void> {
  await makeClip();
  const outDir = path.join(WORK, 'page');
  await buildPage(outDir);
  const server = await serve(outDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => 'runBench' in globalThis);
    const f = await page.evaluate(
      ([clip, codec]) => (globalThis as unknown as { runBench(c: string, k: string): Promise<Figures> }).runBench(clip, codec),
      ['/clip.h265', CODEC] as const,
    );
    if (errors.length) throw new Error(errors.join('\n'));
    const decodeMs = f.batches.reduce((s, b) => s + b.ms, 0);
    const perBatch = f.batches.map((b) => b.pictures / (b.ms / 1000)).sort((a, b) => a - b);
    const version = (await run(CHROMIUM, ['--version'])).stdout.trim();
    console.log(`${version}; ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'})`);
    console.log(`WebCodecs decodes ${CODEC} here: ${f.webCodecsHevc ? 'yes' : 'no'}`);
    console.log(`clip: ${f.frames} access units ${SIZE} (${SECONDS} s at 25 fps), ${f.batches.length} groups of pictures`);
    console.log(`pictures out: ${f.pictures} of ${f.width}x${f.height}`);
    console.log(`first picture after ${f.firstPictureMs.toFixed(0)} ms (worker start, .wasm load and compile, first group decoded)`);
    console.log(`decoding in the worker: ${(f.pictures / (decodeMs / 1000)).toFixed(1)} frames/s (per group: min ${perBatch[0].toFixed(1)}, max ${perBatch.at(-1)!.toFixed(1)})`);
    console.log(`pictures out over wall time: ${(f.pictures / (f.wallMs / 1000)).toFixed(1)} frames/s`);
    if (f.pictures !== f.frames) throw new Error(`decoded ${f.pictures} pictures of ${f.frames} access units`);
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
