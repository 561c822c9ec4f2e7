// The same churn (a live set of ~70 MB, garbage promoted all the time) in two processes, one with the heap's
// growth limited as the shells do: it keeps a much smaller heap. Measured 533-544 MB against 249-250 MB.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const churn = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing/heap-churn.ts');
const maxHeap = async (...args: string[]) => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', churn, ...args], { timeout: 60_000 });
  return (JSON.parse(stdout) as { maxHeapTotal: number }).maxHeapTotal;
};

it('a process that limits heap growth keeps a much smaller heap under the same churn', { timeout: 120_000 }, async () => {
  const [free, limited] = await Promise.all([maxHeap(), maxHeap('--limit')]);
  expect(limited).toBeLessThan(free * 0.7);
});
