import type { NameAddr } from './types';
import { formatParams, parseParams } from './params';
import { quote, skipQuoted, splitTopLevel, unquote } from './text';
import { formatUri, parseUri } from './uri';

/**
 * Parse a name-addr or addr-spec with header parameters (From, To, Contact, Route, Record-Route; RFC 3261 §20.10):
 * `"Display \"x\"" <sip:u@h;uriparam>;tag=1` or `Display <sip:...>` or a bare `sip:u@h;tag=1`, where in the
 * bare form every ';' parameter belongs to the header, not the URI. undefined when malformed (or "*").
 */
export function parseNameAddr(text: string): NameAddr | undefined {
  const s = text.trim();
  let displayName: string | undefined;
  let i = 0;
  if (s.startsWith('"')) {
    const end = skipQuoted(s, 0);
    if (s[end - 1] !== '"' || end < 2) return undefined;
    displayName = unquote(s.slice(0, end));
    i = end;
  }
  const lt = s.indexOf('<', i);
  if (lt >= 0) {
    const before = s.slice(i, lt).trim();
    if (displayName === undefined && before) displayName = before;
    else if (before) return undefined;
    const gt = s.indexOf('>', lt);
    if (gt < 0) return undefined;
    const uri = parseUri(s.slice(lt + 1, gt));
    if (!uri) return undefined;
    const tail = s.slice(gt + 1).trim();
    if (tail && (!tail.startsWith(';') || hasTopLevelComma(tail))) return undefined;
    const na: NameAddr = { uri, params: parseParams(tail) };
    if (displayName !== undefined) na.displayName = displayName;
    return na;
  }
  if (displayName !== undefined) return undefined;
  const semi = s.indexOf(';');
  const uri = parseUri(semi < 0 ? s : s.slice(0, semi));
  if (!uri || (semi >= 0 && hasTopLevelComma(s.slice(semi)))) return undefined;
  return { uri, params: semi < 0 ? {} : parseParams(s.slice(semi)) };
}

/**
 * True when the value has the shape of a name-addr or addr-spec whose URI has a scheme other than sip, sips
 * or tel (e.g. `To: isbn:2983792873`, RFC 4475 §3.1.1.12). Such headers are legal; parseNameAddr cannot
 * represent them, so they carry no tag we can read.
 */
export function isForeignSchemeNameAddr(text: string): boolean {
  const s = text.trim();
  const lt = s.lastIndexOf('<');
  let uri: string;
  if (lt >= 0) {
    const gt = s.indexOf('>', lt);
    if (gt < 0) return false;
    uri = s.slice(lt + 1, gt);
  } else {
    const semi = s.indexOf(';');
    uri = semi < 0 ? s : s.slice(0, semi);
  }
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):[^\s<>"]+$/.exec(uri.trim());
  return m !== null && !['sip', 'sips', 'tel'].includes(m[1].toLowerCase());
}

/** A comma outside quotes means a second value in a header that takes one (From, To) or a bad list split. */
function hasTopLevelComma(params: string): boolean {
  return params.includes(',') && splitTopLevel(params, ',').length > 1;
}

/** Always writes the URI in <> so URI parameters never mix with header parameters. */
export function formatNameAddr(na: NameAddr): string {
  const name = na.displayName !== undefined && na.displayName !== '' ? quote(na.displayName) + ' ' : '';
  return name + '<' + formatUri(na.uri) + '>' + formatParams(na.params);
}
