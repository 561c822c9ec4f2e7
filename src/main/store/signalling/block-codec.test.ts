import fc from 'fast-check';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBlock, decodeMeta, encodeBlock, encodeMeta, openBlock, type StoredMeta } from './block-codec';
import { templateEncode } from './digit-template';
import { SIP_DICTIONARY } from './sip-dictionary';
import { deviceMessage, keepaliveXml, response, SERVER_ID } from './testing/messages';

/** The meta line as first written (an array joined by tabs, every text field cleaned): the reference. */
const referenceMeta = (m: StoredMeta) =>
  [m.time, m.direction, m.transport, ...[m.localAddr, m.peerAddr, m.cmdType, m.sn].map((s) => s.replace(/[\t\n]/g, ' '))].join('\t');

describe('the meta line of a stored message', () => {
  it('is the line the array join wrote, for any fields', () => {
    const text = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: fc.constantFrom('\t', '\n', '\r', 'a', '9', ' ', '\u4e2d', '\ud800'), maxLength: 30 }));
    const time = fc.oneof(fc.integer({ min: 0, max: 2 ** 48 }), fc.double(), fc.constantFrom(-0, 0, NaN, 1e21, 1.5));
    fc.assert(
      fc.property(fc.record({ time, direction: fc.constantFrom('in', 'out'), transport: fc.constantFrom('UDP', 'TCP'), localAddr: text, peerAddr: text, cmdType: text, sn: text }), (m) => {
        const meta = m as StoredMeta;
        expect(encodeMeta(meta)).toBe(referenceMeta(meta));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back what it wrote, tabs and line ends as spaces', () => {
    const m: StoredMeta = { time: 1_724_112_000_123, direction: 'out', transport: 'TCP', localAddr: '10.0.0.1:5060', peerAddr: '[::1]:5061', cmdType: 'Key\talive', sn: '1\n2' };
    expect(decodeMeta(encodeMeta(m))).toEqual({ ...m, cmdType: 'Key alive', sn: '1 2' });
  });
});

describe('blocks of every codec, opened for reading', () => {
  const messages = Array.from({ length: 40 }, (_, i) => {
    const callId = String(4_711_000_000 + i * 7);
    const meta = encodeMeta({ time: 1_724_112_000_000 + i * 59, direction: i % 2 ? 'out' : 'in', transport: 'UDP', localAddr: '10.0.0.1:5060', peerAddr: `192.168.1.${i}:5060`, cmdType: '', sn: '' });
    return { id: 1_000 + 3 * i, meta, raw: i % 2 ? response(200, 'OK', 'MESSAGE', 20, callId, '34020000001320000001', SERVER_ID) : deviceMessage(keepaliveXml(i), callId) };
  });
  const deflated = (codec: number, body: Buffer) =>
    Buffer.concat([Buffer.from([codec]), zlib.deflateRawSync(body, { dictionary: Buffer.from(SIP_DICTIONARY, 'latin1') })]);
  // Codec 1, as first written: id (6 bytes), meta length (2), meta, raw length (4), raw.
  const framed = Buffer.concat(
    messages.flatMap((m) => {
      const head = Buffer.alloc(8);
      head.writeUIntLE(m.id, 0, 6);
      const meta = Buffer.from(m.meta, 'utf8');
      head.writeUInt16LE(meta.length, 6);
      const length = Buffer.alloc(4);
      length.writeUInt32LE(m.raw.length);
      return [head, meta, length, m.raw];
    }),
  );
  const blocks: [string, Buffer][] = [
    ['1 (framed)', deflated(1, framed)],
    ['2 (templates)', deflated(2, templateEncode(messages, false))],
    ['3 (templates with recall)', encodeBlock(messages)],
  ];

  it.each(blocks)('codec %s: any message by id, newest first, and the whole block', (_, data) => {
    const block = openBlock(data);
    for (const m of [...messages].reverse()) expect(block.find(m.id)).toEqual(m);
    expect(block.find(1_001)).toBeUndefined();
    expect(block.find(999)).toBeUndefined();
    expect(decodeBlock(data)).toEqual(messages);
  });

  it('refuses a codec it does not know', () => {
    expect(() => openBlock(Buffer.from([9, 0]))).toThrow(/codec 9/);
  });
});
