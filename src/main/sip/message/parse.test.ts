import { describe, expect, it } from 'vitest';
import { parseMessage, type ParseResult } from './parse';
import { isWildcardContact, getCallId, getContacts, getCSeq, getFromTag, getHeader, getHeaders, getTo, getTopVia, getVias } from './headers';
import { parseAuthParams } from './auth';
import { parseNameAddr } from './name-addr';
import type { SipMessage } from './types';
import { CATALOG_BODY, CATALOG_MESSAGE, CATALOG_MESSAGE_NO_LENGTH, REGISTER_WITH_AUTH } from './testing/samples';

const crlf = (...lines: string[]): Buffer => Buffer.from(lines.join('\r\n'));

/** A minimal valid request around the given lines (each test replaces what it is about). */
function request(over: Record<string, string | null> = {}, startLine = 'OPTIONS sip:34020000002000000001@3402000000 SIP/2.0', body = ''): Buffer {
  const base: Record<string, string | null> = {
    Via: 'SIP/2.0/UDP 10.0.0.7:5060;branch=z9hG4bK-1;rport',
    From: '<sip:34020000001320000001@3402000000>;tag=a1',
    To: '<sip:34020000002000000001@3402000000>',
    'Call-ID': 'c1@10.0.0.7',
    CSeq: '1 OPTIONS',
    'Max-Forwards': '70',
    ...over,
  };
  const lines = [startLine];
  for (const [name, value] of Object.entries(base)) if (value !== null) lines.push(name + ': ' + value);
  return Buffer.from(lines.join('\r\n') + '\r\n\r\n' + body);
}

function ok(r: ParseResult): SipMessage {
  if (!r.ok) throw new Error('expected ok, got ' + r.error.status + ' ' + r.error.reason);
  return r.message;
}

interface WellFormed {
  name: string;
  input: Buffer;
  check: (m: SipMessage) => void;
}

// Well-formed (and tolerated) messages, after the RFC 4475 §3.1.1 categories plus what GB28181 devices send.
const wellFormed: WellFormed[] = [
  {
    name: 'compact header names',
    input: crlf(
      'MESSAGE sip:34020000002000000001@3402000000 SIP/2.0',
      'v: SIP/2.0/UDP 10.0.0.7:5060;branch=z9hG4bK-c',
      'f: <sip:34020000001320000001@3402000000>;tag=x',
      't: <sip:34020000002000000001@3402000000>',
      'i: compact@10.0.0.7',
      'CSeq: 3 MESSAGE',
      'm: <sip:34020000001320000001@10.0.0.7:5060>',
      'c: Application/MANSCDP+xml',
      'k: timer',
      's: subject text',
      'o: Catalog;id=1',
      'u: presence',
      'e: gzip',
      'l: 4',
      '',
      'abcd',
    ),
    check: (m) => {
      expect(m.headers.map((h) => h.name)).toEqual([
        'Via', 'From', 'To', 'Call-ID', 'CSeq', 'Contact', 'Content-Type', 'Supported', 'Subject', 'Event',
        'Allow-Events', 'Content-Encoding', 'Content-Length',
      ]);
      expect(getCallId(m)).toBe('compact@10.0.0.7');
      expect(m.body.toString()).toBe('abcd');
    },
  },
  {
    name: 'header names in any case are stored canonically; unknown names kept as sent',
    input: request({ 'Call-ID': null, CSeq: null, 'Max-Forwards': null, 'CALL-id': 'case@x', cseq: '1 OPTIONS', 'mAX-fORWARDS': '70', 'x-gb-ver': '3.0', 'X-Vendor-thing': 'v' }),
    check: (m) => {
      const names = m.headers.map((h) => h.name);
      expect(names).toContain('Call-ID');
      expect(names).toContain('CSeq');
      expect(names).toContain('Max-Forwards');
      expect(names).toContain('X-GB-Ver');
      expect(names).toContain('X-Vendor-thing');
      expect(getHeader(m, 'x-vendor-THING')).toBe('v');
      expect(getCallId(m)).toBe('case@x');
    },
  },
  {
    name: 'several Via values in one line and several Via lines',
    input: request({ Via: 'SIP/2.0/UDP 10.0.0.7:5060;branch=z9hG4bK-a , SIP/2.0/TCP proxy.example:5070;branch=z9hG4bK-b', via: 'SIP/2.0/UDP third;branch=z9hG4bK-c' }),
    check: (m) => {
      const vias = getVias(m)!;
      expect(vias.map((v) => v.params.branch)).toEqual(['z9hG4bK-a', 'z9hG4bK-b', 'z9hG4bK-c']);
      expect(vias[1].transport).toBe('TCP');
      expect(vias[1].port).toBe(5070);
      expect(getTopVia(m)!.host).toBe('10.0.0.7');
    },
  },
  {
    name: 'LWS folding and extra whitespace around the colon and separators',
    input: Buffer.from(
      'OPTIONS sip:34020000002000000001@3402000000 SIP/2.0\r\n' +
        'Via  :  SIP / 2.0 / UDP\r\n  10.0.0.7 ; branch = z9hG4bK-fold\r\n' +
        'From: <sip:34020000001320000001@3402000000>\r\n\t;tag=fold\r\n' +
        'To    : <sip:34020000002000000001@3402000000>\r\n' +
        'Call-ID: fold@x\r\n' +
        'CSeq:\r\n  7\r\n  OPTIONS\r\n' +
        'Subject: one\r\n two\r\n\tthree\r\n\r\n',
    ),
    check: (m) => {
      const via = getTopVia(m)!;
      expect(via.host).toBe('10.0.0.7');
      expect(via.transport).toBe('UDP');
      expect(via.params.branch).toBe('z9hG4bK-fold');
      expect(getFromTag(m)).toBe('fold');
      expect(getCSeq(m)).toEqual({ seq: 7, method: 'OPTIONS' });
      expect(getHeader(m, 'Subject')).toBe('one two three');
    },
  },
  {
    name: 'bare LF line ends',
    input: Buffer.from(request().toString().replace(/\r\n/g, '\n')),
    check: (m) => expect(getCSeq(m)).toEqual({ seq: 1, method: 'OPTIONS' }),
  },
  {
    name: 'mixed CRLF and LF line ends and CRLFs before the start line',
    input: Buffer.from('\r\n\r\n' + request().toString().replace('\r\nFrom', '\nFrom')),
    check: (m) => expect(getFromTag(m)).toBe('a1'),
  },
  {
    name: 'escaped quotes and backslashes in display names',
    input: request({ From: '"Camera \\"Gate\\" \\\\ 1" <sip:34020000001320000001@3402000000>;tag=q' }),
    check: (m) => {
      const from = parseNameAddr(getHeader(m, 'From')!)!;
      expect(from.displayName).toBe('Camera "Gate" \\ 1');
      expect(from.params.tag).toBe('q');
    },
  },
  {
    name: 'UTF-8 display name and reason-free unknown header',
    input: request({ From: '"大门口" <sip:34020000001320000001@3402000000>;tag=u', 'X-Empty': '' }),
    check: (m) => {
      expect(parseNameAddr(getHeader(m, 'From')!)!.displayName).toBe('大门口');
      expect(getHeader(m, 'X-Empty')).toBe('');
    },
  },
  {
    name: 'IPv6 hosts in Request-URI, Via and Contact',
    input: request(
      { Via: 'SIP/2.0/UDP [2001:db8::10]:5060;branch=z9hG4bK-6;received=2001:db8::9', Contact: '<sip:dev@[2001:db8::10]:5060;transport=udp>' },
      'OPTIONS sip:34020000002000000001@[2001:db8::1]:5060 SIP/2.0',
    ),
    check: (m) => {
      const via = getTopVia(m)!;
      expect(via.host).toBe('2001:db8::10');
      expect(via.port).toBe(5060);
      expect(via.params.received).toBe('2001:db8::9');
      const contact = getContacts(m)[0];
      expect(contact.uri.host).toBe('2001:db8::10');
      expect(contact.uri.params.transport).toBe('udp');
    },
  },
  {
    name: 'To as a bare addr-spec: parameters belong to the header',
    input: request({ To: 'sip:34020000002000000001@3402000000;tag=bare' }),
    check: (m) => {
      const to = getTo(m)!;
      expect(to.params.tag).toBe('bare');
      expect(to.uri.params).toEqual({});
    },
  },
  {
    name: 'several Contacts in one line with commas inside quotes',
    input: request({ Contact: '"Doe, John" <sip:a@10.0.0.1>;expires=60, <sip:b@10.0.0.2>;q=0.5' }),
    check: (m) => {
      expect(getHeaders(m, 'm')).toHaveLength(2);
      const contacts = getContacts(m);
      expect(contacts[0].displayName).toBe('Doe, John');
      expect(contacts[0].params.expires).toBe('60');
      expect(contacts[1].uri.host).toBe('10.0.0.2');
    },
  },
  {
    name: 'unknown method and unknown headers',
    input: request({ CSeq: '9 NEWMETHOD', 'P-Unknown': 'a, b, c' }, 'NEWMETHOD sip:34020000002000000001@3402000000 SIP/2.0'),
    check: (m) => {
      expect(m.kind === 'request' && m.method).toBe('NEWMETHOD');
      expect(getHeaders(m, 'P-Unknown')).toEqual(['a, b, c']);
    },
  },
  {
    name: 'several spaces between start line elements and trailing space',
    input: request({}, 'OPTIONS   sip:34020000002000000001@3402000000 \t SIP/2.0  '),
    check: (m) => expect(m.kind === 'request' && m.uri).toBe('sip:34020000002000000001@3402000000'),
  },
  {
    name: 'response with an empty reason phrase and a UTF-8 one',
    input: crlf('SIP/2.0 200', 'Via: SIP/2.0/UDP h;branch=z9hG4bK-r', 'From: <sip:a@b>;tag=1', 'To: <sip:a@b>;tag=2', 'Call-ID: r', 'CSeq: 1 INVITE', '', ''),
    check: (m) => {
      expect(m.kind).toBe('response');
      expect(m.kind === 'response' && m.status).toBe(200);
      expect(m.kind === 'response' && m.reason).toBe('');
    },
  },
  {
    name: 'authenticated GB28181 REGISTER',
    input: Buffer.from(REGISTER_WITH_AUTH),
    check: (m) => {
      const auth = parseAuthParams(getHeader(m, 'authorization')!)!;
      expect(auth.scheme).toBe('Digest');
      expect(auth.params).toMatchObject({ username: '34020000001320000001', realm: '3402000000', qop: 'auth', nc: '00000001', algorithm: 'MD5' });
      expect(getHeader(m, 'X-GB-Ver')).toBe('3.0');
    },
  },
  {
    name: 'GB2312 Catalog body kept as bytes',
    input: CATALOG_MESSAGE,
    check: (m) => expect(m.body.equals(CATALOG_BODY)).toBe(true),
  },
  {
    name: 'no Content-Length over UDP: body is the rest of the datagram (NUL padding kept)',
    input: CATALOG_MESSAGE_NO_LENGTH,
    check: (m) => {
      expect(m.body.length).toBe(CATALOG_BODY.length + 3);
      expect(m.body.subarray(0, CATALOG_BODY.length).equals(CATALOG_BODY)).toBe(true);
    },
  },
  {
    name: 'bytes after Content-Length are dropped (RFC 3261 §18.3)',
    input: request({ 'Content-Length': '5' }, undefined, 'hello\0\0\0'),
    check: (m) => expect(m.body.toString()).toBe('hello'),
  },
  {
    name: 'two equal Content-Length headers',
    input: request({ 'Content-Length': '2', l: '2' }, undefined, 'hi'),
    check: (m) => expect(m.body.toString()).toBe('hi'),
  },
  {
    name: 'no blank line after the last header (datagram ends there)',
    input: Buffer.from(request().toString().replace(/\r\n\r\n$/, '\r\n')),
    check: (m) => expect(getCallId(m)).toBe('c1@10.0.0.7'),
  },
  {
    name: 'To and From with URI schemes we do not use (RFC 4475 unknown-scheme To)',
    input: request({ To: 'isbn:2983792873', From: '"Isbn" <http://www.example.com>;tag=h' }),
    check: (m) => expect(getHeader(m, 'To')).toBe('isbn:2983792873'),
  },
  {
    name: 'response with a UTF-8 reason phrase',
    input: crlf('SIP/2.0 403 密码错误', 'Via: SIP/2.0/UDP h;branch=z9hG4bK-r', 'From: <sip:a@b>;tag=1', 'To: <sip:a@b>;tag=2', 'Call-ID: r', 'CSeq: 2 REGISTER', '', ''),
    check: (m) => expect(m.kind === 'response' && m.reason).toBe('密码错误'),
  },
  {
    name: 'REGISTER with Contact: * and Expires: 0',
    input: request({ CSeq: '3 REGISTER', Contact: '*', Expires: '0' }, 'REGISTER sip:3402000000 SIP/2.0'),
    check: (m) => {
      expect(isWildcardContact(m)).toBe(true);
      expect(getContacts(m)).toEqual([]);
    },
  },
  {
    name: 'exactly 256 header fields',
    input: request(Object.fromEntries(Array.from({ length: 250 }, (_, i) => ['X-H' + i, String(i)]))),
    check: (m) => expect(m.headers).toHaveLength(256),
  },
  {
    name: 'lower-case sip version and Max-Forwards 0 on OPTIONS still parse',
    input: request({ 'Max-Forwards': '0' }, 'OPTIONS sip:34020000002000000001@3402000000 sip/2.0'),
    check: (m) => expect(getHeader(m, 'Max-Forwards')).toBe('0'),
  },
];

describe('parseMessage accepts', () => {
  it.each(wellFormed)('$name', ({ input, check }) => {
    check(ok(parseMessage(input)));
  });
});

interface Malformed {
  name: string;
  input: Buffer;
  status: number;
  reason: RegExp;
  /** Whether the caller gets a partial request to answer (false: drop). */
  answer: boolean;
}

const manyHeaders = Object.fromEntries(Array.from({ length: 251 }, (_, i) => ['X-H' + i, String(i)]));

const malformed: Malformed[] = [
  { name: 'missing Via', input: request({ Via: null }), status: 400, reason: /^missing Via header$/, answer: true },
  { name: 'missing From', input: request({ From: null }), status: 400, reason: /^missing From header$/, answer: true },
  { name: 'missing To', input: request({ To: null }), status: 400, reason: /^missing To header$/, answer: true },
  { name: 'missing Call-ID', input: request({ 'Call-ID': null }), status: 400, reason: /^missing Call-ID header$/, answer: true },
  { name: 'missing CSeq', input: request({ CSeq: null }), status: 400, reason: /^missing CSeq header$/, answer: true },
  { name: 'empty Call-ID', input: request({ 'Call-ID': '' }), status: 400, reason: /^missing Call-ID header$/, answer: true },
  {
    name: 'CSeq method differs from the request method',
    input: request({ CSeq: '1 INVITE' }, 'REGISTER sip:3402000000 SIP/2.0'),
    status: 400,
    reason: /^CSeq method INVITE does not match request method REGISTER$/,
    answer: true,
  },
  { name: 'CSeq without a method', input: request({ CSeq: '1' }), status: 400, reason: /^malformed CSeq header "1"$/, answer: true },
  { name: 'CSeq number not a number', input: request({ CSeq: 'abc OPTIONS' }), status: 400, reason: /malformed CSeq/, answer: true },
  { name: 'CSeq number 2^31 and above', input: request({ CSeq: '4294967296 OPTIONS' }), status: 400, reason: /malformed CSeq/, answer: true },
  { name: 'negative CSeq', input: request({ CSeq: '-1 OPTIONS' }), status: 400, reason: /malformed CSeq/, answer: true },
  { name: 'two Call-ID headers', input: request({ 'Call-ID': 'one', i: 'two' }), status: 400, reason: /^more than one Call-ID header$/, answer: true },
  { name: 'two From values in one From header', input: request({ From: '<sip:a@b>;tag=1, <sip:c@d>;tag=2' }), status: 400, reason: /malformed From header/, answer: true },
  { name: 'unterminated quote in display name', input: request({ From: '"Gate <sip:a@b>;tag=1' }), status: 400, reason: /malformed From header/, answer: true },
  { name: 'To without a URI', input: request({ To: '<>' }), status: 400, reason: /malformed To header/, answer: true },
  { name: 'malformed Via', input: request({ Via: 'SIP/2.0 10.0.0.7;branch=z9hG4bK' }), status: 400, reason: /^malformed Via header/, answer: true },
  { name: 'Via with a bad port', input: request({ Via: 'SIP/2.0/UDP 10.0.0.7:99999;branch=z9hG4bK' }), status: 400, reason: /malformed Via/, answer: true },
  { name: 'negative Content-Length', input: request({ 'Content-Length': '-5' }), status: 400, reason: /^Content-Length "-5" is not a non-negative integer$/, answer: true },
  { name: 'non-numeric Content-Length', input: request({ 'Content-Length': 'ten' }), status: 400, reason: /Content-Length "ten"/, answer: true },
  { name: 'conflicting Content-Length headers', input: request({ 'Content-Length': '2', l: '3' }, undefined, 'abc'), status: 400, reason: /^conflicting Content-Length headers \(2, 3\)$/, answer: true },
  {
    name: 'Content-Length larger than the datagram',
    input: request({ 'Content-Length': '150' }, undefined, 'short body'),
    status: 400,
    reason: /^Content-Length 150 larger than the 10 body bytes received$/,
    answer: true,
  },
  { name: 'Content-Length over 64 KiB', input: request({ 'Content-Length': '70000' }), status: 413, reason: /^Content-Length 70000 exceeds/, answer: true },
  { name: 'unknown SIP version', input: request({}, 'OPTIONS sip:34020000002000000001@3402000000 SIP/7.0'), status: 505, reason: /^SIP version "SIP\/7.0" not supported$/, answer: true },
  { name: 'whitespace inside the Request-URI', input: request({}, 'OPTIONS sip:user@example.com; lr SIP/2.0'), status: 400, reason: /^Request-URI "sip:user@example.com; lr" contains whitespace$/, answer: true },
  { name: 'control character inside the Request-URI', input: request({}, 'OPTIONS \rsip:a@b SIP/2.0'), status: 400, reason: /^Request-URI "\?sip:a@b" contains control characters$/, answer: true },
  { name: 'header line without a colon', input: Buffer.from(request().toString().replace('Max-Forwards: 70', 'Max-Forwards 70')), status: 400, reason: /^header line without a name and colon: "Max-Forwards 70"$/, answer: true },
  { name: 'header name with a space inside', input: request({ 'Call ID': 'x' }), status: 400, reason: /^invalid header name "Call ID"$/, answer: true },
  { name: 'first header line folded', input: Buffer.from('OPTIONS sip:a@b SIP/2.0\r\n  Via: x\r\n\r\n'), status: 400, reason: /^first header line starts with whitespace$/, answer: true },
  { name: '257 header fields', input: request(manyHeaders), status: 513, reason: /^more than 256 header fields$/, answer: true },
  { name: 'message over 64 KiB', input: request({ 'X-Big': 'x'.repeat(70_000) }), status: 513, reason: /^message of \d+ bytes exceeds the 65536 byte limit$/, answer: true },
  {
    name: 'message over 64 KiB cut inside a header line',
    input: request({ 'X-Pad': 'p'.repeat(65_400), 'Max-Forwards': null, 'X-After': 'a'.repeat(1000) }),
    status: 513,
    reason: /exceeds the 65536 byte limit/,
    answer: true,
  },
  { name: 'From with a bare word', input: request({ From: 'nobody' }), status: 400, reason: /malformed From header "nobody"/, answer: true },
  { name: 'garbage start line', input: Buffer.from('\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03'), status: 400, reason: /^not a SIP request or response/, answer: false },
  { name: 'HTTP request', input: Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), status: 400, reason: /^not a SIP request or response/, answer: false },
  { name: 'start line without version', input: Buffer.from('OPTIONS sip:a@b\r\n\r\n'), status: 400, reason: /^not a SIP request/, answer: false },
  { name: 'response code out of range', input: Buffer.from('SIP/2.0 4294967301 Big\r\n\r\n'), status: 400, reason: /^not a SIP request/, answer: false },
  { name: 'response code 99', input: Buffer.from('SIP/2.0 099 Low\r\n\r\n'), status: 400, reason: /^not a SIP request/, answer: false },
  {
    name: 'response missing Call-ID is dropped, not answered',
    input: crlf('SIP/2.0 200 OK', 'Via: SIP/2.0/UDP h;branch=z9hG4bK-r', 'From: <sip:a@b>;tag=1', 'To: <sip:a@b>;tag=2', 'CSeq: 1 INVITE', '', ''),
    status: 400,
    reason: /^missing Call-ID header$/,
    answer: false,
  },
  { name: 'empty input', input: Buffer.alloc(0), status: 400, reason: /keep-alive/, answer: false },
];

describe('parseMessage rejects', () => {
  it.each(malformed)('$name -> $status', ({ input, status, reason, answer }) => {
    const r = parseMessage(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.status).toBe(status);
    expect(r.error.reason).toMatch(reason);
    expect(r.error.partial !== undefined).toBe(answer);
    expect(r.error.reason).not.toMatch(/[\r\n]/);
  });

  it('gives a partial request with the headers needed for the error response', () => {
    const r = parseMessage(request({ 'Call-ID': null }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const p = r.error.partial!;
    expect(p.method).toBe('OPTIONS');
    expect(getTopVia(p)!.params.branch).toBe('z9hG4bK-1');
    expect(getFromTag(p)).toBe('a1');
    expect(getCSeq(p)).toEqual({ seq: 1, method: 'OPTIONS' });
  });

  it('keeps the first 256 headers in the partial of a 513 for too many headers', () => {
    const r = parseMessage(request(manyHeaders));
    expect(r.ok || r.error.partial?.headers.length).toBe(256);
  });

  it('marks CR/LF-only datagrams as keep-alives', () => {
    for (const ka of ['\r\n', '\r\n\r\n', '\n', '  \r\n']) {
      const r = parseMessage(Buffer.from(ka));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.keepAlive).toBe(true);
    }
    const garbage = parseMessage(Buffer.from('xyz'));
    expect(!garbage.ok && garbage.error.keepAlive).toBe(undefined);
  });

  it('does not share the body with the input buffer', () => {
    const input = request({ 'Content-Length': '3' }, undefined, 'abc');
    const m = ok(parseMessage(input));
    input.fill(0x21);
    expect(m.body.toString()).toBe('abc');
  });
});
