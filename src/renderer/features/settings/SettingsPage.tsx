import { useEffect, useState, type FormEvent } from 'react';
import type { Settings, SettingKey } from '../../../shared/settings';
import { settingProblems } from '../../../shared/settings';
import type { ServerText } from '../../../shared/texts';
import { api } from '../../api/client';
import { ApiCallError } from '../../api/http-bridge';
import { errorText } from '../../api/errors';
import { useServer } from '../../app/server-store';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/en';
import { wordServerText } from '../../i18n/server-text';
import { PasswordInput } from '../../ui/PasswordInput';

type FieldType = 'text' | 'number' | 'select' | 'checkbox' | 'secret';
const FIELDS: { key: SettingKey; type: FieldType; options?: string[] }[] = [
  { key: 'sipId', type: 'text' },
  { key: 'domain', type: 'text' },
  { key: 'password', type: 'secret' },
  { key: 'sipIp', type: 'text' },
  { key: 'sipPort', type: 'number' },
  { key: 'mediaIp', type: 'text' },
  { key: 'mediaPortMin', type: 'number' },
  { key: 'mediaPortMax', type: 'number' },
  { key: 'admissionMode', type: 'select', options: ['open', 'allowlist'] },
  { key: 'strictTarget', type: 'checkbox' },
  { key: 'logRetentionDays', type: 'number' },
  { key: 'logMaxMb', type: 'number' },
  { key: 'deviceTimeZone', type: 'text' },
];

export function SettingsPage() {
  const t = useT();
  const { settings, setSettings } = useServer();
  const [draft, setDraft] = useState<Settings | null>(settings?.values ?? null);
  // A rule's problem found here (worded in the current language), or the server's English sentence.
  const [errors, setErrors] = useState<Partial<Record<SettingKey, ServerText | string>>>({});
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (settings && !draft) setDraft(settings.values);
  }, [settings, draft]);
  if (!settings || !draft) return null;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    const local = settingProblems(draft);
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    const patch: Partial<Settings> = {};
    // A value given on the command line is not sent: the flag would win again.
    for (const { key } of FIELDS) if (draft[key] !== settings.values[key] && settings.sources[key] !== 'flag') (patch as Record<string, unknown>)[key] = draft[key];
    try {
      const result = await api.invoke('settings.update', patch);
      // The update's answer masks the password; this page shows it, so it asks for it.
      const revealed = await api.invoke('settings.get', { reveal: true });
      setSettings(revealed);
      setDraft(revealed.values);
      const parts = [result.restartRequired.length ? t('settings.savedRestart', { keys: result.restartRequired.map((k) => t(`settings.${k}` as MessageKey)).join(', ') }) : t('settings.saved')];
      if (result.overriddenByFlag.length) parts.push(t('settings.overridden', { keys: result.overriddenByFlag.join(', ') }));
      setNotice(parts.join(' '));
    } catch (err) {
      if (err instanceof ApiCallError && err.details) setErrors(fieldErrors(err));
      setNotice(errorText(err, t));
    }
  };

  const rotateToken = async () => {
    setNotice(null);
    try {
      const { apiToken } = await api.invoke('settings.rotateToken', {});
      setSettings({ ...settings, apiToken });
      setNotice(t('settings.tokenRotated'));
    } catch (err) {
      setNotice(errorText(err, t));
    }
  };

  return (
    <section aria-labelledby="settings-heading" className="page">
      <h2 id="settings-heading">{t('settings.heading')}</h2>
      <form onSubmit={onSubmit} className="settings-form" noValidate>
        {FIELDS.map(({ key, type, options }) => {
          const id = `setting-${key}`;
          const fromFlag = settings.sources[key] === 'flag';
          const flag = settings.flags?.[key];
          const describedBy = errors[key] ? `${id}-error` : fromFlag ? `${id}-flag` : type === 'checkbox' || type === 'select' ? `${id}-help` : undefined;
          const common = {
            id,
            name: key,
            'aria-invalid': errors[key] ? true : undefined,
            'aria-describedby': describedBy,
          } as const;
          const input =
            type === 'checkbox' ? (
              <input {...common} type="checkbox" disabled={fromFlag} checked={Boolean(draft[key])} onChange={(e) => setDraft({ ...draft, [key]: e.target.checked })} />
            ) : type === 'secret' ? (
              <PasswordInput id={id} value={String(draft[key])} readOnly={fromFlag} describedBy={describedBy} onChange={(v) => setDraft({ ...draft, [key]: v })} />
            ) : type === 'select' ? (
              <select {...common} disabled={fromFlag} value={String(draft[key])} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}>
                {options!.map((o) => (
                  <option key={o} value={o}>
                    {t(`settings.${key}.${o}` as MessageKey)}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...common}
                type={type}
                readOnly={fromFlag}
                value={String(draft[key])}
                onChange={(e) => setDraft({ ...draft, [key]: type === 'number' ? Number(e.target.value) : e.target.value })}
              />
            );
          return (
            <div className={type === 'checkbox' ? 'field check-field' : 'field'} key={key}>
              {type === 'checkbox' ? (
                <label className="check">
                  {input}
                  {t(`settings.${key}` as MessageKey)}
                </label>
              ) : (
                <>
                  <label htmlFor={id}>{t(`settings.${key}` as MessageKey)}</label>
                  {input}
                </>
              )}
              {(type === 'checkbox' || type === 'select') && !errors[key] && !fromFlag && <small id={`${id}-help`}>{t(`settings.${key}.help` as MessageKey)}</small>}
              {fromFlag && <small id={`${id}-flag`}>{flag ? t('settings.fromFlagNamed', { flag }) : t('settings.fromFlag')}</small>}
              {errors[key] && (
                <small id={`${id}-error`} role="alert" className="error">
                  {typeof errors[key] === 'string' ? errors[key] : wordServerText(t, errors[key])}
                </small>
              )}
            </div>
          );
        })}
        <div className="field">
          <label htmlFor="setting-apiToken">{t('settings.apiToken')}</label>
          <PasswordInput id="setting-apiToken" readOnly value={settings.apiToken} onChange={() => undefined} />
          <button type="button" onClick={rotateToken}>
            {t('settings.rotateToken')}
          </button>
        </div>
        <button type="submit">{t('settings.save')}</button>
        {notice && (
          <p role="status" className="notice">
            {notice}
          </p>
        )}
      </form>
    </section>
  );
}

/** The server's per-setting problems: the one its sentence names as a code (worded in the console's language), the rest in English. */
function fieldErrors(err: ApiCallError): Partial<Record<SettingKey, ServerText | string>> {
  const out: Partial<Record<SettingKey, ServerText | string>> = { ...(err.details as Partial<Record<SettingKey, string>>) };
  const { key, problem } = err.text?.code === 'setting.invalid' ? err.text.params : {};
  if (typeof key === 'string' && key in out && typeof problem === 'object') out[key as SettingKey] = problem;
  return out;
}
