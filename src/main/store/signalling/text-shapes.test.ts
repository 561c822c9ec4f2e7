import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasShape, shapeOf } from './text-shapes';
import { deviceMessage, keepaliveXml, response, SERVER_ID } from './testing/messages';

/** Bytes rich in what shapes treat specially: digits, 0x01 and 0x02. */
const bytes = fc.array(fc.oneof(fc.constantFrom(0x30, 0x31, 0x39, 0x01, 0x02, 0x41, 0x0d, 0x0a), fc.integer({ min: 0, max: 255 })), { maxLength: 60 });

describe('hasShape', () => {
  it('says whether a message has a shape exactly as comparing shapeOf would', () => {
    fc.assert(
      fc.property(bytes, bytes, (a, b) => {
        const ra = Buffer.from(a);
        const rb = Buffer.from(b);
        expect(hasShape(ra, shapeOf(ra))).toBe(true);
        expect(hasShape(ra, shapeOf(rb))).toBe(shapeOf(ra) === shapeOf(rb));
      }),
      { numRuns: 2000 },
    );
  });

  it('tells keepalives that differ only in digits from ones that differ in text', () => {
    const a = deviceMessage(keepaliveXml(7), 'ka-1');
    const b = deviceMessage(keepaliveXml(123456), 'ka-99');
    expect(hasShape(b, shapeOf(a))).toBe(true);
    expect(hasShape(response(200, 'OK', 'MESSAGE', 20, 'ka-1', SERVER_ID, SERVER_ID), shapeOf(a))).toBe(false);
    expect(hasShape(Buffer.concat([a, Buffer.from('x')]), shapeOf(a))).toBe(false);
    expect(hasShape(a.subarray(0, a.length - 1), shapeOf(a))).toBe(false);
  });
});
