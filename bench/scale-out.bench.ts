// npm run bench:scale — the registration storm (bench:register's sipp scenarios) against the shipped server on
// each store: SQLite, and PostgreSQL (a real server started here, fsync on as in production), one instance and
// two instances on this machine sharing Redis (two PostgreSQL instances share one database; two SQLite ones
// each keep their own file). With two instances each sipp drives half the device IDs at its own instance, at
// the same total rate.
//
// Per setup: registrations/s over REG_CALLS digest registrations (after a warm-up where every device registers
// once), then keepalives at 12x the real rate of DEVICES devices at 60 s: CPU per keepalive, and the real-rate
// share that gives. CPU counts the console servers and, with PostgreSQL and Redis, those servers too (the whole
// cost of the setup). Every line prints the load average: the machine is shared, so compare setups of one run.
// BENCH_DEVICES (default 10,000) and BENCH_REGISTRATIONS (default 20,000) scale it; BENCH_SETUPS="postgres, 1;sqlite, 2"
// runs the setups whose labels start so. With two instances a REGISTER that arrives while its instance carries
// more devices than the other is answered 302 (the cluster spreads by load): the device registers again at the
// instance the Contact names, as a GB/T 28181-2022 device does (support/sipp-register.ts), and the row counts
// registrations completed (200, wherever), redirected (302 answers followed) and failed. The rate is completed
// registrations over the wall time of the first pass and the follow-up passes in turn; the measured pass and the
// keepalives drive each device at the instance it ended up registered to in the warm-up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, freeUdpPort, processTree, startShipped, statusKb, type ShippedServer } from './support/shipped-server';
import { MAX_HOPS, registerFollowing, runSipp, writeCsv, type RegisterTally, type SippOptions, type SippRun } from './support/sipp-register';
import { findPgBin, startPgServer, type PgServer } from '../src/main/store/postgres/testing/pg-server';
import { redisAvailable, startRedis, type RedisProcess } from '../src/main/cluster/testing/redis-process';

const SCENARIOS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/main/gb28181/interop/scenarios');
const DEVICES = Number(process.env.BENCH_DEVICES ?? 10_000);
const REG_CALLS = Number(process.env.BENCH_REGISTRATIONS ?? 20_000);
const OFFERED_RATE = 15_000;
const IN_FLIGHT = 200;
const KEEPALIVES = 20_000;
const REAL_RATE = DEVICES / 60;
const SERVER_ID = '34020000002000000001';
const PASSWORD = '12345678';

const deviceId = (i: number) => '3402000000132' + String(i).padStart(7, '0');
const load = () => os.loadavg()[0].toFixed(1);

const cpuOf = (pids: number[]) => pids.flatMap(processTree).reduce((s, p) => s + cpuSeconds(p), 0);

/** Each instance's sipp at once over the devices registered to it, at its share of the rate; the wall time is the slower one's. */
async function together(servers: ShippedServer[], ids: string[][], scenario: string, calls: number, rate: number, o: SippOptions): Promise<SippRun> {
  const total = ids.reduce((n, l) => n + l.length, 0);
  const rs = await Promise.all(
    servers.map((s, i) => {
      if (ids[i].length === 0) return { ok: 0, failed: 0, wallSec: 0 };
      const csv = writeCsv(path.join(o.dir, `keepalive-${i}.csv`), ids[i], PASSWORD);
      const share = ids[i].length / total;
      return runSipp(s.port, o.localPort + i, path.join(SCENARIOS, scenario), csv, Math.round(calls * share), rate * share, o);
    }),
  );
  return { ok: rs.reduce((n, r) => n + r.ok, 0), failed: rs.reduce((n, r) => n + r.failed, 0), wallSec: Math.max(...rs.map((r) => r.wallSec)) };
}

interface Setup {
  label: string;
  store: 'sqlite' | 'postgres';
  instances: 1 | 2;
}

/** Each device at the instance it registered to last; a device registered nowhere stays at its first one. */
function regroup(first: string[][], placement: Map<string, number>): string[][] {
  const out: string[][] = first.map(() => []);
  first.forEach((ids, i) => ids.forEach((id) => out[placement.get(id) ?? i].push(id)));
  return out;
}

const counts = (t: RegisterTally) =>
  `${t.completed} completed, ${t.redirected} redirected, ${t.failed} failed${t.bounced ? ` (${t.bounced} still sent on after ${MAX_HOPS} redirects)` : ''}`;

async function run(setup: Setup, dir: string, pgBin: string | null): Promise<string> {
  let pg: PgServer | undefined;
  let redis: RedisProcess | undefined;
  const servers: ShippedServer[] = [];
  try {
    const args: string[] = [];
    if (setup.store === 'postgres') {
      pg = await startPgServer(pgBin!, { fsync: true });
      args.push('--store', await pg.createDatabase('platform'));
    }
    if (setup.instances === 2) {
      redis = await startRedis();
      args.push('--redis', redis.url);
    }
    for (let i = 0; i < setup.instances; i++) {
      const media = 40_000 + i * 1_000;
      servers.push(await startShipped(path.join(dir, `${setup.label}-${i}`), await freeUdpPort(), PASSWORD, [...args, '--media-ports', `${media}-${media + 999}`]));
    }
    const all = Array.from({ length: DEVICES }, (_, i) => deviceId(i + 1));
    const half = Math.floor(DEVICES / 2);
    const first = setup.instances === 1 ? [all] : [all.slice(0, half), all.slice(half)];
    const o: SippOptions = { serverId: SERVER_ID, password: PASSWORD, limit: IN_FLIGHT, localPort: 15090, dir };
    const pids = () => [...servers.map((s) => s.proc.pid!), ...(pg ? [pg.pid] : []), ...(redis ? [redis.pid] : [])];
    // Warm-up: every device registers once (JIT, pages, the store's rows), where the instances place it.
    const warm = await registerFollowing(servers, first, DEVICES, OFFERED_RATE, o);
    const where = regroup(first, warm.placement);
    const before = cpuOf(pids());
    const reg = await registerFollowing(servers, where, REG_CALLS, OFFERED_RATE, o);
    const regCpu = cpuOf(pids()) - before;
    const regLine =
      `${setup.label.padEnd(22)} ${(reg.completed / reg.wallSec).toFixed(0).padStart(6)} registrations/s (${counts(reg)} in ${reg.wallSec.toFixed(1)} s; ` +
      `warm-up ${counts(warm)}; devices on each instance ${where.map((l) => l.length).join('+')}), ` +
      `${((regCpu / Math.max(1, reg.completed)) * 1e6).toFixed(0)} µs CPU per completed registration, load ${load()}`;
    console.log(regLine);
    const kBefore = cpuOf(pids());
    const ka = await together(servers, regroup(where, reg.placement), 'gb-keepalive-bench.xml', KEEPALIVES, REAL_RATE * 12, o);
    const kaCpu = cpuOf(pids()) - kBefore;
    const per = kaCpu / Math.max(1, ka.ok);
    const rss = servers.map((s) => `${(statusKb(s.proc.pid!, 'VmRSS') / 1024).toFixed(0)}`).join('+');
    const kaLine =
      `${''.padEnd(22)} keepalives ${(ka.ok / ka.wallSec).toFixed(0)}/s (${ka.ok} ok, ${ka.failed} failed): ${(per * 1e6).toFixed(0)} µs CPU per keepalive ` +
      `-> ${(per * REAL_RATE * 100).toFixed(2)}% of a core at the real rate (${REAL_RATE.toFixed(1)}/s); server RSS ${rss} MB; load ${load()}`;
    console.log(kaLine);
    return `${regLine}\n${kaLine}`;
  } finally {
    for (const s of servers) await s.stop();
    await redis?.stop();
    await pg?.stop();
  }
}

async function main(): Promise<void> {
  const pgBin = findPgBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-bench-scale-'));
  console.log(
    `bench:scale  node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; ` +
      `${DEVICES} device IDs, ${REG_CALLS} registrations offered at up to ${OFFERED_RATE}/s (${IN_FLIGHT} in flight), 302s followed, then ${KEEPALIVES} keepalives at ${(REAL_RATE * 12).toFixed(0)}/s; ` +
      'CPU: console servers + PostgreSQL + Redis; PostgreSQL with fsync on',
  );
  const setups: Setup[] = [
    { label: 'sqlite, 1 instance', store: 'sqlite', instances: 1 },
    { label: 'postgres, 1 instance', store: 'postgres', instances: 1 },
    { label: 'sqlite, 2 instances', store: 'sqlite', instances: 2 },
    { label: 'postgres, 2 instances', store: 'postgres', instances: 2 },
  ].filter((s) => (s.store !== 'postgres' || pgBin) && (s.instances === 1 || redisAvailable)) as Setup[];
  const only = process.env.BENCH_SETUPS?.split(';');
  try {
    for (const s of setups) if (!only || only.some((o) => s.label.startsWith(o))) await run(s, dir, pgBin);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
