// A real child process: 190 MB of 16 KiB buffers freed in the middle of malloc's heap stay resident until the
// release gives them back.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing/freed-in-the-middle.ts');
const run = async (...args: string[]) => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', script, ...args], { timeout: 60_000 });
  return JSON.parse(stdout) as { available: boolean; base: number; full: number; freed: number; released: boolean; after: number };
};
const MB = 1024 * 1024;

it.runIf(process.platform === 'linux')('memory freed in the middle of malloc\'s heap stays resident, and the release gives it back (gb-malloc-trim built by npm install)', { timeout: 90_000 }, async () => {
  const [kept, released] = await Promise.all([run(), run('--release')]);
  expect(released.available, 'native/malloc-trim is not built: npm rebuild gb-malloc-trim').toBe(true);
  for (const r of [kept, released]) {
    expect(r.full - r.base).toBeGreaterThan(150 * MB);
    // free() alone gives back next to nothing: every freed buffer has a small live one after it.
    expect(r.freed - r.base).toBeGreaterThan(150 * MB);
  }
  expect(kept.after - kept.base).toBeGreaterThan(150 * MB);
  expect(released.released).toBe(true);
  expect(released.after - released.base).toBeLessThan(50 * MB);
});
