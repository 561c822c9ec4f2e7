// The standalone simulator (`npm run sim`) as a child process, for behaviours sim.start has no knob for (e.g. a
// short keepalive interval).
import { spawn, type ChildProcess } from 'node:child_process';
import { callApi } from './api';
import type { RunningConsole } from './serve';

export interface SimProcess {
  output(): string;
  stop(): Promise<void>;
}

export async function startSimCli(server: RunningConsole, args: string[]): Promise<SimProcess> {
  const { values } = await callApi(server.url, 'settings.get', { reveal: true });
  const child: ChildProcess = spawn(
    process.execPath,
    ['node_modules/tsx/dist/cli.mjs', 'src/device-sim/cli.ts', '--server', `127.0.0.1:${server.sipPort}`, '--password', values.password, ...args],
    { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return {
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
