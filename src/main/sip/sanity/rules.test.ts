import { describe, expect, it } from 'vitest';
import type { SipMessage, SipRequest } from '../message/types';
import { checkRequest, checkResponse } from './check';
import {
  contentLengthWithinDatagram,
  cseqMethodMatches,
  maxForwardsNotZero,
  maxForwardsWellFormed,
  requestUriSchemeSupported,
  requiredAndSingleHeaders,
  requiredHeadersPresent,
  sipVersionIs2,
  singleValueHeadersUnique,
} from './rules';

function req(over: Record<string, string | null> = {}, method = 'MESSAGE', uri = 'sip:34020000002000000001@3402000000', body = ''): SipRequest {
  const base: Record<string, string | null> = {
    Via: 'SIP/2.0/UDP 10.0.0.7:5060;branch=z9hG4bK1',
    From: '<sip:34020000001320000001@3402000000>;tag=1',
    To: '<sip:34020000002000000001@3402000000>',
    'Call-ID': 'c',
    CSeq: '1 ' + method,
    'Max-Forwards': '70',
    ...over,
  };
  const headers = Object.entries(base).filter(([, v]) => v !== null).map(([name, value]) => ({ name, value: value as string }));
  return { kind: 'request', method, uri, headers, body: Buffer.from(body) };
}

describe('sanity rules, one per RFC rule', () => {
  it('sipVersionIs2', () => {
    expect(sipVersionIs2('SIP/2.0')).toBeNull();
    expect(sipVersionIs2('sip/2.0')).toBeNull();
    expect(sipVersionIs2(undefined)).toBeNull();
    expect(sipVersionIs2('SIP/3.0')).toEqual({ status: 505, reason: 'SIP version "SIP/3.0" not supported' });
  });

  it('requiredHeadersPresent names the first missing header', () => {
    expect(requiredHeadersPresent(req())).toBeNull();
    for (const name of ['Via', 'From', 'To', 'Call-ID', 'CSeq']) {
      expect(requiredHeadersPresent(req({ [name]: null }))).toEqual({ status: 400, reason: `missing ${name} header` });
    }
  });

  it('singleValueHeadersUnique', () => {
    const r = req();
    r.headers.push({ name: 'To', value: '<sip:x@y>' });
    expect(singleValueHeadersUnique(r)).toEqual({ status: 400, reason: 'more than one To header' });
  });

  it('cseqMethodMatches', () => {
    expect(cseqMethodMatches(req())).toBeNull();
    expect(cseqMethodMatches(req({ CSeq: '1 INVITE' }, 'REGISTER'))).toEqual({
      status: 400,
      reason: 'CSeq method INVITE does not match request method REGISTER',
    });
  });

  it('contentLengthWithinDatagram', () => {
    expect(contentLengthWithinDatagram(10, 10)).toBeNull();
    expect(contentLengthWithinDatagram(11, 10)).toEqual({ status: 400, reason: 'Content-Length 11 larger than the 10 body bytes received' });
  });

  it('maxForwardsNotZero: 483 Too Many Hops, OPTIONS exempt (§16.3, §11)', () => {
    expect(maxForwardsNotZero(req({ 'Max-Forwards': '0' }))).toEqual({ status: 483, reason: 'Too Many Hops (Max-Forwards is 0)' });
    expect(maxForwardsNotZero(req({ 'Max-Forwards': '0' }, 'OPTIONS'))).toBeNull();
    expect(maxForwardsNotZero(req({ 'Max-Forwards': '1' }))).toBeNull();
    expect(maxForwardsNotZero(req({ 'Max-Forwards': null }))).toBeNull();
    expect(maxForwardsWellFormed(req({ 'Max-Forwards': '300' }))?.status).toBe(400);
    expect(maxForwardsWellFormed(req({ 'Max-Forwards': 'x' }))?.reason).toBe('Max-Forwards "x" is not a number from 0 to 255');
  });

  it('requestUriSchemeSupported', () => {
    expect(requestUriSchemeSupported(req())).toBeNull();
    expect(requestUriSchemeSupported(req({}, 'MESSAGE', 'sips:a@b'))).toBeNull();
    expect(requestUriSchemeSupported(req({}, 'MESSAGE', 'http://example.com/'))).toEqual({ status: 416, reason: 'Unsupported URI Scheme http in Request-URI' });
    expect(requestUriSchemeSupported(req({}, 'MESSAGE', 'tel:+8610'))?.status).toBe(416);
    expect(requestUriSchemeSupported(req({}, 'MESSAGE', '<sip:a@b>'))).toEqual({ status: 400, reason: 'Request-URI "<sip:a@b>" is not a URI' });
    expect(requestUriSchemeSupported(req({}, 'MESSAGE', 'sip:a@b:99999'))?.reason).toBe('malformed Request-URI "sip:a@b:99999"');
  });
});

describe('checkRequest', () => {
  it.each<[string, SipRequest, number | null, RegExp?]>([
    ['good', req(), null],
    ['missing Call-ID', req({ 'Call-ID': null }), 400, /missing Call-ID/],
    ['CSeq mismatch', req({ CSeq: '1 BYE' }), 400, /CSeq method BYE/],
    ['body shorter than Content-Length', req({ 'Content-Length': '9' }, 'MESSAGE', undefined, 'abc'), 400, /Content-Length 9 larger than the 3/],
    ['unsupported scheme', req({}, 'MESSAGE', 'urn:x'), 416, /Unsupported URI Scheme urn/],
    ['Max-Forwards 0', req({ 'Max-Forwards': '0' }), 483, /Too Many Hops/],
    ['SIP/3.0', { ...req(), version: 'SIP/3.0' }, 505, /SIP\/3.0/],
  ])('%s', (_name, r, status, reason) => {
    const fault = checkRequest(r);
    if (status === null) expect(fault).toBeNull();
    else {
      expect(fault?.status).toBe(status);
      expect(fault?.reason).toMatch(reason!);
    }
  });

  it('uses the body bytes received when given', () => {
    expect(checkRequest(req({ 'Content-Length': '3' }, 'MESSAGE', undefined, 'abc'), 2)?.status).toBe(400);
    expect(checkRequest(req({ 'Content-Length': '3' }, 'MESSAGE', undefined, 'abc'))).toBeNull();
  });

  it('checkResponse applies the structural rules', () => {
    const res = { ...req(), kind: 'response' as const, status: 200, reason: 'OK' };
    expect(checkResponse(res)).toBeNull();
    expect(checkResponse({ ...res, headers: res.headers.filter((h) => h.name !== 'Via') })?.reason).toBe('missing Via header');
  });
});

describe('requiredAndSingleHeaders', () => {
  it('gives the fault of requiredHeadersPresent then singleValueHeadersUnique on generated header lists', () => {
    const names = ['Via', 'v', 'VIA', 'From', 'f', 'from', 'To', 't', 'TO', 'Call-ID', 'i', 'call-id', 'CSeq', 'cseq', 'Contact', 'X-To', 'Max-Forwards'];
    const values = ['', '  ', ',', ' , ', 'x', 'SIP/2.0/UDP h;branch=z9hG4bK1', '<sip:a@b>;tag=1', '1 MESSAGE', ' , y', '\u00a0', '\u00a0x', ',x', '大', '\u3000', '\t,', '\ufeff'];
    let seed = 3;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) % n;
    const faults = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      // most lists hold every required header (with a usable value), so that duplicates get their turn
      const headers = ['Via', 'From', 'To', 'Call-ID', 'CSeq'].filter(() => rnd(8) > 0).map((name) => ({ name, value: 'x' }));
      for (let n = rnd(5); n > 0; n--) headers.splice(rnd(headers.length + 1), 0, { name: names[rnd(names.length)], value: values[rnd(values.length)] });
      const m: SipMessage = { kind: 'request', method: 'MESSAGE', uri: 'sip:a@b', headers, body: Buffer.alloc(0) };
      const expected = requiredHeadersPresent(m) ?? singleValueHeadersUnique(m);
      expect(requiredAndSingleHeaders(m), JSON.stringify(headers)).toEqual(expected);
      faults.add(expected?.reason ?? 'none');
    }
    // every fault of both rules came up
    expect(faults.size).toBe(10);
  });
});

describe('Max-Forwards rules without regular expressions', () => {
  it('answer as /^\\d{1,3}$/ and /^0+$/ did', () => {
    const values = ['0', '00', '000', '0000', '70', '255', '256', '999', '1000', '', ' 0', '0 ', '-0', '+1', '1e2', '٠', '０', '0x1', '07'];
    for (const v of values) {
      const r = req({ 'Max-Forwards': v });
      r.headers = r.headers.map((h) => (h.name === 'Max-Forwards' ? { name: h.name, value: v } : h));
      const read = v.trim(); // as getHeader gives it
      expect(maxForwardsWellFormed(r) === null, v).toBe(/^\d{1,3}$/.test(read) && Number(read) <= 255);
      expect(maxForwardsNotZero(r) === null, v).toBe(!/^0+$/.test(read));
    }
  });
});
