// Why a day of a camera's record list could not be read.
import { errorText, serverText, type ServerText } from '../../../shared/texts';

export function recordQueryRefusedText(deviceId: string, channelId: string, status: number, reason: string): ServerText {
  return serverText(
    'records.refused',
    { deviceId, channelId, status, reason },
    `device ${deviceId} answered ${status} ${reason} to the RecordInfo query for camera ${channelId}`,
  );
}

export function recordQueryFailedText(deviceId: string, err: unknown): ServerText {
  const detail = errorText(err);
  return serverText('records.failed', { deviceId, detail }, `the RecordInfo query to device ${deviceId} failed: ${detail.text}`);
}
