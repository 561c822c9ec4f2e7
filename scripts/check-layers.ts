// The dependency rule of the code base, checked: every import in src/ points down the layers
//   shared < log, config < sip, media < gb28181 < device-sim < live < store < cluster < api < core < shells
// (README "Layout"). A file may import its own layer and any layer below; layers of the same rank (sip and
// media) do not import each other. The renderer uses only shared. `electron` is imported by the shells alone.
// Tests (*.test.ts) and test helpers (testing/ folders) compose whatever they exercise and are exempt from the
// rank rule, but production code never imports them.
//
//   npx tsx scripts/check-layers.ts        prints violations, exits 1 when there are any
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export interface Layer {
  name: string;
  rank: number;
  /** Tests only: never shipped, exempt like *.test.ts files. */
  testOnly?: boolean;
}

/** Folders (relative to the repository root, '/'-separated) and the layer they belong to; first match wins. */
export const LAYERS: Array<{ prefix: string; layer: Layer }> = [
  { prefix: 'src/shared/', layer: { name: 'shared', rank: 0 } },
  { prefix: 'src/main/log/', layer: { name: 'support', rank: 1 } },
  { prefix: 'src/main/config/', layer: { name: 'support', rank: 1 } },
  { prefix: 'src/main/process/', layer: { name: 'support', rank: 1 } },
  { prefix: 'src/main/sip/', layer: { name: 'sip', rank: 2 } },
  { prefix: 'src/main/media/', layer: { name: 'media', rank: 2 } },
  { prefix: 'src/main/gb28181/', layer: { name: 'gb28181', rank: 3 } },
  // The simulator speaks only the protocols: it may use shared, sip, media and gb28181, never live/store/api/core.
  { prefix: 'src/device-sim/', layer: { name: 'device-sim', rank: 3.5 } },
  { prefix: 'src/main/live/', layer: { name: 'live', rank: 4 } },
  { prefix: 'src/main/store/', layer: { name: 'store', rank: 5 } },
  // Several instances over Redis: presence, shared nonces and SSRCs, command relay, 302 spreading.
  { prefix: 'src/main/cluster/', layer: { name: 'cluster', rank: 5.5 } },
  { prefix: 'src/main/api/', layer: { name: 'api', rank: 6 } },
  { prefix: 'src/main/core/', layer: { name: 'core', rank: 7 } },
  { prefix: 'src/main/index.ts', layer: { name: 'shell', rank: 8 } },
  { prefix: 'src/main/electron-shell/', layer: { name: 'shell', rank: 8 } },
  { prefix: 'src/main/serve.ts', layer: { name: 'shell', rank: 8 } },
  { prefix: 'src/preload/', layer: { name: 'shell', rank: 8 } },
  { prefix: 'src/renderer/', layer: { name: 'renderer', rank: 8 } },
  // Whole-console attack tests and their helpers: above everything, so nothing shipped can import them.
  { prefix: 'src/main/attacks/', layer: { name: 'attacks', rank: 9, testOnly: true } },
  // The server's sentences checked against the console's wording of their codes: both sides, test code only.
  { prefix: 'src/wording/', layer: { name: 'wording', rank: 9, testOnly: true } },
];

export interface Violation {
  file: string;
  imports: string;
  rule: string;
}

export function layerOf(file: string): Layer | undefined {
  return LAYERS.find((l) => file === l.prefix || file.startsWith(l.prefix))?.layer;
}

export function isTestCode(file: string): boolean {
  return /\.test\.tsx?$/.test(file) || file.split('/').includes('testing') || layerOf(file)?.testOnly === true;
}

/** One rule per function: each returns the broken rule's sentence, or null. */
function rankRule(from: Layer, to: Layer): string | null {
  if (from.name === to.name) return null;
  if (from.name === 'renderer') return to.name === 'shared' ? null : 'the renderer imports only src/shared';
  if (to.rank < from.rank) return null;
  return `${from.name} may not import ${to.name} (layers point down: see scripts/check-layers.ts)`;
}

function testingRule(fromFile: string, toFile: string): string | null {
  return !isTestCode(fromFile) && isTestCode(toFile) ? 'production code may not import tests or testing/ helpers' : null;
}

function electronRule(from: Layer, specifier: string): string | null {
  if (specifier !== 'electron' && !specifier.startsWith('electron/')) return null;
  return from.name === 'shell' ? null : `only the shells import electron (${from.name} does)`;
}

const SOURCE = /\.(ts|tsx|mts)$/;

function listSources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : listSources(p);
    return SOURCE.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** Finds the file a relative import names (with or without extension, or a folder's index). */
function resolve(root: string, fromFile: string, specifier: string): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`, base.replace(/\.js$/, '.ts')];
  return candidates.find((c) => fs.existsSync(path.join(root, c)) && fs.statSync(path.join(root, c)).isFile()) ?? base;
}

/** Every broken import under `root`/src, as repository-relative paths. */
export function checkLayers(root: string): Violation[] {
  const out: Violation[] = [];
  for (const abs of listSources(path.join(root, 'src'))) {
    const file = path.relative(root, abs).split(path.sep).join('/');
    const from = layerOf(file);
    if (!from) {
      out.push({ file, imports: '', rule: 'this folder belongs to no layer: add it to LAYERS in scripts/check-layers.ts' });
      continue;
    }
    const test = isTestCode(file);
    for (const specifier of importsOf(fs.readFileSync(abs, 'utf8'))) {
      if (!specifier.startsWith('.')) {
        const rule = electronRule(from, specifier);
        if (rule && !test) out.push({ file, imports: specifier, rule });
        continue;
      }
      const target = resolve(root, file, specifier);
      if (!target.startsWith('src/')) continue;
      const to = layerOf(target);
      const rule = testingRule(file, target) ?? (to && !test ? rankRule(from, to) : null);
      if (rule) out.push({ file, imports: target, rule });
    }
  }
  return out;
}

export function formatViolation(v: Violation): string {
  return v.imports ? `${v.file} imports ${v.imports}: ${v.rule}` : `${v.file}: ${v.rule}`;
}

const here = fileURLToPath(import.meta.url);
if (process.argv[1] && path.resolve(process.argv[1]) === here) {
  const found = checkLayers(path.resolve(path.dirname(here), '..'));
  for (const v of found) console.error(formatViolation(v));
  console.log(found.length === 0 ? 'layers: every import points down' : `layers: ${found.length} import(s) point the wrong way`);
  process.exitCode = found.length === 0 ? 0 : 1;
}
