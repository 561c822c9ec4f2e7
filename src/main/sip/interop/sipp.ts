// Runs sipp (Debian package sip-tester) as a real peer for the interop tests.
import { spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCENARIOS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scenarios');

/** Path of the sipp binary, or undefined when it is not installed. */
export function findSipp(): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v sipp'], { encoding: 'utf8' });
  const p = r.stdout.trim();
  return r.status === 0 && p ? p : undefined;
}

export interface SippRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Contents of the -trace_err log (unexpected messages), if sipp wrote one. */
  errors: string;
}

export interface SippOptions {
  scenario: string;
  /** UAC: the stack's address; UAS: omit. */
  remote?: string;
  transport: 'udp' | 'tcp';
  localPort?: number;
  /** Kill sipp and fail after this long (its own -timeout is 15 s). */
  deadlineMs?: number;
}

/** A port free for both UDP and TCP on 127.0.0.1 at the time of asking. */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const tcp = net.createServer();
    const port = await new Promise<number>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(0, '127.0.0.1', () => resolve((tcp.address() as net.AddressInfo).port));
    });
    const udp = dgram.createSocket('udp4');
    const ok = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => resolve(true));
    });
    await new Promise<void>((r) => tcp.close(() => r()));
    if (ok) {
      await new Promise<void>((r) => udp.close(() => r()));
      return port;
    }
    udp.close();
  }
  throw new Error('no free port for sipp');
}

/** Starts sipp; `done` resolves with its exit once it ends (or is killed at the deadline). */
export function startSipp(opts: SippOptions): { done: Promise<SippRun>; kill(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipp-'));
  const errorFile = path.join(dir, 'errors.log');
  const args = [
    ...(opts.remote ? [opts.remote] : []),
    '-sf',
    path.join(SCENARIOS, opts.scenario),
    '-i',
    '127.0.0.1',
    ...(opts.localPort ? ['-p', String(opts.localPort)] : []),
    '-t',
    opts.transport === 'tcp' ? 't1' : 'u1',
    '-m',
    '1',
    '-timeout',
    '15s',
    '-timeout_error',
    '-nostdin',
    '-trace_err',
    '-error_file',
    errorFile,
    '-max_socket',
    '16',
  ];
  const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-20_000)));
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
  const deadline = setTimeout(() => child.kill('SIGKILL'), opts.deadlineMs ?? 30_000);
  const done = new Promise<SippRun>((resolve) => {
    child.on('error', (err) => {
      stderr += `\nspawn failed: ${err.message}`;
    });
    child.on('close', (code, signal) => {
      clearTimeout(deadline);
      const errors = fs.existsSync(errorFile) ? fs.readFileSync(errorFile, 'utf8') : '';
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({ code, signal, stdout, stderr, errors });
    });
  });
  return { done, kill: () => child.kill('SIGKILL') };
}

/** One line for an assertion message: why sipp failed. */
export function explain(run: SippRun): string {
  return `sipp exit ${run.code ?? run.signal}\n--- errors ---\n${run.errors.slice(-4000)}\n--- stderr ---\n${run.stderr.slice(-2000)}`;
}
