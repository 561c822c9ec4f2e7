// A throwaway PostgreSQL server for tests: initdb in a temporary folder, then `postgres` listening on 127.0.0.1
// at a free port with its socket in that folder. No system service. Under root (CI containers) it runs as the
// `postgres` user the Debian package creates, since PostgreSQL refuses to run as root.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PgServer {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  /** The postmaster's process ID (its backends are its children). */
  readonly pid: number;
  /** A new empty database on this server. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (fast shutdown: clients are cut off) and keeps its data; `resume` starts it again. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/** The folder holding initdb and postgres, or null when PostgreSQL is not installed. */
export function findPgBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = path.join(root, v, 'bin');
    if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'postgres'))) return bin;
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

async function waitReady(url: string, child: ChildProcess, log: () => string, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited (${child.exitCode}): ${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections within ${deadlineMs} ms: ${(err as Error).message}\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `fsync`: write to disk as a production server does (tests run without: -F). */
export async function startPgServer(bin: string, o: { fsync?: boolean } = {}): Promise<PgServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-pg-'));
  const user = runAs();
  if (user) fs.chownSync(dir, user.uid, user.gid);
  const data = path.join(dir, 'data');
  const opts = { ...(user ?? {}), cwd: dir };
  execFileSync(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'], { ...opts, stdio: 'pipe' });
  const port = await freePort();
  let output = '';
  const base = `postgres://postgres@127.0.0.1:${port}`;
  const url = `${base}/postgres`;
  let child: ChildProcess;
  const start = async () => {
    child = spawn(
      path.join(bin, 'postgres'),
      ['-D', data, '-k', dir, '-p', String(port), '-h', '127.0.0.1', ...(o.fsync ? [] : ['-F']), '-c', 'max_connections=50', '-c', 'shared_buffers=16MB'],
      { ...opts, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
    await waitReady(url, child, () => output, 30_000);
  };
  const pause = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    // SIGINT: fast shutdown (no waiting for clients).
    child.kill('SIGINT');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };
  const stop = async () => {
    await pause();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await start();
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    get pid() {
      return child.pid ?? 0;
    },
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
      return `${base}/${name}`;
    },
    pause,
    resume: start,
    stop,
  };
}
