// The DeviceConfig fields the console edits beyond BasicParam (GB/T 28181-2022 A.2.3.2), with the bounds a device
// takes. One table for the console's forms, the API's check and the simulator's answer.
import type { ConfigType, ConfigValue } from './types/control';

export type ConfigField =
  /** 0 off, 1 on. */
  | { name: string; kind: 'flag' }
  /** One of a few numbered values. */
  | { name: string; kind: 'choice'; choices: readonly number[] }
  | { name: string; kind: 'int'; min: number; max: number }
  | { name: string; kind: 'url'; max: number; optional: true }
  | { name: string; kind: 'text'; max: number; optional: true };

export const EDITABLE_CONFIG = {
  VideoRecordPlan: [
    { name: 'RecordEnable', kind: 'flag' },
    { name: 'StreamNumber', kind: 'choice', choices: [0, 1, 2] },
  ],
  VideoAlarmRecord: [
    { name: 'RecordEnable', kind: 'flag' },
    { name: 'RecordTime', kind: 'int', min: 1, max: 3600 },
    { name: 'PreRecordTime', kind: 'int', min: 0, max: 30 },
    { name: 'StreamNumber', kind: 'choice', choices: [0, 1, 2] },
  ],
  PictureMask: [{ name: 'On', kind: 'flag' }],
  /** 0 none, 1 left-right, 2 up-down, 3 both (centre). */
  FrameMirror: [{ name: 'FrameMirror', kind: 'choice', choices: [0, 1, 2, 3] }],
  AlarmReport: [
    { name: 'MotionDetection', kind: 'flag' },
    { name: 'FieldDetection', kind: 'flag' },
  ],
  OSDConfig: [
    { name: 'TimeEnable', kind: 'flag' },
    /** 0 YYYY-MM-DD, 1 MM-DD-YYYY, 2 DD-MM-YYYY (the time follows). */
    { name: 'TimeType', kind: 'choice', choices: [0, 1, 2] },
    { name: 'TimeX', kind: 'int', min: 0, max: 65_535 },
    { name: 'TimeY', kind: 'int', min: 0, max: 65_535 },
  ],
  SnapShotConfig: [
    { name: 'SnapNum', kind: 'int', min: 1, max: 10 },
    { name: 'Interval', kind: 'int', min: 1, max: 3600 },
    { name: 'UploadURL', kind: 'url', max: 256, optional: true },
    { name: 'SessionID', kind: 'text', max: 128, optional: true },
  ],
} as const satisfies Partial<Record<ConfigType, readonly ConfigField[]>>;

export type EditableConfigType = keyof typeof EDITABLE_CONFIG;

export function isEditableConfig(type: string): type is EditableConfigType {
  return Object.hasOwn(EDITABLE_CONFIG, type);
}

/** What is wrong with one field's value, in words a code can pick up: the form and the API word it. */
export type ConfigProblem =
  | { field: string; kind: 'flag' }
  | { field: string; kind: 'choice'; choices: readonly number[] }
  | { field: string; kind: 'int'; min: number; max: number }
  | { field: string; kind: 'url'; max: number }
  | { field: string; kind: 'text'; max: number }
  /** OSD position beyond the picture the device reported (Length x Width). */
  | { field: string; kind: 'position'; max: number };

export function fieldProblem(f: ConfigField, value: ConfigValue): ConfigProblem | null {
  return typeof value === 'string' && fieldOk(f, value.trim()) ? null : problemOf(f);
}

function fieldOk(f: ConfigField, v: string): boolean {
  const whole = /^\d+$/.test(v) ? Number(v) : Number.NaN;
  switch (f.kind) {
    case 'flag':
      return v === '0' || v === '1';
    case 'choice':
      return f.choices.includes(whole);
    case 'int':
      return whole >= f.min && whole <= f.max;
    case 'url':
      return v === '' || (v.length <= f.max && /^(https?|ftp):\/\/[^\s/]+\S*$/i.test(v));
    case 'text':
      return v.length <= f.max && !/[\u0000-\u001f<>&]/.test(v);
  }
}

function problemOf(f: ConfigField): ConfigProblem {
  switch (f.kind) {
    case 'flag':
      return { field: f.name, kind: 'flag' };
    case 'choice':
      return { field: f.name, kind: 'choice', choices: f.choices };
    case 'int':
      return { field: f.name, kind: 'int', min: f.min, max: f.max };
    case 'url':
    case 'text':
      return { field: f.name, kind: f.kind, max: f.max };
  }
}

/**
 * Problems of the editable fields present in `values` (others are left to the caller's generic bounds). `current`
 * is what the device reported, for rules across fields (the OSD time within the picture).
 */
export function configProblems(type: EditableConfigType, values: { [name: string]: ConfigValue }, current: { [name: string]: ConfigValue } = {}): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const f of EDITABLE_CONFIG[type] as readonly ConfigField[]) {
    const v = values[f.name];
    const p = v === undefined ? null : fieldProblem(f, v);
    if (p) problems.push(p);
  }
  if (type === 'OSDConfig') problems.push(...osdPosition(values, current));
  return problems;
}

function osdPosition(values: { [name: string]: ConfigValue }, current: { [name: string]: ConfigValue }): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  for (const [pos, size] of [
    ['TimeX', 'Length'],
    ['TimeY', 'Width'],
  ] as const) {
    const v = values[pos];
    const limit = Number(values[size] ?? current[size]);
    if (typeof v !== 'string' || !Number.isInteger(limit) || limit <= 0) continue;
    if (/^\d+$/.test(v.trim()) && Number(v) > limit) out.push({ field: pos, kind: 'position', max: limit });
  }
  return out;
}

/** A problem in English, for the API's error and the simulator's log. */
export function problemText(p: ConfigProblem): string {
  switch (p.kind) {
    case 'flag':
      return `${p.field} must be 0 or 1`;
    case 'choice':
      return `${p.field} must be one of ${p.choices.join(', ')}`;
    case 'int':
      return `${p.field} must be a whole number from ${p.min} to ${p.max}`;
    case 'url':
      return `${p.field} must be an http, https or ftp address of at most ${p.max} characters`;
    case 'text':
      return `${p.field} must be at most ${p.max} characters, without control characters or < > &`;
    case 'position':
      return `${p.field} must be within the picture (0-${p.max})`;
  }
}
