// Why a request cannot be sent to a device now.
import { serverText, type ServerText } from '../../../shared/texts';

export function unknownDeviceText(deviceId: string): ServerText {
  return serverText('api.unknownDevice', { deviceId }, `device ${deviceId} is not known to this server`);
}

export function neverRegisteredText(deviceId: string): ServerText {
  return serverText('live.neverRegistered', { deviceId }, `device ${deviceId} has never registered, so its address is unknown`);
}

export function tcpClosedText(deviceId: string): ServerText {
  return serverText('device.tcpClosed', { deviceId }, `device ${deviceId} registered over TCP but its connection is closed; it must reconnect and register again`);
}
