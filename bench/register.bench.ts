// npm run bench:register — GB28181 digest registration rate and keepalive cost, with sipp as the devices.
//
// Headline: the server as it ships. `node out/main/serve.js` (the bundle `npm run serve` builds and runs), with
// its signalling log on, automatic follow-up queries on (DeviceInfo, Catalog, SUBSCRIBE, BasicParam after each
// new registration; sipp's devices never answer them, as in the field report that asked for this) and a
// console connected to its event stream.
// 1. Registrations: sipp runs REGISTER / 401 / REGISTER with Authorization / 200 for 10,000 device IDs (the CSV
//    loops, so each ID registers several times, each time with a new Call-ID) over UDP loopback, 40,000 offered
//    at up to 15,000/s with at most 200 in flight. Prints registrations/s, failures, the server's CPU (from
//    /proc) per registration and memory, and sipp's own CPU. The same against Debian's kamailio (auth + usrloc +
//    registrar, plain-text password, qop=auth) when /usr/sbin/kamailio is installed. On a shared machine the load
//    changes from one minute to the next, so the servers take turns: ROUNDS rounds, each running the shipped
//    server, kamailio and the registrar alone one after the other, and the target is judged on the median of
//    the per-round ratios (each ratio from runs seconds apart).
// 2. Keepalives: the 10,000 devices (registered above, staying online) keepalive through sipp at the real rate
//    (one a minute each = 166.7/s, for a minute), measured directly with the log on, then at 12x that rate for
//    the CPU cost per keepalive; plus the idle cost of holding 10,000 registrations.
// A second, labelled line measures the registrar alone (this file's server mode: the GB server without the
// signalling log, follow-up queries or event consumers), as earlier versions of this benchmark did.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, freeUdpPort, LOG_VIEW, processTree, startShipped, statusKb, threadCpu, threadSplit, type ShippedServer } from './support/shipped-server';
import { keepaliveVerdict } from './support/keepalive-verdict';
import { writeCsv } from './support/sipp-register';

const SELF = fileURLToPath(import.meta.url);
const SCENARIOS = path.join(path.dirname(SELF), '../src/main/gb28181/interop/scenarios');
const DEVICES = 10_000;
const REG_CALLS = 40_000;
const OFFERED_RATE = 15_000;
const IN_FLIGHT = 200;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SIPP_PORT = 15099;
const SERVER_ID = '34020000002000000001';
const DOMAIN = '3402000000';
const PASSWORD = '12345678';

const deviceId = (i: number) => '3402000000132' + String(i).padStart(7, '0');

// ---------------------------------------------------------------------------------------------------------------
// server mode: `node --import tsx bench/register.bench.ts --server <dataDir>`

async function serverMode(dir: string, port: number): Promise<void> {
  const { openDatabase } = await import('../src/main/store/sqlite/database');
  const { SettingsRepo } = await import('../src/main/store/settings/settings-repo');
  const { SettingsService } = await import('../src/main/core/settings-service');
  const { EventBus } = await import('../src/main/core/event-bus');
  const { createLogger } = await import('../src/main/log/logger');
  const { DeviceStore } = await import('../src/main/store/devices/device-store');
  const { SqliteDeviceEngine } = await import('../src/main/store/sqlite/device-engine');
  const { startGbServer } = await import('../src/main/gb28181/server/start-gb-server');
  const db = openDatabase(dir);
  const settings = new SettingsService(new SettingsRepo(db), { password: PASSWORD, sipIp: '127.0.0.1', sipPort: port });
  const server = await startGbServer({ settings, store: await DeviceStore.open(new SqliteDeviceEngine(db)), events: new EventBus(), logger: createLogger(), tuning: { autoQueries: false } });
  process.on('message', (msg: { cmd: string; channels?: number }) => {
    if (msg.cmd === 'stats') process.send!({ stats: server.stats() });
    if (msg.cmd === 'seed') {
      const registry = server.devices.registry;
      for (const d of registry.all()) {
        const entries = Array.from({ length: msg.channels ?? 4 }, (_, k) => {
          const id = d.deviceId.slice(0, 10) + '131' + d.deviceId.slice(13, 19) + String(k);
          const raw = { DeviceID: id, Name: `通道 ${k}`, Manufacturer: 'Bench', Status: 'ON', ParentID: d.deviceId, Info: { PTZType: '3' } };
          return { item: { deviceId: id, name: raw.Name, manufacturer: 'Bench', statusRaw: 'ON', online: true, parentId: d.deviceId, parentIds: [d.deviceId], info: { ptzType: 3 as const, other: {} }, other: {} }, raw };
        });
        registry.applyCatalog(d.deviceId, entries, entries.length, true);
      }
      registry.close();
      process.send!({ seeded: registry.all().length });
    }
  });
  process.on('SIGTERM', () => {
    void server.close().then(() => {
      db.close();
      process.exit(0);
    });
  });
  process.send!({ ready: server.listen[0].port });
}

// ---------------------------------------------------------------------------------------------------------------
// measuring

function pssKb(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}


const treeCpu = (pid: number) => processTree(pid).reduce((s, p) => s + cpuSeconds(p), 0);
const mb = (kb: number) => (kb / 1024).toFixed(0);

interface SippResult {
  ok: number;
  failed: number;
  wallSec: number;
  userSec: number;
  sysSec: number;
  /** What sipp said on stderr (why a run that should have made calls made none, e.g. its port was taken). */
  said: string;
}

function sipp(port: number, scenario: string, csv: string, calls: number, rate: number, limit: number): Promise<SippResult> {
  const args = [
    '-f', '%U %S',
    'sipp', `127.0.0.1:${port}`,
    '-sf', path.join(SCENARIOS, scenario),
    '-inf', csv,
    '-key', 'server', SERVER_ID,
    '-key', 'domain', DOMAIN,
    '-t', 'u1',
    '-i', '127.0.0.1',
    '-p', String(SIPP_PORT),
    '-m', String(calls),
    '-r', String(rate),
    '-l', String(limit),
    '-nostdin',
    '-timeout', '300s',
    // sipp's default socket buffers are 64 KiB: the shipped server's follow-up queries to sipp's port and a
    // loaded machine overflowed them, and a call whose 200 was dropped after an absorbed late 401 waits for
    // -timeout (seen: 9,998 of 10,000 done, the run held for 300 s)
    '-buff_size', String(4 * 1024 * 1024),
  ];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const p = spawn('/usr/bin/time', args, { cwd: os.tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (c) => (out += c));
    p.stderr.on('data', (c) => (err += c));
    p.on('error', reject);
    p.on('exit', () => {
      const wallSec = Number(process.hrtime.bigint() - started) / 1e9;
      const count = (label: string) => {
        const rows = out.split('\n').filter((l) => l.includes(label));
        const last = rows.at(-1)?.split('|') ?? [];
        return Number(last[2]?.trim() ?? 0);
      };
      const lines = err.trim().split('\n');
      const times = lines.at(-1)!.split(' ').map(Number);
      resolve({ ok: count('Successful call'), failed: count('Failed call'), wallSec, userSec: times[0] ?? 0, sysSec: times[1] ?? 0, said: lines.slice(0, -1).join(' ').slice(-300) });
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// our server

interface ServerChild {
  proc: ChildProcess;
  port: number;
  ask<T>(msg: object, key: string): Promise<T>;
}

/**
 * The server process runs bundled JavaScript, as the product does (`node out/main/serve.js`, bundled by
 * electron-vite): this file's server mode and the core it imports, bundled once by esbuild without the tsx
 * loader (tsx keeps function names by wrapping every function and closure it creates, which the product build
 * does not). BENCH_SERVER=tsx runs the TypeScript through tsx instead.
 */
let serverEntry: string[] | undefined;

async function serverArgs(): Promise<string[]> {
  if (serverEntry) return serverEntry;
  if (process.env.BENCH_SERVER === 'tsx') return (serverEntry = ['--import', 'tsx', SELF]);
  const { bundleBench } = await import('./support/bundle');
  const out = await bundleBench(SELF);
  return (serverEntry = [out]);
}

function serverRuntime(): string {
  return serverEntry?.[0] === '--import' ? 'TypeScript through tsx' : 'bundled by esbuild like the product build (no tsx)';
}

async function startServer(dir: string, wantPort = 0): Promise<ServerChild> {
  const entry = await serverArgs();
  const proc = spawn(process.execPath, [...entry, '--server', dir, String(wantPort)], {
    cwd: path.dirname(path.dirname(SELF)),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    proc.on('message', (m: { ready?: number }) => m.ready && resolve(m.ready));
  });
  return {
    proc,
    port,
    ask: <T>(msg: object, key: string) =>
      new Promise<T>((resolve) => {
        const on = (m: Record<string, unknown>) => {
          if (key in m) {
            proc.off('message', on);
            resolve(m[key] as T);
          }
        };
        proc.on('message', on);
        proc.send(msg);
      }),
  };
}

async function stopServer(server: ServerChild): Promise<void> {
  if (server.proc.exitCode !== null) return;
  server.proc.kill('SIGTERM');
  await new Promise((r) => server.proc.once('exit', r));
}

async function measureWindow(pid: number, run: () => Promise<SippResult>): Promise<{ r: SippResult; cpu: number }> {
  const before = treeCpu(pid);
  const r = await run();
  return { r, cpu: treeCpu(pid) - before };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function printRegistration(label: string, r: SippResult, cpu: number, mem: string): void {
  const rate = r.ok / r.wallSec;
  console.log(
    `${label.padEnd(10)} ${rate.toFixed(0).padStart(6)} registrations/s  (${r.ok} ok, ${r.failed} failed in ${r.wallSec.toFixed(2)} s, load ${os.loadavg()[0].toFixed(1)})  ` +
      `server CPU ${((cpu / r.wallSec) * 100).toFixed(0)}% of a core, ${r.ok ? ((cpu / r.ok) * 1e6).toFixed(0) : '-'} µs per registration, ${mem}; ` +
      `sipp CPU ${(((r.userSec + r.sysSec) / r.wallSec) * 100).toFixed(0)}%`,
  );
}

/** One measured burst against a server that is already warm. */
interface Contender {
  label: string;
  port: number;
  pid: () => number;
  mem: () => string;
  /** A Node process: print each thread's share of the burst (kamailio's work is spread over processes). */
  threads?: boolean;
}

interface Burst {
  rate: number;
  failed: number;
  usPerReg: number;
}

async function burst(c: Contender, csv: string): Promise<Burst> {
  const threadsBefore = c.threads ? threadCpu(c.pid()) : undefined;
  const { r, cpu } = await measureWindow(c.pid(), () => sipp(c.port, 'gb-register-bench.xml', csv, REG_CALLS, OFFERED_RATE, IN_FLIGHT));
  printRegistration(c.label, r, cpu, c.mem());
  if (threadsBefore) {
    const split = threadSplit(threadsBefore, threadCpu(c.pid()), r.wallSec, r.ok);
    console.log(`${''.padEnd(10)} threads: ${split.text}; main ${split.mainPerEvent} µs per registration`);
  }
  return { rate: r.ok / r.wallSec, failed: r.failed, usPerReg: r.ok ? (cpu / r.ok) * 1e6 : Infinity };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

interface ShippedStats {
  devicesOnline: number;
  messagesPerSec: number;
  logDropped?: number;
  eventClientsDropped?: number;
}

async function benchKeepalives(label: string, port: number, pid: number, csv: string, online: number): Promise<void> {
  const idleBefore = cpuSeconds(pid);
  await sleep(10_000);
  const idle = (cpuSeconds(pid) - idleBefore) / 10;
  console.log(`${label} idle with ${online} registrations held: ${(idle * 100).toFixed(2)}% of a core, RSS ${mb(statusKb(pid, 'VmRSS'))} MB`);

  const realRate = DEVICES / 60;
  const realCalls = Math.round(realRate * 60);
  // 20 s at the real rate first (JIT warm-up), then two measured minutes: V8's compiler threads are still
  // optimizing the keepalive path through the first, so the second is the steady state of a server that has run
  // for a while.
  await sipp(port, 'gb-keepalive-bench.xml', csv, Math.round(realRate * 20), realRate, 1000);
  const verdicts: string[] = [];
  for (const minute of ['first', 'second']) {
    const threadsBefore = threadCpu(pid);
    const real = await measureWindow(pid, () => sipp(port, 'gb-keepalive-bench.xml', csv, realCalls, realRate, 1000));
    const threadsAfter = threadCpu(pid);
    const realCpu = (real.cpu / real.r.wallSec) * 100;
    const realRss = statusKb(pid, 'VmRSS');
    console.log(
      `${label} real rate ${realRate.toFixed(1)}/s, ${minute} minute, ${real.r.wallSec.toFixed(0)} s (${real.r.ok} ok, ${real.r.failed} failed; every device once; load ${os.loadavg()[0].toFixed(1)}): ` +
        `server CPU ${realCpu.toFixed(2)}% of a core (measured), RSS ${mb(realRss)} MB (peak ${mb(statusKb(pid, 'VmHWM'))} MB)`,
    );
    const split = threadSplit(threadsBefore, threadsAfter, real.r.wallSec, real.r.ok);
    console.log(`${label} by thread: ${split.text}; main thread ${split.mainPerEvent} µs per keepalive`);
    verdicts.push(`${minute} minute ${keepaliveVerdict({ calls: realCalls, ok: real.r.ok, failed: real.r.failed, said: real.r.said, cpuPercent: realCpu, rssKb: realRss })}`);
  }

  const fast = await measureWindow(pid, () => sipp(port, 'gb-keepalive-bench.xml', csv, 40_000, realRate * 12, IN_FLIGHT));
  const perKeepalive = fast.cpu / fast.r.ok;
  console.log(
    `${label} 12x rate ${(fast.r.ok / fast.r.wallSec).toFixed(0)}/s (${fast.r.ok} ok, ${fast.r.failed} failed): ${(perKeepalive * 1e6).toFixed(0)} µs CPU per keepalive ` +
      `-> ${(perKeepalive * realRate * 100).toFixed(2)}% of a core at ${realRate.toFixed(1)}/s plus ${(idle * 100).toFixed(2)}% idle (extrapolated); ` +
      `RSS ${mb(statusKb(pid, 'VmRSS'))} MB, peak ${mb(statusKb(pid, 'VmHWM'))} MB`,
  );
  console.log(`${label} target (10,000 devices at 60 s: under 5% of a core, under 300 MB resident, measured at the real rate): ${verdicts.join('; ')}`);
}

// ---------------------------------------------------------------------------------------------------------------
// kamailio

const KAMAILIO = '/usr/sbin/kamailio';
const KAM_PORT = 15070;

function kamailioConfig(): string {
  return `#!KAMAILIO
debug=0
log_stderror=yes
fork=yes
children=2
listen=udp:127.0.0.1:${KAM_PORT}
mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "siputils.so"
loadmodule "textops.so"
loadmodule "auth.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
modparam("usrloc", "db_mode", 0)
modparam("auth", "nonce_expire", 300)
request_route {
  if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
  if (!is_method("REGISTER")) { sl_send_reply("404", "Not here"); exit; }
  if (!pv_auth_check("${DOMAIN}", "${PASSWORD}", "0", "0")) { auth_challenge("${DOMAIN}", "1"); exit; }
  consume_credentials();
  if (!save("location")) sl_reply_error();
  exit;
}
`;
}

interface Kamailio {
  proc: ChildProcess;
  stop(): Promise<void>;
}

async function startKamailio(dir: string): Promise<Kamailio | undefined> {
  if (!fs.existsSync(KAMAILIO)) {
    console.log('kamailio    not installed (apt-get install -y kamailio); comparison skipped');
    return undefined;
  }
  const cfg = path.join(dir, 'kamailio.cfg');
  fs.writeFileSync(cfg, kamailioConfig());
  const kam = spawn(KAMAILIO, ['-f', cfg, '-DD', '-E', '-m', '256', '-M', '16', '-w', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  kam.stderr.on('data', (c) => (log += c));
  const stop = async () => {
    if (kam.exitCode !== null) return;
    kam.kill('SIGTERM');
    await new Promise((r) => kam.once('exit', r));
  };
  for (let i = 0; i < 50 && !/listening on/i.test(log); i++) await sleep(100);
  if (kam.exitCode !== null) {
    await stop();
    throw new Error(`kamailio did not start:\n${log.slice(-500)}`);
  }
  return { proc: kam, stop };
}

/** For scale: what merely receiving and answering 166.7 small MESSAGEs/s costs on this machine, in C, statelessly
 * (this kamailio answers MESSAGE with 404 from sl, no transaction, no XML). */
async function kamailioKeepaliveFloor(kam: Kamailio, csv: string): Promise<void> {
  const floor = await measureWindow(kam.proc.pid!, () => sipp(KAM_PORT, 'gb-keepalive-bench.xml', csv, Math.round((DEVICES / 60) * 30), DEVICES / 60, 1000));
  console.log(
    `kamailio   answering the keepalive stream (166.7 MESSAGE/s, stateless 404) for ${floor.r.wallSec.toFixed(0)} s: ${((floor.cpu / floor.r.wallSec) * 100).toFixed(2)}% of a core`,
  );
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-bench-register-'));
  const csv = writeCsv(path.join(dir, 'devices.csv'), Array.from({ length: DEVICES }, (_, i) => deviceId(i + 1)), PASSWORD);
  console.log(
    `bench:register  node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg()[0].toFixed(1)}; ` +
      `${DEVICES} device IDs, ${REG_CALLS} registrations offered at up to ${OFFERED_RATE}/s, ${IN_FLIGHT} in flight, UDP loopback; ${ROUNDS} rounds taking turns`,
  );
  const sipPort = await freeUdpPort();
  let shipped = await startShipped(path.join(dir, 'shipped'), sipPort, PASSWORD);
  if (process.env.BENCH_ONLY === 'keepalive') return keepalivesOnly(dir, csv, sipPort, shipped);
  let registrar: ServerChild | undefined;
  let kam: Kamailio | undefined;
  try {
    console.log(`shipped    node out/main/serve.js: signalling log on, follow-up queries on (sipp does not answer them), a console on /api/events ${LOG_VIEW ? 'on its Signalling tab (receiving the live log)' : 'on the device tree (no live log; BENCH_LOG_VIEW=1: on its Signalling tab)'}`);
    registrar = await startServer(path.join(dir, 'data'));
    console.log(`registrar  the GB server alone (no signalling log, no follow-up queries, no event consumers), ${serverRuntime()}`);
    kam = await startKamailio(dir);
    const contenders: Contender[] = [
      { label: 'shipped', threads: true, port: sipPort, pid: () => shipped.proc.pid!, mem: () => `RSS ${mb(statusKb(shipped.proc.pid!, 'VmRSS'))} MB (peak ${mb(statusKb(shipped.proc.pid!, 'VmHWM'))} MB)` },
    ];
    if (kam) {
      const k = kam;
      contenders.push({
        label: 'kamailio',
        port: KAM_PORT,
        pid: () => k.proc.pid!,
        mem: () => {
          const pids = processTree(k.proc.pid!);
          return `${pids.length} processes, ${mb(pids.reduce((s, p) => s + pssKb(p), 0))} MB PSS (shared memory counted once)`;
        },
      });
    }
    const reg = registrar;
    contenders.push({ label: 'registrar', threads: true, port: reg.port, pid: () => reg.proc.pid!, mem: () => `RSS ${mb(statusKb(reg.proc.pid!, 'VmRSS'))} MB (peak ${mb(statusKb(reg.proc.pid!, 'VmHWM'))} MB)` });
    // warm-up (JIT, SQLite pages, kamailio's usrloc): every device registers once with each
    for (const c of contenders) await sipp(c.port, 'gb-register-bench.xml', csv, c.label === 'kamailio' ? 2_000 : DEVICES, OFFERED_RATE, IN_FLIGHT);
    const results = new Map<string, Burst[]>(contenders.map((c) => [c.label, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`round ${round} of ${ROUNDS}`);
      for (const c of contenders) results.get(c.label)!.push(await burst(c, csv));
    }
    const after = await shipped.api<ShippedStats>('server.stats');
    console.log(
      `shipped    after the bursts: ${after.devicesOnline} online, ${after.messagesPerSec.toFixed(0)} SIP messages/s logged, ` +
        `${after.logDropped ?? 0} log messages shed, ${shipped.consoleFrames()} event frames reached the console, ${after.eventClientsDropped ?? 0} console clients dropped`,
    );
    const summary = (label: string) => {
      const b = results.get(label)!;
      return `${label} median ${median(b.map((x) => x.rate)).toFixed(0)}/s, ${median(b.map((x) => x.usPerReg)).toFixed(0)} µs CPU per registration, ${b.reduce((s, x) => s + x.failed, 0)} failed`;
    };
    console.log(`summary    ${contenders.map((c) => summary(c.label)).join('; ')}`);
    if (kam) {
      const ratios = (label: string) => results.get(label)!.map((b, i) => b.rate / results.get('kamailio')![i].rate);
      const shippedRatios = ratios('shipped');
      const failed = results.get('shipped')!.reduce((s, x) => s + x.failed, 0);
      const ok = failed === 0 && median(shippedRatios) >= 1;
      console.log(
        `target     shipped server: 0 failed and at least kamailio's rate: ${ok ? 'met' : 'NOT met'} ` +
          `(ratio to kamailio per round ${shippedRatios.map((r) => r.toFixed(2)).join(', ')}, median ${median(shippedRatios).toFixed(2)}; ${failed} failed; ` +
          `registrar alone: ${ratios('registrar').map((r) => r.toFixed(2)).join(', ')})`,
      );
      await kamailioKeepaliveFloor(kam, csv);
    }
    await kam?.stop();
    kam = undefined;
    await stopServer(registrar);
    registrar = undefined;

    // Steady state for keepalives: restart on the same data (registrations stand, devices stay online), so the
    // bursts' answered transactions waiting out Timer J and the unanswered follow-ups are gone.
    await shipped.stop();
    shipped = await startShipped(path.join(dir, 'shipped'), sipPort, PASSWORD);
    const restored = await shipped.api<ShippedStats>('server.stats');
    await benchKeepalives('keepalive ', sipPort, shipped.proc.pid!, csv, restored.devicesOnline);
  } finally {
    await kam?.stop();
    if (registrar) await stopServer(registrar);
    await shipped.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** BENCH_ONLY=keepalive: the shipped server takes the same bursts as in the full run (the log holds them), unmeasured; then the keepalive part. */
async function keepalivesOnly(dir: string, csv: string, sipPort: number, first: ShippedServer): Promise<void> {
  let shipped = first;
  try {
    await sipp(sipPort, 'gb-register-bench.xml', csv, DEVICES, OFFERED_RATE, IN_FLIGHT);
    for (let round = 1; round <= ROUNDS; round++) await sipp(sipPort, 'gb-register-bench.xml', csv, REG_CALLS, OFFERED_RATE, IN_FLIGHT);
    await shipped.stop();
    shipped = await startShipped(path.join(dir, 'shipped'), sipPort, PASSWORD);
    const restored = await shipped.api<ShippedStats>('server.stats');
    await benchKeepalives('keepalive ', sipPort, shipped.proc.pid!, csv, restored.devicesOnline);
  } finally {
    await shipped.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--server')) {
  const at = process.argv.indexOf('--server');
  void serverMode(process.argv[at + 1], Number(process.argv[at + 2] ?? 0));
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
