// H.265 decoding by the WebAssembly fallback (ffmpeg.wasm in a worker, decoder/hevc-wasm.ts) in Debian's
// Chromium, which has no H.265 decoder for WebCodecs. A 1080p25 Main-profile Annex B clip (ffmpeg + libx265,
// keyframe every 50 frames, no B-frames, as cameras send); the page is built by Vite as the console is (worker and
// .wasm as assets) and served with the console's script-src, once without and once with cross-origin isolation
// (COOP/COEP, as the console serves it):
// - single-thread (@ffmpeg/core, not isolated): one group of pictures per ffmpeg run, as fast as it goes;
// - threads (@ffmpeg/core-mt, isolated): the same groups; then the stream through the shared ring as fast as it
//   goes; then the stream fed at 25 frames/s as a camera sends it: first picture and per-picture latency.
// Prints frames/s of the worker's decoding and of pictures out of the decoder (VideoFrames).
// Run: npm run bench:h265 (H265_BENCH_SECONDS, H265_BENCH_SIZE=1280x720 to change the clip).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
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

function serve(root: string, isolated: boolean): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = name === '/clip.h265' ? CLIP : path.join(root, path.normalize(name === '/' ? '/index.html' : name));
    if (!file.startsWith(root) && file !== CLIP) return void res.writeHead(403).end();
    if (!fs.existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      // The console's script and worker policy (src/main/api/http/server.ts).
      'content-security-policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; connect-src 'self'",
      ...(isolated ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cross-origin-resource-policy': 'same-origin' } : {}),
    });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

type Mode = 'batches' | 'stream' | 'live';

interface Figures {
  webCodecsHevc: boolean;
  crossOriginIsolated: boolean;
  threads: boolean | null;
  frames: number;
  pictures: number;
  width: number;
  height: number;
  firstPictureMs: number;
  firstPictureAfterReadyMs: number;
  latencyMs: { median: number; p95: number } | null;
  batches: { pictures: number; ms: number }[];
  outFps: number;
  wallMs: number;
}

async function measure(browser: Browser, server: http.Server, mode: Mode): Promise<Figures> {
  const page = await browser.newPage();
  try {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => 'runBench' in globalThis);
    const f = await page.evaluate(
      ([clip, codec, m]) => (globalThis as unknown as { runBench(c: string, k: string, m: Mode): Promise<Figures> }).runBench(clip, codec, m),
      ['/clip.h265', CODEC, mode] as const,
    );
    if (errors.length) throw new Error(errors.join('\n'));
    if (mode !== 'live' && f.pictures !== f.frames) throw new Error(`${mode}: decoded ${f.pictures} pictures of ${f.frames} access units`);
    return f;
  } finally {
    await page.close();
  }
}

const fps = (n: number) => `${n.toFixed(1)} frames/s`;

function printBatches(label: string, f: Figures): void {
  const decodeMs = f.batches.reduce((s, b) => s + b.ms, 0);
  const perBatch = f.batches.map((b) => b.pictures / (b.ms / 1000)).sort((a, b) => a - b);
  console.log(`${label}: cross-origin isolated ${f.crossOriginIsolated ? 'yes' : 'no'}, ffmpeg ${f.threads ? 'with threads (@ffmpeg/core-mt)' : 'single-thread (@ffmpeg/core)'}`);
  console.log(`  one group of pictures per run (${f.batches.length} groups): decoding in the worker ${fps(f.pictures / (decodeMs / 1000))} (per group: min ${perBatch[0].toFixed(1)}, max ${perBatch.at(-1)!.toFixed(1)}); pictures out over wall time ${fps(f.pictures / (f.wallMs / 1000))}`);
  console.log(`  first picture ${f.firstPictureMs.toFixed(0)} ms after the decoder was made (worker start, .wasm load and compile, first whole group decoded; a live stream adds the wait for the group's end, one keyframe interval)`);
}

async function main(): Promise<void> {
  await makeClip();
  const outDir = path.join(WORK, 'page');
  await buildPage(outDir);
  const plain = await serve(outDir, false);
  const isolated = await serve(outDir, true);
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  try {
    const version = (await run(CHROMIUM, ['--version'])).stdout.trim();
    console.log(`${version}; ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg()[0].toFixed(1)} at the start`);
    const single = await measure(browser, plain, 'batches');
    console.log(`WebCodecs decodes ${CODEC} here: ${single.webCodecsHevc ? 'yes' : 'no'}`);
    console.log(`clip: ${single.frames} access units ${single.width}x${single.height} (${SECONDS} s at 25 fps), keyframe every 2 s`);
    printBatches('single-thread', single);
    const threaded = await measure(browser, isolated, 'batches');
    printBatches('threads', threaded);
    const stream = await measure(browser, isolated, 'stream');
    const streamMs = stream.batches.reduce((s, b) => s + b.ms, 0);
    console.log(`  the stream through the shared ring, as fast as it goes: ${fps(stream.outFps)} pictures out (run ${fps(stream.pictures / (streamMs / 1000))} with its start)`);
    const live = await measure(browser, isolated, 'live');
    console.log(`  the stream fed at 25 frames/s: ${live.pictures} of ${live.frames} pictures shown, ${fps(live.outFps)} out, first picture ${live.firstPictureAfterReadyMs.toFixed(0)} ms after the first keyframe was fed (${live.firstPictureMs.toFixed(0)} ms after the decoder was made), latency per picture median ${live.latencyMs!.median.toFixed(0)} ms, 95th percentile ${live.latencyMs!.p95.toFixed(0)} ms`);
    const realTime = live.latencyMs!.p95 < 500 && stream.outFps >= 25;
    console.log(`target, real time at 1080p25 on ${os.cpus().length} cores with threads: ${realTime ? 'met' : 'NOT met'}`);
  } finally {
    await browser.close();
    plain.close();
    isolated.close();
  }
}
main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
