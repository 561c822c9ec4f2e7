import { useNav } from '../../app/nav-store';
import { useDevices } from './device-store';

/**
 * Opening a tree item or a table row: select it and show its details in the Devices tab. On the Live tab the
 * selection stays there instead, so the live view can offer to play the chosen channel.
 */
export function openDevice(deviceId: string, channelId: string | null = null): void {
  const devices = useDevices.getState();
  devices.select(deviceId, channelId);
  const nav = useNav.getState();
  if (nav.tab === 'live' && channelId) return;
  devices.setPanel('list');
  if (nav.tab !== 'devices') nav.setTab('devices');
}
