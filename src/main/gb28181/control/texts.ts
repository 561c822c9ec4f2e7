// What the installer reads when a command or question to a device cannot go through, one sentence each.
import { serverText, type ServerText } from '../../../shared/texts';

export const offlineForCommands = (deviceId: string): ServerText =>
  serverText('control.offline', { deviceId }, `device ${deviceId} is offline; commands can be sent once it registers again`);

export const offlineForPresets = (deviceId: string): ServerText =>
  serverText('control.offlinePresets', { deviceId }, `device ${deviceId} is offline; its presets can be read once it registers again`);

export const offlineForConfig = (deviceId: string): ServerText =>
  serverText('control.offlineConfig', { deviceId }, `device ${deviceId} is offline; its configuration can be read once it registers again`);

/** The device refused a query, e.g. "device 3402… answered 403 Forbidden to PresetQuery". */
export const answered = (deviceId: string, status: number, reason: string, request: string): ServerText =>
  serverText('control.answered', { deviceId, status, reason, request }, `device ${deviceId} answered ${status} ${reason} to ${request}`);

export const tooManyMoving = (n: number): ServerText => serverText('control.tooManyMoving', { n }, `${n} channels are moving already; stop some first`);
