// Runs a benchmark as bundled JavaScript, the way the product runs (electron-vite bundles it; no tsx at run time):
// `tsx bench/support/run-bundled.ts bench/storm.bench.ts [node flags...]`. tsx keeps function names by wrapping
// every function and closure it creates, which costs a process that does the work of 10,000 devices (the storm's
// simulator) a tenth of its CPU, on the two cores it shares with the server being measured. The bench and every
// worker entry under bench/support/ are bundled into one folder (workerSource finds a worker's bundle next to its
// caller's); the packages stay external and resolve from node_modules. The exit code is the bench's.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const SUPPORT = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(SUPPORT, '../..');

async function main(): Promise<void> {
  const [entry, ...nodeFlags] = process.argv.slice(2);
  if (!entry?.endsWith('.ts')) throw new Error('usage: tsx bench/support/run-bundled.ts <bench/....bench.ts> [node flags...]');
  const name = path.basename(entry, '.ts');
  // Inside the repository, so that the packages left external (better-sqlite3, ws, ...) resolve from node_modules.
  const outdir = path.join(ROOT, 'node_modules/.cache/gb-bench', name);
  const workers = fs.readdirSync(SUPPORT).filter((f) => f.endsWith('.worker.ts'));
  await build({
    entryPoints: [path.resolve(entry), ...workers.map((w) => path.join(SUPPORT, w))],
    outdir,
    entryNames: '[name]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  // workerSource() looks for `<name>.js`; the bench itself is an ES module by its extension.
  for (const w of workers) fs.renameSync(path.join(outdir, path.basename(w, '.ts') + '.mjs'), path.join(outdir, path.basename(w, '.ts') + '.js'));
  const child = spawn(process.execPath, [...nodeFlags, path.join(outdir, name + '.mjs')], { stdio: 'inherit', cwd: ROOT });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((err: Error) => {
  console.error(`run-bundled: ${err.message}`);
  process.exit(1);
});
