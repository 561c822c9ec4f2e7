// DeviceConfig of one type beyond BasicParam (recording plan, alarm recording, mask, mirror, alarm report, OSD,
// snapshot): the fields the shared table lists, checked before sending, then the panels are read again.
import { useState, type FormEvent } from 'react';
import type { ConfigField, ConfigProblem, EditableConfigType } from '../../../shared/config-fields';
import type { ConfigValue } from '../../../shared/contract';
import { api } from '../../api/client';
import { useTx, type TextKey, type TranslateAll } from '../../i18n';
import { configChange, fieldsOf, formOf } from './config-edit';
import { OutcomeLine } from './OutcomeLine';
import { useCommand } from './use-command';

interface Props {
  deviceId: string;
  type: EditableConfigType;
  values?: { [name: string]: ConfigValue };
  onSaved(): void;
}

export function ConfigTypeForm({ deviceId, type, values, onSaved }: Props) {
  const t = useTx();
  const cmd = useCommand();
  const [form, setForm] = useState(() => formOf(type, values));
  const [checked, setChecked] = useState(false);
  // Values read again (after a save): the form shows them, and the outcome line stays.
  const [shown, setShown] = useState(values);
  if (values !== shown) {
    setShown(values);
    setForm(formOf(type, values));
    setChecked(false);
  }
  const { change, problems } = configChange(type, form, values);
  const title = t('config.changeOf', { type: t(`config.type.${type}` as TextKey) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (problems.length > 0) return;
    if (Object.keys(change).length === 0) {
      cmd.set({ phase: 'info', what: '', text: (tr) => tr('config.nothing') });
      return;
    }
    const o = await cmd.run(title, () => api.invoke('device.config.set', { deviceId, type, values: change }));
    if (o?.answered && o.result === 'OK') onSaved();
  };
  const problemOf = (f: ConfigField) => (checked ? problems.find((p) => p.field === f.name) : undefined);
  return (
    <form className="config-form" onSubmit={(e) => void submit(e)} aria-label={title} noValidate>
      <div className="basic-grid">
        {fieldsOf(type).map((f) => (
          <FieldInput key={f.name} field={f} value={form[f.name] ?? ''} problem={problemOf(f)} onChange={(v) => setForm({ ...form, [f.name]: v })} />
        ))}
      </div>
      <button type="submit" disabled={cmd.busy}>
        {t('config.save')}
      </button>
      <OutcomeLine state={cmd.state} />
    </form>
  );
}

function FieldInput({ field, value, problem, onChange }: { field: ConfigField; value: string; problem?: ConfigProblem; onChange(v: string): void }) {
  const t = useTx();
  const label = t(`config.f.${field.name}` as TextKey);
  if (field.kind === 'flag') {
    return (
      <label className="check">
        <input type="checkbox" checked={value === '1'} onChange={(e) => onChange(e.target.checked ? '1' : '0')} />
        <span>{label}</span>
      </label>
    );
  }
  const error = problem ? <small className="error">{problemWords(t, problem)}</small> : null;
  if (field.kind === 'choice') {
    return (
      <label className="field compact">
        <span>{label}</span>
        <select value={value} aria-invalid={problem !== undefined} onChange={(e) => onChange(e.target.value)}>
          {!field.choices.map(String).includes(value) && <option value={value}>{value === '' ? '—' : value}</option>}
          {field.choices.map((c) => (
            <option key={c} value={String(c)}>
              {t(`config.choice.${field.name}.${c}` as TextKey)}
            </option>
          ))}
        </select>
        {error}
      </label>
    );
  }
  return (
    <label className="field compact">
      <span>{label}</span>
      <input type={field.kind === 'int' ? 'number' : 'text'} value={value} aria-invalid={problem !== undefined} onChange={(e) => onChange(e.target.value)} />
      {error}
    </label>
  );
}

function problemWords(t: TranslateAll, p: ConfigProblem): string {
  switch (p.kind) {
    case 'int':
      return t('config.badNumber', { min: p.min, max: p.max });
    case 'position':
      return t('config.badPosition', { max: p.max });
    case 'url':
      return t('config.badUrl', { max: p.max });
    case 'text':
      return t('config.badText', { max: p.max });
    case 'flag':
    case 'choice':
      return t('config.badChoice');
  }
}
