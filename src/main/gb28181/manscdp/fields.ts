// Lenient readers over decoded fields: absent or unreadable values come back undefined, never throw.
import { textOf, type XmlElement, type XmlNode } from './codec';

export function isElement(n: XmlNode | XmlNode[] | undefined): n is XmlElement {
  return n !== undefined && typeof n === 'object' && !Array.isArray(n);
}

/** Trimmed text of a child; undefined when absent. An empty element gives "". */
export function str(el: XmlElement | undefined, name: string): string | undefined {
  if (!el) return undefined;
  const t = textOf(el[name]);
  return t === undefined ? undefined : t.trim();
}

/** Like str, but "" counts as absent. */
export function optStr(el: XmlElement | undefined, name: string): string | undefined {
  const s = str(el, name);
  return s === '' ? undefined : s;
}

export function int(el: XmlElement | undefined, name: string): number | undefined {
  const s = str(el, name);
  if (!s || !/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

export function float(el: XmlElement | undefined, name: string): number | undefined {
  const s = str(el, name);
  if (!s) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!el) return undefined;
  const c = el[name];
  const first = Array.isArray(c) ? c[0] : c;
  return isElement(first) ? first : undefined;
}

/** All children with that name (a repeated element parses as an array). */
export function all(el: XmlElement | undefined, name: string): XmlNode[] {
  if (!el) return [];
  const c = el[name];
  return c === undefined ? [] : Array.isArray(c) ? c : [c];
}

export function attr(el: XmlElement | undefined, name: string): string | undefined {
  if (!el) return undefined;
  const a = el[`@${name}`];
  return typeof a === 'string' ? a.trim() : undefined;
}

/** Elements of a list such as <DeviceList Num="2"><Item>..</Item></DeviceList>; tolerant of several lists. */
export function listItems(el: XmlElement | undefined, listName: string, itemName = 'Item'): XmlElement[] {
  const out: XmlElement[] = [];
  for (const list of all(el, listName)) {
    if (!isElement(list)) continue;
    for (const item of all(list, itemName)) if (isElement(item)) out.push(item);
  }
  return out;
}

/** Text of every child not in `known`, for fields we do not model (vendor extensions, newer versions). */
export function otherText(el: XmlElement, known: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  // for-in, not Object.keys: no array of names made for every item of every catalog (the parsers make plain objects)
  for (const k in el) {
    if (known.has(k) || k.startsWith('@') || k === '#text') continue;
    const t = textOf(el[k]);
    if (t !== undefined && !isElement(Array.isArray(el[k]) ? (el[k] as XmlNode[])[0] : el[k])) out[k] = t.trim();
  }
  return out;
}

/** "OK" / "ERROR" result fields: true for OK (any case), false for anything else that is present. */
export function resultOk(el: XmlElement | undefined): boolean | undefined {
  const r = str(el, 'Result');
  return r === undefined ? undefined : r.toUpperCase() === 'OK';
}

export type Sn = string | number;
