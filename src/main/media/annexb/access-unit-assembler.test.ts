import { describe, expect, it } from 'vitest';
import { h264Rules } from '../h264/rules';
import { h265Rules } from '../h265/rules';
import { type AccessUnit, AccessUnitAssembler } from './access-unit-assembler';
import { splitNalUnits } from './nal-split';

const sc = (...bytes: number[]) => [0, 0, 0, 1, ...bytes];
// H.264: AUD, IDR slice first_mb 0 (0x88 -> first bit 1), slice first_mb != 0 (0x40), P slice first_mb 0 (0x9a)
const idrAu = [...sc(0x09, 0xf0), ...sc(0x65, 0x88, 1, 2), ...sc(0x65, 0x40, 3)];
const pAu = [...sc(0x41, 0x9a, 4, 5), ...sc(0x41, 0x44, 6)];

function collect(rules = h264Rules) {
  const out: AccessUnit[] = [];
  return { out, asm: new AccessUnitAssembler(rules, (au) => out.push(au)) };
}

describe('AccessUnitAssembler (H.264 rules)', () => {
  it('groups slices into access units by AUD and first_mb_in_slice, emitting when the next unit starts', () => {
    const { out, asm } = collect();
    asm.push(Buffer.from([...idrAu, ...pAu, ...pAu]));
    expect(out.map((a) => a.keyframe)).toEqual([true, false]);
    expect([...out[0].data]).toEqual(idrAu);
    asm.flush();
    expect(out).toHaveLength(3);
    expect([...out[2].data]).toEqual(pAu);
  });

  it('gives the same units whatever the chunking (one byte at a time)', () => {
    const { out, asm } = collect();
    for (const b of [...idrAu, ...pAu, ...idrAu]) asm.push(Buffer.from([b]));
    asm.flush();
    expect(out.map((a) => [...a.data])).toEqual([idrAu, pAu, idrAu]);
  });

  it('assigns each PTS to the first unit starting at or after it and extrapolates missing ones', () => {
    const { out, asm } = collect();
    asm.setTimestamp(1000);
    asm.push(Buffer.from(idrAu));
    asm.setTimestamp(4600);
    asm.push(Buffer.from(pAu));
    asm.push(Buffer.from(pAu)); // no PTS
    asm.flush();
    expect(out.map((a) => a.pts)).toEqual([1000, 4600, 8200]);
  });

  it('keeps parameter sets that arrive before a flush for the next picture', () => {
    const { out, asm } = collect();
    asm.push(Buffer.from(sc(0x09, 0xf0)));
    asm.flush();
    expect(out).toHaveLength(0);
    asm.push(Buffer.from(sc(0x65, 0x88, 1)));
    asm.flush();
    expect(splitNalUnits(out[0].data).map((n) => n[0])).toEqual([0x09, 0x65]);
  });

  it('drops garbage before the first start code and everything on reset', () => {
    const { out, asm } = collect();
    asm.push(Buffer.from([0xde, 0xad, ...idrAu]));
    asm.reset();
    asm.push(Buffer.from([7, 7, 7, ...pAu]));
    asm.flush();
    expect(out.map((a) => [...a.data])).toEqual([pAu]);
    expect(asm.droppedBytes).toBeGreaterThan(idrAu.length);
  });
});

describe('AccessUnitAssembler (H.265 rules)', () => {
  it('splits on first_slice_segment_in_pic_flag and keeps suffix SEI in the current unit', () => {
    const vps = sc(0x40, 0x01, 0x0c);
    const idr = sc(0x26, 0x01, 0xaf, 1); // IDR_W_RADL, first slice
    const idr2 = sc(0x26, 0x01, 0x20, 2); // second slice segment of the same picture
    const suffix = sc(0x50, 0x01, 0x05); // suffix SEI (type 40)
    const trail = sc(0x02, 0x01, 0xd0, 3); // TRAIL_R first slice
    const { out, asm } = collect(h265Rules);
    asm.push(Buffer.from([...vps, ...idr, ...idr2, ...suffix, ...trail]));
    asm.flush();
    expect(out.map((a) => a.keyframe)).toEqual([true, false]);
    expect([...out[0].data]).toEqual([...vps, ...idr, ...idr2, ...suffix]);
  });
});
