import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBlock, encodeBlock, openBlock } from './block-codec';
import { TemplateBlock, templateDecode, templateEncode, templateEncodeView } from './digit-template';
import { referenceTemplateEncode } from './testing/digit-template-reference';
import { deviceMessage, keepaliveXml, response, SERVER_ID } from './testing/messages';

describe('digit templates (block codec 2)', () => {
  it('gives back every byte of any message and meta', () => {
    const digitsHeavy = fc.array(fc.oneof(fc.constantFrom(...'0123456789'.split('').map((c) => c.charCodeAt(0))), fc.integer({ min: 0, max: 255 })), { maxLength: 300 });
    fc.assert(
      fc.property(fc.array(fc.record({ meta: fc.string({ unit: 'grapheme', maxLength: 40 }), raw: digitsHeavy }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 1e12 }), (ms, firstId) => {
        const messages = ms.map((m, i) => ({ id: firstId + i * 3, meta: m.meta.replace(/\n/g, ' '), raw: Buffer.from(m.raw) }));
        expect(templateDecode(templateEncode(messages))).toEqual(messages);
        expect(templateDecode(templateEncode(messages, false), false)).toEqual(messages);
        expect(decodeBlock(encodeBlock(messages))).toEqual(messages);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps leading zeros, long digit runs, control bytes and line ends', () => {
    const raw = Buffer.from('y=0100000001\r\n\x00\x01\x09\x0a 000 12345678901234567890123 9\n', 'latin1');
    const m = [{ id: 7, meta: '1724112000000\tin\tUDP\t10.0.0.1:5060\t192.168.1.64:5060\t\t', raw }];
    expect(templateDecode(templateEncode(m))).toEqual(m);
  });

  it('tells apart skeletons that share a hash (FNV-1a collision)', () => {
    // Both skeletons hash to -1540041807: a block numbering skeletons by hash alone would give one the other's text.
    const messages = ['x=scdsrirlbq 1', 'x=pjjetvoexl 2', 'x=scdsrirlbq 3', 'x=pjjetvoexl 4'].map((raw, i) => ({ id: i + 1, meta: '', raw: Buffer.from(raw) }));
    expect(templateDecode(templateEncode(messages))).toEqual(messages);
    expect(templateDecode(templateEncode(messages, false), false)).toEqual(messages);
  });

  it('stores a run of keepalives and their 200 OKs in a few bytes each', () => {
    const messages = [];
    for (let i = 0; i < 256; i++) {
      const dev = '3402000000132' + String(i).padStart(7, '0');
      const meta = `${1_724_112_000_000 + i * 59}\tin\tUDP\t10.0.0.1:5060\t192.168.1.${i % 250}:5060\t\t`;
      messages.push({ id: 2 * i + 1, meta, raw: deviceMessage(keepaliveXml(i, dev), `${Math.floor(Math.random() * 1e10)}`, dev) });
      const callId = `${Math.floor(Math.random() * 1e10)}`;
      messages[messages.length - 1].raw = deviceMessage(keepaliveXml(i, dev), callId, dev);
      messages.push({ id: 2 * i + 2, meta: meta.replace('\tin\t', '\tout\t'), raw: response(200, 'OK', 'MESSAGE', 20, callId, dev, SERVER_ID) });
    }
    const block = encodeBlock(messages);
    expect(decodeBlock(block)).toEqual(messages);
    expect(block.length / messages.length).toBeLessThan(12);
  });
});

describe('the block encoder with reused scratch', () => {
  const same = (messages: { id: number; meta: string; raw: Buffer }[]) => {
    for (const recall of [true, false]) {
      const want = referenceTemplateEncode(messages, recall);
      expect(templateEncode(messages, recall)).toEqual(want);
      expect(templateEncodeView(messages, recall)).toEqual(want);
    }
  };

  it('writes the bytes the encoder wrote before, on any input', () => {
    const digitsHeavy = fc.array(fc.oneof(fc.constantFrom(...'0123456789'.split('').map((c) => c.charCodeAt(0))), fc.integer({ min: 0, max: 255 })), { maxLength: 300 });
    // Full Unicode meta, lone surrogates included: the encoder writes it as UTF-8 into a scratch buffer.
    const meta = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: fc.constantFrom('\ud800', '\udfff', '9', '\t', '\u00e9', '\u4e2d'), maxLength: 60 }));
    fc.assert(
      fc.property(fc.array(fc.record({ meta, raw: digitsHeavy }), { maxLength: 20 }), fc.integer({ min: 1, max: 1e12 }), (ms, firstId) => {
        same(ms.map((m, i) => ({ id: firstId + i * 3, meta: m.meta, raw: Buffer.from(m.raw) })));
      }),
      { numRuns: 400 },
    );
  });

  it('recalls values only within a block, at any distance and through the recall table\'s growth', () => {
    // Fields of 4 to 9 digits repeated at distances around the recall span, more values than the table's first size.
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 600 }), fc.integer({ min: 1000, max: 999_000_000 }), (rows, base) => {
        const messages = rows.map((r, i) => ({ id: i + 1, meta: `${i}`, raw: Buffer.from(r.map((x) => `v=${base + x * 7919}`).join(';')) }));
        same(messages);
        same(messages.slice().reverse().map((m, i) => ({ ...m, id: i + 1 })));
      }),
      { numRuns: 40 },
    );
    // 10 new values a message and 3 of the previous message's: the repeats are recalled while the table grows.
    const fresh = (i: number, j: number) => 1_000_000 + (((i * 10 + j) * 7919) % 900_000_000);
    const many = Array.from({ length: 600 }, (_, i) => ({ id: i + 1, meta: '', raw: Buffer.from([...Array.from({ length: 10 }, (_, j) => fresh(i, j)), fresh(i - 1, 0), fresh(i - 1, 4), fresh(i - 1, 9)].join(' x')) }));
    same(many);
    same(many.slice(0, 5));
  });

  it('writes the same bytes for keepalive blocks, long messages and a block after a larger one', () => {
    const keepalives = [];
    for (let i = 0; i < 512; i++) {
      const dev = '3402000000132' + String(i).padStart(7, '0');
      const callId = String(Math.floor(Math.random() * 1e10));
      keepalives.push({ id: 10 + i, meta: `${1_724_112_000_000 + i * 59}\tin\tUDP\t10.0.0.1:5060\t192.168.1.${i % 250}:5060\t\t`, raw: deviceMessage(keepaliveXml(i, dev), callId, dev) });
    }
    same(keepalives);
    // Longer than every scratch buffer's first size: all digits, all escapes, a long meta.
    const big = [
      { id: 1, meta: '7'.repeat(5000), raw: Buffer.alloc(40_000, '5') },
      { id: 2, meta: '\u4e2d'.repeat(3000), raw: Buffer.alloc(40_000, 3) },
      { id: 3, meta: '', raw: Buffer.from('0a'.repeat(20_000)) },
    ];
    same(big);
    same(keepalives.slice(0, 3));
    same([]);
    const view = templateEncodeView(keepalives.slice(0, 2));
    const copy = templateEncode(keepalives.slice(0, 2));
    expect(templateDecode(copy)).toEqual(keepalives.slice(0, 2));
    expect(view.equals(copy)).toBe(true);
  });
});

describe('a block opened without building its messages', () => {
  const digitsHeavy = fc.array(fc.oneof(fc.constantFrom(...'0123456789'.split('').map((c) => c.charCodeAt(0))), fc.integer({ min: 0, max: 255 })), { maxLength: 120 });

  it('finds any message by id, in any order of asking, as the whole block decodes it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ meta: fc.string({ maxLength: 30 }), raw: digitsHeavy, step: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 1e12 }),
        fc.array(fc.nat(), { maxLength: 60 }),
        (ms, firstId, asks) => {
          let id = firstId;
          const messages = ms.map((m) => ({ id: (id += m.step), meta: m.meta.replace(/\n/g, ' '), raw: Buffer.from(m.raw) }));
          const byId = new Map(messages.map((m) => [m.id, m]));
          for (const recall of [true, false]) {
            const block = new TemplateBlock(templateEncode(messages, recall), recall);
            // Ids held and not held (between, before and after the block's), asked for in any order, twice.
            for (const a of asks) {
              const want = firstId + (a % (id - firstId + 3));
              expect(block.find(want)).toEqual(byId.get(want));
            }
            expect(block.all()).toEqual(messages);
            expect(block.find(messages[0].id)).toEqual(messages[0]);
          }
          const stored = openBlock(encodeBlock(messages));
          for (const m of [...messages].reverse()) expect(stored.find(m.id)).toEqual(m);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads a block of keepalives only as far as the message asked for, past its first room for messages and fields', () => {
    const messages = [];
    for (let i = 0; i < 600; i++) {
      const dev = '3402000000132' + String(i).padStart(7, '0');
      messages.push({ id: 1000 + i, meta: `${1_724_112_000_000 + i * 59}\tin\tUDP\t10.0.0.1:5060\t192.168.1.${i % 250}:5060\t\t`, raw: deviceMessage(keepaliveXml(i, dev), String(1e9 + i * 7), dev) });
    }
    const data = templateEncode(messages);
    const block = new TemplateBlock(data, true);
    expect(block.find(1009)).toEqual(messages[9]);
    expect((block as unknown as { count: number }).count).toBe(10);
    expect(block.find(1599)).toEqual(messages[599]);
    expect(block.find(1005)).toEqual(messages[5]);
    expect(block.find(1600)).toBeUndefined();
    expect(block.all()).toEqual(messages);
    // Every message built: the block keeps only them, and still finds each (and none it does not hold).
    for (const m of messages) expect(block.find(m.id)).toEqual(m);
    expect((block as unknown as { fields: Int32Array }).fields).toHaveLength(0);
    expect(block.find(999)).toBeUndefined();
    expect(block.find(1600)).toBeUndefined();
    expect(block.find(messages[300].id)).toBe(block.find(messages[300].id));
    expect(block.all()).toEqual(messages);
  });

  it('stays broken once a read finds it broken', () => {
    const messages = [1, 2, 3].map((i) => ({ id: i, meta: `m${i}`, raw: Buffer.from(`v=${i * 1234567}`) }));
    const data = templateEncode(messages);
    const block = new TemplateBlock(data.subarray(0, data.length - 2), true);
    expect(block.find(1)).toEqual(messages[0]);
    expect(() => block.find(3)).toThrow(/signalling block/);
    expect(() => block.find(1)).toThrow(/signalling block/);
    expect(() => templateDecode(data.subarray(0, data.length - 2))).toThrow(/signalling block/);
  });
});
