import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMeta, encodeMeta, type StoredMeta } from './block-codec';

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
