// Child process of heap-growth.test: a heap left sparse (every 20th of 3,000,000 small objects kept, as a storm's
// garbage leaves the pages of what stays live), then the governor's collection. Prints the heap's total and used
// bytes a moment later.
import { v8Heap } from '../../process/heap';

const kept: unknown[] = [];
for (let round = 0; round < 30; round++) {
  const batch: unknown[] = [];
  for (let i = 0; i < 100_000; i++) batch.push({ name: `device ${round}-${i}`, seen: [i, i + 1] });
  kept.push(batch.filter((_, i) => i % 20 === 0));
}
v8Heap.collect();
setTimeout(() => {
  const { heapTotal, heapUsed } = process.memoryUsage();
  process.stdout.write(JSON.stringify({ heapTotal, heapUsed, kept: kept.length }));
}, 500);
