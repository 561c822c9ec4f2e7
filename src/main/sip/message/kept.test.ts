import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { keptCopy } from './kept';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing/kept-heap.ts');
const run = async (...args: string[]) => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--expose-gc', script, ...args], { timeout: 50_000 });
  return (JSON.parse(stdout) as { bytesPerId: number }).bytesPerId;
};

it('gives back the same text', () => {
  for (const s of ['', '34020000001320000001', 'short', 'z9hG4bK-'.repeat(20), '设备名称 with \ud800 lone surrogate']) expect(keptCopy(s)).toBe(s);
});

it('a kept ID cut from a header does not keep the header text alive (measured in a child process)', { timeout: 60_000 }, async () => {
  const [sliced, kept] = await Promise.all([run('--slice'), run()]);
  expect(sliced).toBeGreaterThan(600);
  expect(kept).toBeLessThan(100);
});
