// Media receive benchmark: N concurrent GB/T 28181 streams (PS over RTP over UDP, 2 Mbit/s each) sent on loopback
// by separate sender processes into N MediaPipelines (UDP receiver + reorder + PS demuxer) in this process.
// For growing N it measures this process's CPU (process.cpuUsage) and the packet loss, and reports how many
// streams one core carries with loss under 0.1%. Run: npm run bench:media  (about 1.5 minutes).
import { execFileSync, fork } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadVideoClip } from '../src/main/media/clip/load-clip';
import { MediaPipeline } from '../src/main/media/pipeline/media-pipeline';
import { PsMuxer } from '../src/main/media/ps-mux/ps-muxer';
import { RtpPacketizer } from '../src/main/media/rtp-packetize/rtp-packetizer';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'output');
const clipFile = join(outDir, 'bench-1280x720-2mbps.h264');
const STEP_SECONDS = 6;
const WARMUP_SECONDS = 1;
const LOSS_LIMIT = 0.001;
const STEPS = [50, 100, 200, 300, 400, 600, 800, 1000];
const TARGET_MBIT = 2;
const SENDERS = Number(process.env.MEDIA_BENCH_SENDERS ?? 2);

type SenderMsg = { type: 'done'; sent: number[]; bytes: number; lateTicks: number; seconds: number } | { type: 'ready' };

/** A 720p H.264 clip at about 2 Mbit/s (made once, kept in bench/output which git ignores). */
function ensureClip(): void {
  if (existsSync(clipFile)) return;
  mkdirSync(outDir, { recursive: true });
  console.log('making a 2 Mbit/s 1280x720 clip with ffmpeg ...');
  execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25:duration=10',
    '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main',
    '-b:v', '1980k', '-minrate', '1980k', '-maxrate', '1980k', '-bufsize', '990k',
    '-x264-params', 'keyint=25:min-keyint=25:scenecut=0:bframes=0:nal-hrd=cbr:repeat-headers=1',
    '-f', 'h264', clipFile,
  ]);
}

/** RTP packets per frame for one stream (PS over RTP as a camera sends it). */
function streamFrames(ssrc: number): Buffer[][] {
  const clip = loadVideoClip(clipFile);
  const mux = new PsMuxer({ video: 'h264' });
  const rtp = new RtpPacketizer({ ssrc, sequenceNumber: ssrc & 0xffff });
  return clip.frames.map((f) => rtp.packetize(mux.video(f), f.pts));
}

// ---------------------------------------------------------------- sender process
async function runSender(): Promise<void> {
  const ports: number[] = JSON.parse(process.argv[3]);
  const seconds = Number(process.argv[4]);
  const base = Number(process.argv[5] ?? 0);
  // One copy of the payloads shared by all streams; each send writes a fresh 12-byte header (gathered send).
  const template = streamFrames(0x11223344).map((pkts) => pkts.map((p) => ({ payload: p.subarray(12), marker: (p[1] & 0x80) !== 0 })));
  const frameCount = template.length;
  const streams = ports.map((port, j) => {
    const i = base + j;
    return { port, ssrc: 0x01000000 + i, offset: (i * 7) % frameCount, seq: (i * 1000) & 0xffff, tsBase: i * 90000, sent: 0 };
  });
  // A connected socket per stream: send() then skips the per-packet address lookup.
  const sockets = await Promise.all(
    streams.map(
      (st) =>
        new Promise<ReturnType<typeof createSocket>>((resolve) => {
          const sock = createSocket('udp4');
          sock.connect(st.port, '127.0.0.1', () => resolve(sock));
        }),
    ),
  );
  let bytes = 0;
  let lateTicks = 0;
  const phases = 4;
  const frameMs = 40;
  const totalTicks = Math.round((seconds * 1000) / frameMs) * phases;
  const start = performance.now();
  process.send!({ type: 'ready' } satisfies SenderMsg);
  for (let tick = 0; tick < totalTicks; tick++) {
    const due = start + (tick * frameMs) / phases;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else if (wait < -frameMs) lateTicks++;
    const phase = tick % phases;
    const frameNo = Math.floor(tick / phases);
    for (let i = phase; i < streams.length; i += phases) {
      const s = streams[i];
      const idx = (frameNo + s.offset) % frameCount;
      const loop = Math.floor((frameNo + s.offset) / frameCount);
      const sock = sockets[i];
      for (const p of template[idx]) {
        const h = Buffer.allocUnsafe(12);
        h[0] = 0x80;
        h[1] = p.marker ? 0x80 | 96 : 96;
        h.writeUInt16BE(s.seq, 2);
        h.writeUInt32BE((s.tsBase + loop * frameCount * 3600 + idx * 3600) >>> 0, 4);
        h.writeUInt32BE(s.ssrc, 8);
        s.seq = (s.seq + 1) & 0xffff;
        sock.send([h, p.payload]);
        s.sent++;
        bytes += 12 + p.payload.length;
      }
    }
  }
  // Let the socket queues empty before reporting.
  await new Promise((r) => setImmediate(r));
  const msg: SenderMsg = { type: 'done', sent: streams.map((s) => s.sent), bytes, lateTicks, seconds: (performance.now() - start) / 1000 };
  process.send!(msg, () => {
    for (const s of sockets) s.close();
    process.exit(0);
  });
}

// ---------------------------------------------------------------- receiver (this process)
interface StepResult {
  streams: number;
  cpuPercent: number;
  /** Streams of 2 Mbit/s one fully used core can receive, from the measured CPU cost per packet. */
  streamsPerCore: number;
  /** Receiver CPU per RTP packet (socket read, reorder, PS demux, frame assembly), microseconds. */
  usPerPacket: number;
  /** The sender process could not keep the real-time pace (the machine ran out of CPU). */
  senderLimited: boolean;
  lossPercent: number;
  mbitPerStream: number;
  framesPerStreamPerSec: number;
  senderLate: number;
}

async function runStep(n: number): Promise<StepResult> {
  let frames = 0;
  const pipes = Array.from({ length: n }, () => new MediaPipeline({ transport: { kind: 'udp', port: 0, host: '127.0.0.1' }, onFrame: () => void frames++ }));
  const ports = (await Promise.all(pipes.map((p) => p.start()))).map((a) => a.port);
  // Several sender processes, so that the sending side gets its share of a busy machine.
  const per = Math.ceil(n / SENDERS);
  const groups = Array.from({ length: SENDERS }, (_, g) => ({ base: g * per, ports: ports.slice(g * per, (g + 1) * per) })).filter((g) => g.ports.length > 0);
  let ready = 0;
  const reports = groups.map(
    (g) =>
      new Promise<Extract<SenderMsg, { type: 'done' }>>((resolve, reject) => {
        const child = fork(fileURLToPath(import.meta.url), ['--sender', JSON.stringify(g.ports), String(STEP_SECONDS), String(g.base)], {
          execArgv: process.execArgv,
          stdio: 'inherit',
        });
        child.on('message', (m: SenderMsg) => {
          if (m.type === 'ready' && ++ready === groups.length) onReady();
          if (m.type === 'done') resolve(m);
        });
        child.on('exit', (code) => code !== 0 && reject(new Error(`sender exited with ${code}`)));
      }),
  );
  const done = Promise.all(reports).then((rs) => ({
    sent: rs.flatMap((r) => r.sent),
    bytes: rs.reduce((a, r) => a + r.bytes, 0),
    lateTicks: rs.reduce((a, r) => a + r.lateTicks, 0),
    seconds: Math.max(...rs.map((r) => r.seconds)),
  }));
  const received = () => pipes.reduce((a, p) => a + p.stats().packets, 0);
  let cpuStart = process.cpuUsage();
  let wallStart = performance.now();
  let packetsStart = 0;
  let framesAtStart = 0;
  let measure: NodeJS.Timeout | undefined;
  function onReady() {
    measure = setTimeout(() => {
      cpuStart = process.cpuUsage();
      wallStart = performance.now();
      packetsStart = received();
      framesAtStart = frames;
    }, WARMUP_SECONDS * 1000);
  }
  const report = await done;
  clearTimeout(measure);
  const sendCpu = process.cpuUsage(cpuStart);
  const sendWall = (performance.now() - wallStart) / 1000;
  const framesInWindow = frames - framesAtStart;
  const sent = report.sent.reduce((a, b) => a + b, 0);
  // Let the receivers read what is still queued in their sockets (a starved receiver may be behind): wait until
  // everything arrived or nothing moved for 500 ms; what never arrives was dropped.
  let got = received();
  let lastMove = performance.now();
  while (got < sent && performance.now() - lastMove < 500) {
    await new Promise((r) => setTimeout(r, 20));
    const now = received();
    if (now !== got) lastMove = performance.now();
    got = now;
  }
  const totalCpu = process.cpuUsage(cpuStart);
  await Promise.all(pipes.map((p) => p.close()));
  const mbitPerStream = (report.bytes * 8) / report.seconds / n / 1e6;
  // Receiver cost per packet (CPU from the end of warm-up to the end of the drain, over the packets read in that
  // time), turned into streams per core at 2 Mbit/s with this clip's packet sizes.
  const usPerPacket = (totalCpu.user + totalCpu.system) / Math.max(1, got - packetsStart);
  const packetsPerStreamAt2M = (sent / report.seconds / n) * (TARGET_MBIT / mbitPerStream);
  return {
    streams: n,
    cpuPercent: ((sendCpu.user + sendCpu.system) / 1e6 / sendWall) * 100,
    streamsPerCore: 1e6 / (usPerPacket * packetsPerStreamAt2M),
    usPerPacket,
    senderLimited: mbitPerStream < 0.95 * TARGET_MBIT,
    lossPercent: (100 * Math.max(0, sent - got)) / sent,
    mbitPerStream,
    framesPerStreamPerSec: framesInWindow / sendWall / n,
    senderLate: report.lateTicks,
  };
}

async function main(): Promise<void> {
  ensureClip();
  console.log(`media bench: PS over RTP/UDP on loopback, ${STEP_SECONDS} s per step (CPU measured after ${WARMUP_SECONDS} s), loss limit ${LOSS_LIMIT * 100}%`);
  console.log('streams  Mbit/s/stream  fps/stream  receiver CPU  us/packet  streams/core@2Mbit/s  loss     note');
  const results: StepResult[] = [];
  for (const n of STEPS) {
    const r = await runStep(n);
    results.push(r);
    console.log(
      `${String(r.streams).padStart(7)}  ${r.mbitPerStream.toFixed(2).padStart(13)}  ${r.framesPerStreamPerSec.toFixed(1).padStart(10)}` +
        `  ${(r.cpuPercent.toFixed(1) + '%').padStart(12)}  ${r.usPerPacket.toFixed(2).padStart(9)}  ${r.streamsPerCore.toFixed(0).padStart(20)}  ${(r.lossPercent.toFixed(3) + '%').padStart(7)}` +
        `  ${r.senderLimited ? `senders could not keep pace (${r.senderLate} late ticks)` : ''}`,
    );
    if (r.lossPercent >= LOSS_LIMIT * 100 || r.cpuPercent > 90) break;
    if (results.length >= 2 && results.slice(-2).every((x) => x.senderLimited)) break;
  }
  const paced = results.filter((r) => !r.senderLimited && r.lossPercent < LOSS_LIMIT * 100);
  const best = paced.at(-1);
  if (best) {
    console.log(
      `\nmost streams received at full rate with loss < ${LOSS_LIMIT * 100}%: ${best.streams}` +
        ` (${best.mbitPerStream.toFixed(2)} Mbit/s each, ${best.cpuPercent.toFixed(1)}% of one core)`,
    );
    console.log(`receiver capacity: about ${best.streamsPerCore.toFixed(0)} streams of 2 Mbit/s per core (receive + reorder + PS demux)`);
  } else {
    console.log('\nno step ran at full rate under the loss limit');
  }
  const lossy = results.find((r) => r.lossPercent >= LOSS_LIMIT * 100);
  if (lossy) console.log(`loss limit reached at ${lossy.streams} streams (${lossy.lossPercent.toFixed(3)}%)`);
  else if (results.some((r) => r.senderLimited)) {
    const first = results.find((r) => r.senderLimited)!;
    console.log(
      `from ${first.streams} streams the sender processes could not keep real time on this machine (${cpus().length} cores shared` +
        ` by sender and receiver); the receiver still lost nothing, so its own limit lies higher`,
    );
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'media-bench.json'), JSON.stringify({ date: new Date().toISOString(), results }, null, 2));
}

if (process.argv[2] === '--sender') {
  runSender().catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
