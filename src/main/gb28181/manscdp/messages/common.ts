import type { DecodedBody, ManscdpDoc } from '../codec';
import { resultOk, str } from '../fields';
import type { ManscdpRoot } from '../names';
import type { XmlObject } from '../xml-write';
import type { Sn } from '../fields';

/** How a device's times are read: its zone for times without a suffix (default the console's). */
export interface TimeOptions {
  timeZone?: string;
}

export function doc(root: ManscdpRoot, cmdType: string, sn: Sn, deviceId: string, rest: XmlObject = {}): ManscdpDoc {
  return { root, body: { CmdType: cmdType, SN: String(sn), DeviceID: deviceId, ...rest } };
}

/** A query with only the header, e.g. DeviceInfo, DeviceStatus, Catalog, PresetQuery. */
export function buildQuery(cmdType: string, sn: Sn, deviceId: string, rest: XmlObject = {}): ManscdpDoc {
  return doc('Query', cmdType, sn, deviceId, rest);
}

/** <Response> with <Result>OK|ERROR</Result>: answers to Record/Guard/Alarm/HomePosition/config, Alarm notify. */
export function buildResultResponse(
  cmdType: string,
  sn: Sn,
  deviceId: string,
  ok: boolean,
  reason?: string,
): ManscdpDoc {
  return doc('Response', cmdType, sn, deviceId, { Result: ok ? 'OK' : 'ERROR', Reason: ok ? undefined : reason });
}

export interface ResultResponse {
  cmdType: string;
  sn: string;
  deviceId: string;
  /** undefined when no <Result> was present. */
  ok?: boolean;
  result?: string;
  reason?: string;
}

export function parseResultResponse(m: DecodedBody): ResultResponse {
  const out: ResultResponse = { cmdType: m.cmdType, sn: m.sn, deviceId: m.deviceId };
  const ok = resultOk(m.fields);
  if (ok !== undefined) out.ok = ok;
  const result = str(m.fields, 'Result');
  if (result !== undefined) out.result = result;
  const reason = str(m.fields, 'Reason');
  if (reason) out.reason = reason;
  return out;
}

/** Splits a list into pages of at most `size` (at least one page, possibly empty). */
export function pages<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`page size must be a positive integer; got ${size}`);
  if (items.length === 0) return [[]];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Writes a boolean as the 1/0 GB uses for Parental, Secrecy and the like. */
export const flag = (b: boolean | undefined) => (b === undefined ? undefined : b ? '1' : '0');

/** Reads a 1/0 (or true/false, yes/no) flag. */
export function parseFlag(s: string | undefined): boolean | undefined {
  if (s === undefined) return undefined;
  const v = s.trim().toLowerCase();
  if (v === '1' || v === 'true' || v === 'yes') return true;
  if (v === '0' || v === 'false' || v === 'no') return false;
  return undefined;
}
