import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, MEDIA_FRAME_FIXED_HEADER, ptsToMicros, type MediaFrameMeta } from './media-frames';

const META: MediaFrameMeta = {
  codec: 'h264',
  keyframe: true,
  configChanged: true,
  discontinuity: false,
  sequence: 7,
  pts: 2 ** 33 + 3600,
  width: 640,
  height: 360,
  codecString: 'avc1.42C01E',
};
const AU = Uint8Array.from([0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1e, 0, 0, 0, 1, 0x65, 0x88]);

describe('media frame format', () => {
  it('lays out the header as documented and round-trips every field', () => {
    const msg = encodeFrame(META, AU);
    expect(Array.from(msg.subarray(0, 8))).toEqual([0x47, 0x42, 1, 28 + 11, 1, 0x03, 11, 0]);
    const v = new DataView(msg.buffer);
    expect(v.getUint32(8)).toBe(7);
    expect(v.getUint32(12)).toBe(2);
    expect(v.getUint32(16)).toBe(3600);
    expect(v.getUint16(20)).toBe(640);
    expect(v.getUint16(22)).toBe(360);
    expect(v.getUint32(24)).toBe(AU.length);
    expect(new TextDecoder().decode(msg.subarray(28, 39))).toBe('avc1.42C01E');
    const r = decodeFrame(msg);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.frame).toMatchObject({ ...META, version: 1 });
    expect(Array.from(r.frame.data)).toEqual(Array.from(AU));
  });

  it('decodes from an ArrayBuffer, a Node Buffer and an offset view without copying the payload', () => {
    const msg = encodeFrame(META, AU);
    const padded = new Uint8Array(msg.length + 10);
    padded.set(msg, 5);
    const view = padded.subarray(5, 5 + msg.length);
    for (const input of [msg.slice().buffer, Buffer.from(msg), view]) {
      const r = decodeFrame(input);
      expect(r.ok && Array.from(r.frame.data)).toEqual(Array.from(AU));
    }
    const r = decodeFrame(view);
    expect(r.ok && r.frame.data.buffer).toBe(padded.buffer);
  });

  it('refuses short, foreign and inconsistent messages with a reason instead of throwing', () => {
    const msg = encodeFrame(META, AU);
    expect(decodeFrame(msg.subarray(0, 10))).toMatchObject({ ok: false, reason: expect.stringMatching(/shorter/) });
    const bad = msg.slice();
    bad[0] = 0x00;
    expect(decodeFrame(bad)).toMatchObject({ ok: false, reason: expect.stringMatching(/magic/) });
    expect(decodeFrame(msg.subarray(0, msg.length - 1))).toMatchObject({ ok: false, reason: expect.stringMatching(/payload length/) });
    const codec = msg.slice();
    codec[4] = 0x99;
    expect(decodeFrame(codec)).toMatchObject({ ok: false, reason: expect.stringMatching(/codec id/) });
    const header = msg.slice();
    header[3] = 200;
    expect(decodeFrame(header)).toMatchObject({ ok: false });
  });

  it('skips header bytes a later version adds (header length is honoured)', () => {
    const msg = encodeFrame(META, AU);
    const longer = new Uint8Array(msg.length + 4);
    longer.set(msg.subarray(0, 39));
    longer.set(msg.subarray(39), 43);
    longer[2] = 2;
    longer[3] = 43;
    const r = decodeFrame(longer);
    expect(r.ok && r.frame.version).toBe(2);
    expect(r.ok && Array.from(r.frame.data)).toEqual(Array.from(AU));
  });

  it('refuses what it cannot encode', () => {
    expect(() => encodeFrame({ ...META, pts: -1 }, AU)).toThrow(/pts/);
    expect(() => encodeFrame({ ...META, codecString: 'avc1\u00e9' }, AU)).toThrow(/ASCII/);
    expect(() => encodeFrame({ ...META, codec: 'vp8' as never }, AU)).toThrow(/codec/);
  });

  it('round-trips any valid frame (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          codec: fc.constantFrom('h264', 'h265', 'mpeg4', 'svac', 'g711a', 'g711u', 'aac'),
          keyframe: fc.boolean(),
          configChanged: fc.boolean(),
          discontinuity: fc.boolean(),
          sequence: fc.nat({ max: 0xffffffff }),
          pts: fc.maxSafeNat(),
          width: fc.nat({ max: 0xffff }),
          height: fc.nat({ max: 0xffff }),
          codecString: fc.stringMatching(/^[a-zA-Z0-9.]{0,40}$/),
        }) as fc.Arbitrary<MediaFrameMeta>,
        fc.uint8Array({ maxLength: 300 }),
        (meta, payload) => {
          const msg = encodeFrame(meta, payload);
          expect(msg.length).toBe(MEDIA_FRAME_FIXED_HEADER + meta.codecString.length + payload.length);
          const r = decodeFrame(msg);
          expect(r.ok).toBe(true);
          if (r.ok) {
            expect(r.frame).toMatchObject(meta);
            expect(Array.from(r.frame.data)).toEqual(Array.from(payload));
          }
        },
      ),
    );
  });

  it('never throws on arbitrary bytes (property)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), (b) => void decodeFrame(b)));
  });

  it('converts 90 kHz ticks to microseconds', () => {
    expect(ptsToMicros(90000)).toBe(1_000_000);
    expect(ptsToMicros(3600)).toBe(40_000);
  });
});
