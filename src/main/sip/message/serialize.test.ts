import { describe, expect, it } from 'vitest';
import { parseMessage } from './parse';
import { serializeMessage } from './serialize';
import type { SipMessage } from './types';
import { CATALOG_MESSAGE, CATALOG_MESSAGE_NO_LENGTH, REGISTER_WITH_AUTH } from './testing/samples';

function parsed(input: Buffer | string): SipMessage {
  const r = parseMessage(Buffer.isBuffer(input) ? input : Buffer.from(input));
  if (!r.ok) throw new Error(r.error.reason);
  return r.message;
}

describe('serializeMessage', () => {
  it('writes the typical REGISTER back byte for byte', () => {
    expect(serializeMessage(parsed(REGISTER_WITH_AUTH)).toString()).toBe(REGISTER_WITH_AUTH);
  });

  it('writes the GB2312 Catalog MESSAGE back byte for byte', () => {
    expect(serializeMessage(parsed(CATALOG_MESSAGE)).equals(CATALOG_MESSAGE)).toBe(true);
  });

  it('adds Content-Length when absent and sets it to the body length', () => {
    const m = parsed(CATALOG_MESSAGE_NO_LENGTH);
    const wire = serializeMessage(m).toString('latin1');
    expect(wire).toContain('\r\nContent-Length: ' + m.body.length + '\r\n\r\n');
    m.body = Buffer.from('xyz');
    m.headers.push({ name: 'l', value: '999' });
    const again = serializeMessage(m).toString('latin1');
    expect(again.match(/Content-Length/g)).toHaveLength(1);
    expect(again).toContain('Content-Length: 3\r\n\r\nxyz');
  });

  it('canonical names, CRLF line ends, single-line values', () => {
    const wire = serializeMessage(
      parsed(
        'SIP/2.0 200 OK\nv: SIP/2.0/UDP h;branch=z9hG4bK1\nf: <sip:a@b>;tag=1\nt: <sip:a@b>;tag=2\ni: x\ncseq: 1 MESSAGE\nsubject: a\n b\n\n',
      ),
    ).toString();
    expect(wire).toBe(
      'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: x\r\nCSeq: 1 MESSAGE\r\nSubject: a b\r\nContent-Length: 0\r\n\r\n',
    );
  });

  it('never lets a value or reason break a line', () => {
    const m: SipMessage = { kind: 'response', status: 400, reason: 'bad\r\nX: y', headers: [{ name: 'Warning', value: '399 h "a\nb"' }], body: Buffer.alloc(0) };
    const wire = serializeMessage(m).toString();
    expect(wire.split('\r\n')).toEqual(['SIP/2.0 400 bad X: y', 'Warning: 399 h "a b"', 'Content-Length: 0', '', '']);
  });

  it('round-trips: parse(serialize(m)) equals m', () => {
    for (const input of [REGISTER_WITH_AUTH, CATALOG_MESSAGE, CATALOG_MESSAGE_NO_LENGTH]) {
      const m = parsed(input);
      const again = parsed(serializeMessage(m));
      expect(again.headers.filter((h) => h.name !== 'Content-Length')).toEqual(m.headers.filter((h) => h.name !== 'Content-Length'));
      expect(again.body.equals(m.body)).toBe(true);
      expect(again.kind).toBe(m.kind);
    }
  });
});
