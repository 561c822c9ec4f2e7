// record.query over the RecordInfo search (gb28181/records). Params arrive checked (params/schemas.ts).
import type { RecordQueryResult, RecordType } from '../../../shared/types/recordings';
import type { ApiHandlers } from '../handlers';

export interface RecordSearch {
  query(q: { deviceId: string; channelId: string; start: number; end: number; type?: RecordType }): Promise<RecordQueryResult>;
}

export function recordMethods(search: RecordSearch): Pick<ApiHandlers, 'record.query'> {
  return {
    'record.query': (p) => search.query(p),
  };
}
