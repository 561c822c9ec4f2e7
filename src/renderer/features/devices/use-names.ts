// Hooks that name devices and channels on screen the way names.ts says, in the chosen language.
import { useCallback } from 'react';
import { useT } from '../../i18n';
import { useDevices } from './device-store';
import { channelLabel } from './names';

export type ChannelLabeller = (deviceId: string, channelId: string, fallback?: string) => string;

/** Names a channel with its device ("大门口 (NVR …0001)"), a tail beside duplicate names. */
export function useChannelLabeller(): ChannelLabeller {
  const t = useT();
  const devices = useDevices((s) => s.devices);
  const channels = useDevices((s) => s.channels);
  return useCallback(
    (deviceId, channelId, fallback) => channelLabel({ devices, channels }, deviceId, channelId, fallback, (channel, device) => t('names.channelOfDevice', { channel, device })),
    [t, devices, channels],
  );
}

/** One channel's label, re-rendered when its name or its device's name changes. */
export function useChannelLabel(deviceId: string, channelId: string, fallback?: string): string {
  return useChannelLabeller()(deviceId, channelId, fallback);
}
