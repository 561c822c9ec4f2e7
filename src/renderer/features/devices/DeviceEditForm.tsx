// Name, password, media transport and time zone of a device (device.update).
import { useState, type FormEvent } from 'react';
import type { DeviceSummary, MediaTransport } from '../../../shared/contract';
import { api } from '../../api/client';
import { useServer } from '../../app/server-store';
import { errorText } from '../../api/errors';
import { useT } from '../../i18n';
import { ActionError } from '../../ui/Notice';
import { PasswordInput } from '../../ui/PasswordInput';
import { useDevices } from './device-store';

export const MEDIA_TRANSPORTS: MediaTransport[] = ['udp', 'tcp-passive', 'tcp-active'];

/** Zone names for the time zone field's suggestions (the field also takes an offset such as +08:00). */
const ZONE_NAMES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

/** Render it with `key={device.deviceId}`: another device gets a fresh form, in the same render. */
export function DeviceEditForm({ device, onSaved }: { device: DeviceSummary; onSaved(d: DeviceSummary): void }) {
  const t = useT();
  const [name, setName] = useState(device.name);
  const [password, setPassword] = useState('');
  const [useServerPassword, setUseServerPassword] = useState(!device.hasOwnPassword);
  const [transport, setTransport] = useState<MediaTransport>(device.mediaTransport);
  const [timeZone, setTimeZone] = useState(device.timeZone ?? '');
  const defaultZone = useServer((s) => s.settings?.values.deviceTimeZone) || t('edit.timeZoneConsole');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setNotice(null);
    const patch: { deviceId: string; name?: string; password?: string | null; mediaTransport?: MediaTransport; timeZone?: string | null } = {
      deviceId: device.deviceId,
    };
    if (name.trim() !== device.name) patch.name = name.trim();
    if (useServerPassword && device.hasOwnPassword) patch.password = null;
    if (!useServerPassword && password !== '') patch.password = password;
    if (!useServerPassword && !device.hasOwnPassword && password === '') {
      setError(t('edit.passwordNeeded'));
      return;
    }
    if (transport !== device.mediaTransport) patch.mediaTransport = transport;
    if (timeZone.trim() !== (device.timeZone ?? '')) patch.timeZone = timeZone.trim() || null;
    if (Object.keys(patch).length === 1) {
      setNotice(t('edit.nothing'));
      return;
    }
    setBusy(true);
    try {
      const saved = await api.invoke('device.update', patch);
      useDevices.getState().upsertDevice(saved);
      onSaved(saved);
      setPassword('');
      setNotice(t('edit.saved'));
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const id = (k: string) => `edit-${k}`;
  return (
    <form className="details-section edit-form" onSubmit={submit} aria-labelledby="edit-heading" noValidate>
      <h3 id="edit-heading">{t('edit.heading')}</h3>
      <div className="field">
        <label htmlFor={id('name')}>{t('edit.name')}</label>
        <input id={id('name')} value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <label className="check">
        <input type="checkbox" checked={useServerPassword} onChange={(e) => setUseServerPassword(e.target.checked)} />
        {t('edit.useServerPassword')}
      </label>
      {!useServerPassword && (
        <div className="field">
          <label htmlFor={id('password')}>{t('edit.password')}</label>
          <PasswordInput id={id('password')} value={password} onChange={setPassword} />
          {device.hasOwnPassword && <small>{t('edit.passwordKeep')}</small>}
        </div>
      )}
      <div className="field">
        <label htmlFor={id('transport')}>{t('edit.mediaTransport')}</label>
        <select id={id('transport')} value={transport} onChange={(e) => setTransport(e.target.value as MediaTransport)}>
          {MEDIA_TRANSPORTS.map((m) => (
            <option key={m} value={m}>
              {t(`transport.${m}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={id('timeZone')}>{t('edit.timeZone')}</label>
        <input
          id={id('timeZone')}
          list={id('zones')}
          value={timeZone}
          onChange={(e) => setTimeZone(e.target.value)}
          spellCheck={false}
          aria-describedby={id('timeZone-help')}
        />
        <datalist id={id('zones')}>
          {ZONE_NAMES.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <small id={id('timeZone-help')}>{t('edit.timeZoneHelp', { zone: defaultZone })}</small>
      </div>
      <div className="toolbar">
        <button type="submit" disabled={busy}>
          {t('edit.save')}
        </button>
        {notice && <span className="ok-text">{notice}</span>}
      </div>
      {error && <ActionError>{error}</ActionError>}
    </form>
  );
}
