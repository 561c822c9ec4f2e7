// Download throughput benchmark: DL_DEVICES simulated devices (default 4) each send a DL_SECONDS range (default
// 120 s of the committed 640x360 H.264 clip, about 450 kbit/s) at a=downloadspeed DL_SPEED (default 8) at once;
// the console's GB server receives them (RTP over UDP, PS demux) and remuxes them to MP4 (download queue with
// concurrency DL_DEVICES). The server runs in its own process (this file with --server-child), so its CPU is
// its own; the simulated devices run here. Prints MB/s received and written, CPU seconds per MB received, the
// simulator's CPU and the load average. Run: npm run bench:download
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const DEVICES = Number(process.env.DL_DEVICES ?? 4);
const SECONDS = Number(process.env.DL_SECONDS ?? 120);
const SPEED = Number(process.env.DL_SPEED ?? 8);
const DEVICE_BASE = '34020000001320000001';
const PASSWORD = '12345678';

interface ChildResult {
  wallMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  downloads: { state: string; bytes: number; fileBytes: number; progress: number; reason?: string }[];
}

const mb = (b: number) => b / 1e6;

async function serverChild(): Promise<void> {
  const { startHarness } = await import('../src/main/gb28181/server/testing/harness');
  const { LiveService } = await import('../src/main/live/live-service');
  const { deviceServiceDirectory } = await import('../src/main/live/directory');
  const { DownloadQueue } = await import('../src/main/live/download/download-queue');
  const { freePortRange } = await import('../src/main/live/testing/live-rig');
  const portMin = await freePortRange(DEVICES + 2);
  const h = await startHarness({
    flags: { sipIp: '127.0.0.1', sipPort: 0, mediaPortMin: portMin, mediaPortMax: portMin + DEVICES + 1, mediaIp: '127.0.0.1', password: PASSWORD },
    tuning: { autoQueries: false },
  });
  const live = new LiveService({ stack: h.server.stack, devices: deviceServiceDirectory(h.server.devices), settings: h.settings, events: h.events, logger: h.logger });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gb-bench-dl-'));
  const s = h.settings.values;
  process.stdout.write(JSON.stringify({ port: h.server.listen[0].port, sipId: s.sipId, domain: s.domain }) + '\n');
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    const cmd = JSON.parse(line) as { deviceIds: string[]; channelIds: string[]; start: number; end: number };
    const queue = new DownloadQueue({
      host: live.host,
      events: h.events,
      logger: h.logger,
      dir,
      concurrency: cmd.deviceIds.length,
      records: async () => ({ items: [{ start: cmd.start, end: cmd.end, type: 'time' }], complete: true }),
    });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const ids = cmd.deviceIds.map((deviceId, i) => queue.start({ deviceId, channelId: cmd.channelIds[i], start: cmd.start, end: cmd.end, speed: SPEED }).downloadId);
    const done = await Promise.all(ids.map((id) => h.next('download.done', (d) => d.downloadId === id, (SECONDS / SPEED) * 1000 + 60_000)));
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const result: ChildResult = {
      wallMs,
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      downloads: done.map((d) => ({ state: d.state, bytes: d.bytes, fileBytes: d.path ? statSync(d.path).size : 0, progress: d.progress, reason: d.reason })),
    };
    process.stdout.write(JSON.stringify(result) + '\n');
    break;
  }
  await live.close(500);
  await h.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

async function main(): Promise<void> {
  const { SimFleet } = await import('../src/device-sim/fleet/fleet');
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', 'tsx', self, '--server-child'], { stdio: ['pipe', 'pipe', 'inherit'], env: process.env });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const nextLine = async () => {
    const r = await lines.next();
    if (r.done) throw new Error('the server process ended early');
    return JSON.parse(r.value) as Record<string, unknown>;
  };
  const ready = (await nextLine()) as { port: number; sipId: string; domain: string };
  const fleet = await SimFleet.start({
    server: { ip: '127.0.0.1', port: ready.port, id: ready.sipId, domain: ready.domain },
    password: PASSWORD,
    devices: DEVICES,
    idBase: DEVICE_BASE,
    transport: 'udp',
    localIp: '127.0.0.1',
    device: { channels: 1, keepaliveSec: 60 },
  });
  await fleet.waitRegistered(15_000);
  const start = Math.floor(Date.now() / 1000) - 86_400;
  const simCpu0 = process.cpuUsage();
  child.stdin!.write(
    JSON.stringify({ deviceIds: fleet.devices.map((d) => d.deviceId), channelIds: fleet.devices.map((d) => d.channelIds[0]), start, end: start + SECONDS }) + '\n',
  );
  const r = (await nextLine()) as unknown as ChildResult;
  const simCpu = process.cpuUsage(simCpu0);
  const load = os.loadavg();
  await fleet.stop();
  child.stdin!.end();

  const received = r.downloads.reduce((n, d) => n + d.bytes, 0);
  const written = r.downloads.reduce((n, d) => n + d.fileBytes, 0);
  const secs = r.wallMs / 1000;
  const cpuSec = (r.cpuUserMs + r.cpuSystemMs) / 1000;
  console.log(`download benchmark: ${DEVICES} simulated devices at once, ${SECONDS} s ranges each at downloadspeed ${SPEED} (RTP/UDP on loopback)`);
  for (const [i, d] of r.downloads.entries()) {
    console.log(`  device ${i + 1}: ${d.state}, ${mb(d.bytes).toFixed(2)} MB received, MP4 ${mb(d.fileBytes).toFixed(2)} MB, progress ${Math.round(d.progress * 100)}%`);
  }
  console.log(`  wall time            ${secs.toFixed(2)} s (the devices pace ${SECONDS} s of media at ${SPEED}x: ${(SECONDS / SPEED).toFixed(1)} s; the rate is theirs, the CPU below is the server's cost)`);
  console.log(`  received             ${mb(received).toFixed(2)} MB = ${(mb(received) / secs).toFixed(2)} MB/s (${((received * 8) / secs / 1e6).toFixed(1)} Mbit/s)`);
  console.log(`  remuxed to MP4       ${mb(written).toFixed(2)} MB = ${(mb(written) / secs).toFixed(2)} MB/s`);
  console.log(`  server CPU           ${cpuSec.toFixed(2)} s (user ${(r.cpuUserMs / 1000).toFixed(2)}, system ${(r.cpuSystemMs / 1000).toFixed(2)}) = ${((cpuSec / secs) * 100).toFixed(0)} % of a core`);
  console.log(`  server CPU per MB    ${(cpuSec / Math.max(1e-9, mb(received))).toFixed(3)} s per MB received`);
  console.log(`  simulator CPU        ${((simCpu.user + simCpu.system) / 1e6).toFixed(2)} s (this process, not counted above)`);
  console.log(`  load average         ${load.map((x) => x.toFixed(2)).join(' ')} (1/5/15 min) on ${os.cpus().length} cores`);
  const bad = r.downloads.filter((d) => d.state !== 'done');
  if (bad.length) {
    console.log(`  ${bad.length} download(s) not done: ${bad.map((d) => `${d.state} (${d.reason})`).join('; ')}`);
    process.exitCode = 1;
  }
}

if (process.argv.includes('--server-child')) {
  serverChild().catch((err: Error) => {
    console.error(`server: ${err.message}`);
    process.exit(1);
  });
} else {
  main().catch((err: Error) => {
    console.error(`bench:download: ${err.message}`);
    process.exit(1);
  });
}
