// GB/T 28181 20-digit codes (Annex D / E): centre 8 + industry 2 + type 3 + network 1 + serial 6.

const GB_ID = /^\d{20}$/;
const CIVIL_CODE = /^(?:\d{2}|\d{4}|\d{6}|\d{8})$/;

export function isGbId(s: unknown): boolean {
  return typeof s === 'string' && GB_ID.test(s);
}

/** Digits 11-13, e.g. "132" for an IPC; undefined when `id` is not a 20-digit ID. */
export function typeCode(id: string): string | undefined {
  return isGbId(id) ? id.slice(10, 13) : undefined;
}

/** The SIP domain an ID belongs to: its first 10 digits. */
export function domainOf(id: string): string | undefined {
  return isGbId(id) ? id.slice(0, 10) : undefined;
}

/** Administrative-division codes used as catalog tree nodes: 2, 4, 6 or 8 digits. */
export function isCivilCode(s: unknown): boolean {
  return typeof s === 'string' && CIVIL_CODE.test(s);
}

export type IdKind = 'gb-id' | 'civil-code' | 'other';

export function idKind(s: string): IdKind {
  if (isGbId(s)) return 'gb-id';
  if (isCivilCode(s)) return 'civil-code';
  return 'other';
}
