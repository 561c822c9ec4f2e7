// Starts the headless shell (the built `npm run serve`) on free ports with a temp data dir.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rememberToken } from './api';
import { freePort } from './ports';

export interface RunningConsole {
  url: string;
  sipPort: number;
  httpPort: number;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
  /** Kills it as a crash would (SIGKILL: no goodbye to anyone) and resolves once it is gone. */
  crash(): Promise<void>;
}

export async function startConsole(options: { args?: string[]; dataDir?: string; deadlineMs?: number } = {}): Promise<RunningConsole> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gb-e2e-'));
  const sipPort = await freePort();
  const httpPort = await freePort();
  const child = spawn(
    process.execPath,
    ['out/main/serve.js', '--data-dir', dataDir, '--sip-ip', '127.0.0.1', '--sip-port', String(sipPort), '--http-port', String(httpPort), ...(options.args ?? [])],
    { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`console did not print its URL within ${options.deadlineMs ?? 20000} ms:\n${output}`)), options.deadlineMs ?? 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Console: (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`console exited with code ${code} before start-up finished:\n${output}`));
    });
  });
  // The console writes this run's API token there before it prints its URL (GB_API_TOKEN, set by
  // playwright.config.ts, makes it the one the request fixture sends).
  rememberToken(url, fs.readFileSync(path.join(dataDir, 'api-token'), 'utf8').trim());
  return {
    url,
    sipPort,
    httpPort,
    dataDir,
    output: () => output,
    stop: () => stopChild(child),
    crash: () => stopChild(child, 'SIGKILL'),
  };
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
