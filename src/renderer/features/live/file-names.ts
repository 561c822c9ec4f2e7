// Names of the files a tile saves: the channel and the local time, so a folder of them sorts by time.

function stamp(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}-${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`;
}

/** Only characters every file system accepts. */
function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40) || 'channel';
}

export function snapshotFileName(channelId: string, at: Date): string {
  return `snapshot-${safe(channelId)}-${stamp(at)}.png`;
}

export function recordingFileName(channelId: string, startedAt: Date): string {
  return `recording-${safe(channelId)}-${stamp(startedAt)}.mp4`;
}

/** Offers a blob as a download; the browser decides the folder (its download folder unless it asks). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
