// Why a query waiting for its answer ended before the answer came.
import { serverText, textOf, type ServerText } from '../../../shared/texts';

export function shuttingDownText(): ServerText {
  return serverText('query.shuttingDown', {}, 'the server is shutting down');
}

/** `why` is the registry's sentence for the offline cause (worded by the console when it has a code). */
export function deviceOfflineText(deviceId: string, why: ServerText | string): ServerText {
  return serverText('query.deviceOffline', { deviceId, why }, `device ${deviceId} went offline (${textOf(why)})`);
}

export function deviceRemovedText(deviceId: string): ServerText {
  return serverText('query.deviceRemoved', { deviceId }, `device ${deviceId} was removed in the console`);
}

export function queryTimeoutText(deviceId: string, cmdType: string, sn: string, seconds: number): ServerText {
  return serverText('query.noAnswer', { deviceId, cmdType, sn, seconds }, `device ${deviceId} did not answer the ${cmdType} query (SN ${sn}) within ${seconds} s`);
}

export function queryRefusedText(deviceId: string, cmdType: string, status: number, reason: string): ServerText {
  return serverText('query.refused', { deviceId, cmdType, status, reason }, `device ${deviceId} answered ${status} ${reason} to the ${cmdType} query`);
}
