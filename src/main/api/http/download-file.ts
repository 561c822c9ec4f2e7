// GET /api/downloads/<downloadId>/file: a finished download's MP4 for a console in a browser, which saves it
// like a snapshot (the Electron console has the file on its own disk). It passes the same guard as every API
// call (Host, Origin, token); only the file the download list names for a done or truncated download is served.
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { DownloadView } from '../../../shared/types/recordings';

const ROUTE = /^\/api\/downloads\/([A-Za-z0-9_.-]{1,100})\/file$/;

/** The download ID of a file request, or null when the path is not one. */
export function downloadFileId(pathname: string): string | null {
  return ROUTE.exec(pathname)?.[1] ?? null;
}

export type DownloadFileAnswer = { ok: true; path: string; size: number; name: string; contentType?: string } | { ok: false; status: 404 | 409; message: string };

/** Which file to send for a download, or why none. */
export function findDownloadFile(downloads: readonly DownloadView[], downloadId: string): DownloadFileAnswer {
  const d = downloads.find((x) => x.downloadId === downloadId);
  if (!d) return { ok: false, status: 404, message: `no download ${downloadId} (it may have been removed)` };
  if ((d.state !== 'done' && d.state !== 'truncated') || !d.path) {
    return { ok: false, status: 409, message: `download ${downloadId} has no file yet: it is ${d.state}` };
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(d.path);
  } catch {
    return { ok: false, status: 404, message: `the file of download ${downloadId} is no longer in the downloads folder` };
  }
  if (!stat.isFile()) return { ok: false, status: 404, message: `the file of download ${downloadId} is not a file` };
  return { ok: true, path: d.path, size: stat.size, name: path.basename(d.path) };
}

/** Streams the file with its name, or answers the reason as a JSON error body. */
export function sendDownloadFile(res: http.ServerResponse, answer: DownloadFileAnswer, headers: Record<string, string>, head: boolean): void {
  if (!answer.ok) {
    const body = JSON.stringify({ error: { code: answer.status === 404 ? 'not_found' : 'conflict', message: answer.message } });
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers });
    res.end(body);
    return;
  }
  const ascii = answer.name.replace(/[^A-Za-z0-9._-]/g, '_');
  res.writeHead(200, {
    'content-type': answer.contentType ?? 'video/mp4',
    'content-length': answer.size,
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(answer.name)}`,
    'cache-control': 'no-store',
    ...headers,
  });
  if (head) {
    res.end();
    return;
  }
  const stream = fs.createReadStream(answer.path);
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}
