import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseMessage, type ParseResult } from './parse';
import { serializeMessage } from './serialize';
import { createResponse } from './build';
import { CATALOG_MESSAGE, CATALOG_MESSAGE_NO_LENGTH, REGISTER_WITH_AUTH } from './testing/samples';
import { parseMessage as parseSplitReference } from './testing/parse-split-reference';

const SEEDS = [
  Buffer.from(REGISTER_WITH_AUTH),
  CATALOG_MESSAGE,
  CATALOG_MESSAGE_NO_LENGTH,
  Buffer.from(
    'INVITE sip:34020000001320000001@[2001:db8::1]:5060 SIP/2.0\nv: SIP/2.0/UDP [2001:db8::2];branch=z9hG4bK-x;rport, SIP/2.0/TCP p\n' +
      'f: "a \\"b\\"" <sip:34020000002000000001@3402000000>;tag=9\nt: sip:34020000001320000001@3402000000\ni: x\nCSeq: 20 INVITE\n' +
      'Subject: 34020000001320000001:0200000001,\n 34020000002000000001:0\nl: 3\n\nv=0',
  ),
];

type Mutation = { kind: 'flip'; at: number; byte: number } | { kind: 'cut'; at: number } | { kind: 'insert'; at: number; bytes: Uint8Array } | { kind: 'delete'; at: number; n: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.oneof(
      fc.uint8Array({ maxLength: 8 }),
      fc.constantFrom(':', ';', ',', '"', '\\', '<', '>', '\r\n', '\n', '\r\n\r\n', ' ', '\t', '\r\n ', '[', ']', '@', 'l: 9\r\n', '\0').map((s) =>
        Uint8Array.from(Buffer.from(s)),
      ),
    ),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 20 }) }),
);

function apply(buf: Buffer, m: Mutation): Buffer {
  const at = buf.length === 0 ? 0 : m.at % (buf.length + 1);
  switch (m.kind) {
    case 'flip': {
      if (buf.length === 0) return buf;
      const out = Buffer.from(buf);
      out[at % buf.length] = m.byte;
      return out;
    }
    case 'cut':
      return buf.subarray(0, at);
    case 'insert':
      return Buffer.concat([buf.subarray(0, at), m.bytes, buf.subarray(at)]);
    case 'delete':
      return Buffer.concat([buf.subarray(0, at), buf.subarray(at + m.n)]);
  }
}

const STATUSES = new Set([400, 413, 416, 483, 505, 513]);

/** The invariants every result must keep; an escaped exception would surface as "unparseable message". */
function checkResult(r: ParseResult): void {
  if (r.ok) {
    // Serializing is a fixed point after one round.
    const once = serializeMessage(r.message);
    const again = parseMessage(once);
    expect(again.ok).toBe(true);
    if (again.ok) expect(serializeMessage(again.message).equals(once)).toBe(true);
    return;
  }
  expect(STATUSES.has(r.error.status)).toBe(true);
  expect(r.error.reason).not.toMatch(/^unparseable message/);
  expect(r.error.reason).not.toMatch(/[\r\n]/);
  if (r.error.partial) {
    expect(r.error.partial.kind).toBe('request');
    serializeMessage(createResponse(r.error.partial, r.error.status, r.error.reason, { toTag: 't' }));
  }
}

describe('parseMessage under hostile input (property)', () => {
  it('mutated GB28181 messages never throw and keep the result invariants', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 6 }), (seed, mutations) => {
        checkResult(parseMessage(mutations.reduce(apply, seed)));
      }),
      { numRuns: Number(process.env.SIP_FUZZ_RUNS ?? 2000) },
    );
  });

  it('random bytes never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => checkResult(parseMessage(Buffer.from(bytes)))),
      { numRuns: 1000 },
    );
  });

  it('random printable text after a valid start line never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: fc.constantFrom(...'ab:;,"\\<>@[] \t\r\n=0123456789-/.sipSIPViaftlmiv'.split('')) }), (text) =>
        checkResult(parseMessage(Buffer.from('MESSAGE sip:a@b SIP/2.0\r\n' + text))),
      ),
      { numRuns: 1000 },
    );
  });
});

/** What a parse result says, as plain data (the header fields' names and values, the body bytes, the fault). */
function outcome(r: ParseResult | ReturnType<typeof parseSplitReference>): unknown {
  const plain = (m: { headers: Array<{ name: string; value: string }>; body: Buffer } & Record<string, unknown>) => ({
    ...m,
    headers: m.headers.map((h) => [h.name, h.value]),
    body: m.body.toString('latin1'),
  });
  if (r.ok) return { ok: true, message: plain(r.message as never) };
  return { ok: false, status: r.error.status, reason: r.error.reason, keepAlive: r.error.keepAlive, partial: r.error.partial && plain(r.error.partial as never) };
}

describe('header lines read in place', () => {
  const same = (buf: Buffer, limits?: { maxBodyBytes: number }): void => {
    expect(outcome(parseMessage(buf, limits))).toEqual(outcome(parseSplitReference(buf, limits)));
  };

  it('give what the line-splitting parser gave for mutated messages, random text and oversized messages', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 0, maxLength: 6 }), (seed, mutations) => same(mutations.reduce(apply, seed))),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: fc.constantFrom(...'ab:;,"\\<>@[] \t\r\n=0123456789-/.sipSIPViaftlmiv'.split('')) }), (text) =>
        same(Buffer.from('MESSAGE sip:a@b SIP/2.0\r\n' + text)),
      ),
      { numRuns: 2000 },
    );
    // request lines written the usual way and every odd way around it
    const pieces = ['MESSAGE', 'sip:a@b', 'SIP/2.0', 'sip/2.0', 'SIP/2.00', 'SIP/3.1', ' ', '  ', '\t', '\u00a0', '\ufeff', '\x01', '\x7f', 'a', '@', 'é'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 9 }), (parts) =>
        same(Buffer.from(parts.join('') + '\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 MESSAGE\r\n\r\n')),
      ),
      { numRuns: 3000 },
    );
    for (const line of ['MESSAGE sip:a@b SIP/2.0', 'MESSAGE  sip:a@b SIP/2.0', 'MESSAGE sip:a@b SIP/2.0 ', ' MESSAGE sip:a@b SIP/2.0', 'MESSAGE sip:a\x01b SIP/2.0', 'MESSAGE sip:a@b sip/2.0', 'MESSAGE\tsip:a@b SIP/2.0', 'MESSAGE sip:a@b\u00a0SIP/2.0', 'MESSAGE sip:a@b SIP/2.0\u00a0', '\ufeffMESSAGE sip:a@b SIP/2.0']) {
      same(Buffer.from(line + '\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 MESSAGE\r\n\r\n'));
    }
    // cut short and too large: the last line read is dropped whatever it holds
    const big = Buffer.from('MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nX: ' + 'y'.repeat(70_000) + '\r\nZ: 1\r\n');
    for (const cut of [40, 60, 70_100, big.length - 3, big.length - 1, big.length]) same(big.subarray(0, cut), { maxBodyBytes: 1000 });
    same(Buffer.from('MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n' + 'X: 1\n'.repeat(20_000)));
  });
});
