// A child process for heap-growth.test: a live set that stays, and garbage that lives long enough to reach the
// old generation (as transactions held for Timer J do), churned for a while; prints the largest heap V8 kept.
// --limit: growth limited from the start. --limit-later: churned with V8's own growth, then limited and
// collected once (as the governor does after a storm), then churned again; prints both phases' largest heaps.
import { v8Heap } from '../../process/heap';
import { limitHeapGrowth } from '../heap-growth';

if (process.argv.includes('--limit')) limitHeapGrowth();
const live: object[] = [];
for (let i = 0; i < 300_000; i++) live.push({ id: `dev${i}`, name: 'x'.repeat(20) + i, n: i, arr: [i, i + 1] });
const ring: object[] = new Array(50_000);
let k = 0;
const churn = async (rounds: number): Promise<number> => {
  let maxTotal = 0;
  for (let round = 0; round < rounds; round++) {
    for (let j = 0; j < 2000; j++) ring[k++ % ring.length] = { a: 'y'.repeat(30) + k, b: [k, k], c: { d: k } };
    await new Promise((r) => setImmediate(r));
    maxTotal = Math.max(maxTotal, process.memoryUsage().heapTotal);
  }
  return maxTotal;
};
const maxHeapTotal = await churn(3000);
if (process.argv.includes('--limit-later')) {
  limitHeapGrowth();
  v8Heap.collect();
  const afterLimit = await churn(1500);
  process.stdout.write(JSON.stringify({ maxHeapTotal, afterLimit, live: live.length }) + '\n');
} else process.stdout.write(JSON.stringify({ maxHeapTotal, live: live.length }) + '\n');
