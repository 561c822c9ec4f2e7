import { describe, expect, it } from 'vitest';
import { createRequest, createResponse } from './build';
import { appendHeader, getHeader, getHeaders, getToTag, HeaderLine, prependHeader, setHeader } from './headers';
import { parseMessage } from './parse';
import { serializeMessage } from './serialize';
import type { SipRequest } from './types';
import { reasonPhrase } from './reason';

const invite: SipRequest = {
  kind: 'request',
  method: 'INVITE',
  uri: 'sip:34020000001320000001@10.0.0.7:5060',
  headers: [
    { name: 'Via', value: 'SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKa, SIP/2.0/UDP 10.0.0.2;branch=z9hG4bKb' },
    { name: 'Via', value: 'SIP/2.0/TCP 10.0.0.3;branch=z9hG4bKc' },
    { name: 'From', value: '<sip:34020000002000000001@3402000000>;tag=f1' },
    { name: 'To', value: '<sip:34020000001320000001@3402000000>' },
    { name: 'Call-ID', value: 'call-1' },
    { name: 'CSeq', value: '20 INVITE' },
    { name: 'Timestamp', value: '54' },
    { name: 'Subject', value: '34020000001320000001:0200000001,34020000002000000001:0' },
  ],
  body: Buffer.from('v=0\r\n'),
};

describe('createResponse (RFC 3261 §8.2.6)', () => {
  it('copies Vias in order, From, To, Call-ID, CSeq and adds the To tag', () => {
    const res = createResponse(invite, 200, undefined, { toTag: 't9', headers: [{ name: 'c', value: 'application/sdp' }], body: Buffer.from('v=0') });
    expect(res.reason).toBe('OK');
    expect(res.headers.map((h) => h.name)).toEqual(['Via', 'Via', 'From', 'To', 'Call-ID', 'CSeq', 'Content-Type', 'Content-Length']);
    expect(getHeaders(res, 'Via')).toHaveLength(3);
    expect(getHeader(res, 'To')).toBe('<sip:34020000001320000001@3402000000>;tag=t9');
    expect(getHeader(res, 'Content-Length')).toBe('3');
    expect(getHeader(res, 'Subject')).toBeUndefined();
    const reparsed = parseMessage(serializeMessage(res));
    expect(reparsed.ok).toBe(true);
  });

  it("puts Content-Length where a caller's own Content-Length was (any spelling), with the body's length, else last", () => {
    for (const name of ['Content-Length', 'content-length', 'l', 'L']) {
      const res = createResponse(invite, 200, undefined, { headers: [{ name, value: '99' }, { name: 'Server', value: 's' }, { name, value: '1' }], body: Buffer.from('v=0') });
      expect(res.headers.map((h) => [h.name, h.value]).slice(-2)).toEqual([['Content-Length', '3'], ['Server', 's']]);
    }
    const plain = createResponse(invite, 486);
    expect(plain.headers.map((h) => [h.name, h.value]).slice(-2)).toEqual([['CSeq', '20 INVITE'], ['Content-Length', '0']]);
  });

  it('keeps an existing To tag', () => {
    const inDialog = { ...invite, headers: invite.headers.map((h) => (h.name === 'To' ? { ...h, value: h.value + ';tag=old' } : h)) };
    expect(getToTag(createResponse(inDialog, 200, 'OK', { toTag: 'new' }))).toBe('old');
  });

  it('100 Trying: no tag unless given, Timestamp copied', () => {
    const trying = createResponse(invite, 100);
    expect(trying.reason).toBe('Trying');
    expect(getToTag(trying)).toBeUndefined();
    expect(getHeader(trying, 'Timestamp')).toBe('54');
    expect(getHeader(createResponse(invite, 180), 'Timestamp')).toBeUndefined();
  });

  it('answers a parse error from its partial, reason naming the fault', () => {
    const r = parseMessage(Buffer.from('MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCSeq: 1 MESSAGE\r\n\r\n'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const res = createResponse(r.error.partial!, r.error.status, r.error.reason, { toTag: 'z' });
    const wire = serializeMessage(res).toString();
    expect(wire.startsWith('SIP/2.0 400 missing Call-ID header\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n')).toBe(true);
    expect(wire).toContain('To: <sip:a@b>;tag=z\r\n');
  });

  it('falls back to the default phrase for an empty reason', () => {
    expect(createResponse(invite, 486, '\r\n').reason).toBe('Busy Here');
    expect(reasonPhrase(499)).toBe('Client Error');
    expect(reasonPhrase(513)).toBe('Message Too Large');
  });
});

describe('createRequest', () => {
  it('canonical names, Max-Forwards 70 by default, Content-Length of the body', () => {
    const req = createRequest({
      method: 'MESSAGE',
      uri: { scheme: 'sip', user: '34020000001320000001', host: '10.0.0.7', port: 5060, params: {}, headers: {} },
      headers: [{ name: 'v', value: 'SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKq' }, { name: 'i', value: 'c' }],
      body: Buffer.from('<x/>'),
    });
    expect(req.uri).toBe('sip:34020000001320000001@10.0.0.7:5060');
    expect(req.headers.map((h) => h.name)).toEqual(['Via', 'Call-ID', 'Max-Forwards', 'Content-Length']);
    expect(getHeader(req, 'Max-Forwards')).toBe('70');
    expect(getHeader(req, 'Content-Length')).toBe('4');
    const keep = createRequest({ method: 'ACK', uri: 'sip:a@b', headers: [{ name: 'Max-Forwards', value: '10' }] });
    expect(getHeader(keep, 'Max-Forwards')).toBe('10');
    expect(keep.body.length).toBe(0);
  });
});

describe("built messages have the parser's shape", () => {
  // One object layout per kind for the code that reads messages: V8 deoptimises code that met only parsed
  // messages when a built one arrives with other fields or plain-object header fields.
  const shape = (m: object) => Object.keys(m).join(',');

  it("a built request has a parsed request's fields, in order, and HeaderLine fields", () => {
    const headers = ['From: <sip:a@b>;tag=1', 'To: <sip:c@d>', 'Call-ID: x', 'CSeq: 1 MESSAGE'].map((l) => ({ name: l.split(': ')[0], value: l.split(': ')[1] }));
    const built = createRequest({ method: 'MESSAGE', uri: 'sip:c@d', headers });
    setHeader(built, 'Expires', '0');
    appendHeader(built, 'Subject', 's');
    prependHeader(built, 'Via', 'SIP/2.0/UDP h;branch=z9hG4bK1');
    const parsed = parseMessage(serializeMessage(built));
    if (!parsed.ok) throw new Error(parsed.error.reason);
    expect(shape(built)).toBe(shape(parsed.message));
    for (const f of built.headers) expect(f).toBeInstanceOf(HeaderLine);
  });

  it("a built response has a parsed response's fields, in order, and HeaderLine fields", () => {
    const built = createResponse(invite, 100, undefined, { headers: [{ name: 'Server', value: 's' }] });
    const parsed = parseMessage(serializeMessage(built));
    if (!parsed.ok) throw new Error(parsed.error.reason);
    expect(shape(built)).toBe(shape(parsed.message));
    for (const f of built.headers) expect(f).toBeInstanceOf(HeaderLine);
  });
});
