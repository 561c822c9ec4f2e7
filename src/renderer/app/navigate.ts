// Moves between tabs on behalf of a feature, so features do not reach into each other's views.
import { useLog } from '../features/signalling/log-store';
import { useNav } from './nav-store';

/** Opens the Signalling tab filtered to one device's messages. */
export function showDeviceMessages(deviceId: string): void {
  useLog.getState().showDevice(deviceId);
  useNav.getState().setTab('signalling');
}
