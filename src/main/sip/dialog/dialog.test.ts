import { describe, expect, it } from 'vitest';
import { createResponse, getCSeq, getFromTag, getHeader, getHeaders, getToTag, parseMessage } from '../message';
import type { SipRequest } from '../message/types';
import { Dialog } from './dialog';
import { DialogTable } from './table';

const device = { transport: 'UDP' as const, address: '10.0.0.7', port: 5060 };

function parseReq(text: string): SipRequest {
  const r = parseMessage(Buffer.from(text.replace(/\n/g, '\r\n')));
  if (!r.ok || r.message.kind !== 'request') throw new Error(r.ok ? 'not a request' : r.error.reason);
  return r.message;
}

const INVITE = `INVITE sip:34020000001320000001@10.0.0.7:5060 SIP/2.0
Via: SIP/2.0/UDP 10.0.0.1:5060;rport;branch=z9hG4bKaaa
From: <sip:34020000002000000001@3402000000>;tag=ourtag
To: <sip:34020000001320000001@3402000000>
Call-ID: c1@10.0.0.1
CSeq: 7 INVITE
Contact: <sip:34020000002000000001@10.0.0.1:5060>
Max-Forwards: 70
Content-Length: 0

`;

function answered(invite: SipRequest, extra: Array<{ name: string; value: string }> = []) {
  return createResponse(invite, 200, 'OK', {
    toTag: 'devtag',
    headers: [{ name: 'Contact', value: '<sip:34020000001320000001@3402000000>' }, ...extra],
  });
}

describe('Dialog (RFC 3261 §12)', () => {
  it('UAC: forms from our INVITE and its 2xx; in-dialog requests keep the tags and raise the CSeq', () => {
    const invite = parseReq(INVITE);
    const d = Dialog.fromUac(invite, answered(invite), device);
    expect(d.id).toEqual({ callId: 'c1@10.0.0.1', localTag: 'ourtag', remoteTag: 'devtag' });
    expect(d.remoteTarget).toBe('sip:34020000001320000001@3402000000');
    const info = d.createRequest('INFO', { body: Buffer.from('PLAY RTSP/1.0\r\n'), contentType: 'Application/MANSRTSP' });
    const bye = d.createRequest('BYE');
    for (const r of [info, bye]) {
      expect(getFromTag(r)).toBe('ourtag');
      expect(getToTag(r)).toBe('devtag');
      expect(getHeader(r, 'Call-ID')).toBe('c1@10.0.0.1');
      expect(getHeaders(r, 'Via')).toEqual([]);
      expect(r.uri).toBe('sip:34020000001320000001@3402000000');
    }
    expect(getCSeq(info)).toEqual({ seq: 8, method: 'INFO' });
    expect(getCSeq(bye)).toEqual({ seq: 9, method: 'BYE' });
    expect(getHeader(info, 'Content-Type')).toBe('Application/MANSRTSP');
    expect(d.peer).toEqual(device);
  });

  it('UAC: the 2xx ACK carries the INVITE CSeq number with method ACK, even after other requests', () => {
    const invite = parseReq(INVITE);
    const d = Dialog.fromUac(invite, answered(invite), device);
    d.createRequest('INFO');
    const ack = d.createAck();
    expect(ack.method).toBe('ACK');
    expect(getCSeq(ack)).toEqual({ seq: 7, method: 'ACK' });
    expect(getToTag(ack)).toBe('devtag');
  });

  it('a re-INVITE moves the ACK CSeq to the new INVITE and carries our Contact', () => {
    const invite = parseReq(INVITE);
    const d = Dialog.fromUac(invite, answered(invite), device);
    const reinvite = d.createRequest('INVITE');
    expect(getCSeq(reinvite)?.seq).toBe(8);
    expect(getHeader(reinvite, 'Contact')).toBe('<sip:34020000002000000001@10.0.0.1:5060>');
    expect(getCSeq(d.createAck())).toEqual({ seq: 8, method: 'ACK' });
  });

  it('UAC: Record-Route becomes the route set in reverse; loose routing keeps the remote target', () => {
    const invite = parseReq(INVITE);
    const res = answered(invite, [
      { name: 'Record-Route', value: '<sip:p2.example;lr>' },
      { name: 'Record-Route', value: '<sip:p1.example;lr>' },
    ]);
    const d = Dialog.fromUac(invite, res, device);
    const bye = d.createRequest('BYE');
    expect(getHeaders(bye, 'Route')).toEqual(['<sip:p1.example;lr>', '<sip:p2.example;lr>']);
    expect(bye.uri).toBe('sip:34020000001320000001@3402000000');
  });

  it('strict routing: the first route becomes the Request-URI and the remote target the last Route', () => {
    const invite = parseReq(INVITE);
    const d = Dialog.fromUac(invite, answered(invite, [{ name: 'Record-Route', value: '<sip:strict.example>' }]), device);
    const bye = d.createRequest('BYE');
    expect(bye.uri).toBe('sip:strict.example');
    expect(getHeaders(bye, 'Route')).toEqual(['<sip:34020000001320000001@3402000000>']);
  });

  it('refuses a 2xx without a To tag', () => {
    const invite = parseReq(INVITE);
    const res = createResponse(invite, 200, 'OK');
    expect(() => Dialog.fromUac(invite, res, device)).toThrow(/no To tag/);
  });

  it('UAS: forms from an incoming INVITE and our 2xx; our BYE swaps the parties and keeps both tags', () => {
    const invite = parseReq(INVITE);
    const ok = createResponse(invite, 200, 'OK', { toTag: 'mytag' });
    const d = Dialog.fromUas(invite, ok, { transport: 'TCP', address: '10.0.0.1', port: 40000 });
    expect(d.id).toEqual({ callId: 'c1@10.0.0.1', localTag: 'mytag', remoteTag: 'ourtag' });
    const bye = d.createRequest('BYE');
    expect(getFromTag(bye)).toBe('mytag');
    expect(getToTag(bye)).toBe('ourtag');
    expect(bye.uri).toBe('sip:34020000002000000001@10.0.0.1:5060');
    expect(getCSeq(bye)).toEqual({ seq: 1, method: 'BYE' });
  });

  it('rejects an in-dialog request whose CSeq went backwards with 500 (§12.2.2); ACK is not counted', () => {
    const invite = parseReq(INVITE);
    const d = Dialog.fromUas(invite, createResponse(invite, 200, 'OK', { toTag: 'mytag' }), device);
    const info = (seq: number) => parseReq(INVITE.replace('INVITE sip', 'INFO sip').replace('7 INVITE', `${seq} INFO`));
    expect(d.receiveRequest(parseReq(INVITE.replace('INVITE sip', 'ACK sip').replace('7 INVITE', '7 ACK')))).toBeNull();
    expect(d.receiveRequest(info(9))).toBeNull();
    expect(d.receiveRequest(info(8))?.status).toBe(500);
    expect(d.lastRemoteSeq).toBe(9);
  });

  it('a terminated dialog builds no more requests', () => {
    const invite = parseReq(INVITE);
    const d = Dialog.fromUac(invite, answered(invite), device);
    d.terminate();
    expect(() => d.createRequest('BYE')).toThrow(/has ended/);
  });

  it('DialogTable matches requests by To tag and responses by From tag', () => {
    const invite = parseReq(INVITE);
    const table = new DialogTable();
    const uas = table.add(Dialog.fromUas(invite, createResponse(invite, 200, 'OK', { toTag: 'mytag' }), device));
    const bye = parseReq(INVITE.replace('INVITE sip', 'BYE sip').replace('7 INVITE', '8 BYE').replace('To: <sip:34020000001320000001@3402000000>', 'To: <sip:34020000001320000001@3402000000>;tag=mytag'));
    expect(table.forRequest(bye)).toBe(uas);
    const uacTable = new DialogTable();
    const uac = uacTable.add(Dialog.fromUac(invite, answered(invite), device));
    expect(uacTable.forResponse(createResponse(uac.createRequest('BYE'), 200))).toBe(uac);
    expect(table.forRequest(parseReq(INVITE))).toBeUndefined();
  });
});
