// Real child processes started under nice(1): Linux keeps a nice value and a scheduling policy per thread.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing/lowered-thread.ts');
interface Report {
  process: number;
  processPolicy: number;
  thread: number;
  threadPolicy: number;
}
const underNice = async (n: number) => {
  const { stdout } = await promisify(execFile)('nice', ['-n', String(n), process.execPath, '--import', 'tsx', script], { timeout: 30_000 });
  return JSON.parse(stdout) as Report;
};
const SCHED_OTHER = 0;
const SCHED_IDLE = 5;

it.runIf(process.platform === 'linux')('a thread that yields to the SIP thread runs 10 nice steps below its process, whatever the process was started at', { timeout: 60_000 }, async () => {
  const base = (await underNice(0)).process;
  const [plain, niced, nearFloor] = await Promise.all([underNice(0), underNice(5), underNice(15)]);
  expect(plain).toMatchObject({ process: base, thread: Math.min(19, base + 10) });
  expect(niced).toMatchObject({ process: Math.min(19, base + 5), thread: Math.min(19, base + 15) });
  expect(nearFloor.thread).toBe(19);
  expect(nearFloor.process).toBe(Math.min(19, base + 15));
});

it.runIf(process.platform === 'linux')('a thread that yields to the SIP thread takes the idle scheduling policy, and the rest of the process keeps the normal one', { timeout: 60_000 }, async () => {
  const r = await underNice(0);
  expect(r.threadPolicy).toBe(SCHED_IDLE);
  expect(r.processPolicy).toBe(SCHED_OTHER);
});
