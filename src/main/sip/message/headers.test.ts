import { describe, expect, it } from 'vitest';
import type { SipRequest } from './types';
import {
  appendHeader,
  formatWarning,
  getContentLength,
  getCSeq,
  getExpires,
  getFrom,
  getHeader,
  getHeaderFields,
  getRequestUri,
  getHeaders,
  getMaxForwards,
  getTo,
  getToTag,
  getTopVia,
  getVias,
  hasHeader,
  prependHeader,
  removeHeader,
  setHeader,
} from './headers';
import { formatUri, parseUri } from './uri';
import { formatVia, parseVia } from './via';
import { formatNameAddr, parseNameAddr } from './name-addr';
import { formatCSeq, parseCSeq } from './cseq';
import { formatParams, parseParams } from './params';
import { formatChallenge, formatCredentials, parseAuthParams } from './auth';
import { canonicalHeaderName, isListHeader } from './names';

function msg(headers: [string, string][]): SipRequest {
  return { kind: 'request', method: 'OPTIONS', uri: 'sip:a@b', headers: headers.map(([name, value]) => ({ name, value })), body: Buffer.alloc(0) };
}

describe('header names', () => {
  it.each([
    ['i', 'Call-ID'], ['m', 'Contact'], ['f', 'From'], ['t', 'To'], ['v', 'Via'], ['l', 'Content-Length'],
    ['c', 'Content-Type'], ['k', 'Supported'], ['s', 'Subject'], ['e', 'Content-Encoding'], ['o', 'Event'],
    ['u', 'Allow-Events'], ['I', 'Call-ID'], ['call-id', 'Call-ID'], ['CSEQ', 'CSeq'], ['www-authenticate', 'WWW-Authenticate'],
    ['max-forwards', 'Max-Forwards'], ['x-gb-ver', 'X-GB-Ver'], ['X-Odd-Name', 'X-Odd-Name'], ['x-odd-name', 'x-odd-name'],
  ])('%s -> %s', (given, canonical) => expect(canonicalHeaderName(given)).toBe(canonical));

  it('knows list headers by any spelling', () => {
    expect(isListHeader('v')).toBe(true);
    expect(isListHeader('record-route')).toBe(true);
    expect(isListHeader('Date')).toBe(false);
    expect(isListHeader('WWW-Authenticate')).toBe(false);
  });
});

describe('accessors', () => {
  it('get by any spelling, split list headers only', () => {
    const m = msg([
      ['Via', 'SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2'],
      ['Via', 'SIP/2.0/UDP c;branch=z9hG4bK3'],
      ['Date', 'Tue, 20 Aug 2024 07:18:42 GMT'],
      ['Allow', 'INVITE, ACK,BYE'],
      ['X-Thing', 'a, b'],
    ]);
    expect(getHeaders(m, 'v')).toHaveLength(3);
    expect(getHeader(m, 'VIA')).toBe('SIP/2.0/UDP a;branch=z9hG4bK1');
    expect(getHeader(m, 'date')).toBe('Tue, 20 Aug 2024 07:18:42 GMT');
    expect(getHeaders(m, 'Allow')).toEqual(['INVITE', 'ACK', 'BYE']);
    expect(getHeaders(m, 'x-thing')).toEqual(['a, b']);
    expect(getHeader(m, 'Missing')).toBeUndefined();
    expect(hasHeader(m, 'ALLOW')).toBe(true);
  });

  it('setHeader replaces every field at the first position; append, prepend and remove', () => {
    const m = msg([['Via', 'v1'], ['Expires', '1'], ['i', 'c'], ['expires', '2']]);
    setHeader(m, 'EXPIRES', '3600');
    expect(m.headers).toEqual([{ name: 'Via', value: 'v1' }, { name: 'Expires', value: '3600' }, { name: 'i', value: 'c' }]);
    setHeader(m, 'Call-ID', 'new');
    expect(m.headers[2]).toEqual({ name: 'Call-ID', value: 'new' });
    prependHeader(m, 'v', 'v0');
    expect(getHeaders(m, 'Via')).toEqual(['v0', 'v1']);
    appendHeader(m, 'x-gb-ver', '3.0');
    expect(m.headers[m.headers.length - 1]).toEqual({ name: 'X-GB-Ver', value: '3.0' });
    expect(removeHeader(m, 'via')).toBe(2);
    expect(hasHeader(m, 'Via')).toBe(false);
    prependHeader(m, 'Via', 'first');
    expect(m.headers[0].name).toBe('Via');
  });

  it('values never carry a line break into the message', () => {
    const m = msg([]);
    setHeader(m, 'Subject', 'a\r\nVia: injected');
    expect(getHeader(m, 'Subject')).toBe('a Via: injected');
  });

  it('numeric getters', () => {
    const m = msg([['l', '12'], ['Max-Forwards', '70'], ['Expires', '3600']]);
    expect(getContentLength(m)).toBe(12);
    expect(getMaxForwards(m)).toBe(70);
    expect(getExpires(m)).toBe(3600);
    expect(getContentLength(msg([['Content-Length', '-1']]))).toBeUndefined();
    expect(getToTag(msg([['To', '<sip:a@b>']]))).toBeUndefined();
  });

  it('formats a Warning', () => {
    expect(formatWarning(399, '10.0.0.1:5060', 'missing "Call-ID"')).toBe('399 10.0.0.1:5060 "missing \\"Call-ID\\""');
  });
});

describe('parsed headers are remembered per field', () => {
  it('parses once and returns the same object while the field stands', () => {
    const m = msg([['Via', 'SIP/2.0/UDP a;branch=z9hG4bK1'], ['From', '<sip:1@d>;tag=x'], ['CSeq', '2 OPTIONS']]);
    expect(getTopVia(m)).toBe(getTopVia(m));
    expect(getVias(m)![0]).toBe(getTopVia(m));
    expect(getFrom(m)).toBe(getFrom(m));
    expect(getCSeq(m)).toBe(getCSeq(m));
  });

  it('reads a field again after setHeader, prependHeader, removeHeader or a changed value', () => {
    const m = msg([['Via', 'SIP/2.0/UDP a;branch=z9hG4bK1'], ['To', '<sip:1@d>'], ['CSeq', '2 OPTIONS']]);
    expect(getTopVia(m)?.host).toBe('a');
    prependHeader(m, 'Via', 'SIP/2.0/TCP b;branch=z9hG4bK2');
    expect(getTopVia(m)?.host).toBe('b');
    expect(getVias(m)?.map((v) => v.host)).toEqual(['b', 'a']);
    removeHeader(m, 'Via');
    expect(getTopVia(m)).toBeUndefined();
    expect(getTo(m)?.params.tag).toBeUndefined();
    setHeader(m, 'To', '<sip:1@d>;tag=t1');
    expect(getTo(m)?.params.tag).toBe('t1');
    m.headers.find((h) => h.name === 'CSeq')!.value = '3 OPTIONS';
    expect(getCSeq(m)?.seq).toBe(3);
  });

  it('finds fields set by hand under a compact or differently cased name', () => {
    const m = msg([['i', 'one@host'], ['call-id', 'two@host'], ['CSEQ', '1 OPTIONS'], ['From', '<sip:1@d>;tag=a']]);
    expect(getHeaderFields(m, 'Call-ID').map((f) => f.value)).toEqual(['one@host', 'two@host']);
    expect(getHeaderFields(m, 'i')).toHaveLength(2);
    expect(getCSeq(m)?.seq).toBe(1);
    expect(hasHeader(m, 'f')).toBe(true);
    expect(hasHeader(m, 'Path')).toBe(false);
  });

  it('parses the Request-URI once, and again when it changes', () => {
    const m = msg([]);
    expect(getRequestUri(m)?.host).toBe('b');
    expect(getRequestUri(m)).toBe(getRequestUri(m));
    m.uri = 'sip:34020000002000000001@3402000000';
    expect(getRequestUri(m)?.user).toBe('34020000002000000001');
    m.uri = 'not a uri';
    expect(getRequestUri(m)).toBeUndefined();
  });

  it('a malformed Via anywhere makes getVias undefined, every time', () => {
    const m = msg([['Via', 'SIP/2.0/UDP a;branch=z9hG4bK1, garbage']]);
    expect(getVias(m)).toBeUndefined();
    expect(getVias(m)).toBeUndefined();
    expect(getTopVia(m)?.host).toBe('a');
  });
});

describe('URIs', () => {
  it.each([
    ['sip:34020000001320000001@3402000000', { user: '34020000001320000001', host: '3402000000' }],
    ['sip:34020000001320000001@192.168.1.64:5060', { host: '192.168.1.64', port: 5060 }],
    ['sip:user:secret@host', { user: 'user', password: 'secret', host: 'host' }],
    ['sip:[2001:db8::1]:5061;transport=tcp', { host: '2001:db8::1', port: 5061, params: { transport: 'tcp' } }],
    ['sip:[::1]', { host: '::1' }],
    ['sips:a@example.com;lr;maddr=239.0.0.1?Subject=hi&Priority=urgent', { scheme: 'sips', params: { lr: null, maddr: '239.0.0.1' }, headers: { Subject: 'hi', Priority: 'urgent' } }],
    ['SIP:a@HOST', { scheme: 'sip', host: 'HOST' }],
    ['sip:user;par=u%40ex.net@example.com', { user: 'user;par=u%40ex.net', host: 'example.com' }],
    ['tel:+86-10-1234;phone-context=+86', { scheme: 'tel', user: '+86-10-1234', params: { 'phone-context': '+86' } }],
  ])('parses %s', (text, expected) => {
    expect(parseUri(text)).toMatchObject(expected);
  });

  it.each(['', 'sip:', 'http://x', 'sip:a@', 'sip:@host', 'sip:host:99999', 'sip:host:abc', 'sip:[::1', 'sip:a b@c', 'sip:2001:db8::1', 'mailto:a@b', '<sip:a@b>'])(
    'rejects %j',
    (text) => expect(parseUri(text)).toBeUndefined(),
  );

  it.each(['sip:34020000001320000001@3402000000', 'sip:[2001:db8::1]:5061;transport=tcp', 'sips:u:p@h:1;lr;x=y?a=b&c', 'tel:+123;ext=9'])(
    'round-trips %s',
    (text) => expect(formatUri(parseUri(text)!)).toBe(text),
  );
});

describe('Via', () => {
  it('parses transport, host, port and params', () => {
    expect(parseVia('SIP/2.0/UDP 192.168.1.64:5060;rport;branch=z9hG4bK1730541952')).toEqual({
      protocol: 'SIP/2.0', transport: 'UDP', host: '192.168.1.64', port: 5060, params: { rport: null, branch: 'z9hG4bK1730541952' },
    });
    expect(parseVia('sip/2.0/tcp [::1]:5070 ;received=::2;rport=5071')).toMatchObject({ transport: 'TCP', host: '::1', port: 5070, params: { received: '::2', rport: '5071' } });
    expect(parseVia('SIP/2.0/UDP host')).toMatchObject({ host: 'host', params: {} });
  });
  it.each(['', 'SIP/2.0/UDP', 'SIP/2.0 host', 'SIP/2.0/UDP host:port', 'SIP/2.0/UDP [::1;branch=x', 'garbage'])('rejects %j', (v) =>
    expect(parseVia(v)).toBeUndefined(),
  );
  it('formats', () => {
    expect(formatVia({ protocol: 'SIP/2.0', transport: 'TCP', host: '::1', port: 5060, params: { branch: 'z9hG4bKx', rport: null } })).toBe(
      'SIP/2.0/TCP [::1]:5060;branch=z9hG4bKx;rport',
    );
  });
});

describe('name-addr', () => {
  it.each([
    ['<sip:a@b>;tag=1', { uri: { user: 'a', host: 'b' }, params: { tag: '1' } }],
    ['"A \\"B\\"" <sip:a@b;transport=udp>;tag=2;expires=60', { displayName: 'A "B"', uri: { params: { transport: 'udp' } }, params: { tag: '2', expires: '60' } }],
    ['Camera One <sip:a@b>', { displayName: 'Camera One' }],
    ['sip:a@b;tag=3', { uri: { params: {} }, params: { tag: '3' } }],
    ['  <sip:a@[::1]:5060>  ', { uri: { host: '::1', port: 5060 } }],
  ])('parses %s', (text, expected) => expect(parseNameAddr(text)).toMatchObject(expected));

  it.each(['', '*', '<sip:a@b', '"x <sip:a@b>', '<http://x>', '<sip:a@b> junk', '"a" "b" <sip:a@b>', '"a" sip:a@b'])('rejects %j', (t) =>
    expect(parseNameAddr(t)).toBeUndefined(),
  );

  it('formats with quotes and escapes, URI always in <>', () => {
    const na = parseNameAddr('"x\\"y" <sip:a@b;lr>;tag=9')!;
    expect(formatNameAddr(na)).toBe('"x\\"y" <sip:a@b;lr>;tag=9');
    expect(formatNameAddr(parseNameAddr('sip:a@b;tag=1')!)).toBe('<sip:a@b>;tag=1');
  });
});

describe('CSeq and params', () => {
  it('CSeq', () => {
    expect(parseCSeq(' 12  INVITE ')).toEqual({ seq: 12, method: 'INVITE' });
    expect(parseCSeq('2147483647 ACK')).toEqual({ seq: 2147483647, method: 'ACK' });
    for (const bad of ['', '1', 'INVITE', '2147483648 ACK', '1 INV ITE', '1.5 ACK', '1 <x>']) expect(parseCSeq(bad)).toBeUndefined();
    expect(formatCSeq({ seq: 3, method: 'BYE' })).toBe('3 BYE');
  });
  it('params: lower-case names, values as sent, flags', () => {
    const p = parseParams(';Branch=z9hG4bKA;rport; received = 10.0.0.1 ;x="a;b"');
    expect(p).toEqual({ branch: 'z9hG4bKA', rport: null, received: '10.0.0.1', x: '"a;b"' });
    expect(formatParams(p)).toBe(';branch=z9hG4bKA;rport;received=10.0.0.1;x="a;b"');
  });
});

describe('auth params', () => {
  it('parses a GB28181 Authorization', () => {
    const v = parseAuthParams(
      'Digest username="34020000001320000001",realm="3402000000", nonce="abc", uri="sip:34020000002000000001@3402000000", response="0123", algorithm=MD5, qop=auth, nc=00000001, cnonce="c\\"n", opaque="op", stale=FALSE',
    )!;
    expect(v.scheme).toBe('Digest');
    expect(v.params).toEqual({
      username: '34020000001320000001', realm: '3402000000', nonce: 'abc', uri: 'sip:34020000002000000001@3402000000', response: '0123',
      algorithm: 'MD5', qop: 'auth', nc: '00000001', cnonce: 'c"n', opaque: 'op', stale: 'FALSE',
    });
  });
  it('parses GB 35114 style values and params without commas', () => {
    expect(parseAuthParams('Capability algorithm="A:SM2;H:SM3;S:SM4/OFB/PKCS5;SI:SM3-SM2"')!.params.algorithm).toBe('A:SM2;H:SM3;S:SM4/OFB/PKCS5;SI:SM3-SM2');
    expect(parseAuthParams('Digest realm="r" nonce="n"')!.params).toEqual({ realm: 'r', nonce: 'n' });
    expect(parseAuthParams('Digest')).toEqual({ scheme: 'Digest', params: {} });
    expect(parseAuthParams('')).toBeUndefined();
    expect(parseAuthParams('"quoted"')).toBeUndefined();
  });
  it('formats challenges (qop quoted) and credentials (qop, nc as tokens)', () => {
    expect(formatChallenge({ scheme: 'Digest', params: { realm: '3402000000', nonce: 'n1', qop: 'auth', algorithm: 'MD5' } })).toBe(
      'Digest realm="3402000000", nonce="n1", qop="auth", algorithm=MD5',
    );
    const cred = { scheme: 'Digest', params: { username: 'u', realm: 'r', nonce: 'n', uri: 'sip:a@b', response: 'x', qop: 'auth', nc: '00000001', cnonce: 'c', algorithm: 'MD5' } };
    const text = formatCredentials(cred);
    expect(text).toBe('Digest username="u", realm="r", nonce="n", uri="sip:a@b", response="x", qop=auth, nc=00000001, cnonce="c", algorithm=MD5');
    expect(parseAuthParams(text)).toEqual(cred);
    expect(formatChallenge({ scheme: 'Capability', params: { algorithm: 'A:SM2;H:SM3' } })).toBe('Capability algorithm="A:SM2;H:SM3"');
  });
});

describe('canonicalHeaderName for the usual names', () => {
  it('gives what the name table gives, for the usual names and for other spellings of them', async () => {
    const { USUAL_NAMES, headerNameInfo } = await import('./names');
    for (const n of USUAL_NAMES) {
      for (const spelling of [n, n.toLowerCase(), n.toUpperCase(), ('x' + n).slice(1)]) expect(canonicalHeaderName(spelling)).toBe(headerNameInfo(spelling).canon);
      expect(headerNameInfo(n).canon).toBe(n);
    }
  });
});
