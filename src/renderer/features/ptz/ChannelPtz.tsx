// PTZ in device details (a channel without video too): pick the channel, then the pad and every PTZ panel.
import { useEffect, useState } from 'react';
import { useTx } from '../../i18n';
import { useDevices } from '../devices/device-store';
import { AuxHomePanel, CruisePanel, PositionPanel, ScanPanel } from './MotionPanels';
import { PresetsPanel } from './PresetsPanel';
import { PtzPad } from './PtzPad';

export function ChannelPtz({ deviceId }: { deviceId: string }) {
  const t = useTx();
  const channels = useDevices((s) => s.channels.get(deviceId));
  const selected = useDevices((s) => (s.selectedDeviceId === deviceId ? s.selectedChannelId : null));
  const [channelId, setChannelId] = useState<string | null>(selected);
  useEffect(() => {
    if (!channels) void useDevices.getState().loadChannels(deviceId);
  }, [channels, deviceId]);
  useEffect(() => {
    if (selected) setChannelId(selected);
  }, [selected]);
  const list = channels ?? [];
  const current = list.find((c) => c.channelId === channelId) ?? list[0];
  if (!current) return <p className="muted">{t('ptz.noChannels')}</p>;
  const at = { deviceId, channelId: current.channelId };
  return (
    <div>
      <label className="inline-field">
        {t('ptz.channel')}
        <select value={current.channelId} onChange={(e) => setChannelId(e.target.value)}>
          {list.map((c) => (
            <option key={c.channelId} value={c.channelId}>
              {c.name && c.name !== c.channelId ? `${c.name} (${c.channelId})` : c.channelId}
            </option>
          ))}
        </select>
      </label>
      <div className="channel-ptz" key={current.channelId}>
        <PtzPad deviceId={deviceId} channelId={current.channelId} name={current.name || current.channelId} />
        <div className="ptz-panels">
          <PresetsPanel at={at} />
          <CruisePanel at={at} />
          <ScanPanel at={at} />
          <AuxHomePanel at={at} />
          <PositionPanel at={at} />
        </div>
      </div>
    </div>
  );
}
