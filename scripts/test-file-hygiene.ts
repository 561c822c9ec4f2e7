// Unit test files share one process per worker (vitest.config.ts: isolate false), so a file that leaves the
// process changed would change the files after it. Run before each file: what it found is compared with what it
// leaves, and a file that leaves an environment variable, a global or fake timers changed fails, naming them.
import { afterAll, beforeAll, vi } from 'vitest';

let env: Record<string, string | undefined> = {};
let globals = new Set<string>();

beforeAll(() => {
  env = { ...process.env };
  globals = new Set(Object.getOwnPropertyNames(globalThis));
});

afterAll(() => {
  const left: string[] = [];
  for (const k of new Set([...Object.keys(env), ...Object.keys(process.env)])) {
    if (env[k] !== process.env[k]) left.push(`process.env.${k}`);
  }
  for (const k of Object.getOwnPropertyNames(globalThis)) if (!globals.has(k)) left.push(`globalThis.${k}`);
  if (vi.isFakeTimers()) left.push('fake timers');
  if (left.length) throw new Error(`this test file leaves ${left.join(', ')} changed for the files after it: restore it (afterAll / finally)`);
});
