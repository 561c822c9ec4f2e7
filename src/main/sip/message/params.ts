import type { Params } from './types';
import { isSpaceCode, splitTopLevel } from './text';

/**
 * Parse `;name=value;flag` parameters (the leading ';' is optional). Names are lower-cased (they are
 * case-insensitive); values are kept as sent, quotes included, so formatting reproduces them. A flag
 * parameter has the value null.
 */
export function parseParams(s: string): Params {
  const params: Params = {};
  if (s.indexOf('"') >= 0 || s.indexOf('<') >= 0) {
    // A ';' inside a quoted string or <...> does not separate parameters.
    for (const item of splitTopLevel(s, ';')) addParam(params, item, 0, item.length);
    return params;
  }
  for (let from = 0; from <= s.length; ) {
    let semi = s.indexOf(';', from);
    if (semi < 0) semi = s.length;
    addParam(params, s, from, semi);
    from = semi + 1;
  }
  return params;
}

/** The parameter written in s[from, to), blanks around it, its name and its value ignored; nothing when blank. */
function addParam(params: Params, s: string, from: number, to: number): void {
  while (from < to && isSpaceCode(s.charCodeAt(from))) from++;
  while (to > from && isSpaceCode(s.charCodeAt(to - 1))) to--;
  if (from === to) return;
  const eq = s.indexOf('=', from);
  if (eq < 0 || eq >= to) {
    params[s.slice(from, to).toLowerCase()] = null;
    return;
  }
  let nameEnd = eq;
  while (nameEnd > from && isSpaceCode(s.charCodeAt(nameEnd - 1))) nameEnd--;
  if (nameEnd === from) return;
  let valueFrom = eq + 1;
  while (valueFrom < to && isSpaceCode(s.charCodeAt(valueFrom))) valueFrom++;
  params[s.slice(from, nameEnd).toLowerCase()] = s.slice(valueFrom, to);
}

/** `;a=b;c` from params (empty string for none). */
export function formatParams(params: Params): string {
  let out = '';
  for (const name of Object.keys(params)) {
    const value = params[name];
    out += value === null || value === undefined ? ';' + name : ';' + name + '=' + value;
  }
  return out;
}
