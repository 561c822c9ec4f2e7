// GET /api/exports/<file>: a signalling log export (log.export) for a console in a browser, which saves it like a
// snapshot (the Electron console has the file on its own disk). It passes the same guard as every API call; only
// a file named as log.export names them, directly in the exports folder, is served.
import fs from 'node:fs';
import path from 'node:path';
import type { DownloadFileAnswer } from './download-file';

const ROUTE = /^\/api\/exports\/(signalling-\d{8}-\d{6}(?:-\d{1,4})?\.(?:txt|pcap))$/;

/** The export file name of a request path, or null when the path is not one. */
export function exportFileName(pathname: string): string | null {
  return ROUTE.exec(pathname)?.[1] ?? null;
}

/** Which file to send for an export, or why none. */
export function findExportFile(dir: string, name: string): DownloadFileAnswer {
  const file = path.join(dir, name);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return { ok: false, status: 404, message: `export ${name} is no longer in the exports folder (old exports are deleted with the log's retention)` };
  }
  if (!stat.isFile()) return { ok: false, status: 404, message: `export ${name} is not a file` };
  const contentType = name.endsWith('.pcap') ? 'application/vnd.tcpdump.pcap' : 'text/plain; charset=utf-8';
  return { ok: true, path: file, size: stat.size, name, contentType };
}
