// DeviceConfig of the types beyond BasicParam: the form's text per field from what the device reported, and what
// the form would send (only changed fields, each checked by the shared table).
import { configProblems, EDITABLE_CONFIG, type ConfigField, type ConfigProblem, type EditableConfigType } from '../../../shared/config-fields';
import type { ConfigValue } from '../../../shared/contract';

export type ConfigForm = Record<string, string>;

export function fieldsOf(type: EditableConfigType): readonly ConfigField[] {
  return EDITABLE_CONFIG[type];
}

export function formOf(type: EditableConfigType, values: { [name: string]: ConfigValue } | undefined): ConfigForm {
  const form: ConfigForm = {};
  for (const f of fieldsOf(type)) {
    const v = values?.[f.name];
    form[f.name] = typeof v === 'string' ? v.trim() : '';
  }
  return form;
}

export function configChange(
  type: EditableConfigType,
  form: ConfigForm,
  current: { [name: string]: ConfigValue } | undefined,
): { change: Record<string, string>; problems: ConfigProblem[] } {
  const before = formOf(type, current);
  const change: Record<string, string> = {};
  for (const f of fieldsOf(type)) {
    const v = (form[f.name] ?? '').trim();
    if (v !== before[f.name]) change[f.name] = v;
  }
  return { change, problems: configProblems(type, change, current) };
}
