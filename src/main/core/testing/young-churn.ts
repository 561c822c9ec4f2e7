// A child process for heap-growth.test: objects that each outlive a scavenge or two (as a keepalive's
// transaction does), allocated for a while; prints the largest young generation V8 kept. --govern: a calm
// governor looks at the heap between rounds, as its timer does in the server.
import { v8Heap } from '../../process/heap';
import { governHeapGrowth } from '../heap-growth';

const governor = process.argv.includes('--govern') ? governHeapGrowth({ busy: () => false, timer: false }) : null;
const ring: object[] = new Array(50_000);
let k = 0;
let maxYoung = 0;
for (let round = 0; round < 1500; round++) {
  for (let j = 0; j < 2000; j++) ring[k++ % ring.length] = { a: 'y'.repeat(30) + k, b: [k, k], c: { d: k } };
  governor?.check();
  maxYoung = Math.max(maxYoung, v8Heap.youngGenerationSize());
}
process.stdout.write(JSON.stringify({ maxYoung }) + '\n');
