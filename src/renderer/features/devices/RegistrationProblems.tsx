// Devices that tried to register and failed, with the reason and one-click fixes.
import { useState } from 'react';
import type { RegistrationFailure, RegistrationFailureReason } from '../../../shared/contract';
import { api } from '../../api/client';
import { errorCode, errorText } from '../../api/errors';
import { useNav } from '../../app/nav-store';
import { showDeviceMessages } from '../../app/navigate';
import { useServer } from '../../app/server-store';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { wordServerText } from '../../i18n/server-text';
import type { MessageKey } from '../../i18n/en';
import { Dialog } from '../../ui/Dialog';
import { ActionError, ProblemNote } from '../../ui/Notice';
import { PasswordInput } from '../../ui/PasswordInput';
import { useDevices } from './device-store';
import { useFailures } from './failures-store';

type Fix = 'allow' | 'password' | 'settings';

/** The fixes that remove each reason (others would do nothing for it, e.g. the allowlist for a wrong password). */
const FIXES: Record<RegistrationFailureReason, readonly Fix[]> = {
  'wrong-password': ['password'],
  'wrong-target': ['settings'],
  'not-allowed': ['allow'],
  'locked-out': ['password'],
  'bad-device-id': [],
  'bad-request': [],
};

const REASON: Record<RegistrationFailureReason, { label: MessageKey; hint: MessageKey }> = {
  'wrong-password': { label: 'reason.wrong-password', hint: 'reasonHint.wrong-password' },
  'wrong-target': { label: 'reason.wrong-target', hint: 'reasonHint.wrong-target' },
  'not-allowed': { label: 'reason.not-allowed', hint: 'reasonHint.not-allowed' },
  'locked-out': { label: 'reason.locked-out', hint: 'reasonHint.locked-out' },
  'bad-device-id': { label: 'reason.bad-device-id', hint: 'reasonHint.bad-device-id' },
  'bad-request': { label: 'reason.bad-request', hint: 'reasonHint.bad-request' },
};

/** Adds the device, or updates it when it is already known; with a password when given. */
async function addOrUpdate(deviceId: string, password?: string) {
  const known = useDevices.getState().devices.has(deviceId);
  if (known && password !== undefined) return api.invoke('device.update', { deviceId, password });
  try {
    return await api.invoke('device.add', password !== undefined ? { deviceId, password } : { deviceId });
  } catch (err) {
    if (errorCode(err) === 'conflict' && password !== undefined) return api.invoke('device.update', { deviceId, password });
    throw err;
  }
}

export function RegistrationProblems() {
  const t = useT();
  const f = useFormat();
  const { failures, state, error, load, dismiss } = useFailures();
  const status = useServer((s) => s.status);
  const setTab = useNav((s) => s.setTab);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [passwordFor, setPasswordFor] = useState<RegistrationFailure | null>(null);

  const run = async (key: string, work: () => Promise<string>) => {
    setBusy(key);
    setNotice(null);
    setActionError(null);
    try {
      setNotice(await work());
    } catch (err) {
      setActionError(errorText(err, t));
    } finally {
      setBusy(null);
    }
  };

  /** Lifts the lock the entry stands for: on the device ID (at an address or everywhere) or on the address. */
  const unlock = (fl: RegistrationFailure) =>
    run(`unlock-${fl.deviceId}`, async () => {
      const lock = fl.lock!;
      const params = lock.scope === 'source' ? { ip: lock.ip } : { deviceId: lock.deviceId ?? fl.deviceId };
      await api.invoke('registration.unlock', params);
      await load();
      return t('problems.unlocked', { who: params.ip ?? params.deviceId ?? fl.deviceId });
    });

  const allow = (fl: RegistrationFailure) =>
    run(`allow-${fl.deviceId}`, async () => {
      const d = await addOrUpdate(fl.deviceId);
      useDevices.getState().upsertDevice(d);
      await dismiss(fl.deviceId).catch(() => undefined);
      return t('problems.allowed', { id: fl.deviceId });
    });

  return (
    <section className="page wide" aria-labelledby="problems-heading">
      <div className="page-head">
        <h2 id="problems-heading">{t('problems.heading')}</h2>
        <button type="button" onClick={() => void load()} disabled={state === 'loading'}>
          {t('problems.reload')}
        </button>
      </div>
      <p className="muted">{t('problems.intro')}</p>
      {state === 'error' && <ProblemNote testId="problems-problem">{errorText(error, t)}</ProblemNote>}
      {state === 'ready' && failures.length === 0 && <p className="muted">{t('problems.none')}</p>}
      {notice && (
        <p className="ok-text" aria-live="polite">
          {notice}
        </p>
      )}
      {actionError && <ActionError>{actionError}</ActionError>}
      {failures.length > 0 && (
        <div className="table-wrap">
          <table className="simple" aria-labelledby="problems-heading">
            <thead>
              <tr>
                <th scope="col">{t('devices.col.id')}</th>
                <th scope="col">{t('devices.col.address')}</th>
                <th scope="col">{t('problems.reason')}</th>
                <th scope="col" className="num">
                  {t('problems.count')}
                </th>
                <th scope="col">{t('problems.last')}</th>
                <th scope="col">{t('problems.fix')}</th>
              </tr>
            </thead>
            <tbody>
              {failures.map((fl) => (
                <tr key={fl.deviceId}>
                  <td>
                    <code>{fl.deviceId}</code>
                  </td>
                  <td>
                    {fl.transport} {fl.address}
                  </td>
                  <td className="reason">
                    <strong>{t(REASON[fl.reason]?.label ?? 'reason.bad-request')}</strong>
                    <div>{wordServerText(t, fl.text, fl.message)}</div>
                    <div className="muted">{t(REASON[fl.reason]?.hint ?? 'reasonHint.bad-request', { sipId: status?.sipId ?? '', domain: status?.domain ?? '' })}</div>
                    {fl.lockedUntil !== undefined && <div>{t('problems.lockedUntil', { time: f.dateTime(fl.lockedUntil) })}</div>}
                  </td>
                  <td className="num">{fl.count}</td>
                  <td>
                    <span title={f.dateTime(fl.firstAt)}>{f.dateTime(fl.lastAt)}</span>
                  </td>
                  <td>
                    <div className="stack">
                      {fl.lock && (
                        <button type="button" className="small" disabled={busy !== null} onClick={() => void unlock(fl)}>
                          {t('problems.unlock')}
                        </button>
                      )}
                      {(FIXES[fl.reason] ?? []).includes('allow') && (
                        <button type="button" className="small" disabled={busy !== null} onClick={() => void allow(fl)}>
                          {t('problems.allow')}
                        </button>
                      )}
                      {(FIXES[fl.reason] ?? []).includes('password') && (
                        <button type="button" className="small" disabled={busy !== null} onClick={() => setPasswordFor(fl)}>
                          {t('problems.setPassword')}
                        </button>
                      )}
                      {(FIXES[fl.reason] ?? []).includes('settings') && (
                        <button type="button" className="small" onClick={() => setTab('settings')}>
                          {t('problems.openSettings')}
                        </button>
                      )}
                      <button
                        type="button"
                        className="small"
                        disabled={busy !== null}
                        onClick={() => void run(`dismiss-${fl.deviceId}`, async () => (await dismiss(fl.deviceId), t('problems.dismissed', { id: fl.deviceId })))}
                      >
                        {t('problems.dismiss')}
                      </button>
                      <button type="button" className="small" onClick={() => showDeviceMessages(fl.deviceId)}>
                        {t('problems.messages')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {passwordFor && (
        <PasswordDialog
          failure={passwordFor}
          onClose={() => setPasswordFor(null)}
          onDone={(text) => {
            setPasswordFor(null);
            setNotice(text);
          }}
        />
      )}
    </section>
  );
}

function PasswordDialog({ failure, onClose, onDone }: { failure: RegistrationFailure; onClose(): void; onDone(text: string): void }) {
  const t = useT();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    if (password === '') {
      setError(t('edit.passwordNeeded'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const d = await addOrUpdate(failure.deviceId, password);
      useDevices.getState().upsertDevice(d);
      await useFailures.getState().dismiss(failure.deviceId).catch(() => undefined);
      onDone(t('problems.passwordSet', { id: failure.deviceId }));
    } catch (err) {
      setError(errorText(err, t));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t('problems.passwordTitle', { id: failure.deviceId })}
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="primary" onClick={() => void save()} disabled={busy}>
            {t('problems.savePassword')}
          </button>
        </>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <p>{t('problems.passwordBody')}</p>
        <div className="field">
          <label htmlFor="failure-password">{t('edit.password')}</label>
          <PasswordInput id="failure-password" value={password} onChange={setPassword} autoFocus />
        </div>
        {error && <ActionError>{error}</ActionError>}
      </form>
    </Dialog>
  );
}
