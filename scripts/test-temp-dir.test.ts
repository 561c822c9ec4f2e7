import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import useTestTempDir from './test-temp-dir';

const saved = process.env.TMPDIR;
afterEach(() => {
  if (saved === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = saved;
  delete process.env.GB_KEEP_TEST_TMP;
});

test('a run’s temporary folders go under one folder, removed with everything in it when the run ends', () => {
  const outer = os.tmpdir();
  const teardown = useTestTempDir();
  const dir = os.tmpdir();
  expect(path.dirname(dir)).toBe(outer);
  expect(path.basename(dir)).toMatch(/^gb-tests-/);
  expect(fs.statSync(dir).mode & 0o7777).toBe(0o1777);
  const serverData = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-server-'));
  fs.writeFileSync(path.join(serverData, 'gb.sqlite'), 'x');
  teardown();
  expect(fs.existsSync(dir)).toBe(false);
  expect(os.tmpdir()).toBe(outer);
});

test('GB_KEEP_TEST_TMP=1 keeps the folder for a look after a failure', () => {
  const teardown = useTestTempDir();
  const dir = os.tmpdir();
  process.env.GB_KEEP_TEST_TMP = '1';
  teardown();
  expect(fs.existsSync(dir)).toBe(true);
  fs.rmSync(dir, { recursive: true });
});

test('test workers run with the run’s folder as their temporary folder (vitest.config.ts globalSetup)', () => {
  expect(path.basename(saved ?? '')).toMatch(/^gb-tests-/);
  expect(fs.statSync(saved!).isDirectory()).toBe(true);
});
