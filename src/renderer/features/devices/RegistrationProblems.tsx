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
import { groupFailures, searchFailures } from './problem-groups';

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

/** The singular or plural form of a counted phrase. */
function plural(n: number, one: MessageKey, many: MessageKey): MessageKey {
  return n === 1 ? one : many;
}

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
  const { failures, state, error, load, dismiss, dismissMany } = useFailures();
  const [query, setQuery] = useState('');
  const [grouped, setGrouped] = useState(true);
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
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

  const words = (fl: RegistrationFailure) => `${t(REASON[fl.reason]?.label ?? 'reason.bad-request')} ${wordServerText(t, fl.text, fl.message)}`;
  const shown = searchFailures(failures, query, words);
  const groups = grouped ? groupFailures(shown) : shown.map((fl) => ({ key: fl.deviceId, ip: '', reason: fl.reason, failures: [fl], attempts: fl.count, lastAt: fl.lastAt }));
  const toggle = (key: string) =>
    setOpen((o) => {
      const next = new Set(o);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  const dismissAll = (list: readonly RegistrationFailure[]) =>
    run(`dismiss-many`, async () => {
      const n = await dismissMany(list.map((fl) => fl.deviceId));
      return t('problems.dismissedMany', { n: f.number(n) });
    });

  const row = (fl: RegistrationFailure) => (
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
  );

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
        <div className="problems-tools">
          <label className="field compact">
            <span>{t('problems.search')}</span>
            <input type="search" value={query} placeholder={t('problems.searchHint')} spellCheck={false} onChange={(e) => setQuery(e.target.value)} />
          </label>
          <label className="check">
            <input type="checkbox" checked={grouped} onChange={(e) => setGrouped(e.target.checked)} />
            {t('problems.group')}
          </label>
          <button type="button" disabled={busy !== null || shown.length === 0} onClick={() => void dismissAll(shown)}>
            {t('problems.dismissShown', { n: f.number(shown.length) })}
          </button>
          <span className="muted" aria-live="polite">
            {t('problems.shownCount', { n: f.number(shown.length), total: f.number(failures.length) })}
          </span>
        </div>
      )}
      {shown.length > 0 && (
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
            {groups.map((g) =>
              g.failures.length === 1 ? (
                <tbody key={g.key}>{row(g.failures[0])}</tbody>
              ) : (
                <tbody key={g.key} className="problem-group">
                  <tr className="group-row">
                    <th scope="rowgroup" colSpan={6}>
                      <button type="button" className="link" aria-expanded={open.has(g.key)} onClick={() => toggle(g.key)}>
                        <span aria-hidden="true">{open.has(g.key) ? '▾ ' : '▸ '}</span>
                        {t('problems.groupTitle', {
                          ip: g.ip,
                          reason: t(REASON[g.reason]?.label ?? 'reason.bad-request'),
                          devices: t(plural(g.failures.length, 'problems.devicesOne', 'problems.devicesMany'), { n: f.number(g.failures.length) }),
                          attempts: t(plural(g.attempts, 'problems.attemptsOne', 'problems.attemptsMany'), { n: f.number(g.attempts) }),
                          time: f.dateTime(g.lastAt),
                        })}
                      </button>{' '}
                      <button type="button" className="small" disabled={busy !== null} onClick={() => void dismissAll(g.failures)}>
                        {t('problems.dismissGroup', { n: f.number(g.failures.length), ip: g.ip })}
                      </button>
                    </th>
                  </tr>
                  {open.has(g.key) && g.failures.map(row)}
                </tbody>
              ),
            )}
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
