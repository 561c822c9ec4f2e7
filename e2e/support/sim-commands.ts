// The standalone simulator with its command line open (SIM_COMMANDS=1): a test types "alarm", "outage 5"...
// as an installer would at the terminal, and waits for the simulator's answer line.
import { spawn } from 'node:child_process';
import { callApi } from './api';
import type { RunningConsole } from './serve';

export interface CommandedSim {
  /** Sends one command line; resolves with the first output line matching `answer` after it. */
  command(line: string, answer: RegExp, timeoutMs?: number): Promise<string>;
  output(): string;
  stop(): Promise<void>;
}

export async function startCommandedSim(server: RunningConsole, args: string[]): Promise<CommandedSim> {
  const { values } = await callApi(server.url, 'settings.get', { reveal: true });
  const child = spawn(
    process.execPath,
    ['node_modules/tsx/dist/cli.mjs', 'src/device-sim/cli.ts', '--server', `127.0.0.1:${server.sipPort}`, '--password', values.password, ...args],
    { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, SIM_COMMANDS: '1' } },
  );
  let output = '';
  const waiters = new Set<() => void>();
  const onData = (c: Buffer) => {
    output += c.toString();
    for (const w of waiters) w();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return {
    output: () => output,
    command(line, answer, timeoutMs = 10_000) {
      const from = output.length;
      child.stdin.write(`${line}\n`);
      return new Promise<string>((resolve, reject) => {
        const check = () => {
          const m = answer.exec(output.slice(from));
          if (!m) return;
          done();
          resolve(m[0]);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`the simulator did not answer "${line}" with ${answer} within ${timeoutMs} ms:\n${output.slice(from)}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
