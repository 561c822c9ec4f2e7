// Recordings as the core sees them: record.query, playback.* and download.* over the device's RecordInfo,
// playback sessions (frames on the same channel as live view) and the download queue.
import { DomainError } from '../../shared/errors';
import type { ApiHandlers } from '../api/handlers';
import type { DownloadMethodName } from '../api/methods/downloads';
import type { PlaybackMethodName } from '../api/methods/playback';

export type RecordingsMethodName = 'record.query' | PlaybackMethodName | DownloadMethodName;

export interface RecordingsFeature {
  methods: Pick<ApiHandlers, RecordingsMethodName>;
  close(): Promise<void>;
}

export function createRecordingsFeature(): RecordingsFeature {
  const notYet = async (): Promise<never> => {
    throw new DomainError('unavailable', 'recordings are not available in this build yet');
  };
  return {
    methods: {
      'record.query': notYet,
      'playback.start': notYet,
      'playback.control': notYet,
      'playback.stop': notYet,
      'download.start': notYet,
      'download.cancel': notYet,
      'download.list': notYet,
    },
    close: async () => {},
  };
}
