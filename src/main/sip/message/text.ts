// Small lexical helpers shared by the header parsers (RFC 3261 §25.1: token, quoted-string, LWS).

/** 1 for the characters of a token: A-Z a-z 0-9 - . ! % * _ + ` ' ~ */
const TOKEN_CHAR = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.!%*_+`'~") TOKEN_CHAR[c.charCodeAt(0)] = 1;

/** What /^[A-Za-z0-9\-.!%*_+`'~]+$/ tests, without a call into the regular expression engine (every header name asks). */
export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TOKEN_CHAR[c] === 0) return false;
  }
  return true;
}

/** Whether a CR or LF is in `s` (two scans, without a regular expression's call into the engine). */
export function hasLineBreak(s: string): boolean {
  return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
}

/** Whether code unit `c` is printable ASCII other than SP (0x21-0x7e). */
export function isPrintableAscii(c: number): boolean {
  return c > 0x20 && c < 0x7f;
}

/** What /[\x00-\x1f\x7f]/ tests. */
export function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** Whether code unit `c` is one /\s/ matches (ECMAScript WhiteSpace and LineTerminator). */
export function isSpaceCode(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Whether `s` is 1 to `max` ASCII digits (what /^\d{1,max}$/ tests). */
export function isDigits(s: string, max: number): boolean {
  if (s.length === 0 || s.length > max) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** Remove the quotes and backslash escapes of a quoted-string; other text is returned trimmed. */
export function unquote(s: string): string {
  const t = s.trim();
  if (t.length < 2 || t[0] !== '"' || t[t.length - 1] !== '"') return t;
  const inner = t.slice(1, -1);
  return inner.includes('\\') ? inner.replace(/\\(.)/g, '$1') : inner;
}

/** Quote a string as a quoted-string, escaping backslash and double quote. */
export function quote(s: string): string {
  return '"' + s.replace(/[\\"]/g, '\\$&').replace(/[\r\n]/g, ' ') + '"';
}

/** Index just past the quoted-string that opens at `start` (s[start] === '"'); s.length if unterminated. */
export function skipQuoted(s: string, start: number): number {
  let i = start + 1;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 0x5c /* \ */) i += 2;
    else if (c === 0x22 /* " */) return i + 1;
    else i++;
  }
  return s.length;
}

/**
 * Split on `sep` outside quoted strings and <...> (RFC 3261 §7.3.1 list headers; also used for ';' params).
 * Empty items are dropped.
 */
export function splitTopLevel(s: string, sep: string): string[] {
  if (!s.includes(sep)) {
    const t = s.trim();
    return t ? [t] : [];
  }
  const out: string[] = [];
  const sepCode = sep.charCodeAt(0);
  let depth = 0;
  let from = 0;
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 0x22) {
      i = skipQuoted(s, i);
      continue;
    }
    if (c === 0x3c /* < */) depth++;
    else if (c === 0x3e /* > */ && depth > 0) depth--;
    else if (c === sepCode && depth === 0) {
      const item = s.slice(from, i).trim();
      if (item) out.push(item);
      from = i + 1;
    }
    i++;
  }
  const last = s.slice(from).trim();
  if (last) out.push(last);
  return out;
}
