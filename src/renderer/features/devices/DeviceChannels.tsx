// Channels of one device with a button to start live view of each.
import { useEffect, useState } from 'react';
import { useNav } from '../../app/nav-store';
import { errorText } from '../../api/errors';
import { useT } from '../../i18n';
import { ActionError, Badge, ProblemNote } from '../../ui/Notice';
import { startLive } from '../live/live-store';
import { useDevices } from './device-store';
import { channelOnline } from './tree-rows';
import { ChannelRename } from './ChannelRename';
import { channelTails, withTail } from './names';

export function DeviceChannels({ deviceId }: { deviceId: string }) {
  const t = useT();
  const channels = useDevices((s) => s.channels.get(deviceId));
  const loadError = useDevices((s) => s.channelErrors.get(deviceId));
  const device = useDevices((s) => s.devices.get(deviceId));
  const deviceOffline = device?.online === false;
  const selectedChannelId = useDevices((s) => s.selectedChannelId);
  const loadChannels = useDevices((s) => s.loadChannels);
  const setTab = useNav((s) => s.setTab);
  const [starting, setStarting] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    setResult(null);
    void loadChannels(deviceId);
  }, [deviceId, loadChannels]);

  const play = async (channelId: string, name: string) => {
    setStarting(channelId);
    setResult(null);
    try {
      await startLive(deviceId, channelId);
      setTab('live');
    } catch (err) {
      setResult({ ok: false, text: t('channels.playFailed', { name, message: errorText(err, t) }) });
    } finally {
      setStarting(null);
    }
  };

  return (
    <div className="details-section">
      <h3 id="channels-heading">{t('channels.heading')}</h3>
      {loadError != null && !channels && (
        <>
          <ProblemNote testId="channels-problem">{errorText(loadError, t)}</ProblemNote>
          <button type="button" onClick={() => void loadChannels(deviceId, true)}>
            {t('channels.retry')}
          </button>
        </>
      )}
      {!channels && loadError == null && <p className="muted">{t('tree.loading')}</p>}
      {channels && channels.length === 0 && <p className="muted">{t('channels.none')}</p>}
      {channels && channels.length > 0 && deviceOffline && <p className="muted">{t('channels.deviceOffline')}</p>}
      {channels && channels.length > 0 && (
        <table className="simple" aria-labelledby="channels-heading">
          <thead>
            <tr>
              <th scope="col">{t('devices.col.status')}</th>
              <th scope="col">{t('devices.col.name')}</th>
              <th scope="col">{t('devices.col.id')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('channels.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {channels.map((c) => {
              const shown = c.name ? withTail(c.name, c.channelId, channelTails(channels).get(c.channelId)) : c.channelId;
              return (
              <tr key={c.channelId} aria-current={c.channelId === selectedChannelId ? 'true' : undefined} className={c.channelId === selectedChannelId ? 'selected' : undefined}>
                <td>
                  <Badge online={channelOnline(device, c)} onText={t('common.online')} offText={t('common.offline')} />
                </td>
                <td>
                  {renaming === c.channelId ? (
                    <ChannelRename channel={c} label={shown} onDone={() => setRenaming(null)} />
                  ) : (
                    <>
                      {c.name ? shown : '—'}
                      {c.customName && <span className="muted small"> {t('channels.renamed')}</span>}
                    </>
                  )}
                </td>
                <td>
                  <code>{c.channelId}</code>
                </td>
                <td>
                  <button type="button" className="small" disabled={starting !== null || deviceOffline} onClick={() => void play(c.channelId, c.name || c.channelId)} aria-label={t('channels.play', { name: shown })}>
                    {starting === c.channelId ? t('channels.starting') : t('channels.playShort')}
                  </button>{' '}
                  <button type="button" className="small" aria-label={t('channels.renameOf', { name: shown })} onClick={() => setRenaming(c.channelId)}>
                    {t('channels.rename')}
                  </button>
                </td>
              </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {result && !result.ok && <ActionError>{result.text}</ActionError>}
    </div>
  );
}
