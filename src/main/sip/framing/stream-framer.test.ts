import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SipStreamFramer, type FramerEvent } from './stream-framer';
import { parseMessage } from '../message/parse';
import { CATALOG_MESSAGE, REGISTER_WITH_AUTH } from '../message/testing/samples';

const REGISTER = Buffer.from(REGISTER_WITH_AUTH);
const COMPACT = Buffer.from('MESSAGE sip:a@b SIP/2.0\nv: SIP/2.0/TCP h;branch=z9hG4bK1\nf: <sip:x@y>;tag=1\nt: <sip:a@b>\ni: c\nCSeq: 1 MESSAGE\nl: 5\n\nhello');

function messages(events: FramerEvent[]): Buffer[] {
  return events.flatMap((e) => (e.type === 'message' ? [e.data] : []));
}

function feedBytewise(framer: SipStreamFramer, data: Buffer): FramerEvent[] {
  const out: FramerEvent[] = [];
  for (let i = 0; i < data.length; i++) out.push(...framer.push(data.subarray(i, i + 1)));
  return out;
}

describe('SipStreamFramer', () => {
  it('frames one message delivered a byte at a time', () => {
    const f = new SipStreamFramer();
    const got = messages(feedBytewise(f, CATALOG_MESSAGE));
    expect(got).toHaveLength(1);
    expect(got[0].equals(CATALOG_MESSAGE)).toBe(true);
    expect(f.buffered).toBe(0);
  });

  it('frames ten messages in one chunk, in order', () => {
    const all = Array.from({ length: 10 }, (_, i) => Buffer.from(REGISTER_WITH_AUTH.replace('CSeq: 2', 'CSeq: ' + (i + 1))));
    const got = messages(new SipStreamFramer().push(Buffer.concat(all)));
    expect(got).toHaveLength(10);
    got.forEach((m, i) => expect(m.equals(all[i])).toBe(true));
  });

  it('frames by the compact l: header and bare LF line ends; bodies go to the parser intact', () => {
    const got = messages(new SipStreamFramer().push(Buffer.concat([COMPACT, COMPACT])));
    expect(got).toHaveLength(2);
    const r = parseMessage(got[1]);
    expect(r.ok && r.message.body.toString()).toBe('hello');
  });

  it('skips CRLF keep-alives between messages and reports pings (CRLFCRLF) and pongs (CRLF)', () => {
    const stream = Buffer.concat([Buffer.from('\r\n\r\n'), REGISTER, Buffer.from('\r\n'), COMPACT, Buffer.from('\r\n\r\n\r\n\r\n'), REGISTER]);
    for (const events of [new SipStreamFramer().push(stream), feedBytewise(new SipStreamFramer(), stream)]) {
      expect(events.map((e) => (e.type === 'keepalive' ? (e.ping ? 'ping' : 'pong') : e.type))).toEqual([
        'ping', 'message', 'pong', 'message', 'ping', 'ping', 'message',
      ]);
    }
  });

  it('skips NUL padding left after a body that Content-Length did not count', () => {
    const padded = Buffer.concat([COMPACT, Buffer.alloc(2), COMPACT]);
    expect(messages(new SipStreamFramer().push(padded)).map((b) => b.length)).toEqual([COMPACT.length, COMPACT.length]);
  });

  it('fails at once on a stream that is not SIP (a TLS ClientHello)', () => {
    const f = new SipStreamFramer();
    expect(f.push(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00]))).toEqual([
      { type: 'error', status: 400, reason: 'stream does not carry SIP (a message starts with byte 0x16)' },
    ]);
    expect(f.failed).toBe(true);
  });

  it('waits for the body and treats a missing Content-Length as no body', () => {
    const f = new SipStreamFramer();
    const head = Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 4\r\n\r\nab');
    expect(f.push(head)).toEqual([]);
    expect(messages(f.push(Buffer.from('cdOPTIONS sip:a@b SIP/2.0\r\n\r\n')))).toHaveLength(2);
  });

  it('reads a folded Content-Length', () => {
    const folded = Buffer.from('MESSAGE sip:a@b SIP/2.0\r\nContent-Length:\r\n  3\r\n\r\nabcOPTIONS sip:a@b SIP/2.0\r\n\r\n');
    expect(messages(new SipStreamFramer().push(folded)).map((b) => b.length)).toEqual([folded.length - 27, 27]);
  });

  it('a message split at every possible point frames the same', () => {
    const stream = Buffer.concat([COMPACT, Buffer.from('\r\n'), REGISTER]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const f = new SipStreamFramer();
      const got = messages([...f.push(stream.subarray(0, cut)), ...f.push(stream.subarray(cut))]);
      expect(got.map((b) => b.length)).toEqual([COMPACT.length, REGISTER.length]);
    }
  });

  it('fails on a header section over 64 KiB without buffering more', () => {
    const f = new SipStreamFramer();
    const events = f.push(Buffer.concat([Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nX: '), Buffer.alloc(70_000, 0x61)]));
    expect(events).toEqual([{ type: 'error', status: 513, reason: 'header section longer than 65536 bytes' }]);
    expect(f.failed).toBe(true);
    expect(f.push(REGISTER)).toEqual([]);
    expect(f.buffered).toBe(0);
  });

  it('fails on a header section over 64 KiB fed byte by byte, holding at most the limit', () => {
    const f = new SipStreamFramer();
    let maxHeld = 0;
    let events: FramerEvent[] = f.push(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nX: '));
    for (let i = 0; i < 70_000 && events.length === 0; i++) {
      events = f.push(Buffer.from('a'));
      maxHeld = Math.max(maxHeld, f.buffered);
    }
    expect(events[0]).toMatchObject({ type: 'error', status: 513 });
    expect(maxHeld).toBeLessThanOrEqual(64 * 1024 + 1);
  });

  it('reports a body over the limit with its header section, skips the body without holding it and frames what follows', () => {
    const f = new SipStreamFramer({ maxBodyBytes: 1000 });
    const head = Buffer.from('MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 5000\r\n\r\n');
    const events = f.push(head);
    expect(events).toEqual([{ type: 'oversize', head, contentLength: 5000, limit: 1000 }]);
    let maxHeld = 0;
    for (let i = 0; i < 5; i++) {
      expect(f.push(Buffer.alloc(1000, 0x61))).toEqual([]);
      maxHeld = Math.max(maxHeld, f.buffered);
    }
    expect(maxHeld).toBe(0);
    expect(messages(f.push(COMPACT))).toEqual([COMPACT]);
    expect(f.failed).toBe(false);
  });

  it('frames a body up to 1 MiB by default', () => {
    const body = Buffer.alloc(1024 * 1024, 0x61);
    const msg = Buffer.concat([Buffer.from(`MESSAGE sip:a@b SIP/2.0\r\nContent-Length: ${body.length}\r\n\r\n`), body]);
    const got = messages(new SipStreamFramer().push(msg));
    expect(got).toHaveLength(1);
    expect(got[0].length).toBe(msg.length);
  });

  it.each([
    ['negative Content-Length', 'Content-Length: -1', 400, /not a non-negative integer/],
    ['conflicting Content-Length', 'Content-Length: 1\r\nl: 2', 400, /conflicting Content-Length headers \(1, 2\)/],
  ])('fails on %s', (_name, line, status, reason) => {
    const events = new SipStreamFramer().push(Buffer.from(`MESSAGE sip:a@b SIP/2.0\r\n${line}\r\n\r\n`));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', status });
    expect(events[0].type === 'error' && events[0].reason).toMatch(reason);
  });

  it('never throws and never holds more than a message plus one slice, whatever the stream (property)', () => {
    const piece = fc.oneof(
      fc.constantFrom(REGISTER, COMPACT, Buffer.from('\r\n'), Buffer.from('\r\n\r\n')),
      fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
      fc.constantFrom('Content-Length: 3\r\n', 'l: 99999\r\n', '\r\n\r\n', 'INVITE sip:a@b SIP/2.0\r\n').map((s) => Buffer.from(s)),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 5 }), (pieces, sizes) => {
        const stream = Buffer.concat(pieces);
        const f = new SipStreamFramer();
        let off = 0;
        let k = 0;
        while (off < stream.length) {
          const n = sizes[k++ % sizes.length];
          for (const e of f.push(stream.subarray(off, off + n))) {
            if (e.type === 'message') parseMessage(e.data);
          }
          expect(f.buffered).toBeLessThanOrEqual(64 * 1024 + f.maxBodyBytes + 16 * 1024);
          off += n;
        }
      }),
      { numRuns: 300 },
    );
  });
});
