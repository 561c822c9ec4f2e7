// Runs a benchmark as bundled JavaScript, the way the product runs (support/bundle.ts):
// `tsx bench/support/run-bundled.ts bench/storm.bench.ts [node flags...]`. The storm's simulator does the work of
// 10,000 devices on the two cores it shares with the server being measured; through tsx it took about a tenth more
// CPU. The exit code is the bench's.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleBench } from './bundle';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function main(): Promise<void> {
  const [entry, ...nodeFlags] = process.argv.slice(2);
  if (!entry?.endsWith('.ts')) throw new Error('usage: tsx bench/support/run-bundled.ts <bench/....bench.ts> [node flags...]');
  const bundle = await bundleBench(entry);
  const child = spawn(process.execPath, [...nodeFlags, bundle], { stdio: 'inherit', cwd: ROOT });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((err: Error) => {
  console.error(`run-bundled: ${err.message}`);
  process.exit(1);
});
