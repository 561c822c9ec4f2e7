import { describe, expect, it } from 'vitest';
import { formatVia, parseMessage, splitTopLevel, viasOfField } from '../message';
import type { SipAddress, SipRequest } from '../message/types';
import { stampReceived } from './via-stamp';

/** The stamp as first written: a spread copy of the top Via, the field split and joined again. */
function reference(req: SipRequest, source: SipAddress): boolean {
  const idx = req.headers.findIndex((h) => h.name === 'Via');
  if (idx < 0) return false;
  const field = req.headers[idx];
  const vias = viasOfField(field);
  const top = vias[0];
  if (!top) return false;
  const via = { ...top, params: { ...top.params } };
  const asksRport = 'rport' in via.params;
  if (via.host !== source.address || asksRport) via.params.received = source.address;
  if (asksRport) via.params.rport = String(source.port);
  const parts = splitTopLevel(field.value, ',');
  parts[0] = formatVia(via);
  req.headers[idx] = { name: 'Via', value: parts.join(', ') };
  return true;
}

function request(vias: string[]): SipRequest {
  const r = parseMessage(Buffer.from(`OPTIONS sip:a@b SIP/2.0\r\n${vias.map((v) => `Via: ${v}\r\n`).join('')}From: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n`));
  if (!r.ok || r.message.kind !== 'request') throw new Error('sample does not parse');
  return r.message;
}

describe('stampReceived', () => {
  it('writes what the spread-and-split stamp wrote, and later readers see the stamped Via', () => {
    const params = ['', ';rport', ';branch=z9hG4bK1;rport', ';RPORT=5;Branch=z9hG4bKa', ';received=1.2.3.4;rport', ';__proto__;branch=z9hG4bK2', ';constructor=x;5=y;rport', ';maddr=a;ttl=1', ';lr;x="a;b"'];
    const hosts = ['10.0.0.7:5060', '127.0.0.1', '[2001:db8::1]:5070', 'cam.local'];
    const sources: SipAddress[] = [
      { transport: 'UDP', address: '127.0.0.1', port: 15299 },
      { transport: 'UDP', address: '10.0.0.7', port: 5060 },
    ];
    let n = 0;
    for (const p of params) {
      for (const h of hosts) {
        for (const extra of [[], ['SIP/2.0/UDP proxy:5060;branch=z9hG4bKp'], ['SIP/2.0/TCP p2;rport, SIP/2.0/UDP p3']]) {
          for (const src of sources) {
            const top = `SIP/2.0/UDP ${h}${p}`;
            // the top Via alone, the top Via with others in its own field, and in fields of their own
            for (const fields of [[top, ...extra], [[top, ...extra].join(', ')]]) {
              const a = request(fields);
              const b = request(fields);
              expect(stampReceived(a, src)).toBe(reference(b, src));
              expect(a.headers.map((f) => [f.name, f.value])).toEqual(b.headers.map((f) => [f.name, f.value]));
              // the parsed form kept on the new field is what parsing its value gives
              expect(viasOfField(a.headers[0])).toEqual(viasOfField({ name: 'Via', value: a.headers[0].value }));
              n++;
            }
          }
        }
      }
    }
    expect(n).toBe(params.length * hosts.length * 3 * 2 * 2);
  });
});
