// log.export files are kept like the log itself: older than the retention days, or past the size limit
// (oldest first), they are deleted. Only files this console wrote (signalling-*.txt|pcap) are touched.
import fs from 'node:fs';
import path from 'node:path';
import type { RetentionLimits } from './retention';

const EXPORT_NAME = /^signalling-\d{8}-\d{6}(-\d+)?\.(txt|pcap)$/;
const DAY_MS = 86_400_000;

export interface ExportCleanup {
  deleted: string[];
  keptBytes: number;
}

export async function pruneExports(dir: string, limits: RetentionLimits, now: number, keep?: string): Promise<ExportCleanup> {
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { deleted: [], keptBytes: 0 };
    throw err;
  }
  const files: Array<{ file: string; mtime: number; size: number }> = [];
  for (const name of names.filter((n) => EXPORT_NAME.test(n))) {
    const file = path.join(dir, name);
    const st = await fs.promises.stat(file).catch(() => null);
    if (st?.isFile()) files.push({ file, mtime: st.mtimeMs, size: st.size });
  }
  files.sort((a, b) => a.mtime - b.mtime);
  const deleted: string[] = [];
  const remove = async (f: { file: string }) => {
    await fs.promises.rm(f.file, { force: true });
    deleted.push(f.file);
  };
  const maxAge = limits.logRetentionDays * DAY_MS;
  const maxBytes = limits.logMaxMb * 1024 * 1024;
  let total = files.reduce((n, f) => n + f.size, 0);
  for (const f of files) {
    if (f.file === keep) continue;
    if (now - f.mtime > maxAge || total > maxBytes) {
      await remove(f);
      total -= f.size;
    }
  }
  return { deleted, keptBytes: total };
}
