// The server as it ships, for benchmarks: `node out/main/serve.js` (the bundle `npm run serve` builds and runs)
// in its own process, with a console connected to its event stream, and /proc readings of a process's CPU and
// memory.
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { consoleUrlFrom } from './console-url';
import { jsonClient } from './http-json';

/** The repository: the nearest folder up with a package.json (this file also runs bundled, under node_modules/.cache). */
function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

const ROOT = repositoryRoot(path.dirname(fileURLToPath(import.meta.url)));
/** BENCH_SERVE: another build's serve.js (e.g. a copy of out/ kept to compare before and after). */
/** The console on its Signalling tab, receiving the live log (BENCH_LOG_VIEW=1). */
export const LOG_VIEW = process.env.BENCH_LOG_VIEW === '1';
const SERVE = process.env.BENCH_SERVE ? path.resolve(process.env.BENCH_SERVE) : path.join(ROOT, 'out/main/serve.js');

export interface ShippedServer {
  proc: ChildProcess;
  port: number;
  dataDir: string;
  api<T>(method: string, params?: object): Promise<T>;
  /** The URL and headers of an API call, for a caller in another thread. */
  request(method: string): { url: string; headers: Record<string, string> };
  consoleFrames(): number;
  /** Bytes of those frames (the payloads as received). */
  consoleBytes(): number;
  /** ws://127.0.0.1:<http port>, the WebSocket subprotocols carrying the token, and the console's Origin. */
  wsBase: string;
  wsProtocols: string[];
  origin: string;
  stop(): Promise<void>;
}

/** `extraArgs`: more serve.js flags (--store, --redis, --media-ports). */
export async function startShipped(dataDir: string, sipPort: number, password: string, extraArgs: string[] = []): Promise<ShippedServer> {
  if (!fs.existsSync(SERVE)) throw new Error(`${SERVE} is missing: run \`npx electron-vite build\` first (the npm run bench:* scripts that use it do)`);
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const proc = spawn(process.execPath, [...nodeArgs, SERVE, '--data-dir', dataDir, '--password', password, '--sip-ip', '127.0.0.1', '--sip-port', String(sipPort), '--http-port', '0', ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stopping = false;
  const output = consoleUrlFrom(proc.stdout!);
  const url = await new Promise<string>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`serve.js exited with ${code}:\n${output.printed()}`)));
    output.url.then(resolve);
  });
  proc.once('exit', (code, signal) => {
    if (!stopping) console.error(`serve.js exited unexpectedly (code ${code}, signal ${signal})`);
  });
  const httpPort = Number(new URL(url).port);
  const token = fs.readFileSync(path.join(dataDir, 'api-token'), 'utf8').trim();
  let frames = 0;
  let frameBytes = 0;
  const wsProtocols = ['gb.v1', `gb.token.${token}`];
  const http = jsonClient();
  const origin = `http://127.0.0.1:${httpPort}`;
  // As the console connects: batched frames (?batch=1), the live log only while its Signalling tab is open
  // (?optin=1). BENCH_LOG_VIEW=1: a console showing the Signalling tab (it listens for log.message).
  const ws = new WebSocket(`ws://127.0.0.1:${httpPort}/api/events?batch=1&optin=1`, wsProtocols, { headers: { origin } });
  ws.on('message', (data: Buffer) => {
    frames++;
    frameBytes += data.length;
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  if (LOG_VIEW) ws.send(JSON.stringify({ listen: ['log.message'] }));
  return {
    proc,
    port: sipPort,
    dataDir,
    consoleFrames: () => frames,
    consoleBytes: () => frameBytes,
    wsBase: `ws://127.0.0.1:${httpPort}`,
    wsProtocols,
    origin,
    request: (method) => ({
      url: `http://127.0.0.1:${httpPort}/api/${method}`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    }),
    api<T>(method: string, params: object = {}): Promise<T> {
      return http.post<T>(`http://127.0.0.1:${httpPort}/api/${method}`, { 'content-type': 'application/json', authorization: `Bearer ${token}` }, params).catch((err: Error) => {
        throw new Error(`${method}: ${err.message}`);
      });
    },
    async stop() {
      stopping = true;
      ws.close();
      http.close();
      if (proc.exitCode !== null) return;
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    },
  };
}

/** A free UDP port for the shipped server's SIP (it refuses port 0). */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket('udp4');
    sock.once('error', reject);
    sock.bind(0, '127.0.0.1', () => {
      const { port } = sock.address();
      sock.close(() => resolve(port));
    });
  });
}

/** Linux USER_HZ: /proc times are in 1/100 s. */
const TICK = 100;

/** CPU time of a process, or of one of its threads (`tid`; the main thread's is the pid). */
export function cpuSeconds(pid: number, tid?: number): number {
  try {
    const stat = fs.readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK;
  } catch {
    return 0;
  }
}

export function statusKb(pid: number, key: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** CPU seconds of each thread of a process: the main thread as `main`, the others as `<name> <tid>`. */
export function threadCpu(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.set(tid === String(pid) ? 'main' : `${name} ${tid}`, (Number(f[11]) + Number(f[12])) / 100);
      } catch {
        // thread ended
      }
    }
  } catch {
    // process ended
  }
  return out;
}

export interface ThreadSplit {
  /** All threads together, % of a core. */
  total: number;
  /** The threads of at least 0.05 % of a core, busiest first: `main 1.23%, libuv-worker 123 0.40%`. */
  text: string;
  /** The main thread's CPU per event in µs, '-' with no events. */
  mainPerEvent: string;
}

/** The CPU of each thread between two threadCpu readings `wallSec` apart, and the main thread's per event. */
export function threadSplit(before: Map<string, number>, after: Map<string, number>, wallSec: number, events: number): ThreadSplit {
  const threads = [...after]
    .map(([name, sec]) => ({ name, share: ((sec - (before.get(name) ?? 0)) / wallSec) * 100 }))
    .sort((a, b) => b.share - a.share);
  const main = threads.find((t) => t.name === 'main');
  return {
    total: threads.reduce((sum, t) => sum + t.share, 0),
    text: threads.filter((t) => t.share >= 0.05).map((t) => `${t.name} ${t.share.toFixed(2)}%`).join(', '),
    mainPerEvent: main && events ? (((main.share / 100) * wallSec * 1e6) / events).toFixed(0) : '-',
  };
}

/** A process and all its descendants (kamailio forks workers; PostgreSQL's backends are the postmaster's children). */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      const kids = fs.readFileSync(`/proc/${out[i]}/task/${out[i]}/children`, 'utf8').trim();
      if (kids) out.push(...kids.split(/\s+/).map(Number));
    } catch {
      // gone
    }
  }
  return out;
}
