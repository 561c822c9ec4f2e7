// Device and camera for the Recordings tab; a camera picked in the device tree is taken over.
import { useEffect } from 'react';
import type { RecordType } from '../../../shared/contract';
import { useDevices } from '../devices/device-store';
import { useRecordings } from './recordings-store';
import { useRecT, type RecKey } from './texts';

const TYPES: readonly RecordType[] = ['all', 'time', 'alarm', 'manual'];

export function ChannelPicker() {
  const t = useRecT();
  const order = useDevices((s) => s.order);
  const channelsByDevice = useDevices((s) => s.channels);
  const loadChannels = useDevices((s) => s.loadChannels);
  const treeDevice = useDevices((s) => s.selectedDeviceId);
  const treeChannel = useDevices((s) => s.selectedChannelId);
  const pick = useRecordings((s) => s.pick);
  const setPick = useRecordings((s) => s.setPick);
  const type = useRecordings((s) => s.type);
  const setType = useRecordings((s) => s.setType);
  const deviceId = pick?.deviceId ?? '';
  const channels = deviceId ? (channelsByDevice.get(deviceId) ?? []) : [];

  useEffect(() => {
    if (treeDevice && treeChannel) setPick({ deviceId: treeDevice, channelId: treeChannel });
  }, [treeDevice, treeChannel, setPick]);

  useEffect(() => {
    if (deviceId && !channelsByDevice.has(deviceId)) void loadChannels(deviceId);
  }, [deviceId, channelsByDevice, loadChannels]);

  const chooseDevice = (id: string) => {
    if (!id) return setPick(null);
    const first = channelsByDevice.get(id)?.[0];
    setPick({ deviceId: id, channelId: first?.channelId ?? '' });
  };

  // A device chosen before its channels arrived gets its first camera.
  useEffect(() => {
    if (pick && !pick.channelId && channels.length > 0) setPick({ deviceId: pick.deviceId, channelId: channels[0].channelId });
  }, [pick, channels, setPick]);

  return (
    <fieldset className="rec-pick">
      <legend>{t('rec.pick')}</legend>
      <label className="field compact">
        <span>{t('rec.device')}</span>
        <select aria-label={t('rec.device')} value={deviceId} onChange={(e) => chooseDevice(e.target.value)}>
          <option value="">{order.length ? t('rec.chooseDevice') : t('rec.noDevices')}</option>
          {order.map((d) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.name && d.name !== d.deviceId ? `${d.name} (${d.deviceId})` : d.deviceId}
            </option>
          ))}
        </select>
      </label>
      <label className="field compact">
        <span>{t('rec.channel')}</span>
        <select aria-label={t('rec.channel')} value={pick?.channelId ?? ''} disabled={!deviceId} onChange={(e) => setPick({ deviceId, channelId: e.target.value })}>
          {!pick?.channelId && <option value="">{t('rec.chooseChannel')}</option>}
          {channels.map((c) => (
            <option key={c.channelId} value={c.channelId}>
              {c.name && c.name !== c.channelId ? `${c.name} (${c.channelId})` : c.channelId}
            </option>
          ))}
        </select>
      </label>
      <label className="field compact">
        <span>{t('rec.type')}</span>
        <select aria-label={t('rec.type')} value={type} onChange={(e) => setType(e.target.value as RecordType)}>
          {TYPES.map((ty) => (
            <option key={ty} value={ty}>
              {t(`rec.type.${ty}` as RecKey)}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
