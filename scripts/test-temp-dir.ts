// Every temporary folder a test run makes (data folders of the servers it starts, PostgreSQL clusters, sipp
// scenarios, browser profiles) goes under one folder of its own, removed when the run ends: a QA machine that
// runs the suite all day does not fill /tmp. Used as vitest's globalSetup and by e2e/global-setup.ts; the test
// workers and every process they start inherit TMPDIR, which os.tmpdir() reads. GB_KEEP_TEST_TMP=1 keeps it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function useTestTempDir(): () => void {
  const before = process.env.TMPDIR;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-tests-'));
  // As /tmp itself: the PostgreSQL the store tests start runs as the postgres user and must reach its own folder.
  fs.chmodSync(dir, 0o1777);
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    if (process.env.GB_KEEP_TEST_TMP === '1') console.log(`test temporary files kept in ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
}
