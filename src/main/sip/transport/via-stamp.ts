import type { Params, SipAddress, SipRequest, SipResponse } from '../message/types';
import { formatVia, getTopVia, splitTopLevel, viaFieldParsed, viasOfField } from '../message';

/**
 * RFC 3261 §18.2.1 + RFC 3581 §4: on receipt of a request, record where it really came from in the top Via
 * (received= when the host differs or rport was asked for; rport=<source port> when asked for).
 * Returns false when there is no readable top Via.
 */
export function stampReceived(req: SipRequest, source: SipAddress): boolean {
  const headers = req.headers;
  let idx = 0;
  while (idx < headers.length && headers[idx].name !== 'Via') idx++;
  if (idx === headers.length) return false;
  const field = headers[idx];
  // the sanity rules already parsed this field; change a copy
  const vias = viasOfField(field);
  const top = vias[0];
  if (!top) return false;
  // copied key by key: a spread of a parsed params object measured about ten times slower (0.65 µs against 0.05)
  const params: Params = {};
  for (const name in top.params) params[name] = top.params[name];
  const via = { ...top, params };
  const asksRport = 'rport' in via.params;
  if (via.host !== source.address || asksRport) via.params.received = source.address;
  if (asksRport) via.params.rport = String(source.port);
  const stamped = formatVia(via);
  if (vias.length === 1) {
    // viasOfField split this very value: with one Via in it, the value is that Via alone
    headers[idx] = viaFieldParsed(stamped, [via]);
    return true;
  }
  const parts = splitTopLevel(field.value, ',');
  parts[0] = stamped;
  headers[idx] = viaFieldParsed(parts.join(', '), [via, ...vias.slice(1)]);
  return true;
}

/** RFC 3261 §18.2.2 fallback when the stream a request came on has closed: received (or sent-by) at the Via port. */
export function responseFallback(res: SipResponse, source: SipAddress): SipAddress | undefined {
  if (source.transport !== 'TCP') return undefined;
  const via = getTopVia(res);
  if (!via) return undefined;
  return { transport: 'TCP', address: via.params.received ?? via.host, port: via.port ?? 5060 };
}
