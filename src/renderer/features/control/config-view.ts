// ConfigDownload values made readable: nested elements flattened to "Path > Name: value" rows; BasicParam checks.
import type { BasicParamInput, ConfigValue } from '../../../shared/contract';

export function configRows(values: { [name: string]: ConfigValue } | undefined, prefix = ''): [string, string][] {
  const rows: [string, string][] = [];
  const walk = (v: ConfigValue, path: string) => {
    if (typeof v === 'string') rows.push([path, v]);
    else if (Array.isArray(v)) v.forEach((e, i) => walk(e, `${path} ${i + 1}`));
    else for (const [k, e] of Object.entries(v)) walk(e, path ? `${path} › ${k.replace(/^@/, '')}` : k.replace(/^@/, ''));
  };
  for (const [k, v] of Object.entries(values ?? {})) walk(v, prefix ? `${prefix} › ${k}` : k);
  return rows;
}

export const BASIC_LIMITS = {
  expiration: [60, 86_400],
  heartBeatInterval: [5, 3600],
  heartBeatCount: [1, 100],
} as const;

export type BasicField = 'name' | keyof typeof BASIC_LIMITS;
export type BasicProblem = { field: BasicField; kind: 'number'; min: number; max: number } | { field: 'name'; kind: 'name' };

/**
 * What the form would send: only fields changed from `current`, each checked. Problems name the field; an empty
 * change with no problems means nothing to send.
 */
export function basicParamChange(form: Record<BasicField, string>, current: Partial<Record<BasicField, string>>): { change: BasicParamInput; problems: BasicProblem[] } {
  const change: BasicParamInput = {};
  const problems: BasicProblem[] = [];
  const name = form.name.trim();
  if (name !== (current.name ?? '').trim()) {
    if (name.length === 0 || name.length > 64) problems.push({ field: 'name', kind: 'name' });
    else change.name = name;
  }
  for (const field of Object.keys(BASIC_LIMITS) as (keyof typeof BASIC_LIMITS)[]) {
    const text = form[field].trim();
    if (text === (current[field] ?? '').trim()) continue;
    const [min, max] = BASIC_LIMITS[field];
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min || n > max) problems.push({ field, kind: 'number', min, max });
    else change[field] = n;
  }
  return { change, problems };
}
