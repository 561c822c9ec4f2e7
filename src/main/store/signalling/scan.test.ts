import { describe, expect, it } from 'vitest';
import { canonicalHeaderName } from '../../sip/message/names';
import { parseNameAddr } from '../../sip/message/name-addr';
import { emptyScan, scanSip, userOf, type SipScan } from './scan';
import { catalogResponseGb2312, deviceMessage, invite, inviteOk, keepaliveXml, register, response, unauthorized } from './testing/messages';

/** The scan as first written (header section split into lines, every From/To through the strict parser): the reference. */
function referenceUserOf(value: string): string | null {
  const na = parseNameAddr(value);
  if (na) return na.uri.user ? na.uri.user : null;
  const m = /(?:sips?|tel):([^@;>\s:]+)@/i.exec(value);
  return m ? m[1] : null;
}

function referenceScan(raw: Buffer): SipScan {
  const probe = scanSip(raw);
  const scan = emptyScan(raw);
  scan.headerEnd = probe.headerEnd;
  scan.bodyStart = probe.bodyStart;
  let start = 0;
  while (start < raw.length && [13, 10, 0x20, 0x09, 0].includes(raw[start])) start++;
  const lines = raw.toString('utf8', start, probe.headerEnd).split('\n');
  const first = (lines[0] ?? '').replace(/\r$/, '');
  const res = /^SIP\/\d+\.\d+[ \t]+(\d{3})(?:[ \t]+(.*))?$/i.exec(first);
  if (res) {
    scan.kind = 'response';
    scan.status = Number(res[1]);
    scan.reason = (res[2] ?? '').trim();
  } else {
    const req = /^([A-Za-z][A-Za-z0-9\-.!%*_+`'~]*)[ \t]+\S.*[ \t]SIP\/\d+\.\d+[ \t]*$/i.exec(first);
    if (!req) return scan;
    scan.kind = 'request';
    scan.method = req[1].toUpperCase();
  }
  const wanted = new Set(['Call-ID', 'CSeq', 'From', 'To', 'Content-Type', 'Content-Length']);
  const values = new Map<string, string>();
  let last: string | null = null;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (line === '') continue;
    const c = line.charCodeAt(0);
    if (c === 0x20 || c === 0x09) {
      if (last !== null) values.set(last, values.get(last) + ' ' + line.trim());
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = canonicalHeaderName(line.slice(0, colon).trim());
    if (!wanted.has(name) || values.has(name)) {
      last = null;
      continue;
    }
    values.set(name, line.slice(colon + 1).trim());
    last = name;
  }
  scan.callId = values.get('Call-ID') || null;
  const cseq = values.get('CSeq');
  if (cseq) {
    scan.cseq = cseq;
    const m = /^\d+\s+(\S+)/.exec(cseq);
    if (m && scan.kind === 'response') scan.method = m[1].toUpperCase();
  }
  const from = values.get('From');
  if (from) scan.fromUser = referenceUserOf(from);
  const to = values.get('To');
  if (to) scan.toUser = referenceUserOf(to);
  scan.contentType = values.get('Content-Type') || null;
  const cl = values.get('Content-Length');
  if (cl && /^\d{1,9}$/.test(cl) && probe.bodyStart + Number(cl) < raw.length) scan.bodyEnd = probe.bodyStart + Number(cl);
  return scan;
}

let seed = 19;
function rand(n: number): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
}
const pick = <T>(a: readonly T[]): T => a[rand(a.length)];

const NAME_ADDRS = [
  '<sip:34020000001320000001@3402000000>;tag=1',
  '<SIP:34020000001320000001@3402000000>',
  '<sips:abc_def.x-y@host:5061;transport=tls>;tag=z',
  ' <sip:user:pw@host>;tag=2',
  '<sip:a;b@host>',
  '<sip:123@host',
  '<sip:%41bc@host>;tag=3,<sip:x@y>',
  '"Cam <1>" <sip:9@h>;tag=4',
  '"sip:fake@x" <sip:real@h>',
  'Cam <sip:55@h>',
  'sip:77@h;tag=5',
  '<tel:+8610>;tag=6',
  '<sip:@host>',
  '<sip:u@h>junk',
  '<sip:u\u00e9@h>',
  '\u00a0<sip:nb@h>',
  '<sip:u@h;lr>;tag=a b',
  'garbage',
];
const HEADER_LINES = [
  () => `From: ${pick(NAME_ADDRS)}`,
  () => `f: ${pick(NAME_ADDRS)}`,
  () => `TO :${pick(NAME_ADDRS)}`,
  () => `t: ${pick(NAME_ADDRS)}`,
  () => `Call-ID: ${rand(1e6)}@h`,
  () => `i:${rand(100)}`,
  () => `call-id: dup${rand(10)}`,
  () => `CSeq: ${rand(50)} ${pick(['MESSAGE', 'register', 'INVITE'])}`,
  () => 'cseq: x',
  () => `Content-Length: ${pick(['0', '5', ' 12 ', '99999999999', 'x'])}`,
  () => `l: ${rand(20)}`,
  () => `Content-Type: ${pick(['Application/MANSCDP+xml', 'application/sdp', ''])}`,
  () => 'c: text/plain',
  () => ` folded ${rand(9)}`,
  () => '\tfolded tab',
  () => 'Via: SIP/2.0/UDP 1.2.3.4:5060;branch=z9hG4bK1',
  () => 'Lonely line without colon',
  () => ':starts with colon',
  () => '\u000bFrom: <sip:vt@h>',
  () => '\u00a0To: <sip:nbsp@h>',
  () => 'X-Custom: 1',
  () => 'Max-Forwards: 70',
  () => 'Contact: <sip:c@h>',
  () => '',
];
const START_LINES = ['MESSAGE sip:x@y SIP/2.0', 'SIP/2.0 200 OK', 'SIP/2.0 401 Unauthorized ', 'sip/2.0 180', 'BYE sip:a@b SIP/2.0\t', 'not a start line', ''];

function randomMessage(): Buffer {
  const eol = pick(['\r\n', '\n', '\r\n', '\r']);
  const lines = [pick(START_LINES)];
  for (let n = rand(14); n > 0; n--) lines.push(HEADER_LINES[rand(HEADER_LINES.length)]());
  const lead = pick(['', '\r\n', ' \t']);
  return Buffer.from(lead + lines.join(eol) + pick(['\r\n\r\nbody<CmdType>Keepalive</CmdType>', '\n\n', '', '\r\n']));
}

describe('scanSip against the line-split reference', () => {
  it('reads the test messages exactly as the reference does', () => {
    const messages = [
      register(),
      unauthorized(),
      deviceMessage(keepaliveXml(7), 'ka-1'),
      deviceMessage(catalogResponseGb2312(9), 'cat-1'),
      response(200, 'OK', 'MESSAGE', 20, 'ka-1', '34020000001320000001', '34020000002000000001'),
      invite('inv-1'),
      inviteOk('inv-1'),
      Buffer.from('SIP/2.0 200 OK\r\nCall-ID: abc\r\nno colon here\r\n def\r\nTo: <sip:c@d>\r\n\r\n'),
    ];
    for (const raw of messages) expect(scanSip(raw)).toEqual(referenceScan(raw));
  });

  it('agrees on 20,000 generated messages with folding, compact and odd names, duplicates and odd From/To', () => {
    for (let i = 0; i < 20_000; i++) {
      const raw = randomMessage();
      const got = scanSip(raw);
      const want = referenceScan(raw);
      if (JSON.stringify(got) !== JSON.stringify(want)) expect({ raw: raw.toString('latin1'), got }).toEqual({ raw: raw.toString('latin1'), got: want });
    }
  });

  it('keeps none of the previous message\'s headers (its values are read into reused scratch)', () => {
    scanSip(invite('inv-1'));
    const bare = Buffer.from('SIP/2.0 200 OK\r\n\r\n');
    expect(scanSip(bare)).toEqual(referenceScan(bare));
    expect(scanSip(bare).callId).toBeNull();
    const folded = Buffer.from('SIP/2.0 200 OK\r\n continued\r\nCall-ID: x\r\n\r\n');
    scanSip(register());
    expect(scanSip(folded)).toEqual(referenceScan(folded));
  });

  it('reads users of From/To values exactly as the strict parser with its fallback', () => {
    for (const v of NAME_ADDRS) expect(userOf(v)).toBe(referenceUserOf(v));
  });
});
