// A child process for heap-growth.test: a live set that stays, and garbage that lives long enough to reach the
// old generation (as transactions held for Timer J do), churned for a while; prints the largest heap V8 kept.
import { limitHeapGrowth } from '../heap-growth';

if (process.argv.includes('--limit')) limitHeapGrowth();
const live: object[] = [];
for (let i = 0; i < 300_000; i++) live.push({ id: `dev${i}`, name: 'x'.repeat(20) + i, n: i, arr: [i, i + 1] });
const ring: object[] = new Array(50_000);
let k = 0;
let maxTotal = 0;
for (let round = 0; round < 3000; round++) {
  for (let j = 0; j < 2000; j++) ring[k++ % ring.length] = { a: 'y'.repeat(30) + k, b: [k, k], c: { d: k } };
  await new Promise((r) => setImmediate(r));
  maxTotal = Math.max(maxTotal, process.memoryUsage().heapTotal);
}
process.stdout.write(JSON.stringify({ maxHeapTotal: maxTotal, live: live.length }) + '\n');
