// Why a device's alarm history could not be read.
import { serverText, type ServerText } from '../../../shared/texts';

export function alarmQueryOfflineText(deviceId: string): ServerText {
  return serverText('alarm.queryOffline', { deviceId }, `device ${deviceId} is offline; its alarm history can be read once it registers again`);
}

export function alarmQueryRefusedText(deviceId: string, status: number, reason: string): ServerText {
  return serverText('alarm.queryRefused', { deviceId, status, reason }, `device ${deviceId} answered ${status} ${reason} to the alarm query`);
}
