// download.* over the download queue (live/download). Params arrive checked (params/schemas.ts).
import type { DownloadView } from '../../../shared/types/recordings';
import type { ApiHandlers } from '../handlers';

export type DownloadMethodName = 'download.start' | 'download.cancel' | 'download.list';

export interface DownloadQueueApi {
  start(p: { deviceId: string; channelId: string; start: number; end: number; speed?: number }): { downloadId: string };
  cancel(downloadId: string): Promise<{ cancelled: boolean }>;
  list(): DownloadView[];
}

export function downloadMethods(q: DownloadQueueApi): Pick<ApiHandlers, DownloadMethodName> {
  return {
    'download.start': async (p) => q.start(p),
    'download.cancel': (p) => q.cancel(p.downloadId),
    'download.list': async () => ({ downloads: q.list() }),
  };
}
