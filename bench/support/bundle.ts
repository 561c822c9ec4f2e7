// Bundles a benchmark (and the worker entries under bench/support/) for Node with esbuild, as the product is bundled:
// no tsx at run time, whose function-name wrappers cost CPU the measured server would otherwise get. The output goes
// inside the repository, so that the packages left external (better-sqlite3, ws, ...) resolve from node_modules.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const SUPPORT = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(SUPPORT, '../..');

/** Bundles `entry` (a bench/*.ts) and returns the ES module to run: node_modules/.cache/gb-bench/<name>/<name>.mjs. */
export async function bundleBench(entry: string): Promise<string> {
  const name = path.basename(entry, '.ts');
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
  return path.join(outdir, name + '.mjs');
}
