import { describe, expect, it } from 'vitest';
import { summarize } from './summary';
import { templatedKeepalive } from './templated';
import { DEVICE_ID, SERVER_ID, deviceMessage, keepaliveXml, record, response } from './testing/messages';

/** The rule as a regular expression over the text: every run of 12 or more digits is the From or To user. */
function reference(raw: Buffer, fromUser: string | null, toUser: string | null): boolean {
  for (const m of raw.toString('latin1').matchAll(/\d{12,}/g)) if (m[0] !== fromUser && m[0] !== toUser) return false;
  return true;
}

describe('templatedKeepalive', () => {
  it('takes a keepalive whose long numbers are its From and To users, with the other side as the user', () => {
    const s = summarize(record(deviceMessage(keepaliveXml(7), 'ka-1'), 'in', 1));
    expect(templatedKeepalive(deviceMessage(keepaliveXml(7), 'ka-1'), s)).toBe(SERVER_ID);
  });

  it('refuses a keepalive holding another long number, wherever it is', () => {
    let seed = 7;
    const digit = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return String(seed % 10);
    };
    for (let n = 0; n < 400; n++) {
      const len = 8 + (n % 16);
      const number = Array.from({ length: len }, digit).join('');
      const ids = [DEVICE_ID, SERVER_ID, DEVICE_ID.slice(0, len), number];
      const inserted = n % 3 === 0 ? ids[n % ids.length] : number;
      const callId = n % 2 === 0 ? `${inserted}@h` : 'c1';
      const xml = keepaliveXml(n).replace('<Status>', `<Info>${n % 2 === 1 ? inserted : ''}</Info><Status>`);
      const raw = deviceMessage(xml, callId);
      const s = summarize(record(raw, 'in', 1));
      expect(templatedKeepalive(raw, s) !== null, `${inserted} in ${n % 2 === 0 ? 'Call-ID' : 'body'}`).toBe(reference(raw, s.fromUser, s.toUser));
    }
    const ok = response(200, 'OK', 'MESSAGE', 20, '340200000013200000019@x', DEVICE_ID, SERVER_ID);
    expect(templatedKeepalive(ok, { ...summarize(record(ok, 'out', 1)), cmdType: 'Keepalive' })).toBeNull();
  });

  it('finds every long number wherever its digits start and end (runs of 10 to 14 digits at every offset)', () => {
    const head = deviceMessage(keepaliveXml(3), 'ka-3');
    const s = summarize(record(head, 'in', 1));
    let checked = 0;
    for (let len = 10; len <= 14; len++) {
      const number = '7'.repeat(len);
      for (const at of [0, 1, 5, 11, 12, 13, 23, 24, head.length - len, head.length]) {
        for (const user of [number, s.fromUser!]) {
          const text = user === number ? number : user.slice(0, Math.min(len, user.length));
          const raw = Buffer.concat([head.subarray(0, at), Buffer.from(text), head.subarray(at)]);
          const found = templatedKeepalive(raw, s) !== null;
          expect(found, `${text} at ${at}`).toBe(reference(raw, s.fromUser, s.toUser));
          checked++;
        }
      }
      // A run at the very end of the buffer.
      const tail = Buffer.concat([head, Buffer.from(number)]);
      expect(templatedKeepalive(tail, s) !== null, `${len} digits at the end`).toBe(reference(tail, s.fromUser, s.toUser));
    }
    expect(checked).toBe(100);
  });
});

