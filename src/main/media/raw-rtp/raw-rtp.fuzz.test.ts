import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RtpPacket } from '../rtp/rtp-header';
import { unpackH264, unpackH265 } from './nal-unpack';
import { RawRtpDepacketizer } from './raw-rtp-depacketizer';

const packet = fc.record({
  payload: fc.uint8Array({ maxLength: 1500 }).map((a) => Buffer.from(a)),
  timestamp: fc.nat(),
  marker: fc.boolean(),
});

describe('raw RTP depacketizing never throws', () => {
  it('unpack functions report malformed payloads instead of throwing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (a) => {
        const sink = { start: () => {}, more: () => {}, broken: () => {} };
        unpackH264(a, sink, { inFragment: true });
        unpackH265(a, sink, { inFragment: true });
      }),
      { numRuns: 2000 },
    );
  });

  it('the depacketizer survives random packets and only emits non-empty frames', () => {
    fc.assert(
      fc.property(fc.constantFrom('h264' as const, 'h265' as const), fc.array(packet, { maxLength: 60 }), (codec, pkts) => {
        const sizes: number[] = [];
        const d = new RawRtpDepacketizer({ codec, waitForKeyframe: false, onFrame: (f) => sizes.push(f.data.length) });
        for (const p of pkts) {
          expect(() => d.push({ ...p, payloadType: 98, sequenceNumber: 0, ssrc: 1, csrcCount: 0, padding: false, extension: false } as RtpPacket)).not.toThrow();
        }
        d.flush();
        expect(sizes.every((n) => n > 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
