// A finished download's MP4 from the headless console (GET /api/downloads/<id>/file with the API token), saved
// through the browser like a snapshot. Inside Electron the file is already on this computer: its path is shown.
import { authHeaders } from '../../api/api-token';
import { downloadBlob } from '../live/file-names';

export function canFetchFiles(): boolean {
  return !window.gb && (window.location.protocol === 'http:' || window.location.protocol === 'https:');
}

export function downloadFileUrl(downloadId: string, origin = window.location.origin): string {
  return new URL(`/api/downloads/${encodeURIComponent(downloadId)}/file`, origin).toString();
}

/** The file name the server wrote (its last path part), or one made of the ID. */
export function fileNameOf(path: string | undefined, downloadId: string): string {
  const base = path?.split(/[\\/]/).pop();
  return base && /\.mp4$/i.test(base) ? base : `download-${downloadId.replace(/[^A-Za-z0-9_-]+/g, '_')}.mp4`;
}

/** Fetches and saves the file; resolves to its name, throws with the server's reason. */
export async function saveDownloadFile(downloadId: string, path: string | undefined): Promise<string> {
  const res = await fetch(downloadFileUrl(downloadId), { headers: authHeaders() });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  }
  const name = fileNameOf(path, downloadId);
  downloadBlob(await res.blob(), name);
  return name;
}
