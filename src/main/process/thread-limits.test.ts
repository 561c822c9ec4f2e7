// The same allocation (objects that each outlive a scavenge or two, as a batch in flight does) in a worker with
// the store threads' limits and in one with V8's defaults: the young generation of the first stays at two 4 MB
// semi-spaces (measured 8.4 MB), the second's grows to two 16 MB ones (33.6 MB).
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { handOffThreadLimits } from './thread-limits';

const churn = `
  const v8 = require('node:v8');
  const ring = new Array(50000);
  for (let i = 0; i < 2000000; i++) ring[i % ring.length] = { i, s: 'x' + i, a: [i, i + 1] };
  const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  require('node:worker_threads').parentPort.postMessage(young.physical_space_size);
`;

async function youngGenerationAfterChurn(resourceLimits?: ResourceLimits): Promise<number> {
  const w = new Worker(churn, { eval: true, resourceLimits });
  try {
    return await new Promise<number>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
  } finally {
    await w.terminate();
  }
}

it('a store thread keeps a young generation under 12 MB where a thread with V8 defaults grows it past 24 MB', { timeout: 60_000 }, async () => {
  const limited = await youngGenerationAfterChurn(handOffThreadLimits);
  const unlimited = await youngGenerationAfterChurn();
  expect(unlimited).toBeGreaterThan(24e6);
  expect(limited).toBeLessThan(12e6);
});
