// DeviceControl for a device or one of its channels: reboot (confirmed, then watched until it registers again),
// record, guard, reset alarm, I-frame, home, format SD card (GB/T 28181-2022, confirmed).
import { useEffect, useState } from 'react';
import type { DeviceControlCommand } from '../../../shared/contract';
import { api } from '../../api/client';
import { useTx, type TextKey } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { useDevices } from '../devices/device-store';
import { OutcomeLine } from './OutcomeLine';
import { useRebootWatch } from './reboot-watch';
import { useCommand } from './use-command';

const COMMANDS: { command: Exclude<DeviceControlCommand, 'reboot' | 'formatSdCard'>; label: TextKey }[] = [
  { command: 'record', label: 'control.record' },
  { command: 'stopRecord', label: 'control.stopRecord' },
  { command: 'guard', label: 'control.guard' },
  { command: 'unguard', label: 'control.unguard' },
  { command: 'resetAlarm', label: 'control.resetAlarm' },
  { command: 'iframe', label: 'control.iframe' },
];

/** GB/T 28181-2022 devices say 3.0 in X-GB-Ver. */
export function is2022(gbVersion: string | null | undefined): boolean {
  return !!gbVersion && Number.parseFloat(gbVersion) >= 3;
}

export function DeviceControlPanel({ deviceId, name, gbVersion, online }: { deviceId: string; name: string; gbVersion: string | null; online: boolean }) {
  const t = useTx();
  const cmd = useCommand();
  const channels = useDevices((s) => s.channels.get(deviceId));
  const [target, setTarget] = useState('');
  const [confirm, setConfirm] = useState<'reboot' | 'formatSdCard' | null>(null);
  const reboot = useRebootWatch((s) => s.byDevice.get(deviceId));
  useEffect(() => {
    if (!channels) void useDevices.getState().loadChannels(deviceId);
  }, [channels, deviceId]);

  const send = (command: DeviceControlCommand, label: string) =>
    cmd.run(label, () => api.invoke('device.control', { deviceId, ...(target ? { channelId: target } : {}), command }));

  const doReboot = async () => {
    setConfirm(null);
    useRebootWatch.getState().waiting(deviceId);
    // TeleBoot goes to the device itself whatever channel is picked.
    const o = await cmd.run(t('control.reboot'), () => api.invoke('device.control', { deviceId, command: 'reboot' }));
    if (!o?.sent) useRebootWatch.getState().forget(deviceId);
  };

  return (
    <div className="control-panel">
      <label className="inline-field">
        {t('control.target')}
        <select value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="">{t('control.targetDevice')}</option>
          {(channels ?? []).map((c) => (
            <option key={c.channelId} value={c.channelId}>
              {c.name && c.name !== c.channelId ? `${c.name} (${c.channelId})` : c.channelId}
            </option>
          ))}
        </select>
      </label>
      {!online && <p className="warning">{t('control.offline')}</p>}
      <div className="toolbar" role="group" aria-label={t('control.heading')}>
        <button type="button" className="danger" disabled={cmd.busy} onClick={() => setConfirm('reboot')}>
          {t('control.reboot')}
        </button>
        {COMMANDS.map((c) => (
          <button key={c.command} type="button" disabled={cmd.busy} onClick={() => void send(c.command, t(c.label))}>
            {t(c.label)}
          </button>
        ))}
        <button type="button" className="danger" disabled={cmd.busy || !is2022(gbVersion)} title={is2022(gbVersion) ? undefined : t('control.formatSdCardHelp', { version: gbVersion ?? '—' })} onClick={() => setConfirm('formatSdCard')}>
          {t('control.formatSdCard')}
        </button>
      </div>
      {!is2022(gbVersion) && <p className="muted small">{t('control.formatSdCardHelp', { version: gbVersion ?? '—' })}</p>}
      <OutcomeLine state={cmd.state} testId="control-outcome" />
      {reboot && (
        <p role="status" className={reboot.phase === 'lost' ? 'warning' : reboot.phase === 'back' ? 'ok-text' : 'muted'} data-testid="reboot-state">
          {reboot.phase === 'waiting'
            ? t('control.rebootWaiting', { id: deviceId })
            : reboot.phase === 'back'
              ? t('control.rebootBack', { id: deviceId, seconds: (reboot.tookMs / 1000).toFixed(1) })
              : t('control.rebootNotBack', { id: deviceId })}
        </p>
      )}
      {confirm && (
        <Dialog
          title={t(confirm === 'reboot' ? 'control.rebootTitle' : 'control.formatTitle', { name })}
          onClose={() => setConfirm(null)}
          actions={
            <>
              <button type="button" onClick={() => setConfirm(null)} autoFocus>
                {t('common.cancel')}
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  if (confirm === 'reboot') void doReboot();
                  else {
                    setConfirm(null);
                    void send('formatSdCard', t('control.formatSdCard'));
                  }
                }}
              >
                {t(confirm === 'reboot' ? 'control.rebootConfirm' : 'control.formatConfirm')}
              </button>
            </>
          }
        >
          <p>{t(confirm === 'reboot' ? 'control.rebootBody' : 'control.formatBody', { id: confirm === 'reboot' ? deviceId : target || deviceId })}</p>
        </Dialog>
      )}
    </div>
  );
}
