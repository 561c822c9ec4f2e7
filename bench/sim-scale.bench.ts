// npm run bench:sim — 10,000 simulated devices (one process, a pool of shared UDP sockets) register with a digest
// challenge against a registrar running in its own process, then each sends keepalives. Prints the time to
// register all, keepalive throughput, and the simulator process's CPU and memory.
//   SIM_DEVICES=10000 SIM_CHANNELS=4 SIM_KEEPALIVE=10 SIM_KEEPALIVE_ROUNDS=2 npm run bench:sim
// SIM_PLATFORM=server runs the console's own GB server (device access, SQLite) as the platform instead of the
// minimal registrar; it then also asks every device DeviceInfo, Catalog and BasicParam and subscribes.
// SIM_QUERIES=1 has the minimal registrar ask the same once per device (no retransmissions, answers at once) and
// prints the simulator's CPU per device from the start until every device has answered all three: the devices'
// own cost of a registration storm, free of how the platform copes with it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { SimFleet } from '../src/device-sim/fleet/fleet';

const DEVICES = Number(process.env.SIM_DEVICES ?? 10_000);
const CHANNELS = Number(process.env.SIM_CHANNELS ?? 4);
const KEEPALIVE_SEC = Number(process.env.SIM_KEEPALIVE ?? 10);
const ROUNDS = Number(process.env.SIM_KEEPALIVE_ROUNDS ?? 2);
const CONCURRENCY = Number(process.env.SIM_CONCURRENCY ?? 500);
const PASSWORD = 'bench-pw';
const PLATFORM = process.env.SIM_PLATFORM === 'server' ? 'server' : 'mini';
const QUERIES = PLATFORM === 'mini' && process.env.SIM_QUERIES === '1';
/** Answers each device sends when asked (DeviceInfo, Catalog in one page, ConfigDownload). */
const ANSWERS_PER_DEVICE = 3;

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function startRegistrar() {
  const file = PLATFORM === 'server' ? 'server-process.ts' : 'mini-registrar.ts';
  const script = fileURLToPath(new URL(`../src/device-sim/testing/${file}`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, REGISTRAR_PASSWORD: PASSWORD, REGISTRAR_QUERIES: QUERIES ? '1' : '0' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const [first] = (await once(lines, 'line')) as [string];
  const { port } = JSON.parse(first) as { port: number };
  return {
    port,
    async finish(): Promise<{ counters: Record<string, number>; cpu: { user: number; system: number }; rss: number }> {
      const report = once(lines, 'line');
      child.stdin.end();
      const [line] = (await report) as [string];
      return JSON.parse(line);
    },
  };
}

async function main(): Promise<void> {
  const registrar = await startRegistrar();
  console.log(`${PLATFORM === 'server' ? 'GB server' : 'minimal registrar'} (separate process) on 127.0.0.1:${registrar.port}; ${DEVICES} devices x ${CHANNELS} channels, keepalive every ${KEEPALIVE_SEC} s`);

  global.gc?.();
  // garbage collection pauses of this thread, wall clock (longer when other processes take the cores)
  let gcMs = 0;
  const gcWatch = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMs += e.duration;
  });
  gcWatch.observe({ entryTypes: ['gc'] });
  const memBefore = process.memoryUsage();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 200);

  const fleet = await SimFleet.start({
    server: { ip: '127.0.0.1', port: registrar.port, id: '34020000002000000001', domain: '3402000000' },
    password: PASSWORD,
    devices: DEVICES,
    idBase: '34020000001320000001',
    concurrency: CONCURRENCY,
    device: { channels: CHANNELS, keepaliveSec: KEEPALIVE_SEC, timing: { retryMinMs: 1000, retryMaxMs: 5000 } },
    deferStart: true,
  });
  const created = performance.now() - t0;
  let answers = 0;
  const allAnswered = new Promise<void>((resolve) => {
    for (const d of fleet.devices) {
      d.events.on('sent', () => {
        if (++answers === DEVICES * ANSWERS_PER_DEVICE) resolve();
      });
    }
  });
  void fleet.startAll();
  await fleet.waitRegistered(300_000);
  const registeredMs = performance.now() - t0;
  const cpuRegister = process.cpuUsage(cpu0);
  const memRegistered = process.memoryUsage();
  let answeredMs = 0;
  let cpuAnswered: NodeJS.CpuUsage | undefined;
  let sipAnswered: { sipSent: number; sipReceived: number } | undefined;
  let gcAnswered = 0;
  if (QUERIES) {
    await Promise.race([allAnswered, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${answers} of ${DEVICES * ANSWERS_PER_DEVICE} answers sent`)), 120_000).unref())]);
    answeredMs = performance.now() - t0;
    cpuAnswered = process.cpuUsage(cpu0);
    sipAnswered = fleet.stats();
    gcAnswered = gcMs;
  }

  // keepalives: the first one of each device falls within one interval (spread), then one per interval
  const tKa = performance.now();
  const cpuKa0 = process.cpuUsage();
  const target = DEVICES * ROUNDS;
  await new Promise<void>((resolve, reject) => {
    if (target === 0) return resolve();
    const deadline = setTimeout(() => reject(new Error(`only ${answered} of ${target} keepalives answered`)), (ROUNDS + 2) * KEEPALIVE_SEC * 1000 + 30_000);
    let answered = 0;
    const off = fleet.events.on('keepalive', (e) => {
      if (e.ok) answered++;
      if (answered < target) return;
      clearTimeout(deadline);
      off();
      resolve();
    });
  });
  const kaMs = performance.now() - tKa;
  const cpuKa = process.cpuUsage(cpuKa0);
  const stats = fleet.stats();
  const memSteady = process.memoryUsage();

  const tStop = performance.now();
  await fleet.stop();
  const stopMs = performance.now() - tStop;
  clearInterval(sampler);
  gcWatch.disconnect();
  const reg = await registrar.finish();

  const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
  const rows: [string, string][] = [
    ['devices created (sockets bound)', `${secs(created)} (${stats.sockets} UDP sockets)`],
    ['time to register all (401 + 200 each)', `${secs(registeredMs)} = ${Math.round(DEVICES / (registeredMs / 1000))} registrations/s`],
    ['  simulator CPU while registering', `${secs(cpuMs(cpuRegister))} (${Math.round((cpuMs(cpuRegister) / registeredMs) * 100)} % of one core)`],
    ...(cpuAnswered
      ? ([
          [
            `all registered and ${ANSWERS_PER_DEVICE} queries answered`,
            `${secs(answeredMs)}; simulator CPU ${secs(cpuMs(cpuAnswered))} = ${Math.round((cpuMs(cpuAnswered) * 1000) / DEVICES)} µs a device (${Math.round((cpuMs(cpuAnswered) / answeredMs) * 100)} % of one core)`,
          ],
          // 9 each without retransmissions (REGISTER twice, 3 answers, 4 responses); more when the simulator fell behind
          ['  garbage collection pauses (wall clock)', secs(gcAnswered)],
          [
            '  SIP messages a device sent / received',
            `${(sipAnswered!.sipSent / DEVICES).toFixed(2)} / ${(sipAnswered!.sipReceived / DEVICES).toFixed(2)} (${Math.round((cpuMs(cpuAnswered) * 1000) / (sipAnswered!.sipSent + sipAnswered!.sipReceived))} µs of CPU a message)`,
          ],
        ] as [string, string][])
      : []),
    [`keepalives answered (${ROUNDS} per device)`, `${stats.keepalivesAnswered} of ${stats.keepalivesSent} sent in ${secs(kaMs)}`],
    ['  simulator CPU while keeping alive', `${secs(cpuMs(cpuKa))} (${((cpuMs(cpuKa) / kaMs) * 100).toFixed(1)} % of one core)`],
    ['register failures / retries', `${stats.registerFailures}`],
    ['memory: heap used, registered', `${mb(memRegistered.heapUsed)} (${((memRegistered.heapUsed - memBefore.heapUsed) / DEVICES / 1024).toFixed(1)} kB per device)`],
    ['memory: RSS registered / steady / peak', `${mb(memRegistered.rss)} / ${mb(memSteady.rss)} / ${mb(peakRss)}`],
    ['unregister all (Expires: 0)', `${secs(stopMs)}`],
    [
      'platform process',
      (PLATFORM === 'server'
        ? `GB server: ${reg.counters.registered} online at the end`
        : `${reg.counters.registered} registered, ${reg.counters.challenged} challenged, ${reg.counters.message} MESSAGEs, ${reg.counters.queries} queries sent`) +
        `, CPU ${secs(cpuMs(reg.cpu))}, RSS ${mb(reg.rss)}`,
    ],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(`\nsimulator process (node ${process.version}, ${DEVICES} devices):`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`bench:sim failed: ${err.message}`);
    process.exit(1);
  },
);
