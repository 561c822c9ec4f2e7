// Parameter checks: small functions that take an untrusted value and return it typed, or throw a ParamError
// with a sentence the console can show as it is. A method's schema is one `object({...})` of them (schemas.ts).
import { reasonForBadDeviceId } from '../../gb28181/ids';
import { printable } from '../../gb28181/ids/validate';
import type { ServerText } from '../../../shared/texts';

export class ParamError extends Error {
  constructor(
    readonly field: string,
    message: string,
    /** The sentence as a code and parameters, when the console can word it in its language. */
    readonly text?: ServerText,
  ) {
    super(message);
    this.name = 'ParamError';
  }
}

/** Checks one value; `field` names it in the sentence. */
export type Check<T> = (value: unknown, field: string) => T;

function fail(field: string, message: string): never {
  throw new ParamError(field, message);
}

function shown(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(printable(v, 60)) : JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 80)}...` : s;
}

function absent(v: unknown): boolean {
  return v === undefined || v === null;
}

/** Non-empty text of at most `max` characters (trimmed first when `trim`). */
export function text(o: { max: number; trim?: boolean; missing?: string }): Check<string> {
  return (v, field) => {
    if (absent(v)) fail(field, o.missing ?? `${field} is missing`);
    if (typeof v !== 'string') fail(field, `${field} must be text; got ${shown(v)}`);
    const s = o.trim ? v.trim() : v;
    if (s === '') fail(field, o.missing ?? `${field} is missing`);
    if (s.length > o.max) fail(field, `${field} must be at most ${o.max} characters`);
    return s;
  };
}

export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER, missing?: string): Check<number> {
  return (v, field) => {
    if (absent(v)) fail(field, missing ?? `${field} is missing`);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      fail(field, `${field} must be a whole number from ${min} to ${max}; got ${shown(v)}`);
    }
    return v;
  };
}

/** A time in milliseconds since 1970. */
export const time: Check<number> = (v, field) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(field, `${field} must be a time in milliseconds since 1970; got ${shown(v)}`);
  return v;
};

export const bool: Check<boolean> = (v, field) => {
  if (typeof v !== 'boolean') fail(field, `${field} must be true or false; got ${shown(v)}`);
  return v;
};

export function oneOf<T extends string>(values: readonly T[]): Check<T> {
  const quoted = values.map((x) => `"${x}"`);
  const list = quoted.length === 2 ? quoted.join(' or ') : `one of ${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  return (v, field) => {
    if (typeof v !== 'string' || !values.includes(v as T)) fail(field, `${field} must be ${list}; got ${shown(v)}`);
    return v as T;
  };
}

/** Absent (undefined or null; also '' with `emptyIsAbsent`) gives undefined; anything else must pass `check`. */
export function optional<T>(check: Check<T>, o: { emptyIsAbsent?: boolean } = {}): Check<T | undefined> {
  return (v, field) => (absent(v) || (o.emptyIsAbsent && v === '') ? undefined : check(v, field));
}

/** null is a value of its own (e.g. "remove the device's own password"); undefined is absent. */
export function nullable<T>(check: Check<T>): Check<T | null | undefined> {
  return (v, field) => (v === undefined ? undefined : v === null ? null : check(v, field));
}

/**
 * A device's ID: 20 digits, the rule the registrar applies (docs/protocol.md §2), so no device the console can
 * know fails it.
 */
export const deviceId: Check<string> = (v, field) => {
  if (absent(v) || v === '') fail(field, `${field} is missing: the device's 20-digit ID`);
  if (typeof v !== 'string') fail(field, `${field} must be text; got ${shown(v)}`);
  const bad = reasonForBadDeviceId(v.trim());
  if (bad) fail(field, bad);
  return v.trim();
};

/** A channel ID as the device sent it in its catalog: digits and letters, at most 64 (usually 20 digits). */
export const channelId: Check<string> = (v, field) => {
  if (absent(v) || v === '') fail(field, `${field} is missing: the channel's ID from the device's catalog`);
  if (typeof v !== 'string') fail(field, `${field} must be text; got ${shown(v)}`);
  const s = v.trim();
  if (!/^[0-9A-Za-z]{1,64}$/.test(s)) fail(field, `${field} ${shown(s)} is not a GB/T 28181 ID (digits and letters, usually 20 digits)`);
  return s;
};

type Shape<S> = { [K in keyof S]-?: Check<S[K]> };
/** A rule across fields: a [field, sentence] pair when broken, else null. */
export type CrossRule<S> = (p: S) => [string, string] | null;

/**
 * The params object of a method: each known field checked, unknown fields dropped, then the cross-field rules.
 * Absent params are an empty object.
 */
export function object<S extends object>(shape: Shape<S>, ...rules: NoInfer<CrossRule<S>>[]): Check<S> {
  return (v) => {
    const input = absent(v) ? {} : v;
    if (typeof input !== 'object' || Array.isArray(input)) fail('params', 'params must be a JSON object');
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(shape) as Array<keyof S & string>) {
      const value = shape[key](Object.prototype.hasOwnProperty.call(input, key) ? (input as Record<string, unknown>)[key] : undefined, key);
      if (value !== undefined) out[key] = value;
    }
    for (const rule of rules) {
      const broken = rule(out as S);
      if (broken) fail(broken[0], broken[1]);
    }
    return out as S;
  };
}

/** A plain JSON object whose fields the method's own service checks (settings.update names unknown settings). */
export const anyObject: Check<Record<string, unknown>> = (v) => {
  if (absent(v)) return {};
  if (typeof v !== 'object' || Array.isArray(v)) fail('params', 'params must be a JSON object');
  return v as Record<string, unknown>;
};
