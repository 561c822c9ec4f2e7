// sipp as many devices registering with one or several console instances, following 302 as a GB/T 28181-2022
// device does: register-or-302.xml logs each call's outcome (ok, or 302 with the Contact's address), and the
// devices a 302 sent elsewhere register again at the named instance (once per device and pass, all of a pass at
// once), up to MAX_HOPS times. Counted: 200s (completed, at whichever instance), 302s (redirected) and failures
// (sipp's failed calls, and devices still sent on after MAX_HOPS redirects).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REGISTER_OR_302 = path.join(HERE, 'register-or-302.xml');
/** A device follows at most this many 302s in a row (as the simulator does); one still sent on counts failed. */
export const MAX_HOPS = 3;

export interface SippTarget {
  /** The instance's SIP port on 127.0.0.1. */
  port: number;
}

export interface SippRun {
  ok: number;
  failed: number;
  wallSec: number;
}

export interface SippOptions {
  serverId: string;
  password: string;
  /** Calls in flight at once (-l). */
  limit: number;
  /** First local UDP port; parallel runs take the next ones. */
  localPort: number;
  dir: string;
}

export interface RegisterTally {
  /** Registrations answered 200 (at the first instance or where a 302 sent them). */
  completed: number;
  /** 302 answers, each followed to the instance it named. */
  redirected: number;
  /** Calls sipp counted failed, and devices still sent on after MAX_HOPS redirects. */
  failed: number;
  /** Of the failed: devices still sent on after MAX_HOPS redirects (instances sending them back and forth). */
  bounced: number;
  wallSec: number;
  /** Where each device registered last (index into the targets). */
  placement: Map<string, number>;
}

/** One sipp process: `scenario` for `calls` calls over the device IDs of `csv`, at `rate` calls/s. */
export function runSipp(port: number, localPort: number, scenario: string, csv: string, calls: number, rate: number, o: SippOptions, extra: string[] = []): Promise<SippRun> {
  const args = [
    `127.0.0.1:${port}`, '-sf', scenario, '-inf', csv, '-key', 'server', o.serverId, '-key', 'domain', o.serverId.slice(0, 10),
    '-t', 'u1', '-i', '127.0.0.1', '-p', String(localPort), '-m', String(calls), '-r', String(rate), '-l', String(o.limit),
    '-nostdin', '-timeout', '300s', '-buff_size', String(4 * 1024 * 1024), ...extra,
  ];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const p = spawn('sipp', args, { cwd: o.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (c) => (out += c));
    p.stderr.on('data', (c) => (err += c));
    p.on('error', reject);
    p.on('exit', (code) => {
      if (!out.includes('Successful call')) return reject(new Error(`sipp ${path.basename(scenario)} exited with ${code} before any call: ${err.slice(-500)}`));
      const count = (label: string) => Number(out.split('\n').filter((l) => l.includes(label)).at(-1)?.split('|')[2]?.trim() ?? 0);
      resolve({ ok: count('Successful call'), failed: count('Failed call'), wallSec: Number(process.hrtime.bigint() - started) / 1e9 });
    });
  });
}

/** The CSV sipp reads: one device per line with its digest credentials. */
export function writeCsv(file: string, ids: readonly string[], password: string): string {
  const lines = ['SEQUENTIAL', ...ids.map((id) => `${id};[authentication username=${id} password=${password}];`)];
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/**
 * Registers `ids[i]` at `targets[i]` (each sipp at once, `calls` in all, shared by the number of IDs), then the
 * devices sent on by 302 at the instance named, all of one hop at once. The wall time is the passes' in turn.
 */
export async function registerFollowing(targets: SippTarget[], ids: string[][], calls: number, rate: number, o: SippOptions): Promise<RegisterTally> {
  const tally: RegisterTally = { completed: 0, redirected: 0, failed: 0, bounced: 0, wallSec: 0, placement: new Map() };
  const total = ids.reduce((n, l) => n + l.length, 0);
  const byPort = new Map(targets.map((t, i) => [t.port, i]));
  let pass = ids.map((list) => ({ list, calls: Math.round((calls * list.length) / total) }));
  for (let hop = 0; pass.some((p) => p.list.length > 0); hop++) {
    const started = process.hrtime.bigint();
    const runs = await Promise.all(
      pass.map(async (p, i) => {
        if (p.list.length === 0) return { run: { ok: 0, failed: 0, wallSec: 0 }, log: [] as string[] };
        const tag = `hop${hop}-${i}-${process.hrtime.bigint()}`;
        const csv = writeCsv(path.join(o.dir, `${tag}.csv`), p.list, o.password);
        const logFile = path.join(o.dir, `${tag}.log`);
        const share = (rate * p.list.length) / pass.reduce((n, q) => n + q.list.length, 0);
        const run = await runSipp(targets[i].port, o.localPort + i, REGISTER_OR_302, csv, p.calls, Math.max(1, share), o, ['-trace_logs', '-log_file', logFile]);
        const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n') : [];
        fs.rmSync(csv, { force: true });
        fs.rmSync(logFile, { force: true });
        return { run, log };
      }),
    );
    tally.wallSec += Number(process.hrtime.bigint() - started) / 1e9;
    const next: Array<Set<string>> = targets.map(() => new Set());
    runs.forEach(({ run, log }, i) => {
      tally.failed += run.failed;
      for (const line of log) {
        // sipp's log lines start with a date and time; the scenario's message is the last two words.
        const [id, to] = line.trim().split(/\s+/).slice(-2);
        if (!id || !to) continue;
        if (to === 'ok') {
          tally.completed++;
          tally.placement.set(id, i);
          continue;
        }
        tally.redirected++;
        const target = byPort.get(Number(to?.split(':')[1]));
        if (target !== undefined && hop < MAX_HOPS) next[target].add(id);
        else {
          tally.failed++;
          if (target !== undefined) tally.bounced++;
        }
      }
    });
    pass = next.map((set) => ({ list: [...set], calls: set.size }));
  }
  return tally;
}
