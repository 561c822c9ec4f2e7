// Child process of kept.test (run with --expose-gc): the heap that 10,000 device IDs cut out of 600-byte header
// texts take once the texts are dropped, kept as cut (`--slice`) or through keptCopy (after it ran hot). Prints
// {"bytesPerId": n}.
import { keptCopy } from '../kept';

const gc = (globalThis as { gc?: () => void }).gc!;
const slice = process.argv.includes('--slice');
// Called hot first, so what is measured is the optimised code's copy too.
const warm = 'x'.repeat(600);
for (let i = 0; i < 200_000; i++) keptCopy(warm.slice(i % 500, (i % 500) + 20));
const kept: string[] = [];
gc();
const before = process.memoryUsage().heapUsed;
for (let i = 0; i < 10_000; i++) {
  const header = `Via: SIP/2.0/UDP 10.0.0.${i % 250}:5060;rport;branch=z9hG4bK${i}\r\nFrom: <sip:${String(34020000001320000000 + i)}@3402000000>;tag=${i}\r\n`.padEnd(600, 'x');
  const at = header.indexOf('sip:') + 4;
  const id = header.slice(at, at + 20);
  kept.push(slice ? id : keptCopy(id));
}
gc();
process.stdout.write(JSON.stringify({ bytesPerId: Math.round((process.memoryUsage().heapUsed - before) / kept.length) }));
