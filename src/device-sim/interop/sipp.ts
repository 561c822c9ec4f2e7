// Runs sipp (Debian package sip-tester) as a real platform for the simulator's interop tests.
import { spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCENARIOS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scenarios');

export function hasSipp(): boolean {
  return spawnSync('sh', ['-c', 'command -v sipp']).status === 0;
}

export interface SippResult {
  code: number | null;
  /** sipp's -trace_logs (our <log> actions) and -trace_err (failed checks) files. */
  logs: string;
  errors: string;
  stdout: string;
}

/** A UDP port free on 127.0.0.1 at the time of asking. */
export async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Starts sipp as a UAS on `port` with a scenario of ours; `keys` become -key name value (sipp [name]). */
export function startSippUas(scenario: string, port: number, keys: Record<string, string>, transport: 'udp' | 'tcp' = 'udp') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-sipp-'));
  const args = ['-sf', path.join(SCENARIOS, scenario), '-i', '127.0.0.1', '-p', String(port), '-t', transport === 'tcp' ? 't1' : 'u1', '-m', '1'];
  for (const [k, v] of Object.entries(keys)) args.push('-key', k, v);
  args.push('-nostdin', '-timeout', '15s', '-timeout_error', '-trace_err', '-trace_logs');
  const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-10_000)));
  child.stderr.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-10_000)));
  const read = (suffix: string) =>
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(suffix))
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
      .join('');
  const done = new Promise<SippResult>((resolve) => {
    child.on('close', (code) => {
      const result = { code, logs: read('_logs.log'), errors: read('_errors.log'), stdout };
      fs.rmSync(dir, { recursive: true, force: true });
      resolve(result);
    });
  });
  return { done, kill: () => child.kill('SIGKILL') };
}
