// `npm run sim` in a process of its own with its command line open (SIM_COMMANDS=1), for tests that drive the
// simulator as an installer does at the terminal: a command line in, the simulator's answer line out.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SimProcess {
  /** Sends one command line; resolves with the first match of `answer` in the output after it. */
  command(line: string, answer: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves with the first match of `line` in the output from `from` (an output() length) on. */
  waitFor(line: RegExp, timeoutMs?: number, from?: number): Promise<RegExpExecArray>;
  output(): string;
  stop(): Promise<void>;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function startSimProcess(args: string[]): SimProcess {
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'src/device-sim/cli.ts'), ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, SIM_COMMANDS: '1' },
  });
  let output = '';
  const waiters = new Set<() => void>();
  const onData = (c: Buffer) => {
    output += c.toString();
    for (const w of [...waiters]) w();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const waitFor = (line: RegExp, timeoutMs = 10_000, from = 0) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const m = line.exec(output.slice(from));
        if (!m) return;
        done();
        resolve(m);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`the simulator printed no ${line} within ${timeoutMs} ms:\n${output.slice(from).slice(-2000)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  return {
    output: () => output,
    waitFor,
    command(line, answer, timeoutMs) {
      const from = output.length;
      child.stdin.write(`${line}\n`);
      return waitFor(answer, timeoutMs, from);
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
