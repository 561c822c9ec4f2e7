// ConfigDownload of every type as readable panels (raw XML one click away) and DeviceConfig of BasicParam and of the
// types the shared table lists, checked before it is sent.
import { useState, type FormEvent } from 'react';
import type { ConfigPanel, ConfigValue } from '../../../shared/contract';
import { isEditableConfig } from '../../../shared/config-fields';
import { CONFIG_TYPES } from '../../../shared/types/control';
import { api } from '../../api/client';
import { errorText } from '../../api/errors';
import { useTx, type TextKey } from '../../i18n';
import { ActionError } from '../../ui/Notice';
import { basicParamChange, configRows, type BasicField } from './config-view';
import { ConfigTypeForm } from './ConfigTypeForm';
import { OutcomeLine } from './OutcomeLine';
import { useCommand } from './use-command';

export function ConfigPanels({ deviceId }: { deviceId: string }) {
  const t = useTx();
  const [panels, setPanels] = useState<ConfigPanel[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    setLoading(true);
    setError(null);
    try {
      setPanels((await api.invoke('device.config.get', { deviceId, types: [...CONFIG_TYPES] })).panels);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setLoading(false);
    }
  };
  const basic = panels?.find((p) => p.type === 'BasicParam');
  return (
    <div className="config-panels">
      <div className="toolbar">
        <button type="button" onClick={() => void load()} disabled={loading}>
          {t('config.load')}
        </button>
        {loading && <span className="muted">{t('config.loading')}</span>}
      </div>
      {error && <ActionError>{error}</ActionError>}
      {panels && <BasicParamForm deviceId={deviceId} values={basic?.values} onSaved={() => void load()} />}
      {panels?.map((p) => <ConfigPanelView key={p.type} deviceId={deviceId} panel={p} onSaved={() => void load()} />)}
    </div>
  );
}

function ConfigPanelView({ deviceId, panel, onSaved }: { deviceId: string; panel: ConfigPanel; onSaved(): void }) {
  const t = useTx();
  const [raw, setRaw] = useState(false);
  const type = t(`config.type.${panel.type}` as TextKey);
  const rows = configRows(panel.values);
  return (
    <section className="config-panel" aria-label={type}>
      <div className="config-head">
        <h4>
          {type} <span className="muted mono small">{panel.type}</span>
        </h4>
        {panel.xml && (
          <button type="button" className="small" aria-expanded={raw} aria-label={raw ? t('config.hideRaw') : t('config.rawOf', { type })} onClick={() => setRaw(!raw)}>
            {raw ? t('config.hideRaw') : t('config.raw')}
          </button>
        )}
      </div>
      {!panel.answered ? (
        <p className="muted">{t('config.notAnswered', { type: panel.type })}</p>
      ) : panel.result === 'ERROR' ? (
        <p className="warning">{t('config.error', { type: panel.type })}</p>
      ) : rows.length === 0 ? (
        <p className="muted">{t('config.empty')}</p>
      ) : (
        <dl className="facts compact">
          {rows.map(([k, v]) => (
            <div key={k} className="fact">
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      )}
      {panel.answered && panel.result !== 'ERROR' && isEditableConfig(panel.type) && (
        <ConfigTypeForm deviceId={deviceId} type={panel.type} values={panel.values} onSaved={onSaved} />
      )}
      {raw && panel.xml && (
        <pre className="config-raw" aria-label={t('config.rawOf', { type })}>
          {panel.xml}
        </pre>
      )}
    </section>
  );
}

const text = (v: ConfigValue | undefined) => (typeof v === 'string' ? v : '');

function BasicParamForm({ deviceId, values, onSaved }: { deviceId: string; values?: { [name: string]: ConfigValue }; onSaved(): void }) {
  const t = useTx();
  const cmd = useCommand();
  const current: Record<BasicField, string> = {
    name: text(values?.Name),
    expiration: text(values?.Expiration),
    heartBeatInterval: text(values?.HeartBeatInterval),
    heartBeatCount: text(values?.HeartBeatCount),
  };
  const [form, setForm] = useState(current);
  const [checked, setChecked] = useState(false);
  // Values read again (after a save): the form shows them, and the outcome line stays.
  const [shown, setShown] = useState(values);
  if (values !== shown) {
    setShown(values);
    setForm(current);
    setChecked(false);
  }
  const { change, problems } = basicParamChange(form, current);
  const problem = (f: BasicField) => {
    const p = checked ? problems.find((x) => x.field === f) : undefined;
    if (!p) return null;
    return <small className="error">{p.kind === 'name' ? t('config.badName') : t('config.badNumber', { min: p.min, max: p.max })}</small>;
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (problems.length > 0) return;
    if (Object.keys(change).length === 0) {
      cmd.set({ phase: 'info', what: '', text: (tr) => tr('config.nothing') });
      return;
    }
    const o = await cmd.run(t('config.basicEdit'), () => api.invoke('device.config.set', { deviceId, basicParam: change }));
    if (o?.answered && o.result === 'OK') onSaved();
  };
  const field = (f: BasicField, label: TextKey, type: 'text' | 'number') => (
    <label className="field compact">
      <span>{t(label)}</span>
      <input type={type} value={form[f]} aria-invalid={checked && problems.some((p) => p.field === f)} onChange={(e) => setForm({ ...form, [f]: e.target.value })} />
      {problem(f)}
    </label>
  );
  return (
    <form className="config-panel basic-form" onSubmit={(e) => void submit(e)} aria-label={t('config.basicEdit')} noValidate>
      <h4>{t('config.basicEdit')}</h4>
      <div className="basic-grid">
        {field('name', 'config.name', 'text')}
        {field('expiration', 'config.expiration', 'number')}
        {field('heartBeatInterval', 'config.heartBeatInterval', 'number')}
        {field('heartBeatCount', 'config.heartBeatCount', 'number')}
      </div>
      <button type="submit" disabled={cmd.busy}>
        {t('config.save')}
      </button>
      <OutcomeLine state={cmd.state} />
    </form>
  );
}
