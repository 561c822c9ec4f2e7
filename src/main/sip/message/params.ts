import type { Params } from './types';
import { splitTopLevel } from './text';

/**
 * Parse `;name=value;flag` parameters (the leading ';' is optional). Names are lower-cased (they are
 * case-insensitive); values are kept as sent, quotes included, so formatting reproduces them. A flag
 * parameter has the value null.
 */
export function parseParams(s: string): Params {
  const params: Params = {};
  for (const item of splitTopLevel(s, ';')) {
    const eq = item.indexOf('=');
    if (eq < 0) params[item.toLowerCase()] = null;
    else {
      const name = item.slice(0, eq).trim().toLowerCase();
      if (name) params[name] = item.slice(eq + 1).trim();
    }
  }
  return params;
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
